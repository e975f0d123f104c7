using MathNet.Numerics;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// An error distribution and link function for <see cref="GeneralizedLinearModel"/>, with R's own formulas
/// (<c>stats::family</c> objects): gaussian (identity link), binomial and quasibinomial (logit), poisson and
/// quasipoisson (log). The link, variance, deviance residuals, starting values and response checks are those of
/// R's <c>glm.fit</c>, including its clamped logit and exponential inverses, so fits agree with R to rounding.
/// The quasi families have the same mean model; they differ only in that the dispersion is estimated and the
/// likelihood (AIC) is undefined.
/// </summary>
public abstract class GlmFamily
{
    private protected GlmFamily() { }

    /// <summary>R's <c>family$family</c>: gaussian, binomial, quasibinomial, poisson, quasipoisson.</summary>
    public abstract string Name { get; }
    /// <summary>R's <c>family$link</c>.</summary>
    public abstract string Link { get; }
    /// <summary>True for families whose dispersion is estimated in <c>summary.glm</c> (gaussian and the quasi ones).</summary>
    public abstract bool EstimatesDispersion { get; }

    public abstract double LinkFunction(double mu);
    public abstract double LinkInverse(double eta);
    /// <summary>dμ/dη (R's <c>mu.eta</c>).</summary>
    public abstract double MuEta(double eta);
    public abstract double Variance(double mu);
    /// <summary>Contribution of one observation to the deviance (R's <c>dev.resids</c>).</summary>
    public abstract double DevianceResidual(double y, double mu, double weight);
    /// <summary>R's <c>validmu</c> for one fitted value.</summary>
    public virtual bool ValidMu(double mu) => true;

    /// <summary>R's <c>family$initialize</c> check: why a response value does not fit this family, or null.</summary>
    public abstract string? InvalidResponse(double y);

    /// <summary>R's <c>family$initialize</c>: the starting mean of a (valid) response value. <paramref name="y"/> may be
    /// changed (binomial: y = 0 where the weight is 0).</summary>
    internal abstract double StartingMean(ref double y, double weight);

