namespace Cohesion.Statistics.Meta;

/// <summary>Effect-size measures of metafor's <c>escalc</c> supported here.</summary>
public enum EffectMeasure
{
    ZCOR, COR, SMD, MD, OR, RR, RD, PLO,
    // two-group continuous
    ROM, SMDH, CVR, VR,
    // pre-post (single group, two time points)
    SMCR, SMCC, SMCRH, MC, ROMC,
    // incidence rates (two groups, one group)
    IRR, IRD, IR, IRLN, IRS, IRFT,
    // proportions
    PR, PLN, PAS, PFT,
    // correlations and 2x2 association measures
    UCOR, PHI, RTET, YUQ, YUY, AS,
    // single-group means
    MN, MNLN, SMN,
}

/// <summary>
/// Effect sizes and sampling variances as metafor's <c>escalc</c> computes them (default <c>vtype = "LS"</c>,
/// <c>add = 1/2, to = "only0"</c> for counts). A row with a missing input gives NaN (dropped later with a note);
/// impossible values (|r| &gt; 1, n too small, negative counts or SDs) raise a <see cref="CohesionException"/> naming the row.
/// </summary>
public static partial class EffectSizes
{
    public static EffectMeasure Parse(string s) =>
        Enum.TryParse<EffectMeasure>(s.Trim(), ignoreCase: true, out var m) && !int.TryParse(s, out _)
            ? m
            : throw new CohesionException($"unknown measure '{s}' (use one of {string.Join(", ", Enum.GetNames<EffectMeasure>())})");

