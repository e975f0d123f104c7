using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// t tests for the fixed effects of a fitted linear mixed model, chosen after the fit as lmerTest's
/// <c>summary(fit, ddf = ...)</c>: Satterthwaite df (the standard errors stay lme4's), Kenward–Roger (standard errors
/// from the adjusted covariance, df from pbkrtest), or none.
/// </summary>
public static class MixedInference
{
    public static MixedResult Apply(MixedResult fit, DenominatorDf ddf)
    {
        if (fit.Lmm is not { } e || ddf == DenominatorDf.None) return WithTests(fit, fit.Fixed, fit.Covariance, ddf, []);
        int p = fit.P;
        var rows = new List<Coefficient>(p);
        var cov = fit.Covariance;
        var warnings = new List<string>();
        if (p == 0) return WithTests(fit, fit.Fixed, cov, ddf, []);
        if (ddf == DenominatorDf.Satterthwaite)
        {
            var s = new Satterthwaite(e);
            warnings.AddRange(s.Warnings);
            for (int a = 0; a < p; a++)
            {
                var l = new double[p];
                l[a] = 1;
                var fe = fit.Fixed[a];
                double df = s.Df(l, cov);
                rows.Add(Test(fe, fe.StdError, df));
            }
        }
        else
        {
            var kr = new KenwardRoger(e);
            var adj = kr.AdjustedCovariance;
            var flat = new double[p * p];
            for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) flat[i * p + j] = adj[i, j];
            for (int a = 0; a < p; a++)
            {
                var l = new double[p];
                l[a] = 1;
                var fe = fit.Fixed[a];
                double se = Math.Sqrt(adj[a, a]);
                double df = kr.Df(l, cov);
                rows.Add(Test(fe, se, df));
            }
            cov = flat;
        }
        return WithTests(fit, rows, cov, ddf, warnings);
    }

    /// <summary>The t test and 95% interval of a coefficient with standard error <paramref name="se"/> on <paramref name="df"/>.</summary>
    private static Coefficient Test(Coefficient fe, double se, double df)
    {
        var t = CoefficientTable.Wald([fe.Term], [fe.Estimate], [se * se], 0.95, double.IsFinite(df) && df > 0 ? df : 0);
        return t.Rows[0] with { Df = df };
    }

    private static MixedResult WithTests(MixedResult f, IReadOnlyList<Coefficient> rows, double[] cov, DenominatorDf ddf, List<string> warnings) => new()
    {
        N = f.N, Fixed = rows, Random = f.Random, ResidualVariance = f.ResidualVariance, LogLik = f.LogLik, Criterion = f.Criterion,
        Reml = f.Reml, Theta = f.Theta, Covariance = cov, Groups = f.Groups, Singular = f.Singular, Evaluations = f.Evaluations,
        Notes = warnings.Count == 0 ? f.Notes : f.Notes.Concat(warnings.Select(w => "warning: " + w)).ToList(),
        Modes = f.Modes, Family = f.Family, Nagq = f.Nagq, Convergence = f.Convergence, Ddf = f.Lmm is null ? null : ddf, Lmm = f.Lmm, Glmm = f.Glmm,
    };
}
