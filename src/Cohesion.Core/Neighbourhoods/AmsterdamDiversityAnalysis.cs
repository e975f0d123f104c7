using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Regression;

namespace Cohesion.Neighbourhoods;

/// <summary>The coefficient of a diversity measure after one cumulative step of added controls.</summary>
public sealed record DiversityStep(string Outcome, string Diversity, int RivmYear, int Step, string Added, IReadOnlyList<string> Controls,
    string Formula, Coefficient Coefficient, int N, int Clusters, double RSquared);

/// <summary>The Gelbach decomposition of base − full for one outcome, diversity measure and RIVM year.</summary>
public sealed record DiversityDecomposition(string Outcome, string Diversity, int RivmYear, string Formula, GelbachResult Result);

/// <summary>What the Amsterdam analysis produced (real data throughout).</summary>
public sealed record AmsterdamDiversityResult
{
    public Provenance Provenance => Provenance.Real;
    public required IReadOnlyList<DiversityStep> Steps { get; init; }
    public required IReadOnlyList<DiversityDecomposition> Gelbach { get; init; }
    public required IReadOnlyList<ControlGroup> Controls { get; init; }
    /// <summary>Controls of <i>Samen verschillend</i> the data cannot provide, with the reason.</summary>
    public required IReadOnlyList<(string Control, string Reason)> Missing { get; init; }
    public required IReadOnlyList<Descriptive> Descriptives { get; init; }
    public required IReadOnlyList<string> SourceFolders { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public const string DataLabel = "REAL data: CBS Kerncijfers wijken en buurten 2019 (84583NED), Amsterdam buurten, joined to RIVM/CBS Gezondheid per wijk en buurt 2016 and 2020 (50090NED)";
}

/// <summary>
/// <c>cohesion neighbourhoods --analysis amsterdam</c>: the <i>Samen verschillend</i> test on real Amsterdam buurten.
/// Diversity of the seven origin groups of CBS KWB 2019 (fractionalisation 1 − Σp² and entropy / ln 7) is joined by
/// buurt code to volunteering and loneliness of the RIVM/CBS health monitor (2016 and 2020, 2020 division; codes
/// that differ go through a <see cref="Crosswalk"/>). For each outcome, measure and year: OLS across buurten with the
/// controls the data allow added step by step (SES: income per recipient, % low-income households, WOZ; housing:
/// % corporation housing, % rented), SEs clustered by wijk (Stata/plm "sss" factor), and the Gelbach (2016)
/// decomposition of the change in the diversity coefficient by control group. Neglect and residential turnover
/// are not in these tables and are named as missing. tools/reference/neighbourhoods_real.R checks every number
/// with lm, sandwich::vcovCL and a direct Gelbach computation.
/// </summary>
public static class AmsterdamDiversityAnalysis
{
    public static readonly int[] RivmYears = [2016, 2020];
    public static readonly string[] Measures = ["fractionalisation", "entropy"];
    public static readonly IReadOnlyList<RivmIndicator> Outcomes = [RivmHealthMonitor.Volunteering, RivmHealthMonitor.Lonely];

    public static readonly IReadOnlyList<ControlGroup> ControlGroups =
    [
        new("ses", ["income_per_recipient", "low_income_households", "woz"]),
        new("housing", ["corporation_share", "rental_share"]),
    ];

    public static readonly IReadOnlyList<(string Control, string Reason)> MissingControls =
    [
        ("neglect", "neglect / disorder (verloedering) is not measured in CBS KWB 2019 or the RIVM health monitor, so it is not controlled"),
        ("turnover", "residential turnover (verhuizingen) is not in CBS KWB 2019 (the table has no moves), so it is not controlled"),
    ];

    public const string KwbFolder = "kwb-amsterdam-2019";
    public static string KwbPath => DefaultData.PathOf("real", KwbFolder, "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv");

