using MathNet.Numerics;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// The escalc measures beyond the first eight, with metafor's default sampling variances (<c>vtype = "LS"</c>) and
/// zero-cell handling (<c>add = 1/2, to = "only0"</c>; <c>add = 0</c> for AS, PHI, RTET, PAS, PFT, IRS and IRFT, as escalc).
/// Values escalc turns into NA (log of a non-positive mean, ±Inf, negative variances) are NaN here, so the row is
/// dropped with a note; inputs escalc rejects (negative counts or SDs, |r| &gt; 1, non-positive sizes) throw,
/// naming escalc's argument as the column.
/// </summary>
public static partial class EffectSizes
{
    /// <summary>The escalc arguments a measure needs (bi/di may also come from n1i/n2i, mi from ni).</summary>
    public static string[] RequiredInputs(EffectMeasure m) => m switch
    {
        EffectMeasure.ZCOR or EffectMeasure.COR or EffectMeasure.UCOR => ["ri", "ni"],
        EffectMeasure.SMD or EffectMeasure.MD or EffectMeasure.ROM or EffectMeasure.SMDH or EffectMeasure.CVR => ["m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i"],
        EffectMeasure.VR => ["sd1i", "n1i", "sd2i", "n2i"],
        EffectMeasure.SMCR => ["m1i", "m2i", "sd1i", "ni", "ri"],
        EffectMeasure.SMCC or EffectMeasure.SMCRH or EffectMeasure.MC or EffectMeasure.ROMC => ["m1i", "m2i", "sd1i", "sd2i", "ni", "ri"],
        EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.RD or EffectMeasure.PHI or EffectMeasure.RTET or EffectMeasure.YUQ
            or EffectMeasure.YUY or EffectMeasure.AS => ["ai", "bi", "ci", "di"],
        EffectMeasure.IRR or EffectMeasure.IRD => ["x1i", "t1i", "x2i", "t2i"],
        EffectMeasure.IR or EffectMeasure.IRLN or EffectMeasure.IRS or EffectMeasure.IRFT => ["xi", "ti"],
        EffectMeasure.PR or EffectMeasure.PLN or EffectMeasure.PLO or EffectMeasure.PAS or EffectMeasure.PFT => ["xi", "ni"],
        EffectMeasure.MN or EffectMeasure.MNLN or EffectMeasure.SMN => ["mi", "sdi", "ni"],
        _ => throw new ArgumentOutOfRangeException(nameof(m))
    };

    /// <summary>Effect sizes of <paramref name="measure"/> from escalc-named inputs (<paramref name="input"/> returns a column by
    /// escalc argument name).</summary>
    public static (double[] Yi, double[] Vi) Compute(EffectMeasure measure, Func<string, double[]> input)
    {
        switch (measure)
        {
            case EffectMeasure.ZCOR or EffectMeasure.COR: return Correlation(measure, input("ri"), input("ni"));
            case EffectMeasure.UCOR: return UnbiasedCorrelation(input("ri"), input("ni"));
            case EffectMeasure.SMD or EffectMeasure.MD:
                return Means(measure, input("m1i"), input("sd1i"), input("n1i"), input("m2i"), input("sd2i"), input("n2i"));
            case EffectMeasure.ROM or EffectMeasure.SMDH or EffectMeasure.CVR:
                return TwoGroupContinuous(measure, input("m1i"), input("sd1i"), input("n1i"), input("m2i"), input("sd2i"), input("n2i"));
            case EffectMeasure.VR:
            {
                var sd1 = input("sd1i"); var n1 = input("n1i");
                return TwoGroupContinuous(measure, Ones(sd1.Length), sd1, n1, Ones(sd1.Length), input("sd2i"), input("n2i"));
            }
            case EffectMeasure.SMCR:
            {
                var sd1 = input("sd1i");
                return PrePost(measure, input("m1i"), input("m2i"), sd1, sd1, input("ni"), input("ri"));
            }
            case EffectMeasure.SMCC or EffectMeasure.SMCRH or EffectMeasure.MC or EffectMeasure.ROMC:
                return PrePost(measure, input("m1i"), input("m2i"), input("sd1i"), input("sd2i"), input("ni"), input("ri"));
            case EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.RD: return TwoByTwo(measure, input("ai"), input("bi"), input("ci"), input("di"));
            case EffectMeasure.PHI or EffectMeasure.RTET or EffectMeasure.YUQ or EffectMeasure.YUY or EffectMeasure.AS:
                return Association(measure, input("ai"), input("bi"), input("ci"), input("di"));
            case EffectMeasure.IRR or EffectMeasure.IRD: return IncidenceRates(measure, input("x1i"), input("t1i"), input("x2i"), input("t2i"));
            case EffectMeasure.IR or EffectMeasure.IRLN or EffectMeasure.IRS or EffectMeasure.IRFT: return IncidenceRate(measure, input("xi"), input("ti"));
            case EffectMeasure.PLO: return Proportion(input("xi"), input("ni"));
            case EffectMeasure.PR or EffectMeasure.PLN or EffectMeasure.PAS or EffectMeasure.PFT: return Proportions(measure, input("xi"), input("ni"));
            case EffectMeasure.MN or EffectMeasure.MNLN or EffectMeasure.SMN: return SingleMeans(measure, input("mi"), input("sdi"), input("ni"));
            default: throw new ArgumentOutOfRangeException(nameof(measure));
        }
    }

