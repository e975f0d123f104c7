using Cohesion.Statistics.Optimization;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Mixed;

/// <summary>A fitted linear mixed model's profiled deviance, kept for inference after the fit.</summary>
internal sealed class LmmEngine
{
    public required ProfiledDeviance Deviance { get; init; }
    public required MixedDesign Design { get; init; }
    public required bool Reml { get; init; }
    public required double[] Theta { get; init; }
    public required double Sigma { get; init; }
    /// <summary>Prior weights at the rows used (null: unweighted).</summary>
    public double[]? Weights { get; init; }
    /// <summary>The response at the rows used, offsets removed (unweighted, unshifted).</summary>
    public required double[] Response { get; init; }
}

/// <summary>
/// Linear mixed models with lme4 semantics (Bates, Mächler, Bolker &amp; Walker 2015): <c>y ~ x + (1|g)</c>, nested
/// <c>(1|a/b)</c>, correlated random slopes <c>(x|g)</c>, uncorrelated <c>(x||g)</c>, crossed factors; REML or ML by
/// minimising the profiled deviance over θ with bounds; prior weights and offsets; lme4's term order (by number of
/// levels, decreasing), VarCorr names (<c>g</c>, <c>g.1</c> for repeated factors, <c>b:a</c> for nested), vcov-based
/// standard errors, and logLik (−½ of the optimised criterion, as lme4 reports it for REML fits too). The t tests get
/// Satterthwaite (default) or Kenward–Roger df as lmerTest (see <see cref="MixedInference"/>).
/// </summary>
public static class LinearMixedModel
{
    public static MixedResult Fit(DataFrame data, string formula, MixedOptions? options = null) =>
        Fit(data, ModelFormula.Parse(formula), options);

    public static MixedResult Fit(DataFrame data, ModelFormula formula, MixedOptions? options = null)
    {
        options ??= new MixedOptions();
        if (options.Family != MixedFamily.Gaussian) return GeneralizedLinearMixedModel.Fit(data, formula, options);
        var (design, y, weights, offset) = MixedInputs.Prepare(data, formula, options.Weights, gaussian: true);
        if (offset is not null) for (int i = 0; i < y.Length; i++) y[i] -= offset[i];
        var fit = FitDesign(design, y, weights, options);
        return MixedInference.Apply(fit, options.Ddf);
    }

    internal static MixedResult FitDesign(MixedDesign design, double[] y, double[]? weights, MixedOptions options)
    {
        int n = design.N, p = design.P;
        var xNames = design.XNames;
        var blocks = design.Blocks;
        var groupNames = design.GroupNames;
        var notes = new List<string>(design.Notes);
        bool hasIntercept = design.HasIntercept;
        var pd = new ProfiledDeviance(design.X, n, p, blocks);
        double[]? sw = null;
        if (weights is not null)
        {
            sw = new double[n];
            double ldw = 0;
            for (int i = 0; i < n; i++) { sw[i] = Math.Sqrt(weights[i]); ldw += Math.Log(weights[i]); }
            pd.PriorWeightsLogSum = ldw;
        }
        pd.Accumulate(y, sw, hasIntercept);
        bool reml = options.Reml;
        var res = BoundedOptimizer.Minimize(th =>
        {
            var ev = pd.Evaluate(th, reml);
            return ev.Ok ? ev.Deviance : double.PositiveInfinity;
        }, pd.Start(), pd.LowerBounds(), options.MaxEvaluations);
        if (!res.Converged || !double.IsFinite(res.F))
            throw new ModelException($"the mixed model did not converge: {res.Message ?? "the deviance is not finite"}; simplify the random-effects structure or rescale the variables");
        var theta = res.X;
        var final = pd.Evaluate(theta, reml, full: true);
        if (!final.Ok) throw new ModelException("the mixed model could not be evaluated at the optimum");
        double sigma2 = final.Pwrss / (reml ? n - p : n);
        var modes = pd.ConditionalModes(theta, final.Beta);
        var beta = (double[])final.Beta.Clone();
        if (hasIntercept) beta[Array.IndexOf(xNames, "(Intercept)")] += pd.ResponseShift;
        var cov = new double[p * p];
        for (int i = 0; i < cov.Length; i++) cov[i] = sigma2 * final.RxInverse[i];
        var fixedEff = new List<Coefficient>(p);
        for (int a = 0; a < p; a++)
        {
            double se = Math.Sqrt(cov[a * p + a]);
            fixedEff.Add(new Coefficient(xNames[a], beta[a], se, beta[a] / se, double.NaN, double.NaN, double.NaN));
        }
        var (random, singular) = VarianceComponents(pd, blocks, groupNames, theta, sigma2);
        if (singular) notes.Add("boundary (singular) fit: a variance component is estimated as zero (or a correlation as ±1)");
        return new MixedResult
        {
            N = n, Fixed = fixedEff, Random = random, ResidualVariance = sigma2, LogLik = -res.F / 2, Criterion = res.F, Reml = reml,
            Theta = theta, Covariance = cov, Groups = blocks.Select((b, i) => (groupNames[i], b.Levels)).ToList(), Singular = singular,
            Evaluations = res.Evaluations, Notes = notes,
            Modes = blocks.Select((b, i) => new RandomEffects(groupNames[i], b.TermNames, b.LevelNames, modes[i])).ToList(),
            Convergence = new ConvergenceInfo(true, res.MaxGradient, res.HessianPositiveDefinite, res.MinHessianEigenvalue, res.Evaluations, []),
            Lmm = new LmmEngine { Deviance = pd, Design = design, Reml = reml, Theta = theta, Sigma = Math.Sqrt(sigma2), Weights = weights, Response = y },
        };
    }

    /// <summary>lme4's VarCorr rows: Σ_t = scale · T Tᵀ per term; singular when a diagonal θ is zero.</summary>
    internal static (List<VarianceComponent> Rows, bool Singular) VarianceComponents(ProfiledDeviance pd, RandomBlock[] blocks, string[] groupNames, double[] theta, double scale)
    {
        var factors = pd.Factors(theta);
        var random = new List<VarianceComponent>();
        bool singular = false;
        int o = 0;
        for (int t = 0; t < blocks.Length; t++)
        {
            var b = blocks[t];
            int k = b.K;
            var T = factors[t];
            var s = new double[k * k];
            for (int r = 0; r < k; r++)
            for (int c = 0; c < k; c++)
            {
                double v = 0;
                for (int a = 0; a < k; a++) v += T[r * k + a] * T[c * k + a];
                s[r * k + c] = scale * v;
            }
            for (int c = 0; c < k; c++)
            {
                if (theta[o] == 0) singular = true;
                o += k - c;
            }
            for (int r = 0; r < k; r++)
                random.Add(new VarianceComponent(groupNames[t], b.TermNames[r], null, s[r * k + r], Math.Sqrt(s[r * k + r]), null));
            for (int c = 0; c < k; c++)
            for (int r = c + 1; r < k; r++)
            {
                double denom = Math.Sqrt(s[r * k + r] * s[c * k + c]);
                double corr = denom > 0 ? s[r * k + c] / denom : double.NaN;
                random.Add(new VarianceComponent(groupNames[t], b.TermNames[c], b.TermNames[r], s[r * k + c], double.NaN, corr));
            }
        }
        return (random, singular);
    }
}
