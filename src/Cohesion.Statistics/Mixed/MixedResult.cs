using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Mixed;

/// <summary>The response distribution of a mixed model (with its canonical link).</summary>
public enum MixedFamily
{
    /// <summary>Linear mixed model (lmer).</summary>
    Gaussian,
    /// <summary>Binomial with logit link (glmer, <c>family = binomial</c>): 0/1 or <c>cbind(successes, failures)</c>.</summary>
    Binomial,
    /// <summary>Poisson with log link (glmer, <c>family = poisson</c>).</summary>
    Poisson,
}

/// <summary>Denominator degrees of freedom for the t tests of a linear mixed model's fixed effects.</summary>
public enum DenominatorDf
{
    /// <summary>Satterthwaite's approximation as lmerTest (the default).</summary>
    Satterthwaite,
    /// <summary>Kenward–Roger: adjusted covariance and df as pbkrtest (REML fits only), as lmerTest's <c>ddf = "Kenward-Roger"</c>.</summary>
    KenwardRoger,
    /// <summary>No df and no p-values (lme4's own <c>summary</c>).</summary>
    None,
}

public sealed record MixedOptions
{
    /// <summary>REML (lme4's default) or maximum likelihood; GLMMs are always fitted by (approximate) ML.</summary>
    public bool Reml { get; init; } = true;
    /// <summary>Budget of deviance evaluations; exceeding it is reported as non-convergence.</summary>
    public int MaxEvaluations { get; init; } = 20_000;
    public MixedFamily Family { get; init; } = MixedFamily.Gaussian;
    /// <summary>GLMM only: 1 = Laplace approximation (glmer's default), &gt; 1 = adaptive Gauss–Hermite quadrature with
    /// this many points (a single scalar random-effects term only), 0 = glmer's nAGQ = 0 (β estimated inside PIRLS).</summary>
    public int Nagq { get; init; } = 1;
    /// <summary>Column of prior weights (lme4's <c>weights</c>); null for none.</summary>
    public string? Weights { get; init; }
    /// <summary>Linear mixed models: how the t tests of the fixed effects get their df.</summary>
    public DenominatorDf Ddf { get; init; } = DenominatorDf.Satterthwaite;
}

/// <summary>Conditional modes of one random term: <see cref="Values"/> is levels × terms, row-major.</summary>
public sealed record RandomEffects(string Group, IReadOnlyList<string> Terms, IReadOnlyList<string> Levels, double[] Values)
{
    public double this[string level, string term]
    {
        get
        {
            int l = Levels.ToList().IndexOf(level), t = Terms.ToList().IndexOf(term);
            if (l < 0 || t < 0) throw new KeyNotFoundException($"{Group}: no level '{level}' or term '{term}'");
            return Values[l * Terms.Count + t];
        }
    }
}

/// <summary>One row of lme4's <c>as.data.frame(VarCorr(fit))</c>: a variance (Term2 null) or a covariance
/// between Term and Term2 (with its correlation).</summary>
public sealed record VarianceComponent(string Group, string Term, string? Term2, double Variance, double Sd, double? Correlation);

/// <summary>
/// What the optimiser reports at the optimum, as lme4's convergence checks: the finite-difference gradient of the
/// criterion (max |g| after scaling by the Hessian, lme4's <c>check.conv.grad</c>), whether the Hessian is positive
/// definite (<c>check.conv.hess</c>), and the number of criterion evaluations.
/// </summary>
public sealed record ConvergenceInfo(bool Converged, double MaxGradient, bool? HessianPositiveDefinite, double? MinHessianEigenvalue, int Evaluations, IReadOnlyList<string> Warnings);

public sealed class MixedResult
{
    public required int N { get; init; }
    /// <summary>Fixed effects: Wald statistics, and — as lmerTest for linear models (Satterthwaite or Kenward–Roger t
    /// tests, <see cref="Coefficient.Df"/> set) or as <c>summary(glmer)</c> (z tests, Df null) — p-values and intervals;
    /// NaN p-values and limits with <see cref="DenominatorDf.None"/>, as lme4's own summary.</summary>
    public required IReadOnlyList<Coefficient> Fixed { get; init; }
    /// <summary>Variances and covariances of the random effects in lme4's order (variances of a group, then its covariances).</summary>
    public required IReadOnlyList<VarianceComponent> Random { get; init; }
    /// <summary>σ² of a linear mixed model; 1 for binomial and Poisson GLMMs (lme4's <c>sigma()</c>).</summary>
    public required double ResidualVariance { get; init; }
    public double ResidualSd => Math.Sqrt(ResidualVariance);
    /// <summary>lme4's logLik: −½ of the optimised criterion (REML criterion, deviance, Laplace or AGQ deviance).</summary>
    public required double LogLik { get; init; }
    /// <summary>The optimised criterion: REML criterion or deviance (−2 logLik).</summary>
    public required double Criterion { get; init; }
    public required bool Reml { get; init; }
    /// <summary>lme4's θ (relative covariance factors, column-wise lower triangles, terms in lme4 order).</summary>
    public required double[] Theta { get; init; }
    /// <summary>Covariance of the fixed effects, row-major (for Kenward–Roger: the adjusted covariance).</summary>
    public required double[] Covariance { get; init; }
    /// <summary>Grouping factors (lme4 names) and their numbers of levels.</summary>
    public required IReadOnlyList<(string Group, int Levels)> Groups { get; init; }
    /// <summary>True when a variance component is on the boundary (lme4's "boundary (singular) fit").</summary>
    public required bool Singular { get; init; }
    public required int Evaluations { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    /// <summary>Conditional modes of the random effects (lme4's <c>ranef</c>), one table per random term.</summary>
    public required IReadOnlyList<RandomEffects> Modes { get; init; }
    public MixedFamily Family { get; init; } = MixedFamily.Gaussian;
    /// <summary>GLMM: Laplace (1) or the number of adaptive Gauss–Hermite points; 0 for linear mixed models.</summary>
    public int Nagq { get; init; }
    public ConvergenceInfo? Convergence { get; init; }
    public bool Converged => Convergence?.Converged ?? true;
    /// <summary>How <see cref="Coefficient.Df"/> was obtained (linear mixed models).</summary>
    public DenominatorDf? Ddf { get; init; }
    /// <summary>Number of fixed-effect parameters (rank of X).</summary>
    public int P => Fixed.Count;
    /// <summary>Parameters counted by logLik's df: θ, β and σ (linear mixed models only).</summary>
    public int Df => Theta.Length + P + (Family == MixedFamily.Gaussian ? 1 : 0);
    public double Aic => -2 * LogLik + 2 * Df;
    public double Bic => -2 * LogLik + Math.Log(N) * Df;

    /// <summary>The fitted model's criterion as a function of its parameters, kept for inference after the fit
    /// (Satterthwaite, Kenward–Roger, profiles).</summary>
    internal LmmEngine? Lmm { get; init; }
    internal GlmmEngine? Glmm { get; init; }
}