    /// <summary>Runs the analysis on the shipped files; <paramref name="crosswalk"/> carries KWB 2019 codes into the
    /// RIVM division where they differ (none do for Amsterdam 2019 → 2020).</summary>
    public static AmsterdamDiversityResult Run(Crosswalk? crosswalk = null)
    {
        var notes = new List<string>();
        var kwb = KwbKeyFigures.Normalise(Data.DatasetLoader.Load(KwbPath));
        notes.AddRange(kwb.Notes);
        var assembled = PanelAssembler.Assemble([new PanelYear(2019, kwb.Frame)], crosswalk);
        var frame = assembled.Frame;
        frame.Add(frame.Numeric("diversity").Rename("fractionalisation"));
        frame.Add(frame.Numeric("entropy_normalised").Rename("entropy"));
        var codes = Enumerable.Range(0, frame.RowCount).Select(r => frame["buurt"].Format(r)).ToArray();

        // RIVM values per buurt code, for each year
        var rivm = RivmHealthMonitor.BuurtPanel(RivmYears, Outcomes, code => code.StartsWith("BU0363", StringComparison.Ordinal));
        var rivmCodes = rivm["buurt"];
        var rivmYear = rivm.Numeric("year").Values;
        foreach (var year in RivmYears)
        {
            foreach (var outcome in Outcomes)
            {
                var byCode = new Dictionary<string, double>(StringComparer.Ordinal);
                var v = rivm.Numeric(outcome.Name).Values;
                for (int r = 0; r < rivm.RowCount; r++) if (rivmYear[r] == year) byCode[rivmCodes.Format(r)] = v[r];
                var joined = codes.Select(c => byCode.TryGetValue(c, out var x) ? x : double.NaN).ToArray();
                frame.Add(new NumericColumn($"{outcome.Name}_{year}", joined, label: $"RIVM {year} {outcome.Column}"));
            }
        }
        var rivmSet = Enumerable.Range(0, rivm.RowCount).Where(r => rivmYear[r] == RivmYears[^1]).Select(r => rivmCodes.Format(r)).ToHashSet(StringComparer.Ordinal);
        int matched = codes.Count(rivmSet.Contains);
        var unmatched = codes.Where(c => !rivmSet.Contains(c)).ToList();
        notes.Add(crosswalk is null || crosswalk.RowCount == 0
            ? $"crosswalk: {matched} of {codes.Length} KWB 2019 buurt codes are RIVM buurt codes (2020 division){(unmatched.Count == 0 ? "; the codes are identical, so no conversion was needed" : $"; not found: {string.Join(", ", unmatched.Take(10))}")}"
            : $"crosswalk of {crosswalk.RowCount} rows applied; {matched} of {codes.Length} buurten found in the RIVM table");
        notes.AddRange(assembled.Notes.Where(n => n.Contains("converted")));

        var controls = ControlGroups.SelectMany(g => g.Columns).ToArray();
        var steps = new List<DiversityStep>();
        var decompositions = new List<DiversityDecomposition>();
        foreach (var year in RivmYears)
        foreach (var outcome in Outcomes)
        {
            var y = $"{outcome.Name}_{year}";
            foreach (var measure in Measures)
            {
                var used = new[] { y, measure, "wijk" }.Concat(controls).ToArray();
                var keep = Enumerable.Range(0, frame.RowCount).Select(r => used.All(c => !frame[c].IsMissing(r))).ToArray();
                var options = new RegressionOptions { Cluster = "wijk", RowFilter = keep };
                var cumulative = new List<string>();
                for (int s = 0; s <= ControlGroups.Count; s++)
                {
                    if (s > 0) cumulative.AddRange(ControlGroups[s - 1].Columns);
                    var f = $"{y} ~ {string.Join(" + ", new[] { measure }.Concat(cumulative))}";
                    var fit = LinearModel.Fit(frame, f, options);
                    steps.Add(new DiversityStep(outcome.Name, measure, year, s, s == 0 ? "(none)" : ControlGroups[s - 1].Name, cumulative.ToArray(),
                        f, fit[measure], fit.N, fit.Clusters ?? 0, fit.RSquared));
                }
                var full = $"{y} ~ {string.Join(" + ", new[] { measure }.Concat(controls))}";
                var g = Gelbach.Decompose(frame, Statistics.Formula.ModelFormula.Parse(full), ControlGroups, options, measure);
                decompositions.Add(new DiversityDecomposition(outcome.Name, measure, year, full, g));
            }
        }
        int n = steps.Count > 0 ? steps[0].N : 0;
        notes.Add($"cross-section of Amsterdam buurten with every value present ({string.Join(", ", steps.Where(s => s.Step == 0 && s.Diversity == Measures[0]).Select(s => $"{s.Outcome} {s.RivmYear}: n = {s.N}"))}); OLS, unweighted, SEs clustered by wijk; an association across buurten, not an effect");
        notes.Add("diversity: fractionalisation 1 − Σp² and entropy −Σp ln p / ln 7 over Dutch (total − Western − non-Western), Western, Moroccan, Antillean, Surinamese, Turkish and other non-Western background; a coefficient is per unit of the index (0 = one group, 1 = the maximum)");
        notes.Add("RIVM values are model-based small-area estimates; 2020 was fielded during COVID-19 (September–November 2020)");
        foreach (var (control, reason) in MissingControls) notes.Add($"missing control '{control}': {reason}");

        var describe = new List<string> { "fractionalisation", "entropy" };
        foreach (var year in RivmYears) foreach (var o in Outcomes) describe.Add($"{o.Name}_{year}");
        describe.AddRange(controls);
        return new AmsterdamDiversityResult
        {
            Steps = steps, Gelbach = decompositions, Controls = ControlGroups, Missing = MissingControls,
            Descriptives = NeighbourhoodAnalyses.Describe(frame, describe),
            SourceFolders = [KwbFolder, .. RivmYears.Select(RivmHealthMonitor.FolderOf).Distinct()],
            Notes = notes,
        };
    }
}
