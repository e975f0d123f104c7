namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>
/// Householder QR of an n × p matrix (column-major) with R's limited column pivoting (LINPACK dqrdc2, as used by
/// <c>lm</c>): a column whose remaining norm falls below <c>tol</c> × its original norm is moved to the end and
/// counted as aliased. <see cref="Rank"/> and <see cref="Pivot"/> say which columns are estimable.
/// </summary>
public sealed class QrDecomposition
{
    private readonly double[] _qr;   // column-major, R in the upper triangle, Householder vectors below
    private readonly double[] _qraux;
    public int Rows { get; }
    public int Cols { get; }
    public int Rank { get; }
    /// <summary>Pivot[k] = original index of the k-th column after pivoting.</summary>
    public int[] Pivot { get; }

    public QrDecomposition(ReadOnlySpan<double> columnMajor, int n, int p, double tol = 1e-7)
    {
        Rows = n; Cols = p;
        _qr = columnMajor.ToArray();
        _qraux = new double[p];
        Pivot = Enumerable.Range(0, p).ToArray();
        var norms = new double[p];
        var orig = new double[p];
        for (int j = 0; j < p; j++) { norms[j] = Norm(_qr.AsSpan(j * n, n)); orig[j] = norms[j] == 0 ? 1 : norms[j]; }
        int lup = Math.Min(n, p);
        int k = p; // columns [k, p) are aliased
        int l = 0;
        while (l < lup && l < k)
        {
            // dqrdc2: cycle negligible columns to the end
            while (l < k && norms[l] < orig[l] * tol)
            {
                RotateToEnd(l, n, p, norms, orig);
                k--;
                if (l >= k) break;
            }
            if (l >= k) break;
            var x = _qr.AsSpan(l * n + l, n - l);
            double nrmxl = Norm(x);
            if (nrmxl != 0)
            {
                if (x[0] != 0) nrmxl = Math.CopySign(nrmxl, x[0]);
                for (int i = 0; i < x.Length; i++) x[i] /= nrmxl;
                x[0] += 1;
                for (int j = l + 1; j < p; j++)
                {
                    var y = _qr.AsSpan(j * n + l, n - l);
                    double t = 0;
                    for (int i = 0; i < x.Length; i++) t -= x[i] * y[i];
                    t /= x[0];
                    for (int i = 0; i < x.Length; i++) y[i] += t * x[i];
                    if (j < k && norms[j] != 0)
                    {
                        double tt = 1 - (Math.Abs(_qr[j * n + l]) / norms[j]) * (Math.Abs(_qr[j * n + l]) / norms[j]);
                        tt = Math.Max(tt, 0);
                        if (Math.Abs(tt) < 1e-6) norms[j] = Norm(_qr.AsSpan(j * n + l + 1, n - l - 1));
                        else norms[j] *= Math.Sqrt(tt);
                    }
                }
                _qraux[l] = x[0];
                _qr[l * n + l] = -nrmxl;
            }
            l++;
        }
        Rank = Math.Min(k, lup);
    }

    private void RotateToEnd(int l, int n, int p, double[] norms, double[] orig)
    {
        var col = _qr.AsSpan(l * n, n).ToArray();
        int piv = Pivot[l];
        double nrm = norms[l], org = orig[l];
        for (int j = l; j < p - 1; j++)
        {
            _qr.AsSpan((j + 1) * n, n).CopyTo(_qr.AsSpan(j * n, n));
            Pivot[j] = Pivot[j + 1];
            norms[j] = norms[j + 1];
            orig[j] = orig[j + 1];
        }
        col.CopyTo(_qr.AsSpan((p - 1) * n, n));
        Pivot[p - 1] = piv;
        norms[p - 1] = nrm;
        orig[p - 1] = org;
    }

    private static double Norm(ReadOnlySpan<double> x)
    {
        double s = 0;
        foreach (var v in x) s += v * v;
        return Math.Sqrt(s);
    }

    /// <summary>Applies Qᵀ to y in place (length n).</summary>
    public void QtMultiply(Span<double> y)
    {
        int n = Rows;
        for (int l = 0; l < Math.Min(Rank, n - 1 < 0 ? 0 : Rank); l++)
        {
            if (_qraux[l] == 0) continue;
            double diag = _qr[l * n + l];
            _qr[l * n + l] = _qraux[l];
            double t = 0;
            for (int i = l; i < n; i++) t -= _qr[l * n + i] * y[i];
            t /= _qr[l * n + l];
            for (int i = l; i < n; i++) y[i] += t * _qr[l * n + i];
            _qr[l * n + l] = diag;
        }
    }

    /// <summary>Least-squares coefficients for the first <see cref="Rank"/> pivoted columns; aliased columns get NaN.
    /// Returned in the original column order.</summary>
    public double[] Solve(ReadOnlySpan<double> y)
    {
        int n = Rows;
        var qty = y.ToArray();
        QtMultiply(qty);
        var b = new double[Rank];
        for (int i = Rank - 1; i >= 0; i--)
        {
            double s = qty[i];
            for (int j = i + 1; j < Rank; j++) s -= _qr[j * n + i] * b[j];
            b[i] = s / _qr[i * n + i];
        }
        var result = new double[Cols];
        Array.Fill(result, double.NaN);
        for (int i = 0; i < Rank; i++) result[Pivot[i]] = b[i];
        return result;
    }

    /// <summary>(RᵀR)⁻¹ for the estimable columns (Rank × Rank, row-major, in pivoted order) = (XᵀX)⁻¹ restricted.</summary>
    public double[] UnscaledCovariance()
    {
        int r = Rank, n = Rows;
        // invert upper-triangular R
        var rinv = new double[r * r];
        for (int i = 0; i < r; i++)
        {
            rinv[i * r + i] = 1 / _qr[i * n + i];
            for (int j = i + 1; j < r; j++)
            {
                double s = 0;
                for (int k = i; k < j; k++) s -= rinv[i * r + k] * _qr[j * n + k];
                rinv[i * r + j] = s / _qr[j * n + j];
            }
        }
        var cov = new double[r * r];
        for (int i = 0; i < r; i++)
        for (int j = i; j < r; j++)
        {
            double s = 0;
            for (int k = j; k < r; k++) s += rinv[i * r + k] * rinv[j * r + k];
            cov[i * r + j] = s;
            cov[j * r + i] = s;
        }
        return cov;
    }

    /// <summary>Original indices of aliased (collinear) columns.</summary>
    public IEnumerable<int> AliasedColumns() => Pivot.Skip(Rank);
}