    private static double[] Ones(int n) { var r = new double[n]; Array.Fill(r, 1.0); return r; }

    private static bool AnyNaN(params double[] x) { foreach (var v in x) if (double.IsNaN(v)) return true; return false; }

    /// <summary>escalc's final clean-up: ±Inf and NaN become missing, negative variances missing.</summary>
    private static void Clean(double[] y, double[] v, int i)
    {
        if (!double.IsFinite(y[i]) || !double.IsFinite(v[i])) { y[i] = v[i] = double.NaN; return; }
        if (v[i] < 0) v[i] = double.NaN;
    }

    private static void NonNegative(double x, string name, int i, string what = "count")
    {
        if (x < 0) throw new CohesionException($"negative {what} {x}", column: name, row: i + 1);
    }

    private static void Positive(double x, string name, int i, string what = "group size")
    {
        if (!(x > 0)) throw new CohesionException($"{what} {x} must be positive", column: name, row: i + 1);
    }

    /// <summary>ROM (log ratio of means), SMDH (heteroscedastic SMD, Bonett), CVR (log CV ratio) and VR (log variability ratio).</summary>
    public static (double[] Yi, double[] Vi) TwoGroupContinuous(EffectMeasure measure, double[] m1, double[] sd1, double[] n1, double[] m2, double[] sd2, double[] n2)
    {
        int k = n1.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (AnyNaN(m1[i], sd1[i], n1[i], m2[i], sd2[i], n2[i])) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(sd1[i], "sd1i", i, "standard deviation"); NonNegative(sd2[i], "sd2i", i, "standard deviation");
            Positive(n1[i], "n1i", i); Positive(n2[i], "n2i", i);
            double s1 = sd1[i] * sd1[i], s2 = sd2[i] * sd2[i];
            switch (measure)
            {
                case EffectMeasure.ROM:
                    y[i] = Math.Log(m1[i] / m2[i]);
                    v[i] = s1 / (n1[i] * m1[i] * m1[i]) + s2 / (n2[i] * m2[i] * m2[i]);
                    break;
                case EffectMeasure.SMDH:
                {
                    double c = HedgesCorrection(n1[i] + n2[i] - 2);
                    double si = Math.Sqrt((s1 + s2) / 2);
                    double g = c * (m1[i] - m2[i]) / si;
                    y[i] = g;
                    double vv = g * g * (s1 * s1 / (n1[i] - 1) + s2 * s2 / (n2[i] - 1)) / (2 * (s1 + s2) * (s1 + s2))
                                + (s1 / (n1[i] - 1) + s2 / (n2[i] - 1)) / ((s1 + s2) / 2);
                    v[i] = c * c * vv;
                    break;
                }
                case EffectMeasure.CVR:
                    y[i] = Math.Log(sd1[i] / m1[i]) + 1 / (2 * (n1[i] - 1)) - Math.Log(sd2[i] / m2[i]) - 1 / (2 * (n2[i] - 1));
                    v[i] = 1 / (2 * (n1[i] - 1)) + s1 / (n1[i] * m1[i] * m1[i]) + 1 / (2 * (n2[i] - 1)) + s2 / (n2[i] * m2[i] * m2[i]);
                    break;
                default: // VR
                    y[i] = Math.Log(sd1[i] / sd2[i]) + 1 / (2 * (n1[i] - 1)) - 1 / (2 * (n2[i] - 1));
                    v[i] = 1 / (2 * (n1[i] - 1)) + 1 / (2 * (n2[i] - 1));
                    break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>Pre-post designs of one group (m1i at the second, m2i at the first time point, ri their correlation):
    /// SMCR (standardised by the pre-test SD sd1i, Becker), SMCC (by the SD of the change), SMCRH, MC (raw change), ROMC.</summary>
    public static (double[] Yi, double[] Vi) PrePost(EffectMeasure measure, double[] m1, double[] m2, double[] sd1, double[] sd2, double[] ni, double[] ri)
    {
        int k = ni.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (AnyNaN(m1[i], m2[i], sd1[i], sd2[i], ni[i], ri[i])) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(sd1[i], "sd1i", i, "standard deviation");
            if (measure != EffectMeasure.SMCR) NonNegative(sd2[i], "sd2i", i, "standard deviation");
            if (ri[i] < -1 || ri[i] > 1) throw new CohesionException($"correlation {ri[i]} is outside [-1, 1]", column: "ri", row: i + 1);
            Positive(ni[i], "ni", i, "sample size");
            double n = ni[i], c = HedgesCorrection(n - 1);
            double change = sd1[i] * sd1[i] + sd2[i] * sd2[i] - 2 * ri[i] * sd1[i] * sd2[i];
            switch (measure)
            {
                case EffectMeasure.MC:
                    y[i] = m1[i] - m2[i];
                    v[i] = change / n;
                    break;
                case EffectMeasure.SMCC:
                    y[i] = c * (m1[i] - m2[i]) / Math.Sqrt(change);
                    v[i] = 1 / n + y[i] * y[i] / (2 * n);
                    break;
                case EffectMeasure.SMCR:
                    y[i] = c * (m1[i] - m2[i]) / sd1[i];
                    v[i] = 2 * (1 - ri[i]) / n + y[i] * y[i] / (2 * n);
                    break;
                case EffectMeasure.SMCRH:
                    y[i] = c * (m1[i] - m2[i]) / sd1[i];
                    v[i] = c * c * (change / (sd1[i] * sd1[i] * (n - 1)) + y[i] * y[i] / (2 * (n - 1)));
                    break;
                default: // ROMC
                    y[i] = Math.Log(m1[i] / m2[i]);
                    v[i] = sd1[i] * sd1[i] / (n * m1[i] * m1[i]) + sd2[i] * sd2[i] / (n * m2[i] * m2[i]) - 2 * ri[i] * sd1[i] * sd2[i] / (m1[i] * m2[i] * n);
                    break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>2×2 association measures: PHI (phi coefficient, LS variance), RTET (tetrachoric correlation, maximum
    /// likelihood as metafor's .rtet), YUQ and YUY (Yule's Q and Y), AS (arcsine risk difference).</summary>
    public static (double[] Yi, double[] Vi) Association(EffectMeasure measure, double[] ai, double[] bi, double[] ci, double[] di)
    {
        int k = ai.Length;
        var y = new double[k]; var v = new double[k];
        bool addHalf = measure is EffectMeasure.YUQ or EffectMeasure.YUY;
        for (int i = 0; i < k; i++)
        {
            double a = ai[i], b = bi[i], c = ci[i], d = di[i];
            if (AnyNaN(a, b, c, d)) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(a, "ai", i); NonNegative(b, "bi", i); NonNegative(c, "ci", i); NonNegative(d, "di", i);
            if (addHalf && (a == 0 || b == 0 || c == 0 || d == 0)) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
            double n1 = a + b, n2 = c + d, n = n1 + n2, p1 = a / n1, p2 = c / n2;
            switch (measure)
            {
                case EffectMeasure.PHI:
                {
                    double phi = (a * d - b * c) / Math.Sqrt((a + b) * (c + d) * (a + c) * (b + d));
                    double r1 = (a + b) / n, r2 = (c + d) / n, c1 = (a + c) / n, c2 = (b + d) / n;
                    y[i] = phi;
                    v[i] = 1 / n * (1 - phi * phi + phi * (1 + 0.5 * phi * phi) * (r1 - r2) * (c1 - c2) / Math.Sqrt(r1 * r2 * c1 * c2)
                                    - 0.75 * phi * phi * ((r1 - r2) * (r1 - r2) / (r1 * r2) + (c1 - c2) * (c1 - c2) / (c1 * c2)));
                    break;
                }
                case EffectMeasure.RTET:
                    (y[i], v[i]) = Tetrachoric.Estimate(a, b, c, d);
                    break;
                case EffectMeasure.YUQ:
                {
                    double or = a / b / (c / d);
                    y[i] = (or - 1) / (or + 1);
                    v[i] = 0.25 * Math.Pow(1 - y[i] * y[i], 2) * (1 / a + 1 / b + 1 / c + 1 / d);
                    break;
                }
                case EffectMeasure.YUY:
                {
                    double or = Math.Sqrt(a / b / (c / d));
                    y[i] = (or - 1) / (or + 1);
                    v[i] = 1.0 / 16 * Math.Pow(1 - y[i] * y[i], 2) * (1 / a + 1 / b + 1 / c + 1 / d);
                    break;
                }
                default: // AS
                    y[i] = Math.Asin(Math.Sqrt(p1)) - Math.Asin(Math.Sqrt(p2));
                    v[i] = 1 / (4 * n1) + 1 / (4 * n2);
                    break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>Two incidence rates (x1i events in t1i person-time vs x2i in t2i): IRR (log rate ratio) and IRD (rate
    /// difference); ½ added to both counts when one of them is zero.</summary>
    public static (double[] Yi, double[] Vi) IncidenceRates(EffectMeasure measure, double[] x1, double[] t1, double[] x2, double[] t2)
    {
        int k = x1.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            double a = x1[i], c = x2[i];
            if (AnyNaN(a, c, t1[i], t2[i])) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(a, "x1i", i); NonNegative(c, "x2i", i);
            Positive(t1[i], "t1i", i, "person-time"); Positive(t2[i], "t2i", i, "person-time");
            if (a == 0 || c == 0) { a += 0.5; c += 0.5; }
            double r1 = a / t1[i], r2 = c / t2[i];
            if (measure == EffectMeasure.IRR) { y[i] = Math.Log(r1) - Math.Log(r2); v[i] = 1 / a + 1 / c; }
            else { y[i] = r1 - r2; v[i] = r1 / t1[i] + r2 / t2[i]; }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>One incidence rate (xi events in ti person-time): IR, IRLN (log), IRS (square root), IRFT (Freeman–Tukey).</summary>
    public static (double[] Yi, double[] Vi) IncidenceRate(EffectMeasure measure, double[] xi, double[] ti)
    {
        int k = xi.Length;
        var y = new double[k]; var v = new double[k];
        bool add = measure is EffectMeasure.IR or EffectMeasure.IRLN;
        for (int i = 0; i < k; i++)
        {
            double x = xi[i], t = ti[i];
            if (AnyNaN(x, t)) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(x, "xi", i); Positive(t, "ti", i, "person-time");
            if (add && x == 0) x += 0.5;
            double r = x / t;
            switch (measure)
            {
                case EffectMeasure.IR: y[i] = r; v[i] = r / t; break;
                case EffectMeasure.IRLN: y[i] = Math.Log(r); v[i] = 1 / x; break;
                case EffectMeasure.IRS: y[i] = Math.Sqrt(r); v[i] = 1 / (4 * t); break;
                default: y[i] = 0.5 * (Math.Sqrt(r) + Math.Sqrt(r + 1 / t)); v[i] = 1 / (4 * t); break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>Proportions xi/ni: PR (raw), PLN (log), PAS (arcsine square root), PFT (Freeman–Tukey double arcsine);
    /// ½ added to events and non-events when either is zero (PR, PLN; not PAS, PFT).</summary>
    public static (double[] Yi, double[] Vi) Proportions(EffectMeasure measure, double[] xi, double[] ni)
    {
        int k = xi.Length;
        var y = new double[k]; var v = new double[k];
        bool add = measure is EffectMeasure.PR or EffectMeasure.PLN;
        for (int i = 0; i < k; i++)
        {
            double x = xi[i], n = ni[i];
            if (AnyNaN(x, n)) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(x, "xi", i);
            if (x > n) throw new CohesionException($"count {x} exceeds the sample size {n}", column: "xi", row: i + 1);
            Positive(n, "ni", i, "sample size");
            double m = n - x;
            if (add && (x == 0 || m == 0)) { x += 0.5; m += 0.5; }
            n = x + m;
            double p = x / n;
            switch (measure)
            {
                case EffectMeasure.PR: y[i] = p; v[i] = p * (1 - p) / n; break;
                case EffectMeasure.PLN: y[i] = Math.Log(p); v[i] = 1 / x - 1 / n; break;
                case EffectMeasure.PAS: y[i] = Math.Asin(Math.Sqrt(p)); v[i] = 1 / (4 * n); break;
                default:
                    y[i] = 0.5 * (Math.Asin(Math.Sqrt(x / (n + 1))) + Math.Asin(Math.Sqrt((x + 1) / (n + 1))));
                    v[i] = 1 / (4 * n + 2);
                    break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>UCOR: the approximately unbiased correlation r·₂F₁(½, ½; (n−2)/2; 1−r²) (Olkin–Pratt), LS variance
    /// (1−yᵢ²)²/(n−1); missing for n ≤ 4 (as escalc).</summary>
    public static (double[] Yi, double[] Vi) UnbiasedCorrelation(double[] ri, double[] ni)
    {
        int k = ri.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            double r = ri[i], n = ni[i];
            if (AnyNaN(r, n)) { y[i] = v[i] = double.NaN; continue; }
            if (r < -1 || r > 1) throw new CohesionException($"correlation {r} is outside [-1, 1]", column: "ri", row: i + 1);
            Positive(n, "ni", i, "sample size");
            double g = (n - 2) / 2;
            y[i] = g > 1 ? r * Hypergeometric.F21(0.5, 0.5, g, 1 - r * r) : double.NaN;
            v[i] = n <= 3 ? double.NaN : Math.Pow(1 - y[i] * y[i], 2) / (n - 1);
            Clean(y, v, i);
        }
        return (y, v);
    }

    /// <summary>Single-group means: MN (raw), MNLN (log), SMN (standardised, with Hedges' correction).</summary>
    public static (double[] Yi, double[] Vi) SingleMeans(EffectMeasure measure, double[] mi, double[] sdi, double[] ni)
    {
        int k = ni.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (AnyNaN(mi[i], sdi[i], ni[i])) { y[i] = v[i] = double.NaN; continue; }
            NonNegative(sdi[i], "sdi", i, "standard deviation");
            Positive(ni[i], "ni", i, "sample size");
            if (measure == EffectMeasure.MNLN && mi[i] < 0) throw new CohesionException($"negative mean {mi[i]}", column: "mi", row: i + 1);
            double n = ni[i];
            switch (measure)
            {
                case EffectMeasure.MN: y[i] = mi[i]; v[i] = sdi[i] * sdi[i] / n; break;
                case EffectMeasure.MNLN: y[i] = Math.Log(mi[i]); v[i] = sdi[i] * sdi[i] / (n * mi[i] * mi[i]); break;
                default:
                    y[i] = HedgesCorrection(n - 1) * mi[i] / sdi[i];
                    v[i] = 1 / n + y[i] * y[i] / (2 * n);
                    break;
            }
            Clean(y, v, i);
        }
        return (y, v);
    }
}

/// <summary>
/// The Gauss hypergeometric function ₂F₁(a, b; c; x) for a, b ≥ 0, c &gt; 0 and 0 ≤ x ≤ 1 (what UCOR needs), computed
/// the way GSL's <c>gsl_sf_hyperg_2F1</c> (2.7, which metafor calls through R's gsl package) computes it, so that UCOR
/// carries metafor's digits: the power series for x &lt; 0.995 or c &gt; 10, otherwise GSL's reflection to 1 − x
/// (Moshier), including its treatment of integer c − a − b; Gauss's sum at x = 1.
/// </summary>
public static class Hypergeometric
{
    private const double Eps = 2.220446049250313e-16;
    private const double LocEps = 1000.0 * Eps;
    private const double EulerGamma = 0.57721566490153286060651209008;

    public static double F21(double a, double b, double c, double x)
    {
        if (x < 0 || x > 1 || a < 0 || b < 0 || !(c > 0)) throw new ArgumentOutOfRangeException(nameof(x), "F21 is implemented for a, b >= 0, c > 0 and 0 <= x <= 1");
        if (x == 1)
        {
            if (!(c > a + b)) return double.NaN;
            return Math.Exp(SpecialFunctions.GammaLn(c) + SpecialFunctions.GammaLn(c - a - b) - SpecialFunctions.GammaLn(c - a) - SpecialFunctions.GammaLn(c - b));
        }
        if (Math.Abs(c - b) < LocEps || Math.Abs(c - a) < LocEps) return Math.Pow(1 - x, c - a - b);
        if (x < 0.995 || c > 10) return Series(a, b, c, x);
        return Reflect(a, b, c, x);
    }

    private static double Series(double a, double b, double c, double x)
    {
        double sum = 1, del = 1, k = 0;
        for (int i = 1; i <= 30000; i++)
        {
            del *= (a + k) * (b + k) * x / ((c + k) * (k + 1.0));
            sum += del;
            if (del == 0) break;
            k += 1;
            if (!(Math.Abs(del / sum) > Eps)) break;
        }
        return sum;
    }

    private static double Reflect(double a, double b, double c, double x)
    {
        double d = c - a - b;
        int intd = (int)Math.Floor(d + 0.5);
        double omx = 1 - x, lnOmx = Math.Log(omx);
        if (Math.Abs(d - intd) < LocEps)
        {
            // GSL's branch for integer c - a - b (d1 = d, d2 = 0 for d >= 0; d1 = 0, d2 = d otherwise)
            double ad = Math.Abs(d), d1 = d >= 0 ? d : 0, d2 = d >= 0 ? 0 : d;
            double lngC = SpecialFunctions.GammaLn(c);
            double f1 = 0;
            if (ad >= Eps)
            {
                double sum1 = 1, term = 1;
                for (int i = 1; i < ad; i++)
                {
                    int j = i - 1;
                    term *= (a + d2 + j) * (b + d2 + j) / (1.0 + d2 + j) / i * omx;
                    sum1 += term;
                }
                double lnPre1 = SpecialFunctions.GammaLn(ad) + lngC + d2 * lnOmx - SpecialFunctions.GammaLn(a + d1) - SpecialFunctions.GammaLn(b + d1);
                f1 = Math.Exp(lnPre1) * sum1;
            }
            double psi = -EulerGamma + SpecialFunctions.DiGamma(1.0 + ad) - SpecialFunctions.DiGamma(a + d1) - SpecialFunctions.DiGamma(b + d1) - lnOmx;
            double fact = 1, sum2 = psi;
            for (int j = 1; j < 2000; j++)
            {
                psi += 1.0 / j + 1.0 / (ad + j) - (1.0 / (a + d1 + j - 1.0) + 1.0 / (b + d1 + j - 1.0));
                fact *= (a + d1 + j - 1.0) * (b + d1 + j - 1.0) / ((ad + j) * j) * omx;
                double delta = fact * psi;
                sum2 += delta;
                if (Math.Abs(delta) < Eps * Math.Abs(sum2)) break;
            }
            double lnPre2 = lngC + d1 * lnOmx - SpecialFunctions.GammaLn(a + d2) - SpecialFunctions.GammaLn(b + d2);
            double f2 = sum2 == 0 ? 0 : Math.Exp(lnPre2) * sum2;
            return f1 + (intd % 2 != 0 ? -1.0 : 1.0) * f2;
        }
        // non-integer c - a - b: A&S 15.3.6
        var (lgca, sca) = LogGammaSign(c - a); var (lgcb, scb) = LogGammaSign(c - b);
        var (lga, sa) = LogGammaSign(a); var (lgb, sb) = LogGammaSign(b);
        var (lgc, sc) = LogGammaSign(c); var (lgd, sd) = LogGammaSign(d); var (lgmd, smd) = LogGammaSign(-d);
        double pre1 = sc * sd * sca * scb * Math.Exp(lgc + lgd - lgca - lgcb);
        double pre2 = sc * smd * sa * sb * Math.Exp(lgc + lgmd - lga - lgb + d * lnOmx);
        return pre1 * Series(a, b, 1.0 - d, omx) + pre2 * Series(c - a, c - b, 1.0 + d, omx);
    }

    private static (double LogAbs, double Sign) LogGammaSign(double x)
    {
        if (x > 0) return (SpecialFunctions.GammaLn(x), 1);
        // reflection; Γ(x) < 0 on (-1, 0), (-3, -2), ...
        double lg = Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - SpecialFunctions.GammaLn(1 - x);
        return (lg, Math.Floor(-x) % 2 == 0 ? -1 : 1);
    }
}
