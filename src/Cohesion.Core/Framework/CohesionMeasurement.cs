using Cohesion.Disclosure;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.Framework;

/// <summary>Whether a row of a measurement is an indicator or a dimension score.</summary>
public enum MeasureLevel { Dimension, Indicator }

/// <summary>
/// One published cell: a variable (indicator or dimension id) for one group (null = national), with its design-based
/// estimate. When <see cref="Suppression"/> is not <see cref="SuppressionReason.None"/> the estimate must not be shown
/// (<see cref="Estimate"/> and the rest are NaN); <see cref="N"/> is the unweighted count of valid answers.
/// </summary>
public sealed record MeasureRow(
    string Variable, MeasureLevel Level, string Dimension, string LabelNl, string LabelEn,
    string? Group, IReadOnlyList<(string Column, string Value)> GroupLevels,
    double Estimate, double StandardError, double CiLower, double CiUpper, int N, double WeightedN, double Deff,
    SuppressionReason Suppression)
{
    public bool Suppressed => Suppression != SuppressionReason.None;
    /// <summary>With stacked imputations: MIcombine's degrees of freedom and fraction of missing information.</summary>
    public double? Df { get; init; }
    public double? Fmi { get; init; }
}

/// <summary>The design used, as column names (null weight = equal weights).</summary>
public sealed record MeasureDesign(string? Weight, string? Strata, IReadOnlyList<string> Clusters, IReadOnlyList<string> Fpc)
{
    /// <summary>Replicate weights built from the design (null = Taylor linearisation).</summary>
    public ReplicateType? Replicates { get; init; }
    /// <summary>Replicate weight columns supplied with the data.</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }

    public string Describe()
    {
        var parts = new List<string>();
        parts.Add(Weight is null ? "equal weights (unweighted)" : $"weights '{Weight}'");
        if (Strata is not null) parts.Add($"strata '{Strata}'");
        if (Clusters.Count > 0) parts.Add($"clusters '{string.Join("' > '", Clusters)}'");
        if (Fpc.Count > 0) parts.Add($"fpc '{string.Join("', '", Fpc)}'");
        if (Clusters.Count == 0) parts.Add(Weight is null ? "simple random sampling" : "no clusters");
        if (Replicates is { } r) parts.Add($"{r} replicate weights (as.svrepdesign)");
        if (SuppliedReplicates is { } s) parts.Add($"{s.Type} replicate weights /{s.Pattern}/ (svrepdesign)");
        return string.Join(", ", parts);
    }
}

/// <summary>How confidence intervals are formed.</summary>
public enum CiMethod
{
    /// <summary>estimate ± z·SE (R's <c>confint</c> on svymean), as the estimate verb.</summary>
    Wald,
    /// <summary>On the logit scale and transformed back, so it stays inside [0,1] (R's <c>svyciprop(method="logit")</c>).</summary>
    Logit
}

/// <summary>Options of a measurement.</summary>
public sealed record MeasureOptions
{
    /// <summary>Grouping columns, crossed as in <c>svyby(~a+b)</c>; empty = national only.</summary>
    public IReadOnlyList<string> By { get; init; } = [];
    /// <summary>Design columns given on the command line; when all are null the framework's design section is used.</summary>
    public string? Weight { get; init; }
    public string? Strata { get; init; }
    public IReadOnlyList<string> Clusters { get; init; } = [];
    public IReadOnlyList<string> Fpc { get; init; } = [];
    public DisclosureRule Disclosure { get; init; } = DisclosureRule.Default;
    public double Level { get; init; } = SurveyEstimator.DefaultLevel;
    public CiMethod Ci { get; init; } = CiMethod.Wald;
    /// <summary>Replicate weights built from the design for the SEs (R's <c>as.svrepdesign(type=)</c>); null = Taylor.</summary>
    public ReplicateType? Replicates { get; init; }
    public int BootstrapReplicates { get; init; } = 50;
    public int Seed { get; init; } = 1;
    /// <summary>Replicate variances around the full-sample estimate (R's <c>mse=TRUE</c>).</summary>
    public bool Mse { get; init; }
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
    /// <summary>Replicate weight columns shipped with the data (R's <c>svrepdesign</c>) instead of strata and clusters;
    /// needs a weight column (from the options or the framework).</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }
    /// <summary>Column numbering stacked imputations: measured per imputation and pooled (<see cref="ImputedMeasurement"/>).</summary>
    public string? Imputation { get; init; }
}

