namespace Cohesion.Statistics.Optimization;

/// <summary>
/// Minimises a smooth function under lower bounds: Nelder–Mead with projection onto the bounds to get close,
/// then projected Newton steps on finite-difference derivatives (active bounds held fixed) to polish the
/// optimum far below the simplex tolerance, as needed to match lme4's BOBYQA results to 1e-6.
/// </summary>
internal static class BoundedOptimizer
{
    public sealed record Result(double[] X, double F, int Evaluations, bool Converged, string? Message)
    {
        /// <summary>Largest |∂f/∂x| over the parameters not held at a bound, at the optimum.</summary>
        public double MaxGradient { get; init; }
        /// <summary>Whether the finite-difference Hessian on the free parameters is positive definite.</summary>
        public bool? HessianPositiveDefinite { get; init; }
        public double? MinHessianEigenvalue { get; init; }
    }

    /// <param name="roughTolerance">When set, stop the simplex once its criterion values agree to this relative
    /// tolerance and skip the Newton polish (a starting point for a later stage, not an optimum).</param>
    public static Result Minimize(Func<double[], double> f, double[] start, double[] lower, int maxEvaluations, double? roughTolerance = null)
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
            if (roughTolerance is { } rt ? spread <= rt * (1 + Math.Abs(fs[0])) : spread <= 1e-10 * (1 + Math.Abs(fs[0])) && size < 1e-5) break;
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