    /// <summary>Hedges' exact small-sample correction c(m) = Γ(m/2) / (√(m/2) Γ((m−1)/2)).</summary>
    public static double HedgesCorrection(double m) =>
        m <= 1 ? double.NaN : Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn(m / 2) - Math.Log(Math.Sqrt(m / 2)) - MathNet.Numerics.SpecialFunctions.GammaLn((m - 1) / 2));

    /// <summary>Correlations: ZCOR (Fisher z, v = 1/(n−3)) or COR (raw r, v = (1−r²)²/(n−1)).</summary>
    public static (double[] Yi, double[] Vi) Correlation(EffectMeasure measure, double[] ri, double[] ni, string riName = "ri", string niName = "ni")
    {
        int k = ri.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            double r = ri[i], n = ni[i];
            if (double.IsNaN(r) || double.IsNaN(n)) { y[i] = v[i] = double.NaN; continue; }
            if (r < -1 || r > 1) throw new CohesionException($"correlation {r} is outside [-1, 1]", column: riName, row: i + 1);
            if (measure == EffectMeasure.ZCOR)
            {
                if (n <= 3) throw new CohesionException($"sample size {n} must be larger than 3 for ZCOR", column: niName, row: i + 1);
                y[i] = Math.Atanh(r);
                v[i] = 1 / (n - 3);
            }
            else
            {
                if (n <= 1) throw new CohesionException($"sample size {n} must be larger than 1 for COR", column: niName, row: i + 1);
                y[i] = r;
                v[i] = (1 - r * r) * (1 - r * r) / (n - 1);
            }
        }
        return (y, v);
    }

    /// <summary>Two-group continuous outcomes: SMD (Hedges' g, exact correction, LS variance) or MD (raw difference,
    /// heteroscedastic variance).</summary>
    public static (double[] Yi, double[] Vi) Means(EffectMeasure measure, double[] m1, double[] sd1, double[] n1, double[] m2, double[] sd2, double[] n2)
    {
        int k = m1.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            if (double.IsNaN(m1[i]) || double.IsNaN(sd1[i]) || double.IsNaN(n1[i]) || double.IsNaN(m2[i]) || double.IsNaN(sd2[i]) || double.IsNaN(n2[i]))
            { y[i] = v[i] = double.NaN; continue; }
            if (sd1[i] < 0) throw new CohesionException($"negative standard deviation {sd1[i]}", column: "sd1i", row: i + 1);
            if (sd2[i] < 0) throw new CohesionException($"negative standard deviation {sd2[i]}", column: "sd2i", row: i + 1);
            if (n1[i] <= 0) throw new CohesionException($"group size {n1[i]} must be positive", column: "n1i", row: i + 1);
            if (n2[i] <= 0) throw new CohesionException($"group size {n2[i]} must be positive", column: "n2i", row: i + 1);
            if (measure == EffectMeasure.MD)
            {
                y[i] = m1[i] - m2[i];
                v[i] = sd1[i] * sd1[i] / n1[i] + sd2[i] * sd2[i] / n2[i];
            }
            else
            {
                double mi = n1[i] + n2[i] - 2;
                double sdp = Math.Sqrt(((n1[i] - 1) * sd1[i] * sd1[i] + (n2[i] - 1) * sd2[i] * sd2[i]) / mi);
                double d = (m1[i] - m2[i]) / sdp;
                double g = HedgesCorrection(mi) * d;
                y[i] = g;
                v[i] = 1 / n1[i] + 1 / n2[i] + g * g / (2 * (n1[i] + n2[i]));
            }
        }
        return (y, v);
    }

    /// <summary>2×2 tables (ai, bi | ci, di): log OR, log RR or RD; ½ added to every cell of a table with a zero cell.</summary>
    public static (double[] Yi, double[] Vi) TwoByTwo(EffectMeasure measure, double[] ai, double[] bi, double[] ci, double[] di)
    {
        int k = ai.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            double a = ai[i], b = bi[i], c = ci[i], d = di[i];
            if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(d)) { y[i] = v[i] = double.NaN; continue; }
            string[] names = ["ai", "bi", "ci", "di"];
            double[] cells = [a, b, c, d];
            for (int t = 0; t < 4; t++)
                if (cells[t] < 0) throw new CohesionException($"negative count {cells[t]}", column: names[t], row: i + 1);
            if (a == 0 || b == 0 || c == 0 || d == 0) { a += 0.5; b += 0.5; c += 0.5; d += 0.5; }
            double n1 = a + b, n2 = c + d, p1 = a / n1, p2 = c / n2;
            switch (measure)
            {
                case EffectMeasure.OR:
                    y[i] = Math.Log(p1 / (1 - p1)) - Math.Log(p2 / (1 - p2));
                    v[i] = 1 / a + 1 / b + 1 / c + 1 / d;
                    break;
                case EffectMeasure.RR:
                    y[i] = Math.Log(p1) - Math.Log(p2);
                    v[i] = 1 / a - 1 / n1 + 1 / c - 1 / n2;
                    break;
                default:
                    y[i] = p1 - p2;
                    v[i] = p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2;
                    break;
            }
        }
        return (y, v);
    }

    /// <summary>Logit of a proportion: yi = log(x/(n−x)), vi = 1/x + 1/(n−x); ½ added when x = 0 or x = n.</summary>
    public static (double[] Yi, double[] Vi) Proportion(double[] xi, double[] ni)
    {
        int k = xi.Length;
        var y = new double[k]; var v = new double[k];
        for (int i = 0; i < k; i++)
        {
            double x = xi[i], n = ni[i];
            if (double.IsNaN(x) || double.IsNaN(n)) { y[i] = v[i] = double.NaN; continue; }
            if (x < 0) throw new CohesionException($"negative count {x}", column: "xi", row: i + 1);
            if (x > n) throw new CohesionException($"count {x} exceeds the sample size {n}", column: "xi", row: i + 1);
            double m = n - x;
            if (x == 0 || m == 0) { x += 0.5; m += 0.5; }
            double pr = x / (x + m);
            y[i] = Math.Log(pr / (1 - pr));
            v[i] = 1 / x + 1 / m;
        }
        return (y, v);
    }
}
