using System.Globalization;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.SurveyAnalysis;

/// <summary>
/// How a verb's survey design is declared (the design flags of <c>estimate</c>, <c>glm</c>, <c>measure</c>): a
/// Taylor design (weights, strata, cluster stages, fpc, lonely-PSU rule), optionally with replicate weights built from
/// it (<c>as.svrepdesign</c>), or a design from replicate weight columns shipped with the data (<c>svrepdesign</c>);
/// then optional raking and calibration. <see cref="Build"/> turns it into a <see cref="SurveyDesign"/> for one data
/// frame (called once per imputation with stacked imputed data).
/// </summary>
public sealed record SurveyDesignRequest
{
    public string? Weight { get; init; }
    public string? Strata { get; init; }
    public IReadOnlyList<string> Clusters { get; init; } = [];
    public IReadOnlyList<string> Fpc { get; init; } = [];
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
    /// <summary>Replicates made from the design (jk1, jkn, bootstrap, brr).</summary>
    public ReplicateType? Replicates { get; init; }
    public int BootstrapReplicates { get; init; } = 50;
    public int Seed { get; init; } = 1;
    public bool Mse { get; init; }
    /// <summary>Replicate weight columns supplied with the data (then no strata, clusters or fpc).</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }
    /// <summary>Raking margins as <c>COL=LEVEL:TOTAL,LEVEL:TOTAL</c>.</summary>
    public IReadOnlyList<string> Rake { get; init; } = [];
    /// <summary>GREG/raking/logit calibration to population totals of model-matrix terms (R's <c>calibrate</c>).</summary>
    public CalibrationRequest? Calibration { get; init; }

    /// <summary>Option combinations that cannot work, named by parameter.</summary>
    public void Validate()
    {
        if (SuppliedReplicates is not null)
        {
            if (Strata is not null || Clusters.Count > 0 || Fpc.Count > 0)
                throw new CohesionException("supplied replicate weights replace strata, clusters and fpc (R's svrepdesign takes only weights and replicate weights)");
            if (Replicates is not null)
                throw new CohesionException("give either supplied replicate weights or replicates made from the design, not both");
            if (Weight is null) throw new CohesionException("supplied replicate weights need the sampling weight column");
        }
        if (Fpc.Count > 0 && Fpc.Count != Math.Max(1, Clusters.Count))
            throw new CohesionException($"give one fpc column per sampling stage: {Math.Max(1, Clusters.Count)} stage(s) but {Fpc.Count} fpc column(s)");
    }

    public SurveyDesign Build(DataFrame frame)
    {
        Validate();
        try
        {
            SurveyDesign design;
            if (SuppliedReplicates is { } sup)
                design = ReplicateFrame.CreateDesign(frame, Weight!, Mse ? sup with { Mse = true } : sup);
            else
            {
                design = Weight is not null
                    ? SurveyFrame.CreateDesign(frame, new SurveyColumns { Weight = Weight, Strata = Strata, Clusters = Clusters, Fpc = Fpc, LonelyPsu = LonelyPsu })
                    : EqualWeights(frame);
                if (Replicates is { } type) design = design.WithReplicates(type, BootstrapReplicates, Seed, Mse);
            }
            if (Rake.Count > 0) design = design.Rake(Rake.Select(s => ParseMargin(frame, s)).ToArray());
            if (Calibration is { } cal) design = cal.Apply(frame, design);
            return design;
        }
        catch (CohesionException ex) when (ex.File is null && frame.Source is not null)
        {
            throw ex.WithFile(frame.Source);
        }
    }

    /// <summary>No weight column: equal weights (R's svydesign without weights assumes equal probability).</summary>
    private SurveyDesign EqualWeights(DataFrame frame)
    {
        var ones = new double[frame.RowCount];
        Array.Fill(ones, 1.0);
        var copy = new DataFrame(frame.Columns, frame.Source);
        const string name = ".equal_weight";
        copy.Set(new NumericColumn(name, ones));
        return SurveyFrame.CreateDesign(copy, new SurveyColumns { Weight = name, Strata = Strata, Clusters = Clusters, Fpc = Fpc, LonelyPsu = LonelyPsu });
    }

    /// <summary>Parses a raking margin <c>COL=LEVEL:TOTAL,LEVEL:TOTAL</c>.</summary>
    public static CalibrationMargin ParseMargin(DataFrame frame, string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1) throw new CohesionException($"raking margin '{spec}': expected COL=LEVEL:TOTAL,LEVEL:TOTAL");
        var col = spec[..eq].Trim();
        var totals = new List<(string, double)>();
        foreach (var part in spec[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int c = part.LastIndexOf(':');
            if (c <= 0 || !double.TryParse(part[(c + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                throw new CohesionException($"raking margin '{spec}': '{part}' is not LEVEL:TOTAL with a numeric total");
            totals.Add((part[..c].Trim(), t));
        }
        return SurveyFrame.Margin(frame, col, totals);
    }

    /// <summary>A short description of the design for table captions.</summary>
    public string Describe()
    {
        var parts = new List<string> { Weight is null ? "equal weights" : $"weights {Weight}" };
        if (Strata is not null) parts.Add($"strata {Strata}");
        if (Clusters.Count > 0) parts.Add($"clusters {string.Join(" > ", Clusters)}");
        if (Fpc.Count > 0) parts.Add($"fpc {string.Join(", ", Fpc)}");
        if (Rake.Count > 0) parts.Add($"raked on {string.Join(", ", Rake.Select(r => r.Split('=')[0]))}");
        if (Calibration is { } cal) parts.Add($"calibrated ({cal.Function.ToString().ToLowerInvariant()}) on {cal.Formula}");
        parts.Add(SuppliedReplicates is { } s ? $"{s.Type} replicate weights /{s.Pattern}/"
            : Replicates is { } r ? $"{r.ToString().ToLowerInvariant()} replicate SE" : "Taylor-linearised SE");
        return string.Join("; ", parts);
    }
}
