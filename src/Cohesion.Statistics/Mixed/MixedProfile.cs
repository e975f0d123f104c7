using Cohesion.Statistics.Optimization;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Mixed;

/// <summary>A profile-likelihood confidence interval for a random-effect standard deviation, a correlation, or the
/// residual standard deviation (Group "Residual"). Null bounds: the profile does not reach the cut-off inside the
/// parameter's range (lme4 then reports the bound, e.g. 0 for a standard deviation).</summary>
public sealed record ProfileInterval(string Group, string Term, string? Term2, string Parameter, double Estimate, double? Lower, double? Upper);

/// <summary>
/// Profile-likelihood intervals for the variance parameters of a linear mixed model, computed as lme4's
/// <c>confint(fit, method = "profile")</c> does: the ML deviance (a REML fit is refitted by ML, as lme4's
/// <c>profile</c> does) as a function of the standard deviations, correlations and σ, each parameter profiled by
/// minimising over the others on lme4's grid (steps of the signed root ζ of δ = cut-off/8, cut-off
/// √χ²₀.₉₉(all parameters), at most 100 points), an interpolating natural spline of ζ against the parameter, inverted
/// as lme4's <c>backSpline</c> does, and evaluated at ±z₀.₉₇₅. Replicating the grid and the splines (not only the
/// root of the profile) makes the intervals equal to lme4's, whose interpolation differs from the exact roots by up to
/// 1e-4 relative.
/// </summary>
public static class MixedProfile
{
    private const double DevTol = 1e-9, MaxMult = 10, MinStep = 1e-6;
    private const int MaxPoints = 100;

