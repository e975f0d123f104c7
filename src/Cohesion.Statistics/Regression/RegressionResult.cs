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
    /// <summary>One-way cluster-robust (Arellano) with the Stata/plm "sss" factor G/(G−1) · (n−1)/(n−K).</summary>
    Cluster,
}

/// <summary>Options for <see cref="LinearModel.Fit(Data.DataFrame, string, RegressionOptions?)"/>.</summary>
public sealed record RegressionOptions
{
    /// <summary>Column defining clusters for cluster-robust standard errors (implies <see cref="StandardErrorType.Cluster"/>).</summary>
    public string? Cluster { get; init; }
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