/// <summary>The result of measuring cohesion on a data set: national rows first, then per group.</summary>
public sealed record MeasureResult(
    CohesionFramework Framework, MeasureDesign Design, IReadOnlyList<string> By, IReadOnlyList<MeasureRow> Rows, DisclosureRule Disclosure, int Respondents,
    double Level = SurveyEstimator.DefaultLevel, CiMethod Ci = CiMethod.Wald)
{
    /// <summary>Number of imputations pooled (null for one data set).</summary>
    public int? Imputations { get; init; }
}

/// <summary>
/// Estimates every indicator and dimension of a framework on survey microdata with the design-based estimators of
/// <see cref="SurveyEstimator"/> (<c>svymean(na.rm=TRUE)</c>; groups with <c>svyby</c> semantics: domain variance
/// from the full design), then applies disclosure control to every cell.
/// </summary>
public static class CohesionMeasurement
{
    public static MeasureResult Run(CohesionFramework framework, DataFrame data, MeasureOptions options)
    {
        try { return RunCore(framework, data, options); }
        catch (CohesionException ex) when (ex.File is null && data.Source is not null)
        {
            throw ex.WithFile(data.Source);
        }
    }

    private static MeasureResult RunCore(CohesionFramework framework, DataFrame data, MeasureOptions options)
    {
        var scores = FrameworkScorer.Score(framework, data);
        var (design, used) = BuildDesign(framework, data, options);


        // domains: the crossing of the --by columns, in order of first appearance of each level combination
        int[]? domains = null;
        var domainLevels = new List<(string Column, string Value)[]>();
        if (options.By.Count > 0)
        {
            var cols = options.By.Select(b => data.Categorical(b)).ToArray();
            domains = new int[data.RowCount];
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            // order levels like R's svyby: by the level order of each column (first column varies slowest)
            var keys = new List<int[]>();
            for (int i = 0; i < data.RowCount; i++)
            {
                var codes = new int[cols.Length];
                bool missing = false;
                for (int c = 0; c < cols.Length; c++) { codes[c] = cols[c].Codes[i]; missing |= codes[c] < 0; }
                if (missing) { domains[i] = -1; continue; }
                var key = string.Join("\u0001", codes);
                if (!index.TryGetValue(key, out var d)) { d = index.Count; index[key] = d; keys.Add(codes); }
                domains[i] = d;
            }
            // level order: the framework's groups section first, then the data's level order
            var rankOf = cols.Select((col, c) =>
            {
                framework.Groups.TryGetValue(options.By[c], out var display);
                return col.Levels.Select((lv, code) => display is null ? code : (long)display.Rank(lv) * 1_000_000L + code).ToArray();
            }).ToArray();
            var order = Enumerable.Range(0, keys.Count).ToArray();
            Array.Sort(order, (a, b) =>
            {
                for (int c = 0; c < cols.Length; c++) { int x = rankOf[c][keys[a][c]].CompareTo(rankOf[c][keys[b][c]]); if (x != 0) return x; }
                return 0;
            });
            var rank = new int[order.Length];
            for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
            for (int i = 0; i < domains.Length; i++) if (domains[i] >= 0) domains[i] = rank[domains[i]];
            foreach (var k in order)
                domainLevels.Add(keys[k].Select((code, c) => (options.By[c], cols[c].Levels[code])).ToArray());
            if (domainLevels.Count == 0)
                throw new CohesionException($"the grouping column(s) {string.Join(", ", options.By)} have no non-missing values", data.Source, options.By[0]);
        }

        var variables = new List<(string Id, MeasureLevel Level, string Dim, string Nl, string En, double[] Y)>();
        foreach (var (d, k) in framework.Dimensions.Select((d, k) => (d, k)))
            variables.Add((d.Id, MeasureLevel.Dimension, d.Id, d.LabelNl, d.LabelEn, scores.Dimensions[k]));
        foreach (var (ind, k) in framework.Indicators.Select((x, k) => (x, k)))
            variables.Add((ind.Id, MeasureLevel.Indicator, ind.Dimension, ind.LabelNl, ind.LabelEn, scores.Indicators[k]));

        // an all-missing indicator is named with its column first; a dimension can then only lack scores through the rule
        foreach (var (ind, k) in framework.Indicators.Select((x, k) => (x, k)))
            if (!scores.Indicators[k].Any(double.IsFinite))
                throw new CohesionException($"indicator '{ind.Id}' has no valid values in the data (all missing or missing codes)", data.Source, ind.Column);
        foreach (var (dim, k) in framework.Dimensions.Select((x, k) => (x, k)))
            if (!scores.Dimensions[k].Any(double.IsFinite))
                throw new CohesionException(
                    $"dimension '{dim.Id}' has no respondent with at least {100 * framework.ScoreRule.MinShare:0.#}% of its indicators answered", data.Source);

        var cells = new List<(int Var, int Domain, SurveyEstimate E)>();
        for (int v = 0; v < variables.Count; v++)
        {
            var y = variables[v].Y;
            cells.Add((v, -1, SurveyEstimator.Mean(design, y, options.Level)));
            if (domains is not null)
            {
                var byDomain = SurveyEstimator.MeanBy(design, y, domains, domainLevels.Count, options.Level);
                for (int d = 0; d < byDomain.Length; d++) cells.Add((v, d, byDomain[d]));
            }
        }

        var counts = cells.Select(c => (long)c.E.N).ToArray();
        var breakdown = cells.Select(c => c.Domain < 0 ? -1 : c.Var).ToArray();
        var status = DisclosureControl.Apply(counts, breakdown, options.Disclosure);

        var rows = new List<MeasureRow>(cells.Count);
        // national rows first (all variables), then the groups
        var ordered = Enumerable.Range(0, cells.Count).OrderBy(i => cells[i].Domain < 0 ? 0 : 1).ThenBy(i => cells[i].Domain).ThenBy(i => cells[i].Var);
        foreach (var i in ordered)
        {
            var (v, d, e) = cells[i];
            var (id, level, dim, nl, en, _) = variables[v];
            bool hide = status[i] != SuppressionReason.None;
            var lv = d < 0 ? [] : domainLevels[d];
            string? group = d < 0 ? null : string.Join(".", lv.Select(x => x.Value));
            var (lo, hi) = options.Ci == CiMethod.Logit ? design.LogitInterval(e, options.Level, domains, d) : (e.CiLower, e.CiUpper);
            rows.Add(new MeasureRow(id, level, dim, nl, en, group, lv,
                hide ? double.NaN : e.Estimate, hide ? double.NaN : e.StandardError,
                hide ? double.NaN : lo, hide ? double.NaN : hi, e.N, hide ? double.NaN : e.WeightedN,
                hide ? double.NaN : e.Deff, status[i]));
        }
        return new MeasureResult(framework, used, options.By, rows, options.Disclosure, data.RowCount, options.Level, options.Ci);
    }

