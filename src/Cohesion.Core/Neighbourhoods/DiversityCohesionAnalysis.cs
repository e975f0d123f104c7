using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;

namespace Cohesion.Neighbourhoods;

/// <summary>Which columns play which role. <see cref="Time"/> null = a cross-section.</summary>
public sealed record DiversityCohesionSpec
{
    public string Outcome { get; init; } = "cohesion";
    /// <summary>The focus regressor whose coefficient is decomposed (diversity in the built-in analysis).</summary>
    public string Diversity { get; init; } = "diversity";
    public string Unit { get; init; } = "buurt";
    public string? Time { get; init; } = "year";
    /// <summary>The higher level (gemeente): the outer level of the LMM; in a cross-section the absorbed factor and cluster.</summary>
    public string Region { get; init; } = "gemeente";
    /// <summary>Control groups in the order they are added (the Gelbach groups).</summary>
    public IReadOnlyList<ControlGroup> Controls { get; init; } = DefaultControls;
    public bool Mixed { get; init; } = true;

    public static readonly IReadOnlyList<ControlGroup> DefaultControls =
    [
        new("ses", ["income", "low_income"]),
        new("housing", ["rental_share", "corporation_share"]),
        new("neglect", ["neglect"]),
        new("turnover", ["turnover"]),
    ];
}

/// <summary>The diversity coefficient after each cumulative step of added controls.</summary>
public sealed record ControlStep(string Added, string Formula, double Estimate, double StdError, int N);

/// <summary>A fitted model with the formula and how its SEs were computed, for printing.</summary>
public sealed record NamedRegression(string Name, string Formula, RegressionResult Result);