    public static IReadOnlyList<ProfileInterval> Intervals(MixedResult fit, double level = 0.95)
    {
        if (fit.Lmm is not { } e)
            throw new CohesionException("profile-likelihood intervals are available for linear mixed models (family gaussian)");
        var ml = e.Reml ? LinearMixedModel.FitDesign(e.Design, e.Response, e.Weights, new MixedOptions { Reml = false, Ddf = DenominatorDf.None }) : fit;
        var me = ml.Lmm!;
        var pd = me.Deviance;
        var blocks = e.Design.Blocks;
        int n = e.Design.N, p = e.Design.P;
        // parameters: per term, in θ order (column-wise lower triangle): sd on the diagonal, cor below; then σ
        var pars = new List<(int Block, int Row, int Col)>();
        for (int t = 0; t < blocks.Length; t++)
            for (int c = 0; c < blocks[t].K; c++)
                for (int r = c; r < blocks[t].K; r++) pars.Add((t, r, c));
        int nvp = pars.Count + 1;
        var opt = new double[nvp];
        var factors = pd.Factors(me.Theta);
        double sigma = me.Sigma;
        for (int j = 0; j < pars.Count; j++)
        {
            var (t, r, c) = pars[j];
            var cov = Covariance(factors[t], blocks[t].K);
            opt[j] = r == c ? sigma * Math.Sqrt(cov[r * blocks[t].K + r]) : cov[r * blocks[t].K + c] / Math.Sqrt(cov[r * blocks[t].K + r] * cov[c * blocks[t].K + c]);
        }
        opt[nvp - 1] = sigma;
        double base0 = ml.Criterion;
        bool IsCor(int j) => j < pars.Count && pars[j].Row != pars[j].Col;

        double Dev(double[] v)
        {
            double s = v[nvp - 1];
            if (!(s > 0)) return double.PositiveInfinity;
            var theta = new double[pd.ThetaLength];
            int o = 0, j0 = 0;
            for (int t = 0; t < blocks.Length; t++)
            {
                int k = blocks[t].K;
                var cov = new double[k * k];
                int cnt = k * (k + 1) / 2;
                var sd = new double[k];
                for (int q = 0; q < cnt; q++) { var (_, r, c) = pars[j0 + q]; if (r == c) sd[r] = v[j0 + q]; }
                for (int q = 0; q < cnt; q++)
                {
                    var (_, r, c) = pars[j0 + q];
                    double val = r == c ? sd[r] * sd[r] : v[j0 + q] * sd[r] * sd[c];
                    cov[r * k + c] = val / (s * s);
                    cov[c * k + r] = val / (s * s);
                }
                if (!LowerCholesky(cov, k, out var l)) return double.PositiveInfinity;
                for (int c = 0; c < k; c++) for (int r = c; r < k; r++) theta[o++] = l[r * k + c];
                j0 += cnt;
            }
            var ev = pd.Evaluate(theta, false);
            if (!ev.Ok) return double.PositiveInfinity;
            return ev.LogDetL - pd.PriorWeightsLogSum + ev.Pwrss / (s * s) + n * Math.Log(2 * Math.PI * s * s);
        }

        double cutoff = Math.Sqrt(ChiSquared.InvCDF(nvp + p, 0.99));
        double delta = cutoff / 8;
        double zq = Normal.InvCDF(0, 1, (1 + level) / 2);
        var result = new List<ProfileInterval>();
        for (int w = 0; w < nvp; w++)
        {
            double lowcut = IsCor(w) ? -1 : 0, upcut = IsCor(w) ? 1 : double.PositiveInfinity;
            double pw = opt[w];
            // zeta: minimise over the other parameters (correlations through tanh, so only lower bounds remain)
            var others = Enumerable.Range(0, nvp).Where(j => j != w).ToArray();
            var lowerOthers = others.Select(j => IsCor(j) ? double.NegativeInfinity : 0.0).ToArray();
            double[] ToInner(double[] full) => others.Select(j => IsCor(j) ? Math.Atanh(Math.Clamp(full[j], -1 + 1e-12, 1 - 1e-12)) : full[j]).ToArray();
            double[] ToFull(double xx, double[] inner)
            {
                var v = new double[nvp];
                v[w] = xx;
                for (int a = 0; a < others.Length; a++) v[others[a]] = IsCor(others[a]) ? Math.Tanh(inner[a]) : inner[a];
                return v;
            }
            double[]? Zeta(double xx, double[] startFull)
            {
                double[] best;
                double fval;
                if (others.Length == 0) { best = ToFull(xx, []); fval = Dev(best); }
                else
                {
                    var res = BoundedOptimizer.Minimize(q => Dev(ToFull(xx, q)), ToInner(startFull), lowerOthers, 20_000);
                    best = ToFull(xx, res.X);
                    fval = res.F;
                }
                if (!double.IsFinite(fval)) return null;
                double devdiff = fval - base0;
                if (devdiff < -1e-6 * Math.Max(1, Math.Abs(base0)))
                    throw new ModelException($"profiling found a lower deviance than the fit (by {-devdiff:G3}): the fit had not converged");
                if (devdiff <= 0) devdiff = DevTol;
                var row = new double[nvp + 1];
                row[0] = Math.Sign(xx - pw) * Math.Sqrt(devdiff);
                Array.Copy(best, 0, row, 1, nvp);
                return row;
            }
            var optRow = new double[nvp + 1];
            Array.Copy(opt, 0, optRow, 1, nvp);
            double shift = pw == 0 ? 1e-3 : pw * 1.01;
            var shiftRow = Zeta(shift, opt);
            var rows = new List<double[]> { optRow };
            if (shiftRow is not null)
            {
                var pres = Fill([optRow, shiftRow], w + 1, lowcut, upcut, cutoff, delta, Zeta);
                var nres = pw > lowcut ? Fill([shiftRow, optRow], w + 1, lowcut, upcut, cutoff, delta, Zeta) : [shiftRow, optRow];
                rows.AddRange(pres);
                rows.AddRange(nres);
            }
            // unique points in parameter order
            var pts = rows.GroupBy(r => r[w + 1]).Select(g => g.First()).OrderBy(r => r[w + 1]).ToList();
            double? lo = null, hi = null;
            var xs = pts.Select(r => r[w + 1]).ToArray();
            var zs = pts.Select(r => r[0]).ToArray();
            if (xs.Length >= 4 && Monotone(zs))
            {
                var back = BackSpline.Of(xs, zs);
                lo = back.Evaluate(-zq);
                hi = back.Evaluate(zq);
            }
            // outside the profiled range lme4 reports the parameter's bound
            lo ??= IsCor(w) ? -1 : 0;
            hi ??= IsCor(w) ? 1 : null;
            if (w == nvp - 1) result.Add(new ProfileInterval("Residual", "", null, "sigma", pw, lo, hi));
            else
            {
                var (t, r, c) = pars[w];
                var b = blocks[t];
                result.Add(r == c
                    ? new ProfileInterval(e.Design.GroupNames[t], b.TermNames[r], null, "sd", pw, lo, hi)
                    : new ProfileInterval(e.Design.GroupNames[t], b.TermNames[c], b.TermNames[r], "cor", pw, lo, hi));
            }
        }
        // lme4's order: a term's variances then its covariances, as VarCorr lists them (sd rows, then cor rows), then σ
        var ordered = new List<ProfileInterval>();
        foreach (var g in fit.Random)
        {
            var iv = result.First(x => x.Group == g.Group && x.Term == g.Term && x.Term2 == g.Term2);
            ordered.Add(iv);
        }
        ordered.Add(result.Last());
        return ordered;
    }