    /// <summary>The survey design from the options, or else the framework's design section, or else equal weights.</summary>
    public static (SurveyDesign Design, MeasureDesign Used) BuildDesign(CohesionFramework framework, DataFrame data, MeasureOptions options)
    {
        if (options.SuppliedReplicates is { } sup)
        {
            var weight = options.Weight ?? framework.Design.Weight
                ?? throw new CohesionException("supplied replicate weights need the sampling weight column (--weight or the framework's design section)");
            if (options.Strata is not null || options.Clusters.Count > 0 || options.Fpc.Count > 0 || options.Replicates is not null)
                throw new CohesionException("supplied replicate weights replace strata, clusters, fpc and replicates made from the design");
            var d = ReplicateFrame.CreateDesign(data, weight, options.Mse ? sup with { Mse = true } : sup);
            return (d, new MeasureDesign(weight, null, [], []) { SuppliedReplicates = sup });
        }
        var (design, used) = BuildTaylorDesign(framework, data, options);
        if (options.Replicates is not { } type) return (design, used);
        return (design.WithReplicates(type, options.BootstrapReplicates, options.Seed, options.Mse), used with { Replicates = type });
    }

    private static (SurveyDesign Design, MeasureDesign Used) BuildTaylorDesign(CohesionFramework framework, DataFrame data, MeasureOptions options)
    {
        bool fromOptions = options.Weight is not null || options.Strata is not null || options.Clusters.Count > 0 || options.Fpc.Count > 0;
        // the framework may list weight alternatives (e.g. ESS: anweight, else pspwght*pweight): the first the data has
        var frameworkWeight = framework.Design.WeightAlternatives.FirstOrDefault(w => Cohesion.Data.ColumnProduct.Available(data, w)) ?? framework.Design.Weight;
        var spec = fromOptions
            ? new MeasureDesign(options.Weight, options.Strata, options.Clusters, options.Fpc)
            : new MeasureDesign(frameworkWeight, framework.Design.Strata, framework.Design.Clusters, framework.Design.Fpc);
        if (!fromOptions)
            foreach (var col in new[] { spec.Weight, spec.Strata }.Concat(spec.Clusters).Concat(spec.Fpc))
                if (col is not null && !Cohesion.Data.ColumnProduct.Available(data, col))
                    throw new CohesionException(
                        $"the framework's design section names column '{col}', which the data does not have (give the design with --weight/--strata/--cluster)" +
                        (framework.Design.Description is { } about ? ". " + about : ""),
                        data.Source, Cohesion.Data.ColumnProduct.Factors(col).FirstOrDefault(f => !data.Contains(f)) ?? col);
        if (spec.Weight is not null) Cohesion.Data.ColumnProduct.Ensure(data, spec.Weight);
        try
        {
            if (spec.Weight is not null)
                return (SurveyFrame.CreateDesign(data, new SurveyColumns
                {
                    Weight = spec.Weight, Strata = spec.Strata, Clusters = spec.Clusters, Fpc = spec.Fpc, LonelyPsu = options.LonelyPsu
                }), spec);
            // no weight column: equal weights (R's svydesign without weights assumes equal probability)
            var weights = new double[data.RowCount];
            Array.Fill(weights, 1.0);
            var design = SurveyDesign.Create(new SurveyDesignOptions
            {
                Weights = weights,
                Strata = spec.Strata is null ? null : CodesNoMissing(data, spec.Strata),
                Clusters = spec.Clusters.Select(c => CodesNoMissing(data, c)).ToArray(),
                Fpc = spec.Fpc.Count == 0 ? null : spec.Fpc.Select(c => data.Numeric(c).Values).ToArray(),
                Nest = true,
                LonelyPsu = options.LonelyPsu,
                StrataName = spec.Strata, ClusterNames = spec.Clusters, FpcNames = spec.Fpc,
                StratumLabel = spec.Strata is null ? null : code => data.Categorical(spec.Strata).Levels[code]
            });
            return (design, spec);
        }
        catch (CohesionException ex) when (ex.File is null && data.Source is not null)
        {
            throw ex.WithFile(data.Source);
        }
    }

    private static int[] CodesNoMissing(DataFrame data, string column)
    {
        var codes = data.Categorical(column).Codes;
        int row = Array.IndexOf(codes, -1);
        if (row >= 0) throw new CohesionException("missing design identifier (stratum or cluster)", data.Source, column, row + 1);
        return codes;
    }
}
