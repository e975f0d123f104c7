using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Regression;

/// <summary>Which coefficient covariance the standard errors use.</summary>
public enum StandardErrorType
{
    /// <summary>σ²(XᵀX)⁻¹ with σ² = RSS / (n − K − absorbed levels), as lm and plm.</summary>
    Classical,
    /// <summary>White's heteroskedasticity-consistent sandwich without correction.</summary>
    HC0,
    /// <summary>HC0 × n/(n − K − absorbed levels) (Stata's <c>robust</c>).</summary>
    HC1,
    /// <summary>Cluster-robust: one-way (Arellano) with the Stata/plm "sss" factor G/(G−1) · (n−1)/(n−K), or multiway as
    /// sandwich::vcovCL (see <see cref="SandwichVariance.Clustered"/> and <see cref="RegressionOptions.ClusterAdjustment"/>).</summary>
    Cluster,
    /// <summary>HC2: e²/(1 − h) (sandwich::vcovHC type "HC2"; h from the full design, fixed-effect dummies included).</summary>
    HC2,
    /// <summary>HC3: e²/(1 − h)² (sandwich::vcovHC type "HC3").</summary>
    HC3,
}

/// <summary>Options for <see cref="LinearModel.Fit(Data.DataFrame, string, RegressionOptions?)"/>.</summary>
public sealed record RegressionOptions
{
    /// <summary>Column defining clusters for cluster-robust standard errors (implies <see cref="StandardErrorType.Cluster"/>).</summary>
    public string? Cluster { get; init; }
    /// <summary>Several clustering columns (multiway clustering, Cameron–Gelbach–Miller); overrides <see cref="Cluster"/>.</summary>
    public IReadOnlyList<string>? Clusters { get; init; }
    /// <summary>Small-sample factor of cluster-robust standard errors.</summary>
    public ClusterAdjustment ClusterAdjustment { get; init; } = ClusterAdjustment.Stata;
    /// <summary>Column of regression weights (weighted least squares, as lm's <c>weights</c>; positive).</summary>
    public string? Weights { get; init; }

