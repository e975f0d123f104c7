using Cohesion.Statistics.Data;

namespace Cohesion.Bench.Models;

/// <summary>
/// Deterministic benchmark data shared with the R side (bench/scripts/models/*.R): u(i, j) = frac(|sin(12.9898 i +
/// 78.233 j)| · 43758.5453) is computed identically by R and .NET (libm sin), so both fit the very same numbers
/// without exchanging files.
/// </summary>
public static class ModelsBenchData
{
    public static double U(double i, double j)
    {
        double x = Math.Abs(Math.Sin(i * 12.9898 + j * 78.233)) * 43758.5453;
        return x - Math.Floor(x);
    }

    /// <summary>Unbalanced two-way panel: candidate rows i = 0..⌈n/0.9⌉−1 with unit ⌊i/20⌋ and year i mod 20; a row
    /// is kept when u(i, 0) ≥ 0.1 (about n rows remain); 10 regressors correlated with the unit effects.</summary>
    public static DataFrame Panel(int n, int regressors = 10)
    {
        long m = (long)Math.Ceiling(n / 0.9);
        var kept = new List<int>((int)(m * 0.95));
        for (int i = 0; i < m; i++) if (U(i, 0) >= 0.1) kept.Add(i);
        int rows = kept.Count;
        var unit = new double[rows];
        var year = new double[rows];
        var xs = new double[regressors][];
        for (int j = 0; j < regressors; j++) xs[j] = new double[rows];
        var y = new double[rows];
        Parallel.For(0, rows, r =>
        {
            int i = kept[r];
            double u = Math.Floor(i / 20.0), t = i % 20;
            unit[r] = u; year[r] = t;
            double yi = U(u, 40) + 0.05 * t + U(i, 41);
            for (int j = 1; j <= regressors; j++)
            {
                double x = U(i, j + 1) + 0.3 * U(u, j + 20) + 0.02 * t;
                xs[j - 1][r] = x;
                yi += j / 10.0 * x;
            }
            y[r] = yi;
        });
        var cols = new List<Column> { new NumericColumn("y", y), new NumericColumn("unit", unit), new NumericColumn("year", year) };
        for (int j = 0; j < regressors; j++) cols.Add(new NumericColumn($"x{j + 1}", xs[j]));
        return new DataFrame(cols);
    }

    public static string PanelFormula(int regressors = 10) =>
        "y ~ " + string.Join(" + ", Enumerable.Range(1, regressors).Select(j => $"x{j}")) + " | unit + year";

    /// <summary>Random-intercept data: n observations in <paramref name="groups"/> groups, 5 covariates.</summary>
    public static DataFrame Multilevel(int n, int groups = 11_000)
    {
        var g = new double[n];
        var xs = new double[5][];
        for (int j = 0; j < 5; j++) xs[j] = new double[n];
        var y = new double[n];
        Parallel.For(0, n, i =>
        {
            double gi = Math.Floor(U(i, 0) * groups);
            g[i] = gi;
            double yi = 1 + (U(gi, 30) - 0.5) + (U(i, 31) - 0.5);
            for (int j = 1; j <= 5; j++)
            {
                double x = U(i, j + 1);
                xs[j - 1][i] = x;
                yi += 0.1 * j * x;
            }
            y[i] = yi;
        });
        var cols = new List<Column> { new NumericColumn("y", y), new NumericColumn("g", g) };
        for (int j = 0; j < 5; j++) cols.Add(new NumericColumn($"x{j + 1}", xs[j]));
        return new DataFrame(cols);
    }

    public const string MultilevelFormula = "y ~ x1 + x2 + x3 + x4 + x5 + (1|g)";
}
