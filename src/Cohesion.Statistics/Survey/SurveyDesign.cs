namespace Cohesion.Statistics.Survey;

/// <summary>
/// A complex survey design declared once and passed to every estimator (R's <c>svydesign</c> /
/// <c>svrepdesign</c> object). Holds the weights, the multistage structure (strata, nested cluster stages,
/// finite population corrections), optional replicate weights and any calibration steps. Immutable: calibration
/// and replicate creation return new designs.
/// </summary>
public sealed partial class SurveyDesign
{
    internal SurveyDesign(int rowCount, double[] weights, DesignStage[] stages, bool hasFpc, LonelyPsu lonely,
        SurveyDesignOptions? options, ReplicateWeights? replicates, IReadOnlyList<CalibrationStep> calibration)
    {
        RowCount = rowCount;
        WeightsArray = weights;
        Stages = stages;
        HasFpc = hasFpc;
        LonelyPsu = lonely;
        Options = options;
        Replicates = replicates;
        Calibration = calibration;
    }

    public int RowCount { get; }
    internal double[] WeightsArray { get; }
    /// <summary>The (possibly calibrated) sampling weights.</summary>
    public ReadOnlySpan<double> Weights => WeightsArray;
    internal DesignStage[] Stages { get; }
    internal bool HasFpc { get; }
    public LonelyPsu LonelyPsu { get; }
    internal SurveyDesignOptions? Options { get; }
    internal ReplicateWeights? Replicates { get; }
    internal IReadOnlyList<CalibrationStep> Calibration { get; }

    /// <summary>Number of sampling stages (1 for a one-stage or unclustered design).</summary>
    public int StageCount => Stages.Length;
    /// <summary>Number of primary sampling units (after nesting in strata when <c>Nest</c>).</summary>
    public int PsuCount => Stages[0].UnitCount;
    /// <summary>Number of first-stage strata.</summary>
    public int StratumCount => Stages[0].GroupCount;
    public bool IsCalibrated => Calibration.Count > 0;
    public bool HasReplicates => Replicates is not null;
    /// <summary>The replicate kind when variances come from replicate weights, else null (Taylor linearisation).</summary>
    public ReplicateType? ReplicateType => Replicates?.Type;
    public int ReplicateCount => Replicates?.Count ?? 0;

    /// <summary>Declares a design (R's <c>svydesign(ids, strata, fpc, weights, nest)</c>). Throws a
    /// <see cref="CohesionException"/> naming column and row for bad weights, clusters spanning strata
    /// (without <c>Nest</c>), inconsistent fpc values or a design with a single PSU.</summary>
    public static SurveyDesign Create(SurveyDesignOptions options) => DesignBuilder.Build(options);

    /// <summary>A copy of this design with another lonely-PSU rule.</summary>
    public SurveyDesign WithLonelyPsu(LonelyPsu lonely) =>
        new(RowCount, WeightsArray, Stages, HasFpc, lonely, Options, Replicates, Calibration);

    /// <summary>
    /// Replicate weights created from this design as R's <c>as.svrepdesign(design, type=)</c> does
    /// (JK1 for unstratified designs, JKn, bootstrap with <paramref name="replicates"/> replicates and a
    /// seed, BRR for two PSUs per stratum). Later estimators use these for their variances.
    /// </summary>
    public SurveyDesign WithReplicates(ReplicateType type, int replicates = 50, int seed = 1, bool mse = false) =>
        new(RowCount, WeightsArray, Stages, HasFpc, LonelyPsu, Options,
            ReplicateFactory.FromDesign(this, type, replicates, seed, mse), Calibration);

