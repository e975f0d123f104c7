using System.Numerics;

namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>
/// Kernels over column arrays (one <c>double[]</c> per regressor), the layout of the regression and fixed-effects
/// code: dot products (vectorised), cross-product matrices, the meat of heteroskedasticity- and cluster-robust
/// sandwiches. Their one home, so they can be tuned without touching the models.
/// </summary>
public static class ColumnKernels
{
    /// <summary>Vectorised dot product.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, i = 0;
        var acc = Vector<double>.Zero;
        int w = Vector<double>.Count;
        for (; i <= n - w; i += w) acc += new Vector<double>(a.Slice(i, w)) * new Vector<double>(b.Slice(i, w));
        double s = Vector.Sum(acc);
        for (; i < n; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>XᵀX of column arrays (row-major k × k), computed in parallel.</summary>
    public static double[] CrossProducts(IReadOnlyList<double[]> cols, int n)
    {
        int k = cols.Count;
        var pairs = new List<(int, int)>();
        for (int a = 0; a < k; a++) for (int b = a; b < k; b++) pairs.Add((a, b));
        var r = new double[k * k];
        Parallel.ForEach(pairs, pr =>
        {
            double s = Dot(cols[pr.Item1], cols[pr.Item2]);
            r[pr.Item1 * k + pr.Item2] = s;
            r[pr.Item2 * k + pr.Item1] = s;
        });
        return r;
    }

    public static double[] HeteroskedasticMeat(double[][] cols, double[] e)
    {
        int k = cols.Length, n = e.Length;
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = e[i] * e[i];
        var meat = new double[k * k];
        for (int a = 0; a < k; a++)
        for (int b = a; b < k; b++)
        {
            double s = 0;
            var ca = cols[a];
            var cb = cols[b];
            for (int i = 0; i < n; i++) s += ca[i] * w[i] * cb[i];
            meat[a * k + b] = s;
            meat[b * k + a] = s;
        }
        return meat;
    }

    /// <summary>Σ_g (X_gᵀe_g)(X_gᵀe_g)ᵀ.</summary>
    public static double[] ClusterMeat(double[][] cols, double[] e, int[] cluster, int g)
    {
        int k = cols.Length, n = e.Length;
        var scores = new double[g * k];
        for (int j = 0; j < k; j++)
        {
            var c = cols[j];
            for (int i = 0; i < n; i++) scores[cluster[i] * k + j] += c[i] * e[i];
        }
        var meat = new double[k * k];
        for (int c = 0; c < g; c++)
        {
            int o = c * k;
            for (int a = 0; a < k; a++)
            {
                double sa = scores[o + a];
                if (sa == 0) continue;
                for (int b = a; b < k; b++) meat[a * k + b] += sa * scores[o + b];
            }
        }
        for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) meat[a * k + b] = meat[b * k + a];
        return meat;
    }

    public static void Scale(double[] m, double f)
    {
        for (int i = 0; i < m.Length; i++) m[i] *= f;
    }

    /// <summary>Columns kept by a Cholesky of XᵀX in column order that skips a column whose remaining squared
    /// norm is below 1e-14 of its total (the dqrdc2 rule |r_jj| &lt; 1e-7 ‖x_j‖ on the normal equations).</summary>
    public static int[] SelectIndependentColumns(double[] xtx, int k)
    {
        var keep = new List<int>();
        var l = new double[k * k];
        foreach (var j in Enumerable.Range(0, k))
        {
            // solve for the new row of L against kept columns
            int m = keep.Count;
            var row = new double[m];
            for (int a = 0; a < m; a++)
            {
                double s = xtx[keep[a] * k + j];
                for (int c = 0; c < a; c++) s -= l[a * k + c] * row[c];
                row[a] = s / l[a * k + a];
            }
            double d = xtx[j * k + j];
            foreach (var v in row) d -= v * v;
            if (!(d > 1e-14 * xtx[j * k + j])) continue;
            for (int c = 0; c < m; c++) l[m * k + c] = row[c];
            l[m * k + m] = Math.Sqrt(d);
            keep.Add(j);
        }
        return keep.ToArray();
    }
}
