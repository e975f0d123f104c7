namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>
/// Cholesky factorisation of a symmetric positive-definite matrix stored row-major in a flat array (n × n).
/// Kernels work in place on spans so callers control allocation in hot loops.
/// </summary>
public static class Cholesky
{
    /// <summary>Overwrites the lower triangle of <paramref name="a"/> with L (A = L Lᵀ); the strict upper triangle
    /// is zeroed. Returns false if A is not (numerically) positive definite.</summary>
    public static bool Decompose(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0) || double.IsNaN(d)) return false;
            double ljj = Math.Sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i * n + j];
                var ri = a.Slice(i * n, j);
                var rj = a.Slice(j * n, j);
                for (int k = 0; k < j; k++) s -= ri[k] * rj[k];
                a[i * n + j] = s / ljj;
            }
            for (int i = 0; i < j; i++) a[i * n + j] = 0;
        }
        return true;
    }

    /// <summary>Solves L Lᵀ x = b in place (b becomes x) given the factor from <see cref="Decompose"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        ForwardSolve(l, n, b);
        for (int i = n - 1; i >= 0; i--)
        {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>Solves L x = b in place (forward substitution with the lower factor, row-major n × n).</summary>
    public static void ForwardSolve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /// <summary>log det(A) = 2 Σ log Lᵢᵢ.</summary>
    public static double LogDeterminant(ReadOnlySpan<double> l, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.Log(l[i * n + i]);
        return 2 * s;
    }

    /// <summary>A⁻¹ from the factor (row-major, full symmetric).</summary>
    public static double[] Inverse(ReadOnlySpan<double> l, int n)
    {
        var inv = new double[n * n];
        var col = new double[n];
        for (int j = 0; j < n; j++)
        {
            Array.Clear(col);
            col[j] = 1;
            Solve(l, n, col);
            for (int i = 0; i < n; i++) inv[i * n + j] = col[i];
        }
        // symmetrise against rounding
        for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
        {
            double m = 0.5 * (inv[i * n + j] + inv[j * n + i]);
            inv[i * n + j] = m;
            inv[j * n + i] = m;
        }
        return inv;
    }

    /// <summary>Inverse of a symmetric positive-definite matrix; throws <see cref="ModelException"/> if singular.</summary>
    public static double[] InvertSpd(ReadOnlySpan<double> a, int n, string what = "matrix")
    {
        var l = a.ToArray();
        if (!Decompose(l, n)) throw new ModelException($"{what} is singular or not positive definite");
        return Inverse(l, n);
    }
}