    /// <summary>The clustering columns in use (<see cref="Clusters"/>, else <see cref="Cluster"/>).</summary>
    public IReadOnlyList<string> ClusterColumns => Clusters is { Count: > 0 } c ? c : Cluster is null ? [] : [Cluster];
    /// <summary>Standard-error type; default Cluster when <see cref="Cluster"/> is set, otherwise Classical.</summary>
    public StandardErrorType? StandardErrors { get; init; }
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Iteratively drop observations in singleton fixed-effect groups (fixest's default).</summary>
    public bool DropSingletons { get; init; } = true;
    /// <summary>Regressors collinear with the fixed effects (constant within them): dropped with a note as fixest
    /// does (true, the default) or reported as an error naming the column (false).</summary>
    public bool DropCollinearWithFixedEffects { get; init; } = true;
    /// <summary>Relative convergence tolerance of the alternating projections.</summary>
    public double DemeanTolerance { get; init; } = 1e-12;
    public int MaxIterations { get; init; } = 10_000;
    /// <summary>Two absorbed factors of which the smaller has at most this many levels are absorbed exactly instead of
    /// by alternating projections (see <see cref="FixedEffectsDemeaner.DirectLimit"/>); 0 always iterates.</summary>
    public int DemeanDirectLimit { get; init; } = FixedEffectsDemeaner.DefaultDirectLimit;
    /// <summary>Solver: true = Householder QR (lm), false = pivoted Cholesky of the normal equations, null = QR up to
    /// <see cref="LinearModel.QrCellLimit"/> cells, normal equations above (large demeaned panels).</summary>
    public bool? UseQr { get; init; }
    /// <summary>Optional row filter applied before the complete-case rule (true = candidate row).</summary>
    public bool[]? RowFilter { get; init; }
}

/// <summary>The result of an OLS or fixed-effects fit. The standard errors are chosen after the fit
/// (<see cref="WithStandardErrors"/>, as fixest's <c>summary(fit, vcov =)</c>): one fit serves classical, robust and
/// clustered output.</summary>
public sealed record RegressionResult
{
    /// <summary>Observations used (after missing values and singletons are removed).</summary>
    public required int N { get; init; }
    /// <summary>Estimable coefficients in model-matrix order (aliased ones are listed in <see cref="Aliased"/>), under
    /// <see cref="StandardErrors"/>: the rows of <see cref="Table"/>.</summary>
    public IReadOnlyList<Coefficient> Coefficients => Table.Rows;
    /// <summary>The coefficient table (t tests on <see cref="DfResidual"/>) under <see cref="StandardErrors"/>.</summary>
    public required CoefficientTable Table { get; init; }
    /// <summary>Terms dropped because they are collinear with other regressors or with the fixed effects.</summary>
    public required IReadOnlyList<string> Aliased { get; init; }
    /// <summary>Covariance of the estimable coefficients, row-major K × K, in <see cref="Coefficients"/> order.</summary>
    public required double[] Covariance { get; init; }
    /// <summary>The classical covariance σ²(XᵀX)⁻¹ (always computed), row-major K × K.</summary>
    public required double[] ClassicalCovariance { get; init; }
    /// <summary>(XᵀX)⁻¹ of the (demeaned) regressors, row-major K × K.</summary>
    public required double[] XtXInverse { get; init; }
    public required StandardErrorType StandardErrors { get; init; }
    /// <summary>n − K − absorbed degrees of freedom.</summary>
    public required int DfResidual { get; init; }
    public required double Rss { get; init; }
    /// <summary>Residual standard error √(RSS / df).</summary>
    public double Sigma => Math.Sqrt(Rss / DfResidual);
    /// <summary>R² (centred if the model has an intercept); for fixed-effects models the within R².</summary>
    public required double RSquared { get; init; }
    public required IReadOnlyList<string> AbsorbedFactors { get; init; }
    /// <summary>Degrees of freedom absorbed by the fixed effects (0 for OLS).</summary>
    public required int AbsorbedDf { get; init; }
    /// <summary>Number of clusters for cluster-robust SEs, else null.</summary>
    public int? Clusters { get; init; }
    public string? ClusterColumn { get; init; }
    /// <summary>Numbers of clusters per clustering column (multiway clustering), else null.</summary>
    public IReadOnlyList<int>? ClusterCounts { get; init; }
    /// <summary>The clustering columns (multiway clustering), matching <see cref="ClusterCounts"/>.</summary>
    public IReadOnlyList<string>? ClusterColumnNames { get; init; }
    /// <summary>True when the fit used regression weights.</summary>
    public bool Weighted { get; init; }
    /// <summary>The small-sample factor used for clustered standard errors.</summary>
    public ClusterAdjustment ClusterAdjustment { get; init; }
    /// <summary>Iterations the alternating projections needed (0 without fixed effects).</summary>
    public int DemeanIterations { get; init; }
    /// <summary>Observations removed as singleton fixed-effect groups (not counted in <see cref="N"/>).</summary>
    public int SingletonsRemoved { get; init; }
    /// <summary>Notes for the user: dropped singletons, dropped collinear terms.</summary>
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>Data-frame row of each observation used.</summary>
    public required int[] Rows { get; init; }
    /// <summary>Residuals (of the demeaned model for fixed effects), one per used observation.</summary>
    public required double[] Residuals { get; init; }

    /// <summary>What a later choice of covariance needs: the estimable regressors, residuals and cluster codes.</summary>
    internal LinearModel.Solution Solution { get; init; } = null!;

    public Coefficient this[string term] => Table[term];

    public int IndexOf(string term) => Table.IndexOf(term);

    /// <summary>The same fit with another coefficient covariance (classical, HC0, HC1, or clustered by the cluster
    /// column the model was prepared with), as fixest's <c>summary(fit, vcov =)</c>. Estimates are unchanged.</summary>
    public RegressionResult WithStandardErrors(StandardErrorType type, double? confidenceLevel = null) =>
        LinearModel.WithCovariance(this, type, confidenceLevel ?? Table.Level);
}
