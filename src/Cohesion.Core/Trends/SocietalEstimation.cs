using System.Globalization;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.Regression;

namespace Cohesion.Trends;

/// <summary>Which people a series group stands for, in the projection's canonical coding (null/empty = everyone).</summary>
public sealed record SeriesGroup(string Name, string? Education = null, string? Sex = null, int? AgeFrom = null, int? AgeTo = null)
{
    public bool IsNational => Education is null && Sex is null && AgeFrom is null && AgeTo is null;

    public string Describe() => IsNational ? "everyone" : string.Join(", ", new[]
    {
        Education is null ? null : $"education {Education}", Sex is null ? null : $"sex {Sex}",
        AgeFrom is null && AgeTo is null ? null : $"age {AgeFrom ?? 0}–{AgeTo?.ToString(CultureInfo.InvariantCulture) ?? "100+"}"
    }.Where(s => s is not null));
}

/// <summary>
/// The split of an observed national change between two years into the part composition explains and the
/// within-group remainder (percentage points; <see cref="Composition"/> + <see cref="Within"/> = <see cref="Change"/>
/// exactly), and the within-group logit change behind it.
/// </summary>
public sealed record CompositionSplit(string Indicator, string SeriesIndicator, string SeriesGroup, int FromYear, int ToYear,
    double ObservedFrom, double ObservedTo, double Change, double Composition, double Within, double LogitWithin, string Source);

/// <summary>One estimated within-group trend: logit per year (and SE) for the people of <see cref="Group"/>.</summary>
public sealed record EstimatedTrend(string Indicator, string SeriesIndicator, SeriesGroup Group, IReadOnlyList<string> ExcludeEducation,
    double LogitPerYear, double StandardError, int FromYear, int ToYear, int Points, string Method, IReadOnlyList<string> Sources)
{
    /// <summary>The last year the rule moves the propensities (set by <see cref="SocietalEstimation.Estimate"/>).</summary>
    public int Until { get; init; }
}

/// <summary>What to estimate: the window of years, the rules' start and end in the projection, and the mapping of
/// series indicators to framework indicator ids.</summary>
public sealed record SocietalEstimationOptions
{
    /// <summary>First and last year of the estimation window (null = the series' own years).</summary>
    public int? From { get; init; }
    public int? To { get; init; }
    /// <summary>The rules apply from this year (the projection's base year)…</summary>
    public int RulesFrom { get; init; } = 2024;
    /// <summary>…until this year (null = per rule RulesFrom + the years its data span: a trend seen over N years is continued for N years).</summary>
    public int? RulesUntil { get; init; }
    /// <summary>Series indicator → framework indicator id (in addition to identical ids and the CBS aliases).</summary>
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();
    public string Name { get; init; } = "estimated";
    /// <summary>What the series are (for the scenario's assumptions), e.g. the file.</summary>
    public string SeriesDescription { get; init; } = "";
    /// <summary>What the group models were fitted on (for the scenario's assumptions); null = the models' source.</summary>
    public string? ModelsDescription { get; init; }
}

/// <summary>The estimated societal change: splits, trends, notes and the window used.</summary>
public sealed record SocietalEstimate(IReadOnlyList<CompositionSplit> Splits, IReadOnlyList<EstimatedTrend> Trends, IReadOnlyList<string> Notes,
    int From, int To, int RulesFrom, int? RulesUntil, string PopulationMethod, string ModelsSource, string SeriesDescription, string Name);

