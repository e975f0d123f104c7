using Cohesion.Statistics.Data;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Regression;

namespace Cohesion.Neighbourhoods;

/// <summary>
/// One two-way fixed-effects model of the real buurt panel: <see cref="Outcome"/> on <see cref="Regressor"/> with
/// buurt and year effects, SEs clustered by buurt. <see cref="N"/> and <see cref="Units"/> count what plm counts
/// (every buurt-year with both values; buurten observed once included), <see cref="Singletons"/> how many of them
/// are buurten seen in one year only: they carry no within-buurt variation, so they are dropped before estimation
/// (as fixest does) without changing the estimate, and kept in plm's small-sample factor.
/// </summary>
public sealed record PanelModel
{
    public required RivmIndicator Outcome { get; init; }
    public required RivmIndicator Regressor { get; init; }
    public required string Formula { get; init; }
    public required RegressionResult Result { get; init; }
    public required IReadOnlyList<int> Years { get; init; }
    public int N => Result.N + Result.SingletonsRemoved;
    public int Units => Result.Clusters ?? 0;
    public int Singletons => Result.SingletonsRemoved;
    public static readonly IReadOnlyList<string> FixedEffects = ["buurt", "year"];
    public const string Cluster = "buurt";
    public Coefficient Coefficient => Result[Regressor.Name];
}

/// <summary>Buurt means of one indicator in one year and the national (NL01) value published beside them.</summary>
public sealed record PanelYearSummary(string Indicator, int Year, int Buurten, double Mean, double Sd, double National);

/// <summary>The real buurt panel 2012–2020: the two-way FE models, per-year summaries and the change maps.</summary>
public sealed record RivmPanelResult
{
    public Provenance Provenance => Provenance.Real;
    public required IReadOnlyList<PanelModel> Models { get; init; }
    public required IReadOnlyList<PanelYearSummary> Summaries { get; init; }
    /// <summary>Change per buurt between the first and last year an indicator was measured (percentage points).</summary>
    public required IReadOnlyList<MapLayer> ChangeMaps { get; init; }
    /// <summary>Level per buurt in the last year (the map's default real measure).</summary>
    public required IReadOnlyList<MapLayer> LevelMaps { get; init; }
    /// <summary>The <c>data/real/</c> folders read.</summary>
    public required IReadOnlyList<string> SourceFolders { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public const string DataLabel = "REAL data: RIVM/CBS Gezondheid per wijk en buurt (50090NED) 2012, 2016, 2020, adults 18+, small-area estimates, 2020 division";
}

/// <summary>
/// <c>cohesion neighbourhoods --analysis rivm-panel</c>: the national buurt panel of the RIVM/CBS health monitor
/// 2012–2020 (real data). Loneliness (<c>Eenzaam_28</c>; 2012, 2016, 2020) and volunteering
/// (<c>Vrijwilligerswerk_33</c>; 2016, 2020) on difficulty making ends meet (<c>MoeiteMetRondkomen_38</c>) with
/// buurt and year fixed effects, over the buurt-years where outcome and regressor are both published (unbalanced),
/// SEs clustered by buurt as plm <c>vcovHC(method = "arellano", type = "sss", cluster = "group")</c>. The
/// estimator is <see cref="LinearModel"/>'s within estimator; tools/reference/neighbourhoods_real.R checks it
/// against plm <c>model = "within", effect = "twoways"</c> on the same files.
/// </summary>
public static class RivmPanelAnalysis
{
    public static readonly IReadOnlyList<RivmIndicator> Outcomes = [RivmHealthMonitor.Lonely, RivmHealthMonitor.Volunteering];

    public static readonly IReadOnlyList<string> Folders = RivmHealthMonitor.Years.Select(RivmHealthMonitor.FolderOf).Distinct().ToArray();

    /// <summary>The long panel (buurt, gemeente, year, lonely, volunteering, hardship) of every Dutch buurt.</summary>
    public static DataFrame Panel() =>
        RivmHealthMonitor.BuurtPanel(RivmHealthMonitor.Years, [RivmHealthMonitor.Lonely, RivmHealthMonitor.Volunteering, RivmHealthMonitor.Hardship]);

