namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>
/// Right-looking Cholesky of a symmetric positive-definite matrix (row-major n × n, lower triangle used and
/// overwritten with L; the upper triangle is left as is) that skips structural zeros: the update after column j
/// only touches the rows where column j is non-zero. For the random-effects terms after the first, ordered by
/// number of levels, nested factors (wijk within gemeente) produce no fill, so the cost falls from n³/6 to about
/// Σ nnz(column)²; crossed factors cost as much as a dense factorisation.
/// </summary>
internal static class SparseAwareCholesky
{
    public static bool Decompose(double[] a, int n)
    {
        var nz = new int[n];
        var vals = new double[n];
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            if (!(d > 0) || double.IsNaN(d)) return false;
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            int m = 0;
            for (int i = j + 1; i < n; i++)
            {
                double v = a[i * n + j];
                if (v == 0) continue;
                v /= ljj;
                a[i * n + j] = v;
                nz[m] = i;
                vals[m] = v;
                m++;
            }
            for (int p = 0; p < m; p++)
            {
                int i = nz[p];
                double lij = vals[p];
                int row = i * n;
                for (int q = 0; q <= p; q++) a[row + nz[q]] -= lij * vals[q];
            }
        }
        return true;
    }
}
