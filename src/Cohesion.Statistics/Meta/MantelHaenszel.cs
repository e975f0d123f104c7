using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>A test statistic with its p-value (and df where the test has one).</summary>
public sealed record TestStatistic(double Statistic, double P, double Df = double.NaN);

/// <summary>
/// An equal-effects pooled estimate from tables (metafor's <c>rma.mh</c> / <c>rma.peto</c>): the estimate on the
/// analysis scale (log OR / log RR / RD / log IRR / IRD), its z test and CI, and Cochran's Q, I², H² from the
/// escalc effect sizes of the tables (<see cref="Yi"/>, <see cref="Vi"/>, NaN for tables escalc leaves out).
/// </summary>
public sealed record PooledTableFit
{
    public required string Method { get; init; }
    public required EffectMeasure Measure { get; init; }
    /// <summary>Tables used for the estimate (complete tables).</summary>
    public required int K { get; init; }
    /// <summary>Tables with an effect size (for Q: df = KYi − 1).</summary>
    public required int KYi { get; init; }
    public required double Estimate { get; init; }
    public required double Se { get; init; }
    public required double Z { get; init; }
    public required double P { get; init; }
    public required double CiLower { get; init; }
    public required double CiUpper { get; init; }
    public required double QE { get; init; }
    public required double QEp { get; init; }
    public required double I2 { get; init; }
    public required double H2 { get; init; }
    /// <summary>Cochran–Mantel–Haenszel test (OR, with continuity correction as metafor's default) or the
    /// Mantel–Haenszel rate test (IRR); null where metafor reports none.</summary>
    public TestStatistic? Cmh { get; init; }
    /// <summary>Tarone's test for heterogeneity of the odds ratios (Breslow–Day with Tarone's correction), df = k.pos − 1.</summary>
    public TestStatistic? Tarone { get; init; }
    /// <summary>Breslow–Day statistic without the correction.</summary>
    public TestStatistic? BreslowDay { get; init; }
    /// <summary>Per input row: the table's escalc effect size (add ½ to tables with a zero cell, all-zero tables dropped).</summary>
    public required double[] Yi { get; init; }
    public required double[] Vi { get; init; }
    /// <summary>Per input row: whether the table entered the estimate.</summary>
    public required bool[] Used { get; init; }
    public double Level { get; init; } = 0.95;
}