/// <summary>
/// Societal change estimated from published series (issue 10), as SCP reasons: the observed national change of an
/// indicator between two years is split into the part the population's changing composition (sex, age, education,
/// origin; <see cref="HistoricalPopulation"/>) explains through the group models of <c>simulate</c>
/// (<see cref="GroupModels"/>), and the within-group remainder.
/// <para>Method. For each year t with a national value v_t, one logit offset a_t is solved so that the
/// population-weighted share of the group propensities expit(η_g + a_t) equals v_t. Composition between years A and B is
/// the change in that share when only the population changes, averaged over the two years' offsets,
/// ½[(S(N_B, a_A) − S(N_A, a_A)) + (S(N_B, a_B) − S(N_A, a_B))]; the within-group part is the observed change minus it, so
/// the two add up to the observed change exactly. The within-group trend exported to the scenario is that within-group
/// part per year, (a_B − a_A)/(B − A), with the standard error of <see cref="EndpointRate"/>. Where the series has a
/// group (trust by education), that group's own logit change is used for it directly and the national rule leaves that
/// group out. Each rule continues for as many years as its data span.</para>
/// </summary>
public static class SocietalEstimation
{
    /// <summary>The CBS series names of <c>data/real/cbs-ssw-national-trends</c> and their framework indicators.</summary>
    public static readonly IReadOnlyDictionary<string, string> CbsAliases = new Dictionary<string, string>
    {
        ["trust_others"] = "trust_people", ["volunteering_12m"] = "volunteering", ["association_member_any"] = "association_member",
        ["tk_turnout"] = "voted",
    };

    /// <summary>Maps a series group name to the people it stands for; null when it cannot be mapped (e.g. an origin
    /// group in another classification).</summary>
    public static SeriesGroup? ParseGroup(string name)
    {
        var g = name.Trim().ToLowerInvariant();
        if (g is "total" or "all" or "national" or "nl" or "totaal" or "registered_voters" || g.StartsWith("total_")) return new SeriesGroup(name);
        if (g is "men" or "male" or "mannen") return new SeriesGroup(name, Sex: "male");
        if (g is "women" or "female" or "vrouwen") return new SeriesGroup(name, Sex: "female");
        if (g.StartsWith("education_") || g.StartsWith("education3_"))
        {
            var level = g[(g.IndexOf('_') + 1)..];
            return level switch
            {
                "low" or "lowest" or "primary_only" or "primary" => new SeriesGroup(name, Education: "low"),
                "middle" or "medium" => new SeriesGroup(name, Education: "middle"),
                "high" or "highest" or "hbo" or "wo" or "university" or "hbo_wo" => new SeriesGroup(name, Education: "high"),
                _ => null
            };
        }
        if (g.StartsWith("age_"))
        {
            var parts = g[4..].Split('_');
            if (parts.Length == 1 && parts[0].EndsWith("plus") && int.TryParse(parts[0][..^4], out int from)) return new SeriesGroup(name, AgeFrom: from);
            if (parts.Length == 2 && int.TryParse(parts[0], out int a) && int.TryParse(parts[1], out int b) && b > a)
                return new SeriesGroup(name, AgeFrom: a, AgeTo: b - 1); // CBS "25-35": 25 to under 35
        }
        return null;
    }