    /// <summary>R's <c>family$aic</c> (without the 2·rank term); NaN for the quasi families.</summary>
    internal abstract double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> weights, double deviance);

    public override string ToString() => $"{Name}({Link})";

    private static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly GlmFamily Gaussian = new GaussianFamily();
    public static readonly GlmFamily Binomial = new BinomialFamily(quasi: false);
    public static readonly GlmFamily QuasiBinomial = new BinomialFamily(quasi: true);
    public static readonly GlmFamily Poisson = new PoissonFamily(quasi: false);
    public static readonly GlmFamily QuasiPoisson = new PoissonFamily(quasi: true);

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson"];

    /// <summary>The family called <paramref name="name"/> (R's spelling, case-insensitive).</summary>
    public static GlmFamily Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "gaussian" => Gaussian,
        "binomial" => Binomial,
        "quasibinomial" => QuasiBinomial,
        "poisson" => Poisson,
        "quasipoisson" => QuasiPoisson,
        _ => throw new CohesionException($"unknown family '{name}'; choose one of {string.Join(", ", Names)}"),
    };

    /// <summary>True for the binomial and quasibinomial families (logit link: odds ratios make sense).</summary>
    public bool IsBinomial => this is BinomialFamily;

    private sealed class GaussianFamily : GlmFamily
    {
        public override string Name => "gaussian";
        public override string Link => "identity";
        public override bool EstimatesDispersion => true;
        public override double LinkFunction(double mu) => mu;
        public override double LinkInverse(double eta) => eta;
        public override double MuEta(double eta) => 1;
        public override double Variance(double mu) => 1;
        public override double DevianceResidual(double y, double mu, double weight) => weight * (y - mu) * (y - mu);
        public override string? InvalidResponse(double y) => double.IsFinite(y) ? null : $"family gaussian needs a finite outcome; got {y}";
        internal override double StartingMean(ref double y, double weight) => y;

        internal override double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> weights, double deviance)
        {
            int n = y.Length;
            double logW = 0;
            foreach (var w in weights) logW += Math.Log(w);
            return n * (Math.Log(deviance / n * 2 * Math.PI) + 1) + 2 - logW;
        }
    }

    private sealed class BinomialFamily(bool quasi) : GlmFamily
    {
        private const double Thresh = 30, MThresh = -30;
        private static readonly double Eps = Math.Pow(2, -52);
        private static readonly double InvEps = 1 / Eps;

        public override string Name => quasi ? "quasibinomial" : "binomial";
        public override string Link => "logit";
        public override bool EstimatesDispersion => quasi;
        public override double LinkFunction(double mu) => Math.Log(mu / (1 - mu));

        /// <summary>R's C <c>logit_linkinv</c>.</summary>
        public override double LinkInverse(double eta)
        {
            double t = eta < MThresh ? Eps : eta > Thresh ? InvEps : Math.Exp(eta);
            return t / (1 + t);
        }

        /// <summary>R's C <c>logit_mu_eta</c>.</summary>
        public override double MuEta(double eta)
        {
            if (eta > Thresh || eta < MThresh) return Eps;
            double e = Math.Exp(eta), op = 1 + e;
            return e / (op * op);
        }

        public override double Variance(double mu) => mu * (1 - mu);
        public override bool ValidMu(double mu) => double.IsFinite(mu) && mu > 0 && mu < 1;

        private static double YLogY(double y, double mu) => y != 0 ? y * Math.Log(y / mu) : 0;
        public override double DevianceResidual(double y, double mu, double weight) => 2 * weight * (YLogY(y, mu) + YLogY(1 - y, 1 - mu));

        public override string? InvalidResponse(double y) => y >= 0 && y <= 1 ? null :
            $"family {Name} needs an outcome coded 0/1 (or proportions): {Fmt(y)} is not in [0, 1]";

        internal override double StartingMean(ref double y, double weight)
        {
            if (weight == 0) y = 0;
            return (weight * y + 0.5) / (weight + 1);
        }

        internal override double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> weights, double deviance)
        {
            if (quasi) return double.NaN;
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double m = weights[i];
                if (m <= 0) continue;
                s += LogBinomialDensity(Math.Round(m * y[i]), Math.Round(m), mu[i]);
            }
            return -2 * s;
        }

        /// <summary>log dbinom(k; n, p), 0·log 0 = 0.</summary>
        private static double LogBinomialDensity(double k, double n, double p)
        {
            if (n == 0) return 0;
            double lc = SpecialFunctions.GammaLn(n + 1) - SpecialFunctions.GammaLn(k + 1) - SpecialFunctions.GammaLn(n - k + 1);
            double a = k > 0 ? k * Math.Log(p) : 0;
            double b = n - k > 0 ? (n - k) * Math.Log(1 - p) : 0;
            return lc + a + b;
        }
    }

    private sealed class PoissonFamily(bool quasi) : GlmFamily
    {
        private static readonly double Eps = Math.Pow(2, -52);
        public override string Name => quasi ? "quasipoisson" : "poisson";
        public override string Link => "log";
        public override bool EstimatesDispersion => quasi;
        public override double LinkFunction(double mu) => Math.Log(mu);
        public override double LinkInverse(double eta) => Math.Max(Math.Exp(eta), Eps);
        public override double MuEta(double eta) => Math.Max(Math.Exp(eta), Eps);
        public override double Variance(double mu) => mu;
        public override bool ValidMu(double mu) => double.IsFinite(mu) && mu > 0;

        public override double DevianceResidual(double y, double mu, double weight) =>
            2 * (y > 0 ? weight * (y * Math.Log(y / mu) - (y - mu)) : mu * weight);

        public override string? InvalidResponse(double y) => y >= 0 && double.IsFinite(y) ? null :
            $"family {Name} needs a non-negative count outcome; got {Fmt(y)}";

        internal override double StartingMean(ref double y, double weight) => y + 0.1;

        internal override double Aic(ReadOnlySpan<double> y, ReadOnlySpan<double> mu, ReadOnlySpan<double> weights, double deviance)
        {
            if (quasi) return double.NaN;
            double s = 0;
            for (int i = 0; i < y.Length; i++)
            {
                double yi = y[i], w = weights[i];
                double logd = yi != Math.Floor(yi) ? double.NegativeInfinity
                    : yi == 0 ? -mu[i] : yi * Math.Log(mu[i]) - mu[i] - SpecialFunctions.GammaLn(yi + 1);
                s += w == 0 ? 0 : logd * w;
            }
            return -2 * s;
        }
    }
}
