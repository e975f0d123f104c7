using MathNet.Numerics;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// The response families of glmer with their canonical links, computed as lme4's compiled <c>glmFamily</c> does — not
/// as R's <c>binomial()</c>/<c>poisson()</c> objects that <see cref="Glm.GlmFamily"/> mirrors for glm.fit, whose links
/// clamp differently and whose aic lacks the binomial trials —
/// (src/glmFamily.cpp): the logit inverse clamped to [ε, 1 − ε], μ.η and the binomial variance bounded below by ε,
/// the log link's inverse bounded below by ε; deviance residuals and the <c>aic()</c> term (−2 log-likelihood,
/// binomial coefficients included, rounded counts as R's <c>dbinom</c>) that enters the Laplace deviance.
/// </summary>
internal abstract class Lme4Family
{
    protected const double Eps = 2.220446049250313e-16;

    public abstract string Name { get; }
    public abstract string Link { get; }
    public abstract double LinkInverse(double eta);
    public abstract double MuEta(double eta);
    public abstract double Variance(double mu);
    public abstract double LinkFunction(double mu);
    /// <summary>Deviance residual of one observation with prior weight <paramref name="wt"/>.</summary>
    public abstract double DevianceResidual(double y, double mu, double wt);
    /// <summary>−2 log-likelihood of the observations (<c>family$aic</c> without the 2·rank term).</summary>
    public abstract double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> trials, ReadOnlySpan<double> mu, ReadOnlySpan<double> wt);
    /// <summary>The starting mean of <c>family$initialize</c>.</summary>
    public abstract double StartMean(double y, double wt);

    /// <summary>μ = g⁻¹(η) and dμ/dη for every observation in one pass (one exponential each); returns the sum of the
    /// deviance residuals. Same values as <see cref="LinkInverse"/>, <see cref="MuEta"/> and
    /// <see cref="DevianceResidual"/> one by one.</summary>
    public virtual double Update(ReadOnlySpan<double> eta, Span<double> mu, Span<double> muEta, ReadOnlySpan<double> y, ReadOnlySpan<double> wt)
    {
        double s = 0;
        for (int i = 0; i < eta.Length; i++)
        {
            mu[i] = LinkInverse(eta[i]);
            muEta[i] = MuEta(eta[i]);
            s += DevianceResidual(y[i], mu[i], wt[i]);
        }
        return s;
    }

    public static Lme4Family For(MixedFamily family) => family switch
    {
        MixedFamily.Binomial => new BinomialLogit(),
        MixedFamily.Poisson => new PoissonLog(),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "not a GLMM family"),
    };

    protected static double YLogY(double y, double mu)
    {
        double v = y / mu;
        return y * (v != 0 ? Math.Log(v) : v);
    }

    private sealed class BinomialLogit : Lme4Family
    {
        public override string Name => "binomial";
        public override string Link => "logit";

        public override double LinkInverse(double eta)
        {
            double p = eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
            return Math.Max(Eps, Math.Min(1 - Eps, p));
        }

        public override double MuEta(double eta)
        {
            double e = Math.Exp(-Math.Abs(eta));
            return Math.Max(Eps, e / ((1 + e) * (1 + e)));
        }

        public override double Variance(double mu) => Math.Max(Eps, mu * (1 - mu));
        public override double LinkFunction(double mu) => Math.Log(mu / (1 - mu));
        public override double DevianceResidual(double y, double mu, double wt) => 2 * wt * (YLogY(y, mu) + YLogY(1 - y, 1 - mu));

        public override double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> trials, ReadOnlySpan<double> mu, ReadOnlySpan<double> wt)
        {
            // m = n when any n > 1 (cbind), else the prior weights
            bool useN = false;
            if (!trials.IsEmpty) foreach (var t in trials) if (t > 1) { useN = true; break; }
            double ans = 0;
            for (int i = 0; i < mu.Length; i++)
            {
                double mRaw = useN ? trials[i] : wt[i];
                double k = Math.Round(mRaw * y[i], MidpointRounding.ToEven);
                double m = Math.Round(mRaw, MidpointRounding.ToEven);
                if (m <= 0) continue;
                ans += wt[i] / m * LogDbinom(k, m, mu[i]);
            }
            return -2 * ans;
        }

        public override double StartMean(double y, double wt) => (wt * y + 0.5) / (wt + 1);

        public override double Update(ReadOnlySpan<double> eta, Span<double> mu, Span<double> muEta, ReadOnlySpan<double> y, ReadOnlySpan<double> wt)
        {
            double s = 0;
            for (int i = 0; i < eta.Length; i++)
            {
                double et = eta[i];
                double e = Math.Exp(-Math.Abs(et));
                double op = 1 + e;
                double p = et >= 0 ? 1 / op : e / op;
                double m = Math.Max(Eps, Math.Min(1 - Eps, p));
                mu[i] = m;
                muEta[i] = Math.Max(Eps, e / (op * op));
                double yi = y[i];
                double d = yi == 1 ? -Math.Log(m) : yi == 0 ? -Math.Log(1 - m) : YLogY(yi, m) + YLogY(1 - yi, 1 - m);
                s += 2 * wt[i] * d;
            }
            return s;
        }

        private static double LogDbinom(double k, double m, double p)
        {
            if (k < 0 || k > m) return double.NegativeInfinity;
            double lchoose = SpecialFunctions.GammaLn(m + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(m - k + 1);
            double a = k == 0 ? 0 : k * Math.Log(p);
            double b = m - k == 0 ? 0 : (m - k) * Math.Log(1 - p);
            return lchoose + a + b;
        }
    }

    private sealed class PoissonLog : Lme4Family
    {
        public override string Name => "poisson";
        public override string Link => "log";
        public override double LinkInverse(double eta) => Math.Max(Eps, Math.Exp(eta));
        public override double MuEta(double eta) => Math.Max(Eps, Math.Exp(eta));
        public override double Variance(double mu) => mu;
        public override double LinkFunction(double mu) => Math.Log(mu);
        public override double DevianceResidual(double y, double mu, double wt) => 2 * wt * (YLogY(y, mu) - (y - mu));

        public override double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> trials, ReadOnlySpan<double> mu, ReadOnlySpan<double> wt)
        {
            double ans = 0;
            for (int i = 0; i < mu.Length; i++)
            {
                double ld = (y[i] == 0 ? 0 : y[i] * Math.Log(mu[i])) - mu[i] - SpecialFunctions.GammaLn(y[i] + 1);
                ans += ld * wt[i];
            }
            return -2 * ans;
        }

        public override double StartMean(double y, double wt) => y + 0.1;

        public override double Update(ReadOnlySpan<double> eta, Span<double> mu, Span<double> muEta, ReadOnlySpan<double> y, ReadOnlySpan<double> wt)
        {
            double s = 0;
            for (int i = 0; i < eta.Length; i++)
            {
                double m = Math.Max(Eps, Math.Exp(eta[i]));
                mu[i] = m;
                muEta[i] = m;
                s += DevianceResidual(y[i], m, wt[i]);
            }
            return s;
        }
    }
}