    public static RivmPanelResult Run(DataFrame? panel = null)
    {
        panel ??= Panel();
        var regressor = RivmHealthMonitor.Hardship;
        var years = panel.Numeric("year").Values;
        var models = new List<PanelModel>();
        var notes = new List<string>();
        foreach (var outcome in Outcomes)
        {
            var formula = $"{outcome.Name} ~ {regressor.Name} | buurt + year";
            var fit = LinearModel.Fit(panel, formula, new RegressionOptions { Cluster = "buurt" });
            var y = panel.Numeric(outcome.Name).Values;
            var x = panel.Numeric(regressor.Name).Values;
            var measured = Enumerable.Range(0, panel.RowCount).Where(r => !double.IsNaN(y[r]) && !double.IsNaN(x[r])).Select(r => (int)years[r]).Distinct().Order().ToArray();
            models.Add(new PanelModel { Outcome = outcome, Regressor = regressor, Formula = formula, Result = fit, Years = measured });
            notes.Add($"{outcome.Name}: {fit.N + fit.SingletonsRemoved} buurt-years of {fit.Clusters} buurten in {string.Join(", ", measured)}; " +
                      $"{fit.SingletonsRemoved} buurten observed in one year only carry no within-buurt variation and are dropped before estimation (counted in n and in plm's small-sample factor)");
        }

        var summaries = new List<PanelYearSummary>();
        foreach (var ind in new[] { RivmHealthMonitor.Lonely, RivmHealthMonitor.Volunteering, RivmHealthMonitor.Hardship })
        {
            var v = panel.Numeric(ind.Name).Values;
            foreach (var yr in RivmHealthMonitor.Years)
            {
                var xs = Enumerable.Range(0, panel.RowCount).Where(r => years[r] == yr && !double.IsNaN(v[r])).Select(r => v[r]).ToArray();
                if (xs.Length == 0) continue;
                double mean = xs.Average();
                double sd = xs.Length > 1 ? Math.Sqrt(xs.Sum(a => (a - mean) * (a - mean)) / (xs.Length - 1)) : double.NaN;
                summaries.Add(new PanelYearSummary(ind.Name, yr, xs.Length, mean, sd, RivmHealthMonitor.National(yr, ind)));
            }
        }

        var changeMaps = new List<MapLayer>();
        var levelMaps = new List<MapLayer>();
        foreach (var ind in Outcomes)
        {
            var measured = summaries.Where(s => s.Indicator == ind.Name).Select(s => s.Year).Order().ToArray();
            if (measured.Length == 0) continue;
            int first = measured[0], last = measured[^1];
            levelMaps.Add(LevelMap(panel, ind, last));
            if (first < last) changeMaps.Add(ChangeMap(panel, ind, first, last));
        }
        notes.Add("the values are model-based small-area estimates of the health monitor, so buurt-level associations are partly built into RIVM's estimation model");
        notes.Add("2020 was fielded in September–November 2020, during COVID-19: the year effects absorb the national fall in volunteering and rise in loneliness, and the hardship coefficient rests on changes within buurten");
        notes.Add("2012 has no volunteering values, so the volunteering panel has two waves (2016, 2020) and loneliness three");
        return new RivmPanelResult
        {
            Models = models, Summaries = summaries, ChangeMaps = changeMaps, LevelMaps = levelMaps,
            SourceFolders = Folders, Notes = notes,
        };
    }

    public const string BoundaryNote = "boundaries CBS buurten 2014 (simplified); values in the 2020 division — hatched: no value, or the buurt code changed since 2014";

    /// <summary>An indicator per buurt in one year.</summary>
    public static MapLayer LevelMap(DataFrame panel, RivmIndicator ind, int year)
    {
        var values = Select(panel, ind, year);
        return new MapLayer("buurt", ind.Name, $"{Capital(ind.LabelNl)} per buurt, {year} (% volwassenen) — echte gegevens (RIVM/CBS)",
            $"{Capital(ind.LabelEn)} by neighbourhood, {year} (% of adults) — real data (RIVM/CBS)", values, null,
            $"REAL data: RIVM/CBS Gezondheidsmonitor {year} ({ind.Column}, % of adults); {BoundaryNote}", Provenance.Real) { Period = year.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>Last minus first year per buurt (percentage points), where both are published.</summary>
    public static MapLayer ChangeMap(DataFrame panel, RivmIndicator ind, int first, int last)
    {
        var a = Select(panel, ind, first);
        var b = Select(panel, ind, last);
        var change = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (code, vb) in b) if (a.TryGetValue(code, out var va)) change[code] = vb - va;
        return new MapLayer("buurt", $"{ind.Name}_change_{first}_{last}",
            $"Verandering {ind.LabelNl} per buurt, {first}–{last} (procentpunt) — echte gegevens (RIVM/CBS)",
            $"Change in {ind.LabelEn} by neighbourhood, {first}–{last} (percentage points) — real data (RIVM/CBS)", change, null,
            $"REAL data: RIVM/CBS Gezondheidsmonitor {first} and {last} ({ind.Column}); {last} was fielded during COVID-19; {BoundaryNote}", Provenance.Real) { Period = $"{first}–{last}" };
    }

    private static Dictionary<string, double> Select(DataFrame panel, RivmIndicator ind, int year)
    {
        var code = panel["buurt"];
        var y = panel.Numeric("year").Values;
        var v = panel.Numeric(ind.Name).Values;
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int r = 0; r < panel.RowCount; r++)
            if (y[r] == year && !double.IsNaN(v[r])) d[code.Format(r)] = v[r];
        return d;
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
