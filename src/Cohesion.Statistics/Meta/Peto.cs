using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// Peto's one-step log odds ratio, as metafor's <c>rma.peto</c>: β = Σ(aᵢ − Eᵢ) / ΣVᵢ with the hypergeometric mean
/// and variance of each table, se = 1/√ΣVᵢ; Q = Σ(aᵢ − Eᵢ)²/Vᵢ − (Σ(aᵢ − Eᵢ))²/ΣVᵢ over the tables with Vᵢ &gt; 0;
/// the per-table effect sizes are escalc's PETO values (½ added to tables with a zero cell, all-zero tables dropped).
/// </summary>
public static class Peto
{
    public static PooledTableFit Fit(double[] ai, double[] bi, double[] ci, double[] di, double level = 0.95)
    {
        int n = ai.Length;
        var used = new bool[n];
        var yAll = new double[n]; var vAll = new double[n];
        for (int i = 0; i < n; i++)
        {
            double a = ai[i], b = bi[i], c = ci[i], d = di[i];
            if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(d) || (a == 0 && c == 0) || (b == 0 && d == 0))
            { yAll[i] = vAll[i] = double.NaN; }
            else
            {
                if (a == 0 || b == 0 || c == 0 || d == 0) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
                var (e, v) = Moments(a, b, c, d);
                yAll[i] = (a - e) / v;
                vAll[i] = 1 / v;
            }
            used[i] = !(double.IsNaN(ai[i]) || double.IsNaN(bi[i]) || double.IsNaN(ci[i]) || double.IsNaN(di[i]));
        }
        double sumDiff = 0, sumV = 0, sumQ = 0;
        int k = 0, kPos = 0;
        for (int i = 0; i < n; i++)
        {
            if (!used[i]) continue;
            k++;
            var (e, v) = Moments(ai[i], bi[i], ci[i], di[i]);
            sumDiff += ai[i] - e;
            sumV += v;
            if (v > 0) { kPos++; sumQ += (ai[i] - e) * (ai[i] - e) / v; }
        }
        if (k < 1) throw new CohesionException("no complete 2x2 table (k = 0)");
        if (sumV == 0) throw new CohesionException("one of the two outcomes never occurred in any of the tables; Peto's method cannot be used");
        double beta = sumDiff / sumV, se = Math.Sqrt(1 / sumV);
        double qe = Math.Max(0, sumQ - sumDiff * sumDiff / sumV);
        double z = Normal.InvCDF(0, 1, 1 - (1 - level) / 2);
        return MantelHaenszel.Finish("PETO", EffectMeasure.OR, k, beta, se, z, yAll, vAll, used, null, null, null, level, qe, kPos);
    }

    /// <summary>Hypergeometric mean Eᵢ = (aᵢ + cᵢ) n₁ᵢ / Nᵢ and variance Vᵢ of the a-cell given the margins.</summary>
    private static (double E, double V) Moments(double a, double b, double c, double d)
    {
        double n1 = a + b, n2 = c + d, N = n1 + n2, xt = a + c, yt = b + d;
        return (xt * n1 / N, xt * yt * (n1 / N) * (n2 / N) / (N - 1));
    }
}