/// <summary>Mantel–Haenszel pooling of 2×2 tables (OR, RR, RD) and of incidence rates (IRR, IRD), as <c>rma.mh</c>
/// with its defaults (add = 1/2 and to = "only0" for the effect sizes of Q, none for the estimate, drop00 = TRUE for
/// the effect sizes, correct = TRUE for the CMH test).</summary>
public static class MantelHaenszel
{
    public static PooledTableFit Tables(EffectMeasure measure, double[] ai, double[] bi, double[] ci, double[] di, double level = 0.95, bool correct = true)
    {
        if (measure is not (EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.RD))
            throw new CohesionException($"the Mantel-Haenszel method for 2x2 tables takes OR, RR or RD, not {measure}");
        int n = ai.Length;
        var used = new bool[n];
        var (yAll, vAll) = TableEffectSizes(measure, ai, bi, ci, di);
        var a = new List<double>(); var b = new List<double>(); var c = new List<double>(); var d = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(ai[i]) || double.IsNaN(bi[i]) || double.IsNaN(ci[i]) || double.IsNaN(di[i])) continue;
            used[i] = true;
            a.Add(ai[i]); b.Add(bi[i]); c.Add(ci[i]); d.Add(di[i]);
        }
        int k = a.Count;
        if (k < 1) throw new CohesionException("no complete 2x2 table (k = 0)");
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double beta = double.NaN, se = double.NaN;
        TestStatistic? cmh = null, tarone = null, bd = null;
        var n1 = new double[k]; var n2 = new double[k]; var N = new double[k];
        for (int i = 0; i < k; i++) { n1[i] = a[i] + b[i]; n2[i] = c[i] + d[i]; N[i] = n1[i] + n2[i]; }
        switch (measure)
        {
            case EffectMeasure.OR:
            {
                double R = 0, S = 0, sPR = 0, sPSQR = 0, sQS = 0;
                var Ri = new double[k]; var Si = new double[k]; var Pi = new double[k]; var Qi = new double[k];
                for (int i = 0; i < k; i++)
                {
                    Pi[i] = a[i] / N[i] + d[i] / N[i];
                    Qi[i] = b[i] / N[i] + c[i] / N[i];
                    Ri[i] = a[i] / N[i] * d[i];
                    Si[i] = b[i] / N[i] * c[i];
                    R += Ri[i]; S += Si[i];
                }
                double orMh = double.NaN;
                if (R != 0 && S != 0)
                {
                    for (int i = 0; i < k; i++) { sPR += Pi[i] * Ri[i]; sPSQR += Pi[i] * Si[i] + Qi[i] * Ri[i]; sQS += Qi[i] * Si[i]; }
                    orMh = R / S;
                    beta = Math.Log(orMh);
                    se = Math.Sqrt(0.5 * (sPR / (R * R) + sPSQR / (R * S) + sQS / (S * S)));
                }
                // Cochran-Mantel-Haenszel test
                double sxt = 0, syt = 0;
                for (int i = 0; i < k; i++) { sxt += a[i] + c[i]; syt += b[i] + d[i]; }
                if (sxt != 0 && syt != 0)
                {
                    double num = 0, den = 0;
                    for (int i = 0; i < k; i++)
                    {
                        double xt = a[i] + c[i], yt = b[i] + d[i];
                        num += a[i] - n1[i] / N[i] * xt;
                        den += n1[i] / N[i] * (n2[i] / N[i]) * (xt * (yt / (N[i] - 1)));
                    }
                    double mh = Math.Pow(Math.Abs(num) - (correct ? 0.5 : 0), 2) / den;
                    cmh = new TestStatistic(mh, MetaUni.UpperChi(1, mh), 1);
                }
                if (!double.IsNaN(beta))
                {
                    // Breslow-Day and Tarone: expected a-cells under the common OR
                    double sDiff = 0, sInvVar = 0, bdSum = 0;
                    int kPos = 0;
                    for (int i = 0; i < k; i++)
                    {
                        double xt = a[i] + c[i], yt = b[i] + d[i];
                        double n11;
                        if (orMh == 1) n11 = n1[i] / N[i] * xt;
                        else
                        {
                            double A = orMh * (n1[i] + xt) + (n2[i] - xt);
                            double B = Math.Sqrt(A * A - 4 * n1[i] * xt * orMh * (orMh - 1));
                            n11 = (A - B) / (2 * (orMh - 1));
                        }
                        if (!(n11 > 0 && xt > 0 && yt > 0)) continue;
                        kPos++;
                        double n12 = n1[i] - n11, n21 = xt - n11, n22 = n11 - n1[i] - xt + N[i];
                        double inv = 1 / n11 + 1 / n12 + 1 / n21 + 1 / n22;
                        bdSum += (a[i] - n11) * (a[i] - n11) / (1 / inv);
                        sDiff += a[i] - n11;
                        sInvVar += 1 / inv;
                    }
                    double bdStat = Math.Max(0, bdSum);
                    double ta = Math.Max(0, bdStat - sDiff * sDiff / sInvVar);
                    if (kPos > 1)
                    {
                        bd = new TestStatistic(bdStat, MetaUni.UpperChi(kPos - 1, bdStat), kPos - 1);
                        tarone = new TestStatistic(ta, MetaUni.UpperChi(kPos - 1, ta), kPos - 1);
                    }
                }
                break;
            }
            case EffectMeasure.RR:
            {
                double R = 0, S = 0, sa = 0, sc = 0, num = 0;
                for (int i = 0; i < k; i++)
                {
                    R += a[i] * (n2[i] / N[i]); S += c[i] * (n1[i] / N[i]);
                    sa += a[i]; sc += c[i];
                    num += n1[i] / N[i] * (n2[i] / N[i]) * (a[i] + c[i]) - a[i] / N[i] * c[i];
                }
                if (sa != 0 && sc != 0)
                {
                    beta = Math.Log(R / S);
                    se = Math.Sqrt(num / (R * S));
                }
                break;
            }
            default: // RD
            {
                double num = 0, den = 0, v1 = 0, v2 = 0;
                for (int i = 0; i < k; i++)
                {
                    num += a[i] * (n2[i] / N[i]) - c[i] * (n1[i] / N[i]);
                    den += n1[i] * (n2[i] / N[i]);
                }
                beta = num / den;
                for (int i = 0; i < k; i++)
                {
                    v1 += c[i] * Math.Pow(n1[i] / N[i], 2) - a[i] * Math.Pow(n2[i] / N[i], 2) + n1[i] / N[i] * (n2[i] / N[i]) * (n2[i] - n1[i]) / 2;
                    v2 += a[i] * (n2[i] - c[i]) / N[i] + c[i] * (n1[i] - a[i]) / N[i];
                }
                se = Math.Sqrt((beta * v1 + v2 / 2) / (den * den));
                break;
            }
        }
        return Finish("MH", measure, k, beta, se, z, yAll, vAll, used, cmh, tarone, bd, level);
    }

    /// <summary>Mantel–Haenszel pooling of two incidence rates per study (IRR or IRD), with the MH test for IRR.</summary>
    public static PooledTableFit Rates(EffectMeasure measure, double[] x1i, double[] t1i, double[] x2i, double[] t2i, double level = 0.95, bool correct = true)
    {
        if (measure is not (EffectMeasure.IRR or EffectMeasure.IRD))
            throw new CohesionException($"the Mantel-Haenszel method for incidence rates takes IRR or IRD, not {measure}");
        int n = x1i.Length;
        var used = new bool[n];
        var (yAll, vAll) = EffectSizes.IncidenceRates(measure, x1i, t1i, x2i, t2i);
        for (int i = 0; i < n; i++)
            if (x1i[i] == 0 && x2i[i] == 0) yAll[i] = vAll[i] = double.NaN; // drop00
        var x1 = new List<double>(); var x2 = new List<double>(); var t1 = new List<double>(); var t2 = new List<double>();
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(x1i[i]) || double.IsNaN(x2i[i]) || double.IsNaN(t1i[i]) || double.IsNaN(t2i[i])) continue;
            used[i] = true;
            x1.Add(x1i[i]); x2.Add(x2i[i]); t1.Add(t1i[i]); t2.Add(t2i[i]);
        }
        int k = x1.Count;
        if (k < 1) throw new CohesionException("no complete study (k = 0)");
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        double beta = double.NaN, se = double.NaN;
        TestStatistic? mh = null;
        if (measure == EffectMeasure.IRR)
        {
            double R = 0, S = 0, s1 = 0, s2 = 0, num = 0, sxt = 0, dev = 0, den = 0;
            for (int i = 0; i < k; i++)
            {
                double T = t1[i] + t2[i];
                R += x1[i] * (t2[i] / T); S += x2[i] * (t1[i] / T);
                s1 += x1[i]; s2 += x2[i];
                num += t1[i] / T * (t2[i] / T) * (x1[i] + x2[i]);
                double xt = x1[i] + x2[i];
                sxt += xt;
                dev += x1[i] - xt * (t1[i] / T);
                den += xt * (t1[i] / T) * (t2[i] / T);
            }
            if (s1 != 0 && s2 != 0) { beta = Math.Log(R / S); se = Math.Sqrt(num / (R * S)); }
            if (sxt != 0)
            {
                double stat = Math.Pow(Math.Abs(dev) - (correct ? 0.5 : 0), 2) / den;
                mh = new TestStatistic(stat, MetaUni.UpperChi(1, stat), 1);
            }
        }
        else
        {
            double num = 0, den = 0, v = 0;
            for (int i = 0; i < k; i++)
            {
                double T = t1[i] + t2[i];
                num += (x1[i] * t2[i] - x2[i] * t1[i]) / T;
                den += t1[i] / T * t2[i];
                v += Math.Pow(t1[i] / T * t2[i], 2) * (x1[i] / (t1[i] * t1[i]) + x2[i] / (t2[i] * t2[i]));
            }
            beta = num / den;
            se = Math.Sqrt(v) / den;
        }
        return Finish("MH", measure, k, beta, se, z, yAll, vAll, used, mh, null, null, level);
    }

    /// <summary>escalc's effect sizes of the tables as rma.mh/rma.peto request them (add ½ to every cell of a table with a
    /// zero cell; tables with no events or no non-events in both groups are left out, drop00 = TRUE).</summary>
    internal static (double[] Yi, double[] Vi) TableEffectSizes(EffectMeasure measure, double[] ai, double[] bi, double[] ci, double[] di)
    {
        var (y, v) = EffectSizes.TwoByTwo(measure, ai, bi, ci, di);
        for (int i = 0; i < ai.Length; i++)
            if ((ai[i] == 0 && ci[i] == 0) || (bi[i] == 0 && di[i] == 0)) y[i] = v[i] = double.NaN;
        return (y, v);
    }

    /// <summary>Q, I², H² with the escalc effect sizes and the pooled estimate; the z test and CI.</summary>
    internal static PooledTableFit Finish(string method, EffectMeasure measure, int k, double beta, double se, double z, double[] yAll, double[] vAll, bool[] used,
        TestStatistic? cmh, TestStatistic? tarone, TestStatistic? bd, double level, double? qeOverride = null, int? kPos = null)
    {
        // Q over the tables with an effect size (among the complete ones)
        double qe = 0;
        int kyi = 0;
        for (int i = 0; i < yAll.Length; i++)
        {
            if (!used[i] || double.IsNaN(yAll[i]) || double.IsNaN(vAll[i])) continue;
            kyi++;
            qe += (yAll[i] - beta) * (yAll[i] - beta) / vAll[i];
        }
        double qep, i2, h2;
        if (qeOverride is double q)
        {
            qe = q;
            bool enough = (kPos ?? kyi) > 1;
            qep = enough ? MetaUni.UpperChi(kyi - 1, qe) : 1;
            i2 = enough ? Math.Max(0, 100 * (qe - (kyi - 1)) / qe) : 0;
            h2 = enough ? qe / (kyi - 1) : 1;
        }
        else if (kyi > 1)
        {
            qe = Math.Max(0, qe);
            qep = MetaUni.UpperChi(kyi - 1, qe);
            i2 = Math.Max(0, 100 * (qe - (kyi - 1)) / qe);
            h2 = qe / (kyi - 1);
        }
        else { qe = 0; qep = 1; i2 = 0; h2 = 1; }
        double zval = beta / se;
        return new PooledTableFit
        {
            Method = method, Measure = measure, K = k, KYi = kyi, Estimate = beta, Se = se, Z = zval, P = 2 * Normal.CDF(0, 1, -Math.Abs(zval)),
            CiLower = beta - z * se, CiUpper = beta + z * se, QE = qe, QEp = qep, I2 = i2, H2 = h2, Cmh = cmh, Tarone = tarone, BreslowDay = bd,
            Yi = yAll, Vi = vAll, Used = used, Level = level
        };
    }
}
