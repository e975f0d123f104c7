namespace Cohesion.Statistics.Optimization;

/// <summary>
/// Minimises a smooth function under lower bounds: Nelder–Mead with projection onto the bounds to get close,
/// then projected Newton steps on finite-difference derivatives (active bounds held fixed) to polish the
/// optimum far below the simplex tolerance, as needed to match lme4's BOBYQA results to 1e-6.
/// </summary>
internal static class BoundedOptimizer
{
    public sealed record Result(double[] X, double F, int Evaluations, bool Converged, string? Message);

    public static Result Minimize(Func<double[], double> f, double[] start, double[] lower, int maxEvaluations)
    {
        int m = start.Length;
        int evals = 0;
        double F(double[] x)
        {
            evals++;
            var v = f(x);
            return double.IsFinite(v) ? v : double.PositiveInfinity;
        }
        var x0 = Project(start, lower);
        // 1) Nelder–Mead
        var simplex = new double[m + 1][];
        var fs = new double[m + 1];
        simplex[0] = x0;
        fs[0] = F(x0);
        for (int i = 0; i < m; i++)
        {
            var v = (double[])x0.Clone();
            double step = Math.Abs(v[i]) > 1e-3 ? 0.25 * Math.Abs(v[i]) : 0.25;
            v[i] += step;
            simplex[i + 1] = Project(v, lower);
            fs[i + 1] = F(simplex[i + 1]);
        }
        int nmBudget = Math.Max(200, Math.Min(maxEvaluations / 2, 400 * m));
        while (evals < nmBudget)
        {
            var order = Enumerable.Range(0, m + 1).OrderBy(i => fs[i]).ToArray();
            simplex = order.Select(i => simplex[i]).ToArray();
            fs = order.Select(i => fs[i]).ToArray();
            double spread = Math.Abs(fs[m] - fs[0]);
            double size = 0;
            for (int i = 1; i <= m; i++) for (int j = 0; j < m; j++) size = Math.Max(size, Math.Abs(simplex[i][j] - simplex[0][j]));
            if (spread <= 1e-10 * (1 + Math.Abs(fs[0])) && size < 1e-5) break;
            var centroid = new double[m];
            for (int i = 0; i < m; i++) for (int j = 0; j < m; j++) centroid[j] += simplex[i][j] / m;
            double[] Along(double t)
            {
                var r = new double[m];
                for (int j = 0; j < m; j++) r[j] = centroid[j] + t * (simplex[m][j] - centroid[j]);
                return Project(r, lower);
            }
            var xr = Along(-1);
            double fr = F(xr);
            if (fr < fs[0])
            {
                var xe = Along(-2);
                double fe = F(xe);
                if (fe < fr) { simplex[m] = xe; fs[m] = fe; } else { simplex[m] = xr; fs[m] = fr; }
            }
            else if (fr < fs[m - 1]) { simplex[m] = xr; fs[m] = fr; }
            else
            {
                var xc = fr < fs[m] ? Along(-0.5) : Along(0.5);
                double fc = F(xc);
                if (fc < Math.Min(fr, fs[m])) { simplex[m] = xc; fs[m] = fc; }
                else
                {
                    for (int i = 1; i <= m; i++)
                    {
                        for (int j = 0; j < m; j++) simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
                        simplex[i] = Project(simplex[i], lower);
                        fs[i] = F(simplex[i]);
                    }
                }
            }
        }
        int best = Array.IndexOf(fs, fs.Min());
        var x = (double[])simplex[best].Clone();
        double fx = fs[best];

        // 2) projected Newton polishing
        bool converged = false;
        for (int iter = 0; iter < 100 && evals < maxEvaluations; iter++)
        {
            var (g, h, active) = Derivatives(F, x, fx, lower);
            var free = Enumerable.Range(0, m).Where(i => !active[i]).ToArray();
            double gnorm = free.Length == 0 ? 0 : free.Max(i => Math.Abs(g[i]));
            if (gnorm < 1e-9 * (1 + Math.Abs(fx))) { converged = true; break; }
            int k = free.Length;
            var hs = new double[k * k];
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) hs[a * k + b] = h[free[a] * m + free[b]];
            double[] dir;
            var hl = (double[])hs.Clone();
            if (LinearAlgebra.Cholesky.Decompose(hl, k))
            {
                dir = free.Select(i => -g[i]).ToArray();
                LinearAlgebra.Cholesky.Solve(hl, k, dir);
            }
            else dir = free.Select(i => -g[i]).ToArray(); // steepest descent when not convex here
            // backtracking line search with projection
            double t = 1;
            bool improved = false;
            for (int ls = 0; ls < 40; ls++)
            {
                var xn = (double[])x.Clone();
                for (int a = 0; a < k; a++) xn[free[a]] += t * dir[a];
                xn = Project(xn, lower);
                double fn = F(xn);
                if (fn < fx - 1e-14 * Math.Abs(fx) || (fn <= fx && ls == 0))
                {
                    double change = 0;
                    for (int j = 0; j < m; j++) change = Math.Max(change, Math.Abs(xn[j] - x[j]));
                    x = xn;
                    fx = fn;
                    improved = true;
                    if (change < 1e-10) { converged = true; }
                    break;
                }
                t *= 0.5;
            }
            if (converged) break;
            if (!improved) { converged = gnorm < 1e-5 * (1 + Math.Abs(fx)); break; }
        }
        // boundary check: a variance parameter near zero that is as good at zero goes to zero (lme4 reports 0)
        for (int i = 0; i < m; i++)
        {
            if (lower[i] != 0 || x[i] == 0 || x[i] > 1e-3) continue;
            var xz = (double[])x.Clone();
            xz[i] = 0;
            double fz = F(xz);
            if (fz <= fx + 1e-9) { x = xz; fx = fz; }
        }
        return new Result(x, fx, evals, converged && double.IsFinite(fx),
            converged ? null : $"the optimizer did not converge after {evals} evaluations of the deviance");
    }

    private static double[] Project(double[] x, double[] lower)
    {
        var r = (double[])x.Clone();
        for (int i = 0; i < r.Length; i++) if (r[i] < lower[i]) r[i] = lower[i];
        return r;
    }

    /// <summary>Finite-difference gradient and Hessian; a component at its bound with a non-negative one-sided
    /// derivative is marked active.</summary>
    private static (double[] G, double[] H, bool[] Active) Derivatives(Func<double[], double> f, double[] x, double fx, double[] lower)
    {
        int m = x.Length;
        var g = new double[m];
        var h = new double[m * m];
        var active = new bool[m];
        var step = new double[m];
        for (int i = 0; i < m; i++) step[i] = 1e-4 * Math.Max(Math.Abs(x[i]), 0.1);
        var fp = new double[m];
        var fmv = new double[m];
        for (int i = 0; i < m; i++)
        {
            bool atBound = x[i] - step[i] < lower[i];
            if (atBound)
            {
                // forward differences at the bound
                var x1 = (double[])x.Clone(); x1[i] += step[i];
                var x2 = (double[])x.Clone(); x2[i] += 2 * step[i];
                double f1 = f(x1), f2 = f(x2);
                g[i] = (-3 * fx + 4 * f1 - f2) / (2 * step[i]);
                h[i * m + i] = (fx - 2 * f1 + f2) / (step[i] * step[i]);
                fp[i] = f1;
                fmv[i] = double.NaN;
                if (x[i] <= lower[i] && g[i] >= 0) active[i] = true;
            }
            else
            {
                var x1 = (double[])x.Clone(); x1[i] += step[i];
                var x2 = (double[])x.Clone(); x2[i] -= step[i];
                fp[i] = f(x1);
                fmv[i] = f(x2);
                g[i] = (fp[i] - fmv[i]) / (2 * step[i]);
                h[i * m + i] = (fp[i] - 2 * fx + fmv[i]) / (step[i] * step[i]);
            }
        }
        for (int i = 0; i < m; i++)
        for (int j = i + 1; j < m; j++)
        {
            if (active[i] || active[j]) continue;
            var x1 = (double[])x.Clone(); x1[i] += step[i]; x1[j] += step[j];
            double fij = f(x1);
            double v = (fij - fp[i] - fp[j] + fx) / (step[i] * step[j]);
            h[i * m + j] = v;
            h[j * m + i] = v;
        }
        return (g, h, active);
    }
}