    public static SocietalEstimate Estimate(SeriesResult series, GroupModels models, HistoricalPopulation population, SocietalEstimationOptions options)
    {
        var notes = new List<string>();
        var fw = models.Framework;
        var ids = fw.Indicators.Select(i => i.Id).ToList();
        int from = options.From ?? (int)series.FirstYear, to = options.To ?? (int)series.LastYear;
        if (from < series.FirstYear || to > series.LastYear || to <= from)
            throw new CohesionException($"the estimation window {from}–{to} must lie within the series' years ({series.FirstYear}–{series.LastYear}) and span at least two years", series.Source, "year");
        if (from < population.FirstYear)
            throw new CohesionException($"the composition split needs the population in {from}; it is available from {population.FirstYear}", series.Source, "year");
        var propensity = new PropensityModel(models, CohesionScenario.None(), null);
        var eta = propensity.GroupEta();
        var groupOfCell = GroupCoding.GroupOfCell();

        var splits = new List<CompositionSplit>();
        var trends = new List<EstimatedTrend>();
        var inWindow = series.Points.Where(p => p.Year >= from && p.Year <= to).ToList();
        foreach (var indicatorName in inWindow.Select(p => p.Indicator).Distinct())
        {
            string? id = options.Map.TryGetValue(indicatorName, out var mapped) ? mapped
                : ids.Contains(indicatorName) ? indicatorName
                : CbsAliases.TryGetValue(indicatorName, out var alias) && ids.Contains(alias) ? alias : null;
            if (id is null || !ids.Contains(id))
            {
                notes.Add($"series '{indicatorName}' matches no indicator of the framework '{fw.Id}'; not used (map it with --map {indicatorName}=INDICATOR)");
                continue;
            }
            int k = ids.IndexOf(id);
            var byGroup = inWindow.Where(p => p.Indicator == indicatorName).GroupBy(p => p.Group).ToList();
            var national = byGroup.FirstOrDefault(g => ParseGroup(g.Key)?.IsNational == true);
            var ownEducation = new List<string>();
            // groups with their own series: their own logit slope
            foreach (var grp in byGroup)
            {
                var sg = ParseGroup(grp.Key);
                if (sg is null) { notes.Add($"{indicatorName} ({grp.Key}): group not recognised; not used"); continue; }
                if (sg.IsNational) continue;
                var pts = grp.OrderBy(p => p.Year).ToList();
                if (pts.Select(p => p.Year).Distinct().Count() < 2)
                {
                    notes.Add($"{indicatorName} ({grp.Key}): one year in {from}–{to}; no group trend");
                    continue;
                }
                if (sg.Education is null || sg.Sex is not null || sg.AgeFrom is not null || sg.AgeTo is not null)
                {
                    notes.Add($"{indicatorName} ({grp.Key}): only education groups get their own rule (the others overlap them); not used");
                    continue;
                }
                if (ownEducation.Contains(sg.Education))
                {
                    notes.Add($"{indicatorName} ({grp.Key}): education '{sg.Education}' already has a group series; not used");
                    continue;
                }
                var logits = pts.Select(p => PublishedSeries.Logit(p.Value / 100)).ToArray();
                var (rate, se) = EndpointRate(pts, logits);
                ownEducation.Add(sg.Education);
                trends.Add(new EstimatedTrend(id, indicatorName, sg, [], rate, se, (int)pts[0].Year, (int)pts[^1].Year, pts.Count,
                    "group series: the group's own logit change per year between its first and last value", pts.Select(p => p.Source).Distinct().ToList()));
            }
            if (national is null)
            {
                notes.Add($"{indicatorName}: no national series in {from}–{to}; no national rule");
                continue;
            }
            var nat = national.OrderBy(p => p.Year).ToList();
            if (nat.Count < 2)
            {
                notes.Add($"{indicatorName}: one national value in {from}–{to} ({WaveTrends.Fmt(nat[0].Year)}); no trend");
                continue;
            }
            var offsets = nat.Select(p => Offset(eta[k], population.At((int)p.Year), groupOfCell, p.Value / 100)).ToArray();
            var (natRate, natSe) = EndpointRate(nat, offsets);
            trends.Add(new EstimatedTrend(id, indicatorName, new SeriesGroup(national.Key), ownEducation.Order().ToList(), natRate, natSe,
                (int)nat[0].Year, (int)nat[^1].Year, nat.Count, "national series with composition removed: the within-group logit change per year between the first and last value",
                nat.Select(p => p.Source).Distinct().ToList()));
            if (nat.Count == 2) notes.Add($"{indicatorName}: two national values only; the within-group trend has no standard error");

            // the split of the observed change between the first and last national value in the window
            var a = nat[0]; var b = nat[^1];
            double aA = offsets[0], aB = offsets[^1];
            var popA = population.At((int)a.Year); var popB = population.At((int)b.Year);
            double comp = 0.5 * ((Share(eta[k], popB, groupOfCell, aA) - Share(eta[k], popA, groupOfCell, aA))
                               + (Share(eta[k], popB, groupOfCell, aB) - Share(eta[k], popA, groupOfCell, aB)));
            double change = b.Value / 100 - a.Value / 100;
            splits.Add(new CompositionSplit(id, indicatorName, national.Key, (int)a.Year, (int)b.Year, a.Value / 100, b.Value / 100,
                change, comp, change - comp, aB - aA, string.Join("; ", new[] { a.Source, b.Source }.Distinct())));
        }
        var covered = trends.Select(t => t.Indicator).ToHashSet();
        var uncovered = ids.Where(i => !covered.Contains(i)).ToList();
        if (uncovered.Count > 0) notes.Add($"no series for {string.Join(", ", uncovered)}: no within-group change assumed for them");
        trends = trends.Select(t => t with { Until = options.RulesUntil ?? options.RulesFrom + (t.ToYear - t.FromYear) }).ToList();
        return new SocietalEstimate(splits, trends, notes, from, to, options.RulesFrom, options.RulesUntil, population.Description, options.ModelsDescription ?? models.Source,
            options.SeriesDescription, options.Name);
    }

