namespace Cohesion.Statistics.LinearAlgebra;

/// <summary>Small dense kernels shared by the estimators (row-major unless stated).</summary>
public static class MatrixOps
{
    /// <summary>Xᵀ W X for column-major X (n × p) and optional weights: returns p × p row-major.</summary>
    public static double[] CrossProduct(ReadOnlySpan<double> xColumnMajor, int n, int p, ReadOnlySpan<double> weights = default)
    {
        var r = new double[p * p];
        bool w = !weights.IsEmpty;
        for (int a = 0; a < p; a++)
        {
            var xa = xColumnMajor.Slice(a * n, n);
            for (int b = a; b < p; b++)
            {
                var xb = xColumnMajor.Slice(b * n, n);
                double s = 0;
                if (w) for (int i = 0; i < n; i++) s += xa[i] * weights[i] * xb[i];
                else for (int i = 0; i < n; i++) s += xa[i] * xb[i];
                r[a * p + b] = s;
                r[b * p + a] = s;
            }
        }
        return r;
    }

    /// <summary>Xᵀ W y for column-major X.</summary>
    public static double[] CrossProduct(ReadOnlySpan<double> xColumnMajor, int n, int p, ReadOnlySpan<double> y, ReadOnlySpan<double> weights)
    {
        var r = new double[p];
        bool w = !weights.IsEmpty;
        for (int a = 0; a < p; a++)
        {
            var xa = xColumnMajor.Slice(a * n, n);
            double s = 0;
            if (w) for (int i = 0; i < n; i++) s += xa[i] * weights[i] * y[i];
            else for (int i = 0; i < n; i++) s += xa[i] * y[i];
            r[a] = s;
        }
        return r;
    }

    /// <summary>C = A B for row-major A (m × k) and B (k × n).</summary>
    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int k, int n)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        for (int t = 0; t < k; t++)
        {
            double ait = a[i * k + t];
            if (ait == 0) continue;
            for (int j = 0; j < n; j++) c[i * n + j] += ait * b[t * n + j];
        }
        return c;
    }

    /// <summary>A B Aᵀ ("sandwich") for row-major A (m × k) and symmetric B (k × k).</summary>
    public static double[] Sandwich(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int m, int k)
    {
        var ab = Multiply(a, b, m, k, k);
        var r = new double[m * m];
        for (int i = 0; i < m; i++)
        for (int j = i; j < m; j++)
        {
            double s = 0;
            for (int t = 0; t < k; t++) s += ab[i * k + t] * a[j * k + t];
            r[i * m + j] = s;
            r[j * m + i] = s;
        }
        return r;
    }
}