        if (roughTolerance is not null) return new Result(x, fx, evals, double.IsFinite(fx), null);
        // 2) projected Newton polishing
        var polished = Polish(F, x, fx, lower, () => evals, maxEvaluations);
        return polished with { Evaluations = evals };
    }

    /// <summary>
    /// Projected Newton steps from <paramref name="x"/> on finite-difference derivatives (Richardson-extrapolated
    /// central gradient, so that flat ridges are followed to the optimum and not stopped by the gradient's truncation
    /// error; active bounds held fixed), then the boundary check. A step whose predicted decrease is below what the
    /// criterion can resolve is taken when it does not increase the criterion beyond its rounding noise: on a very flat
    /// ridge the last steps move θ by 1e-6 while changing the deviance by 1e-13.
    /// </summary>
    public static Result Polish(Func<double[], double> F, double[] x, double fx, double[] lower, Func<int> evaluations, int maxEvaluations,
        bool reportDerivatives = true)
    {
        int m = x.Length;
        bool converged = false;
        double noise = 1e-13 * (1 + Math.Abs(fx));
        double[] g = new double[m], h = new double[m * m];
        bool[] active = new bool[m];
        int stalls = 0, sinceHessian = int.MaxValue;
        double lastChange = double.PositiveInfinity;
        bool[]? hessianActive = null;
        for (int iter = 0; iter < 200 && evaluations() < maxEvaluations; iter++)
        {
            // the Hessian changes slowly near the optimum: reuse it for a few gradient-only steps (linear convergence at
            // a small rate instead of m²/2 extra evaluations per step); refresh it when a step fails
            bool fresh = sinceHessian >= 4;
            // far from the optimum plain central differences do; near it the extrapolated gradient
            bool precise = lastChange < 1e-4;
            double[] hNew;
            (g, hNew, active) = Derivatives(F, x, fx, lower, fresh, precise);
            if (fresh || hessianActive is null || !active.SequenceEqual(hessianActive)) { if (!fresh) (g, hNew, active) = Derivatives(F, x, fx, lower, true, precise); h = hNew; sinceHessian = 0; hessianActive = active; fresh = true; }
            sinceHessian++;
            var free = Enumerable.Range(0, m).Where(i => !active[i]).ToArray();
            double gnorm = free.Length == 0 ? 0 : free.Max(i => Math.Abs(g[i]));
            if (free.Length == 0 || gnorm < 1e-12 * (1 + Math.Abs(fx)))
            {
                if (precise) { converged = true; break; }
                lastChange = 0;
                continue;
            }
            int k = free.Length;
            var hs = new double[k * k];
            for (int a = 0; a < k; a++) for (int b = 0; b < k; b++) hs[a * k + b] = h[free[a] * m + free[b]];
            double[] dir;
            var hl = (double[])hs.Clone();
            bool newton = LinearAlgebra.Cholesky.Decompose(hl, k);
            if (!newton)
            {
                // not convex here (or a ridge): Levenberg–Marquardt, H + λ·diag scale, λ raised until positive definite
                double scale = 0;
                for (int a = 0; a < k; a++) scale = Math.Max(scale, Math.Abs(hs[a * k + a]));
                if (!(scale > 0)) scale = 1;
                for (double lambda = 1e-8 * scale; lambda <= 1e8 * scale; lambda *= 10)
                {
                    hl = (double[])hs.Clone();
                    for (int a = 0; a < k; a++) hl[a * k + a] += lambda;
                    if (LinearAlgebra.Cholesky.Decompose(hl, k)) { newton = true; break; }
                }
            }
            if (newton)
            {
                dir = free.Select(i => -g[i]).ToArray();
                LinearAlgebra.Cholesky.Solve(hl, k, dir);
            }
            else dir = free.Select(i => -g[i]).ToArray();
            double predicted = 0;
            for (int a = 0; a < k; a++) predicted -= 0.5 * g[free[a]] * dir[a];
            double stepSize = 0;
            for (int a = 0; a < k; a++) stepSize = Math.Max(stepSize, Math.Abs(dir[a]) / (1 + Math.Abs(x[free[a]])));
            // backtracking line search with projection
            double t = 1;
            bool improved = false;
            for (int ls = 0; ls < 40; ls++)
            {
                var xn = (double[])x.Clone();
                for (int a = 0; a < k; a++) xn[free[a]] += t * dir[a];
                xn = Project(xn, lower);
                double fn = F(xn);
                bool accept = fn < fx || (ls == 0 && newton && predicted < noise && fn <= fx + noise);
                if (accept)
                {
                    double change = 0;
                    for (int j = 0; j < m; j++) change = Math.Max(change, Math.Abs(xn[j] - x[j]) / (1 + Math.Abs(x[j])));
                    x = xn;
                    fx = fn;
                    improved = true;
                    lastChange = change;
                    if (precise && (change < 1e-11 || (newton && predicted < 1e-3 * noise && change < 1e-8))) converged = true;
                    break;
                }
                t *= 0.5;
            }
            if (converged) break;
            if (!improved)
            {
                if (!fresh) { sinceHessian = int.MaxValue; continue; }
                if (!precise) { lastChange = 0; continue; }
                // the criterion cannot be lowered along the Newton direction: converged when the step was tiny
                converged = stepSize < 1e-6 || gnorm < 1e-5 * (1 + Math.Abs(fx));
                if (++stalls >= 1) break;
            }
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
        if (!reportDerivatives)
            return new Result(x, fx, evaluations(), converged && double.IsFinite(fx),
                converged ? null : $"the optimizer did not converge after {evaluations()} evaluations of the deviance");
        // what lme4's convergence checks look at: the gradient on the free parameters and the Hessian there
        (g, h, active) = Derivatives(F, x, fx, lower, true, true);
        var freeIdx = Enumerable.Range(0, m).Where(i => !active[i]).ToArray();
        double maxGrad = freeIdx.Length == 0 ? 0 : freeIdx.Max(i => Math.Abs(g[i]));
        bool? pd = null;
        double? minEig = null;
        if (freeIdx.Length > 0)
        {
            var hm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(freeIdx.Length, freeIdx.Length, (a, b) => h[freeIdx[a] * m + freeIdx[b]]);
            var ev = hm.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues;
            minEig = ev.Min(e => e.Real);
            pd = minEig > 0;
        }
        return new Result(x, fx, evaluations(), converged && double.IsFinite(fx),
            converged ? null : $"the optimizer did not converge after {evaluations()} evaluations of the deviance")
        { MaxGradient = maxGrad, HessianPositiveDefinite = pd, MinHessianEigenvalue = minEig };
    }

    private static double[] Project(double[] x, double[] lower)
    {
        var r = (double[])x.Clone();
        for (int i = 0; i < r.Length; i++) if (r[i] < lower[i]) r[i] = lower[i];
        return r;
    }

    /// <summary>Finite-difference gradient and Hessian. Away from a bound the gradient is the Richardson extrapolation
    /// of central differences with steps h and h/2 (error O(h⁴)), the diagonal of the Hessian likewise, the off-diagonal
    /// from forward differences with step h/2; a component at its bound gets one-sided differences and is marked active
    /// when its one-sided derivative is non-negative.</summary>
    private static (double[] G, double[] H, bool[] Active) Derivatives(Func<double[], double> f, double[] x, double fx, double[] lower, bool crossTerms, bool precise)
    {
        int m = x.Length;
        var g = new double[m];
        var h = new double[m * m];
        var active = new bool[m];
        var step = new double[m];
        for (int i = 0; i < m; i++) step[i] = 2e-3 * Math.Max(Math.Abs(x[i]), 0.05);
        var fHalf = new double[m];   // f(x + h_i/2 e_i)
        double At(int i, double d) { var xi = (double[])x.Clone(); xi[i] += d; return f(xi); }
        for (int i = 0; i < m; i++)
        {
            double hi = step[i];
            if (x[i] - hi < lower[i])
            {
                // one-sided at or near the bound (second-order forward differences with step h/2)
                double hq = hi / 2;
                double f1 = At(i, hq), f2 = At(i, 2 * hq);
                g[i] = (-3 * fx + 4 * f1 - f2) / (2 * hq);
                h[i * m + i] = (fx - 2 * f1 + f2) / (hq * hq);
                fHalf[i] = f1;
                if (x[i] <= lower[i] && g[i] >= 0) active[i] = true;
                continue;
            }
            double fp2 = At(i, hi / 2), fm2 = At(i, -hi / 2);
            fHalf[i] = fp2;
            if (!precise)
            {
                g[i] = (fp2 - fm2) / hi;
                h[i * m + i] = (fp2 - 2 * fx + fm2) / (hi * hi / 4);
                continue;
            }
            double fp = At(i, hi), fm = At(i, -hi);
            double g1 = (fp - fm) / (2 * hi), g2 = (fp2 - fm2) / hi;
            g[i] = (4 * g2 - g1) / 3;
            double h1 = (fp - 2 * fx + fm) / (hi * hi), h2 = (fp2 - 2 * fx + fm2) / (hi * hi / 4);
            h[i * m + i] = (4 * h2 - h1) / 3;
            fHalf[i] = fp2;
        }
        for (int i = 0; i < m && crossTerms; i++)
        for (int j = i + 1; j < m; j++)
        {
            if (active[i] || active[j]) continue;
            var x1 = (double[])x.Clone(); x1[i] += step[i] / 2; x1[j] += step[j] / 2;
            double fij = f(x1);
            double v = (fij - fHalf[i] - fHalf[j] + fx) / (step[i] * step[j] / 4);
            h[i * m + j] = v;
            h[j * m + i] = v;
        }
        return (g, h, active);
    }
}