    /// <summary>lme4's fillmat: extend the two seed rows until |ζ| exceeds the cut-off or the parameter its range.</summary>
    private static List<double[]> Fill(List<double[]> mat, int cc, double lowcut, double upcut, double cutoff, double delta, Func<double, double[], double[]?> zeta)
    {
        int i = 1;
        while (i < MaxPoints - 1 && mat[i][cc] > lowcut && mat[i][cc] < upcut && Math.Abs(mat[i][0]) <= cutoff)
        {
            double np = NextPar(mat, cc, i, delta, lowcut, upcut);
            var start = mat[i].Skip(1).ToArray();
            var row = zeta(np, start);
            if (row is null) break;
            mat.Add(row);
            i++;
        }
        return mat;
    }

    private static double NextPar(List<double[]> mat, int cc, int r, double absstep, double lower, double upper)
    {
        double p0 = mat[r - 1][cc], p1 = mat[r][cc];
        double num = p1 - p0, denom = mat[r][0] - mat[r - 1][0];
        double step;
        if (!double.IsFinite(denom) || denom == 0) step = MinStep;
        else
        {
            step = absstep * num / denom;
            if (step < 0) step = MinStep;
            else if (r > 0 && Math.Abs(step) > Math.Abs(MaxMult * num)) step = Math.Sign(step) * Math.Abs(MaxMult * num);
        }
        return Math.Min(upper, Math.Max(lower, p1 + Math.Sign(num) * step));
    }

    private static bool Monotone(double[] z)
    {
        bool up = true, down = true;
        for (int i = 1; i < z.Length; i++) { if (!(z[i] > z[i - 1])) up = false; if (!(z[i] < z[i - 1])) down = false; }
        return up || down;
    }

    private static double[] Covariance(double[] t, int k)
    {
        var s = new double[k * k];
        for (int r = 0; r < k; r++)
        for (int c = 0; c < k; c++)
        {
            double v = 0;
            for (int a = 0; a < k; a++) v += t[r * k + a] * t[c * k + a];
            s[r * k + c] = v;
        }
        return s;
    }

    /// <summary>Lower Cholesky factor allowing zero pivots (a zero standard deviation).</summary>
    private static bool LowerCholesky(double[] a, int k, out double[] l)
    {
        l = new double[k * k];
        for (int j = 0; j < k; j++)
        {
            double d = a[j * k + j];
            for (int q = 0; q < j; q++) d -= l[j * k + q] * l[j * k + q];
            if (d < -1e-12 * Math.Max(1, a[j * k + j])) return false;
            double ljj = Math.Sqrt(Math.Max(d, 0));
            l[j * k + j] = ljj;
            for (int i = j + 1; i < k; i++)
            {
                double s = a[i * k + j];
                for (int q = 0; q < j; q++) s -= l[i * k + q] * l[j * k + q];
                l[i * k + j] = ljj > 0 ? s / ljj : 0;
            }
        }
        return true;
    }
}

/// <summary>
/// R's <c>splines::backSpline(interpSpline(z ~ x))</c>: the natural cubic interpolating spline of z on x (second
/// derivative 0 at both ends) inverted piecewise — on each interval the cubic in z matching x and dx/dz = 1/z′ at both
/// knots, the first and last intervals quadratic, monotonicity repairs as R's — evaluated as <c>predict.polySpline</c>
/// (NA outside the knots).
/// </summary>
internal sealed class BackSpline
{
    private readonly double[] _knots;     // z values (increasing)
    private readonly double[,] _coef;     // per knot: x, dx/dz, c, d

    private BackSpline(double[] knots, double[,] coef) { _knots = knots; _coef = coef; }

