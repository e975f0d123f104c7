using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Cohesion.Statistics.Survey;

/// <summary>The Rao–Scott second-order test of independence of a two-way table: <c>svychisq(~a + b, design)</c> with
/// its default <c>statistic="F"</c>.</summary>
/// <param name="Statistic">F = X²/tr(Δ), X² Pearson's statistic of the weighted table scaled to the sample size.</param>
/// <param name="Ndf">Numerator degrees of freedom d = tr(Δ)²/tr(Δ²).</param>
/// <param name="Ddf">Denominator degrees of freedom d·ν, ν the design degrees of freedom.</param>
/// <param name="P">Upper tail of F(d, d·ν) at the statistic.</param>
/// <param name="PearsonChiSquare">Pearson's X² of the weighted table scaled to N rows.</param>
public sealed record SurveyChiSquareTest(double Statistic, double Ndf, double Ddf, double P, double PearsonChiSquare);

/// <summary>
/// R's <c>svychisq(~rows + cols, design, statistic="F")</c> exactly: the design-based covariance V of the cell
/// proportions (Taylor, calibrated or replicate), the contrast matrix C of the interaction columns residualised on the
/// main effects, Δ = (Cᵀ D⁻¹ C / N)⁻¹ Cᵀ D⁻¹ V D⁻¹ C, and the second-order (Satterthwaite) corrected F statistic.
/// Rows missing either variable are left out of the table (na.rm); N counts every row of the design, as R.
/// </summary>
public static class SurveyChiSquare
{
    public static SurveyChiSquareTest Test(SurveyDesign design, int[] rowCodes, int rowLevels, int[] colCodes, int colLevels)
    {
        int n = design.RowCount, nr = rowLevels, nc = colLevels, K = nr * nc;
        if (rowCodes.Length != n || colCodes.Length != n) throw new ArgumentException("codes length differs from the design");
        if (nr < 2 || nc < 2) throw new CohesionException($"a test of independence needs two variables with at least two categories each ({nr} × {nc})");
        var w = design.Weights;
        var rows = new List<int>();
        var cell = new int[n];
        for (int i = 0; i < n; i++)
        {
            int a = rowCodes[i], b = colCodes[i];
            cell[i] = a < 0 || b < 0 ? -1 : a + nr * b; // interaction(rows, cols): the row factor varies fastest
            if (cell[i] >= 0) rows.Add(i);
        }
        if (rows.Count == 0) throw new CohesionException("no row has both variables present");
        var active = rows.ToArray();
        int m = active.Length;
        var total = new double[K];
        double W = 0;
        foreach (var i in active) { total[cell[i]] += w[i]; W += w[i]; }
        var p = total.Select(t => t / W).ToArray();

        // covariance of the cell proportions
        double[] V;
        if (design.HasReplicates)
        {
            int R = design.ReplicateCount;
            var thetas = new double[]?[R];
            for (int r = 0; r < R; r++)
            {
                var rw = DesignModelSupport.ReplicateWeightsOf(design, r, active);
                var t = new double[K];
                double s = 0;
                for (int j = 0; j < m; j++) { t[cell[active[j]]] += rw[j]; s += rw[j]; }
                for (int k = 0; k < K; k++) t[k] /= s;
                thetas[r] = t;
            }
            V = DesignModelSupport.ReplicateCovariance(design, thetas, p);
        }
        else
        {
            var infl = new double[m * K];
            for (int j = 0; j < m; j++)
            {
                int i = active[j];
                for (int k = 0; k < K; k++) infl[k * m + j] = w[i] * ((cell[i] == k ? 1 : 0) - p[k]) / W;
            }
            V = DesignModelSupport.TaylorCovariance(design, active, infl, K);
        }

        // Pearson X² of the weighted table scaled to N = all rows
        double N = n;
        var rowSum = new double[nr];
        var colSum = new double[nc];
        var O = new double[K];
        for (int k = 0; k < K; k++) { O[k] = total[k] * N / W; rowSum[k % nr] += O[k]; colSum[k / nr] += O[k]; }
        double x2 = 0;
        for (int k = 0; k < K; k++)
        {
            double e = rowSum[k % nr] * colSum[k / nr] / N;
            x2 += (O[k] - e) * (O[k] - e) / e;
        }

        // C: interaction columns of ~rows*cols residualised on ~rows+cols (over the K cells)
        int pMain = 1 + (nr - 1) + (nc - 1), q = (nr - 1) * (nc - 1);
        var x1 = new double[K * pMain];
        for (int k = 0; k < K; k++)
        {
            int a = k % nr, b = k / nr;
            x1[k] = 1;
            if (a > 0) x1[a * K + k] = 1;
            if (b > 0) x1[(nr - 1 + b) * K + k] = 1;
        }
        var qr = new QrDecomposition(x1, K, pMain);
        var C = new double[K * q]; // column-major
        for (int bb = 1; bb < nc; bb++)
        for (int aa = 1; aa < nr; aa++)
        {
            int col = (bb - 1) * (nr - 1) + (aa - 1);
            var y = new double[K];
            for (int k = 0; k < K; k++) y[k] = k % nr == aa && k / nr == bb ? 1 : 0;
            var coef = qr.Solve(y);
            for (int k = 0; k < K; k++)
            {
                double fit = 0;
                for (int j = 0; j < pMain; j++) fit += x1[j * K + k] * coef[j];
                C[col * K + k] = y[k] - fit;
            }
        }
        var Cm = DenseMatrix.OfColumnMajor(K, q, C);
        var iD = DenseMatrix.OfDiagonalArray(p.Select(v => v == 0 ? 0 : 1 / v).ToArray());
        var Vm = DenseMatrix.OfColumnMajor(K, K, V); // symmetric
        var denom = Cm.TransposeThisAndMultiply(iD / N * Cm);
        var numr = Cm.TransposeThisAndMultiply(iD * Vm * iD * Cm);
        var delta = denom.Solve(numr);
        double tr = delta.Trace(), tr2 = (delta * delta).Trace();
        double d0 = tr * tr / tr2;
        double nu = design.HasReplicates ? DesignModelSupport.ReplicateDegreesOfFreedom(design, Enumerable.Range(0, n).ToArray()) : design.PsuCount - design.StratumCount;
        double f = x2 / tr;
        return new SurveyChiSquareTest(f, d0, d0 * nu, FUpperTail(f, d0, d0 * nu), x2);
    }

    /// <summary>P(F(d1, d2) &gt; f) via the regularised incomplete beta function (accurate in the far tail).</summary>
    internal static double FUpperTail(double f, double d1, double d2)
    {
        if (double.IsNaN(f) || !(d1 > 0) || !(d2 > 0)) return double.NaN;
        if (f <= 0) return 1;
        return MathNet.Numerics.SpecialFunctions.BetaRegularized(d2 / 2, d1 / 2, d2 / (d2 + d1 * f));
    }
}