public sealed record DiversityCohesionResult
{
    public required string DataLabel { get; init; }
    public required DiversityCohesionSpec Spec { get; init; }
    public required IReadOnlyList<NamedRegression> Regressions { get; init; }
    public MixedResult? Mixed { get; init; }
    public string? MixedFormula { get; init; }
    public required IReadOnlyList<ControlStep> Steps { get; init; }
    /// <summary>Decomposition of the change in the diversity coefficient in the within (FE) model.</summary>
    public required GelbachResult Gelbach { get; init; }
    public required string GelbachModel { get; init; }
    /// <summary>The same for the pooled model (between and within variation together).</summary>
    public GelbachResult? GelbachPooled { get; init; }
    /// <summary>True coefficients when the data are synthetic with known effects.</summary>
    public IReadOnlyDictionary<string, double>? Truth { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
}

/// <summary>
/// The diversity–cohesion analysis of <i>Samen verschillend</i>: the cohesion outcome on diversity and groups of
/// controls (SES, housing, neglect, turnover) as (1) pooled OLS with year dummies, (2) two-way fixed effects
/// <c>| unit + year</c>, both with SEs clustered by unit (plm/Stata "sss"), (3) a linear mixed model with random
/// intercepts <c>(1|region/unit)</c>; the diversity coefficient as control groups are added one by one (FE); and
/// the Gelbach (2016) decomposition of its change by control group, for the FE and the pooled model. For a
/// cross-section (no time column) the "FE" model absorbs the region and clusters by region.
/// </summary>
public static class DiversityCohesionAnalysis
{
    public static DiversityCohesionResult Run(DataFrame data, DiversityCohesionSpec spec, string dataLabel, IReadOnlyDictionary<string, double>? truth = null)
    {
        var notes = new List<string>();
        foreach (var c in new[] { spec.Outcome, spec.Diversity, spec.Unit, spec.Region }.Concat(spec.Time is null ? [] : [spec.Time]))
            _ = data[c]; // a clear error naming the missing column
        var groups = new List<ControlGroup>();
        foreach (var g in spec.Controls)
        {
            var present = g.Columns.Where(data.Contains).ToList();
            var absent = g.Columns.Where(c => !data.Contains(c)).ToList();
            if (absent.Count > 0) notes.Add($"control group '{g.Name}': {string.Join(", ", absent)} not in the data{(present.Count == 0 ? "; group left out" : "")}");
            if (present.Count > 0) groups.Add(new ControlGroup(g.Name, present));
        }
        if (groups.Count == 0)
            throw new CohesionException(
                $"none of the control columns are in the data (asked for {string.Join("; ", spec.Controls.Select(g => $"{g.Name}={string.Join(",", g.Columns)}"))}); " +
                $"available columns: {string.Join(", ", data.ColumnNames.Take(60))}", data.Source);
        var controls = groups.SelectMany(g => g.Columns).ToList();
        bool panel = spec.Time is not null;
        string rhs = string.Join(" + ", new[] { spec.Diversity }.Concat(controls));
        string yearDummies = panel ? $" + factor({spec.Time})" : "";
        string cluster = panel ? spec.Unit : spec.Region;
        string absorbed = panel ? $"{spec.Unit} + {spec.Time}" : spec.Region;

        // the same observations in every model: complete cases on everything used
        var used = new[] { spec.Outcome, spec.Diversity, spec.Unit, spec.Region }.Concat(controls).Concat(panel ? [spec.Time!] : []).Distinct().ToArray();
        var keep = new bool[data.RowCount];
        int kept = 0;
        for (int r = 0; r < data.RowCount; r++)
        {
            bool ok = true;
            foreach (var c in used) if (data[c].IsMissing(r)) { ok = false; break; }
            keep[r] = ok;
            if (ok) kept++;
        }
        if (kept < data.RowCount) notes.Add($"{data.RowCount - kept} of {data.RowCount} rows with a missing value in a model variable left out");
        if (kept < controls.Count + 3) throw new CohesionException($"only {kept} complete rows; too few for the models", data.Source);
        var options = new RegressionOptions { Cluster = cluster, RowFilter = keep };

        string pooledF = $"{spec.Outcome} ~ {rhs}{yearDummies}";
        string feF = $"{spec.Outcome} ~ {rhs} | {absorbed}";
        var pooled = LinearModel.Fit(data, pooledF, options);
        var fe = LinearModel.Fit(data, feF, options);
        var regressions = new List<NamedRegression>
        {
            new(panel ? "Pooled OLS (year dummies)" : "OLS", pooledF, pooled),
            new(panel ? "Two-way fixed effects" : $"Fixed effects ({spec.Region})", feF, fe),
        };
        notes.AddRange(pooled.Notes.Concat(fe.Notes).Distinct());

        // the diversity coefficient as control groups are added (FE model)
        var steps = new List<ControlStep>();
        var cumulative = new List<string>();
        for (int s = 0; s <= groups.Count; s++)
        {
            if (s > 0) cumulative.AddRange(groups[s - 1].Columns);
            string f = $"{spec.Outcome} ~ {string.Join(" + ", new[] { spec.Diversity }.Concat(cumulative))} | {absorbed}";
            var fit = s == groups.Count ? fe : LinearModel.Fit(data, f, options);
            var d = fit[spec.Diversity];
            steps.Add(new ControlStep(s == 0 ? "(none)" : "+ " + groups[s - 1].Name, f, d.Estimate, d.StdError, fit.N));
        }

        var gelbach = Gelbach.Decompose(data, ModelFormula.Parse(feF), groups, options, spec.Diversity);
        GelbachResult? gelbachPooled = null;
        try { gelbachPooled = Gelbach.Decompose(data, ModelFormula.Parse(pooledF), groups, options, spec.Diversity); }
        catch (CohesionException ex) { notes.Add($"pooled decomposition not available: {ex.Message}"); }

        MixedResult? mixed = null;
        string? mixedF = null;
        if (spec.Mixed)
        {
            mixedF = panel
                ? $"{spec.Outcome} ~ {rhs}{yearDummies} + (1|{spec.Region}/{spec.Unit})"
                : $"{spec.Outcome} ~ {rhs} + (1|{spec.Region})";
            try
            {
                var sub = data.Select(Enumerable.Range(0, data.RowCount).Where(r => keep[r]).ToArray());
                mixed = LinearMixedModel.Fit(sub, mixedF, new MixedOptions { Ddf = DenominatorDf.None });
                notes.AddRange(mixed.Notes);
            }
            catch (CohesionException ex) { notes.Add($"mixed model not fitted: {ex.Message}"); }
        }

        return new DiversityCohesionResult
        {
            DataLabel = dataLabel, Spec = spec with { Controls = groups }, Regressions = regressions, Mixed = mixed, MixedFormula = mixedF,
            Steps = steps, Gelbach = gelbach, GelbachModel = feF, GelbachPooled = gelbachPooled, Truth = truth, Notes = notes,
        };
    }

    /// <summary>The built-in analysis on the synthetic national panel.</summary>
    public static DiversityCohesionResult RunBuiltIn(int seed = SyntheticBuurtPanel.DefaultSeed, DataFrame? panel = null)
    {
        var truth = new SyntheticPanelTruth();
        panel ??= SyntheticBuurtPanel.Generate(seed, truth);
        return Run(panel, new DiversityCohesionSpec(), SyntheticBuurtPanel.Label, truth.Coefficients);
    }
}