    public static BackSpline Of(double[] x, double[] z)
    {
        int nk = x.Length, m = nk - 1;
        // natural cubic spline z(x): second derivatives M with M_0 = M_n = 0
        var h = new double[m];
        for (int i = 0; i < m; i++) h[i] = x[i + 1] - x[i];
        var M = new double[nk];
        if (nk > 2)
        {
            int q = nk - 2;
            var a = new double[q]; var b = new double[q]; var c = new double[q]; var rhs = new double[q];
            for (int i = 1; i <= q; i++)
            {
                a[i - 1] = h[i - 1]; b[i - 1] = 2 * (h[i - 1] + h[i]); c[i - 1] = h[i];
                rhs[i - 1] = 6 * ((z[i + 1] - z[i]) / h[i] - (z[i] - z[i - 1]) / h[i - 1]);
            }
            for (int i = 1; i < q; i++) { double f = a[i] / b[i - 1]; b[i] -= f * c[i - 1]; rhs[i] -= f * rhs[i - 1]; }
            var sol = new double[q];
            sol[q - 1] = rhs[q - 1] / b[q - 1];
            for (int i = q - 2; i >= 0; i--) sol[i] = (rhs[i] - c[i] * sol[i + 1]) / b[i];
            for (int i = 0; i < q; i++) M[i + 1] = sol[i];
        }
        // first derivatives of z at the knots
        var d1 = new double[nk];
        for (int i = 0; i < m; i++) d1[i] = (z[i + 1] - z[i]) / h[i] - h[i] * (2 * M[i] + M[i + 1]) / 6;
        {
            int i = m - 1;
            double bb = d1[i], cc = M[i] / 2, dd = (M[i + 1] - M[i]) / (6 * h[i]);
            d1[m] = bb + 2 * cc * h[i] + 3 * dd * h[i] * h[i];
        }
        // the inverse: knots z, coefficients of x(z)
        var coef = new double[nk, 4];
        var adiff = new double[m];
        var kdiff = new double[m];
        for (int i = 0; i < m; i++) { adiff[i] = z[i + 1] - z[i]; kdiff[i] = x[i + 1] - x[i]; }
        for (int i = 0; i < nk; i++) { coef[i, 0] = x[i]; coef[i, 1] = 1 / d1[i]; }
        for (int i = 0; i < m; i++)
        {
            // [[a², a³], [2a, 3a²]] (c, d) = (Δx − a·b_i, b_{i+1} − b_i)
            double ad = adiff[i];
            double r1 = kdiff[i] - ad * coef[i, 1], r2 = coef[i + 1, 1] - coef[i, 1];
            double a11 = ad * ad, a12 = ad * ad * ad, a21 = 2 * ad, a22 = 3 * ad * ad;
            double det = a11 * a22 - a12 * a21;
            coef[i, 2] = (r1 * a22 - a12 * r2) / det;
            coef[i, 3] = (a11 * r2 - a21 * r1) / det;
        }
        if (nk > 2)
        {
            coef[0, 3] = 0;
            coef[m - 1, 3] = 0;
            // [[a, a²], [1, 2a]] (b, c) = (Δx, 1/z′(x₂))
            double ad = adiff[0];
            double r1 = kdiff[0], r2 = 1 / d1[1];
            double det = ad * 2 * ad - ad * ad;
            coef[0, 1] = (r1 * 2 * ad - ad * ad * r2) / det;
            coef[0, 2] = (ad * r2 - r1) / det;
            coef[m - 1, 2] = (kdiff[m - 1] - adiff[m - 1] * coef[m - 1, 1]) / (adiff[m - 1] * adiff[m - 1]);
        }
        if (coef[0, 2] > 0) { coef[0, 2] = 0; coef[0, 1] = kdiff[0] / adiff[0]; }
        if (coef[m - 1, 2] < 0) { coef[m - 1, 2] = 0; coef[m - 1, 1] = kdiff[m - 1] / adiff[m - 1]; }
        return new BackSpline(z, coef);
    }

    /// <summary>x at z, or null outside the knots (R's cut: intervals closed on the right, the first knot included).</summary>
    public double? Evaluate(double v)
    {
        int nk = _knots.Length;
        int i = -1;
        if (v == _knots[0]) i = 0;
        else for (int k = 0; k < nk - 1; k++) if (v > _knots[k] && v <= _knots[k + 1]) { i = k; break; }
        if (i < 0) return null;
        double dx = v - _knots[i];
        return ((_coef[i, 3] * dx + _coef[i, 2]) * dx + _coef[i, 1]) * dx + _coef[i, 0];
    }
}
