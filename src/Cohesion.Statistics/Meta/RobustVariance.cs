using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// Cluster-robust (sandwich) inference for a fitted meta-analytic model, as metafor's <c>robust()</c>:
/// CR1 (metafor's default: CR0 × n/(n − p), t tests with n − p df) and, with <c>clubSandwich = TRUE</c>, the
/// bias-reduced CR2 of Bell &amp; McCaffrey / Pustejovsky &amp; Tipton with Satterthwaite degrees of freedom
/// (clubSandwich's <c>vcovCR(type = "CR2")</c> with inverse-variance working weights, <c>coef_test(test = "Satterthwaite")</c>).
/// </summary>
public static class RobustVariance
{
    /// <param name="xRowMajor">Design (k × p).</param>
    /// <param name="residuals">y − Xβ.</param>
    /// <param name="cluster">Cluster code per row.</param>
    /// <param name="block">The model's marginal covariance for a set of rows (row-major).</param>
    /// <param name="bread">(XᵀWX)⁻¹ of the model (p × p), unscaled.</param>
    public static RobustResult Compute(double[] xRowMajor, int k, int p, double[] beta, double[] residuals, int[] cluster,
        Func<int[], double[]> block, double[] bread, bool cr2, double level = 0.95)
    {
        var ids = cluster.Distinct().ToArray();
        Array.Sort(ids);
        int n = ids.Length;
        if (n < 2) throw new CohesionException("cluster-robust inference needs at least two clusters");
        var map = new Dictionary<int, int>();
        for (int j = 0; j < n; j++) map[ids[j]] = j;
        var lists = new List<int>[n];
        for (int j = 0; j < n; j++) lists[j] = new List<int>();
        for (int i = 0; i < k; i++) lists[map[cluster[i]]].Add(i);
        var rowsOf = lists.Select(l => l.ToArray()).ToArray();

        var meat = new double[p * p];
        var comps = new double[n][];
        // for Satterthwaite
        var gList = new double[n][];   // p × n_j : C E_j U_j'
        var hList = new double[n][];   // p × p   : C E_j X_j Lc
        var lc = (double[])bread.Clone();
        if (!Cholesky.Decompose(lc, p)) throw new ModelException("the model's coefficient covariance is singular");

        for (int j = 0; j < n; j++)
        {
            var rows = rowsOf[j];
            int m = rows.Length;
            var theta = block(rows);
            var u = (double[])theta.Clone();
            if (!Cholesky.Decompose(u, m)) throw new ModelException("marginal covariance of a cluster is not positive definite");
            var wj = Cholesky.Inverse(u, m);                    // W_j = Θ_j⁻¹
            var xj = new double[m * p];
            for (int r = 0; r < m; r++) Array.Copy(xRowMajor, rows[r] * p, xj, r * p, p);
            // XW_j = X_j' W_j  (p × m)
            var xw = new double[p * m];
            for (int a = 0; a < p; a++)
                for (int c = 0; c < m; c++)
                {
                    double s = 0;
                    for (int r = 0; r < m; r++) s += xj[r * p + a] * wj[r * m + c];
                    xw[a * m + c] = s;
                }
            double[] e = xw; // est matrix p × m
            if (cr2)
            {
                // IH = I - X_j C X_j' W_j  (m × m)
                var xc = MatrixOps.Multiply(xj, bread, m, p, p);      // m × p
                var h = MatrixOps.Multiply(xc, xw, m, p, m);          // X C X'W
                var ih = new double[m * m];
                for (int a = 0; a < m * m; a++) ih[a] = -h[a];
                for (int a = 0; a < m; a++) ih[a * m + a] += 1;
                // upper factor Uu with Θ = Uuᵀ Uu : Uu = Lᵀ
                var uu = new double[m * m];
                for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) uu[a * m + b] = u[b * m + a];
                // G = Uu IH Θ Uuᵀ
                var t1 = MatrixOps.Multiply(uu, ih, m, m, m);
                var t2 = MatrixOps.Multiply(t1, theta, m, m, m);
                var g = MatrixOps.Multiply(t2, Transpose(uu, m, m), m, m, m);
                var gInvSqrt = MatrixPower(g, m, -0.5);
                // A = Uuᵀ G^-1/2 Uu
                var a1 = MatrixOps.Multiply(Transpose(uu, m, m), gInvSqrt, m, m, m);
                var adj = MatrixOps.Multiply(a1, uu, m, m, m);
                e = MatrixOps.Multiply(xw, adj, p, m, m);
            }
            var ej = new double[m];
            for (int r = 0; r < m; r++) ej[r] = residuals[rows[r]];
            var comp = new double[p];
            for (int a = 0; a < p; a++)
            {
                double s = 0;
                for (int r = 0; r < m; r++) s += e[a * m + r] * ej[r];
                comp[a] = s;
            }
            comps[j] = comp;
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) meat[a * p + b] += comp[a] * comp[b];
            if (cr2)
            {
                var me = MatrixOps.Multiply(bread, e, p, p, m);      // C E_j (p × m)
                // G_j = ME_j Uuᵀ... clubSandwich: me %*% t(chol(theta)) with chol upper → t(chol) = L (lower)
                gList[j] = MatrixOps.Multiply(me, u, p, m, m);       // u holds L (lower) row-major
                var mex = MatrixOps.Multiply(me, xj, p, m, p);
                hList[j] = MatrixOps.Multiply(mex, lc, p, p, p);     // lc holds lower L of C
            }
        }
        var vb = MatrixOps.Multiply(MatrixOps.Multiply(bread, meat, p, p, p), bread, p, p, p);
        var se = new double[p]; var df = new double[p]; var stat = new double[p]; var pv = new double[p]; var lo = new double[p]; var hi = new double[p];
        if (!cr2) for (int a = 0; a < vb.Length; a++) vb[a] *= (double)n / (n - p);
        for (int i = 0; i < p; i++)
        {
            se[i] = Math.Sqrt(vb[i * p + i]);
            stat[i] = beta[i] / se[i];
            if (cr2)
            {
                // P_i (n × n) = -H_i'H_i + diag(rowSums(G_j^2)[i])
                var pm = new double[n * n];
                for (int j1 = 0; j1 < n; j1++)
                    for (int j2 = 0; j2 < n; j2++)
                    {
                        double s = 0;
                        for (int c = 0; c < p; c++) s += hList[j1][i * p + c] * hList[j2][i * p + c];
                        pm[j1 * n + j2] = -s;
                    }
                for (int j1 = 0; j1 < n; j1++)
                {
                    int m = rowsOf[j1].Length;
                    double s = 0;
                    for (int c = 0; c < m; c++) s += gList[j1][i * m + c] * gList[j1][i * m + c];
                    pm[j1 * n + j1] += s;
                }
                double tr = 0, ss = 0;
                for (int a = 0; a < n; a++) tr += pm[a * n + a];
                foreach (var v in pm) ss += v * v;
                df[i] = tr * tr / ss;
            }
            else df[i] = n - p;
            pv[i] = 2 * StudentT.CDF(0, 1, df[i], -Math.Abs(stat[i]));
            double crit = StudentT.InvCDF(0, 1, df[i], 1 - (1 - level) / 2);
            lo[i] = beta[i] - crit * se[i];
            hi[i] = beta[i] + crit * se[i];
        }
        return new RobustResult(cr2 ? "CR2" : "CR1", n, (double[])beta.Clone(), se, df, stat, pv, lo, hi, vb);
    }

    private static double[] Transpose(double[] a, int r, int c)
    {
        var t = new double[r * c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) t[j * r + i] = a[i * c + j];
        return t;
    }

    /// <summary>Symmetric matrix power via eigen-decomposition, eigenvalues ≤ 1e-12 set to 0 (clubSandwich's matrix_power).</summary>
    internal static double[] MatrixPower(double[] a, int m, double power)
    {
        var mat = Matrix<double>.Build.Dense(m, m, (i, j) => 0.5 * (a[i * m + j] + a[j * m + i]));
        var evd = mat.Evd(Symmetricity.Symmetric);
        var vals = evd.EigenValues;
        var vec = evd.EigenVectors;
        var r = new double[m * m];
        for (int t = 0; t < m; t++)
        {
            double lam = vals[t].Real;
            double f = lam > 1e-12 ? Math.Pow(lam, power) : 0;
            if (f == 0) continue;
            for (int i = 0; i < m; i++)
            {
                double vi = vec[i, t] * f;
                for (int j = 0; j < m; j++) r[i * m + j] += vi * vec[j, t];
            }
        }
        return r;
    }
}