    /// <summary>
    /// A replicate-weight design from supplied replicate weight columns (R's <c>svrepdesign</c>). With
    /// <paramref name="combinedWeights"/> (R's default) the columns are full weights; otherwise they multiply
    /// the sampling weights. <paramref name="scale"/>/<paramref name="rscales"/> default to R's per type; Fay's method
    /// needs <paramref name="rho"/>.
    /// </summary>
    public static SurveyDesign FromReplicateWeights(double[] weights, IReadOnlyList<double[]> replicateWeights,
        ReplicateType type, double? scale = null, double[]? rscales = null, bool mse = false, bool combinedWeights = true, double? rho = null)
    {
        var plain = Create(new SurveyDesignOptions { Weights = weights, LonelyPsu = LonelyPsu.Remove });
        var rep = ReplicateFactory.FromColumns(weights, replicateWeights, type, scale, rscales, mse, combinedWeights, rho);
        return new SurveyDesign(plain.RowCount, plain.WeightsArray, plain.Stages, false, LonelyPsu.Fail, null, rep, []);
    }

    /// <summary>Post-stratification to known population counts (R's <c>postStratify</c>). Cells of the sample
    /// must all have population counts; variances then account for the calibration as R does.</summary>
    public SurveyDesign PostStratify(CalibrationMargin margin) => Calibrator.PostStratify(this, margin);

    /// <summary>Raking (iterative proportional fitting) to population margins (R's <c>rake</c> with
    /// <c>control=list(maxit, epsilon)</c>; epsilon &lt; 1 is relative to the total weight, as in R).</summary>
    public SurveyDesign Rake(IReadOnlyList<CalibrationMargin> margins, int maxIterations = 10, double epsilon = 1) =>
        Calibrator.Rake(this, margins, maxIterations, epsilon);

    internal SurveyDesign WithCalibration(double[] weights, ReplicateWeights? replicates, CalibrationStep step)
    {
        var steps = new List<CalibrationStep>(Calibration) { step };
        return new SurveyDesign(RowCount, weights, Stages, HasFpc, LonelyPsu, Options, replicates, steps);
    }

    internal string StratumText(int stage, int group)
    {
        var st = Stages[stage];
        if (stage == 0)
        {
            int code = st.GroupStratumCode[group];
            return Options?.StratumLabel?.Invoke(code) ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return $"within PSU {st.ParentOfGroup[group] + 1}";
    }
}

/// <summary>One sampling stage: units (clusters) nested in groups (stratum × parent unit).</summary>
internal sealed class DesignStage
{
    public required int UnitCount { get; init; }
    /// <summary>Dense unit index per row.</summary>
    public required int[] UnitOfRow { get; init; }
    public required int GroupCount { get; init; }
    public required int[] GroupOfUnit { get; init; }
    /// <summary>Number of sampled units in each group (R's <c>fpc$sampsize</c>).</summary>
    public required int[] NOfGroup { get; init; }
    /// <summary>Population size per unit (R's <c>fpc$popsize</c>, from the unit's first row); +Inf without fpc.</summary>
    public required double[] PopOfUnit { get; init; }
    /// <summary>Parent unit (previous stage) of each group; -1 at the first stage.</summary>
    public required int[] ParentOfGroup { get; init; }
    /// <summary>Stratum code of each group (first stage only; 0 otherwise).</summary>
    public required int[] GroupStratumCode { get; init; }
    public required int[] FirstRowOfGroup { get; init; }
    /// <summary>First row (in file order) of each unit.</summary>
    public required int[] UnitFirstRow { get; init; }

    private int[]? _rowOrder, _unitStart;
    /// <summary>Rows ordered by unit (counting sort, built on first use).</summary>
    public int[] RowOrder { get { if (_rowOrder is null) SortRows(); return _rowOrder!; } }
    /// <summary>Where each unit's rows start in <see cref="RowOrder"/> (length UnitCount+1).</summary>
    public int[] UnitStart { get { if (_unitStart is null) SortRows(); return _unitStart!; } }

    private void SortRows()
    {
        int n = UnitOfRow.Length;
        var start = new int[UnitCount + 1];
        for (int i = 0; i < n; i++) start[UnitOfRow[i] + 1]++;
        for (int u = 0; u < UnitCount; u++) start[u + 1] += start[u];
        var pos = (int[])start.Clone();
        var order = new int[n];
        for (int i = 0; i < n; i++) order[pos[UnitOfRow[i]]++] = i;
        _rowOrder = order;
        _unitStart = start;
    }
}