    /// <summary>
    /// The logit change per year between the first and last value, (y_B − y_A)/(B − A), and its standard error
    /// σ̂·√(1/w_A + 1/w_B)/(B − A), where σ̂ is the residual standard deviation of <c>lm(y ~ year, weights = w)</c> over all
    /// values: the year-to-year noise of the series (and any departure from a straight line) carried to the two endpoints.
    /// NaN with only two values (no residual degrees of freedom).
    /// </summary>
    public static (double Rate, double StandardError) EndpointRate(IReadOnlyList<SeriesPoint> pts, IReadOnlyList<double> y)
    {
        var (w, _) = SeriesWeights(pts);
        var fit = LineFit.Fit(pts.Select(p => p.Year).ToArray(), y, w);
        double span = pts[^1].Year - pts[0].Year;
        double wa = w?[0] ?? 1, wb = w?[^1] ?? 1;
        return ((y[^1] - y[0]) / span, fit.Sigma * Math.Sqrt(1 / wa + 1 / wb) / span);
    }

    private static (double[]? W, string How) SeriesWeights(IReadOnlyList<SeriesPoint> pts) =>
        pts.All(p => p.N is not null) ? (pts.Select(p => p.N!.Value).ToArray(), "n")
        : pts.All(p => p.Se is not null) ? (pts.Select(p => 1 / (p.Se!.Value * p.Se!.Value)).ToArray(), "1/se^2")
        : (null, "unweighted");

    /// <summary>Population-weighted share of expit(η_g + offset) over the adult cells.</summary>
    public static double Share(double[] eta, double[] pop, int[] groupOfCell, double offset)
    {
        double s = 0, n = 0;
        for (int c = 0; c < pop.Length; c++)
        {
            int g = groupOfCell[c];
            if (g < 0 || pop[c] <= 0) continue;
            s += pop[c] * LogisticRegression.LinkInverse(eta[g] + offset);
            n += pop[c];
        }
        return s / n;
    }

    /// <summary>The logit offset that makes <see cref="Share"/> equal <paramref name="target"/> (Newton, to 1e-15).</summary>
    public static double Offset(double[] eta, double[] pop, int[] groupOfCell, double target)
    {
        double d = 0;
        for (int iter = 0; iter < 200; iter++)
        {
            double f = 0, df = 0, n = 0;
            for (int c = 0; c < pop.Length; c++)
            {
                int g = groupOfCell[c];
                if (g < 0 || pop[c] <= 0) continue;
                double p = LogisticRegression.LinkInverse(eta[g] + d);
                f += pop[c] * p; df += pop[c] * p * (1 - p); n += pop[c];
            }
            f /= n; df /= n;
            if (Math.Abs(f - target) < 1e-15) break;
            d -= Math.Clamp((f - target) / df, -1, 1);
        }
        return d;
    }
}
