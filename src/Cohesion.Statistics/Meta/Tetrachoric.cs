using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>
/// The tetrachoric correlation of a 2×2 table by maximum likelihood, step for step as metafor's <c>.rtet</c>: a Brent
/// search for ρ with the thresholds fixed at the marginal quantiles (R's <c>optimize</c>), then Nelder–Mead over ρ and
/// both thresholds (R's <c>optim</c>, default control) and the sampling variance from the inverse of R's
/// finite-difference Hessian (<c>optimhess</c>, ndeps = 1e-3). Cell probabilities by Genz's bivariate normal
/// (mvtnorm's <c>pmvnorm</c> in two dimensions).
/// </summary>
public static class Tetrachoric
{
    private const double MaxCor = 0.9999;

    public static (double Yi, double Vi) Estimate(double a, double b, double c, double d)
    {
        double n = a + b + c + d;
        if (a + b == 0 || c + d == 0 || a + c == 0 || b + d == 0) return (double.NaN, double.NaN); // yi = 0, vi = Inf -> NA in escalc
        if (b == 0 && c == 0) return (1, 0);
        if (a == 0 && d == 0) return (-1, 0);
        double rowCut = Normal.InvCDF(0, 1, (a + b) / n), colCut = Normal.InvCDF(0, 1, (a + c) / n);
        double Fixed(double rho) => NegLogLik(rho, rowCut, colCut, a, b, c, d);
        double rho0 = Optimizers.BrentMinimum(Fixed, -1, 1, Math.Pow(2.220446049250313e-16, 0.25));
        double Full(double[] p) => NegLogLik(p[0], p[1], p[2], a, b, c, d);
        double[] par, h;
        try
        {
            par = Optimizers.NelderMead(Full, [rho0, rowCut, colCut]);
            h = Optimizers.Hessian(Full, par, 1e-3);
        }
        catch (ModelException) { return (double.NaN, double.NaN); } // metafor: "Could not estimate tetrachoric correlation"
        double vi;
        if (Cholesky.Decompose(h, 3)) vi = Cholesky.Inverse(h, 3)[0];
        else vi = double.NaN;
        double yi = par[0];
        if (b == 0 || c == 0) yi = 1;
        if (a == 0 || d == 0) yi = -1;
        return (yi, vi);
    }

    private static double NegLogLik(double rho, double cutRow, double cutCol, double a, double b, double c, double d)
    {
        if (Math.Abs(rho) > MaxCor) rho = Math.Sign(rho) * MaxCor;
        double pa = BivariateNormal.Upper(-cutCol, -cutRow, rho);
        double pb = BivariateNormal.Upper(cutCol, -cutRow, -rho);
        double pc = BivariateNormal.Upper(-cutCol, cutRow, -rho);
        double pd = BivariateNormal.Upper(cutCol, cutRow, rho);
        if (pa <= 0 || pb <= 0 || pc <= 0 || pd <= 0) return double.PositiveInfinity;
        return -(a * Math.Log(pa) + b * Math.Log(pb) + c * Math.Log(pc) + d * Math.Log(pd));
    }
}

/// <summary>Genz's <c>BVNU</c> (TVPACK): P(X &gt; h, Y &gt; k) for a standard bivariate normal with correlation r,
/// Gauss–Legendre quadrature of Drezner &amp; Wesolowsky's integral, accurate to about 1e-15.</summary>
public static class BivariateNormal
{
    private static readonly double[][] W =
    [
        [0.1713244923791705, 0.3607615730481384, 0.4679139345726904],
        [0.4717533638651177e-01, 0.1069393259953183, 0.1600783285433464, 0.2031674267230659, 0.2334925365383547, 0.2491470458134029],
        [0.1761400713915212e-01, 0.4060142980038694e-01, 0.6267204833410906e-01, 0.8327674157670475e-01, 0.1019301198172404,
         0.1181945319615184, 0.1316886384491766, 0.1420961093183821, 0.1491729864726037, 0.1527533871307259]
    ];
    private static readonly double[][] X =
    [
        [-0.9324695142031522, -0.6612093864662647, -0.2386191860831970],
        [-0.9815606342467191, -0.9041172563704750, -0.7699026741943050, -0.5873179542866171, -0.3678314989981802, -0.1252334085114692],
        [-0.9931285991850949, -0.9639719272779138, -0.9122344282513259, -0.8391169718222188, -0.7463319064601508,
         -0.6360536807265150, -0.5108670019508271, -0.3737060887154196, -0.2277858511416451, -0.7652652113349733e-01]
    ];

    private static double Phi(double x) => Normal.CDF(0, 1, x);

    public static double Upper(double sh, double sk, double r)
    {
        const double twoPi = 6.283185307179586;
        int ng = Math.Abs(r) < 0.3 ? 0 : Math.Abs(r) < 0.75 ? 1 : 2;
        var w = W[ng]; var x = X[ng];
        int lg = w.Length;
        double h = sh, k = sk, hk = h * k, bvn = 0;
        if (Math.Abs(r) < 0.925)
        {
            double hs = (h * h + k * k) / 2, asr = Math.Asin(r);
            for (int i = 0; i < lg; i++)
            {
                double sn = Math.Sin(asr * (x[i] + 1) / 2);
                bvn += w[i] * Math.Exp((sn * hk - hs) / (1 - sn * sn));
                sn = Math.Sin(asr * (-x[i] + 1) / 2);
                bvn += w[i] * Math.Exp((sn * hk - hs) / (1 - sn * sn));
            }
            return bvn * asr / (2 * twoPi) + Phi(-h) * Phi(-k);
        }
        if (r < 0) { k = -k; hk = -hk; }
        if (Math.Abs(r) < 1)
        {
            double As = (1 - r) * (1 + r), a = Math.Sqrt(As), bs = (h - k) * (h - k);
            double c = (4 - hk) / 8, d = (12 - hk) / 16;
            bvn = a * Math.Exp(-(bs / As + hk) / 2) * (1 - c * (bs - As) * (1 - d * bs / 5) / 3 + c * d * As * As / 5);
            if (hk > -160)
            {
                double b = Math.Sqrt(bs);
                bvn -= Math.Exp(-hk / 2) * Math.Sqrt(twoPi) * Phi(-b / a) * b * (1 - c * bs * (1 - d * bs / 5) / 3);
            }
            a /= 2;
            for (int i = 0; i < lg; i++)
            {
                double xs = Math.Pow(a * (x[i] + 1), 2), rs = Math.Sqrt(1 - xs);
                bvn += a * w[i] * (Math.Exp(-bs / (2 * xs) - hk / (1 + rs)) / rs - Math.Exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
                xs = As * Math.Pow(-x[i] + 1, 2) / 4;
                rs = Math.Sqrt(1 - xs);
                bvn += a * w[i] * Math.Exp(-(bs / xs + hk) / 2) * (Math.Exp(-hk * (1 - rs) / (2 * (1 + rs))) / rs - (1 + c * xs * (1 + d * xs)));
            }
            bvn = -bvn / twoPi;
        }
        if (r > 0) bvn += Phi(-Math.Max(h, k));
        if (r < 0) bvn = -bvn + Math.Max(0, Phi(-h) - Phi(-k));
        return bvn;
    }
}

/// <summary>R's derivative-free optimisers ported step for step (so that estimates defined by them give R's digits):
/// <c>optimize</c> (Brent's fmin), <c>optim(method = "Nelder-Mead")</c> (nmmin) and <c>optimhess</c>.</summary>
public static class Optimizers
{
    /// <summary>R's <c>optimize(f, c(lower, upper), tol = tol)$minimum</c> (Brent_fmin; non-finite values count as DBL_MAX).</summary>
    public static double BrentMinimum(Func<double, double> f0, double ax, double bx, double tol)
    {
        double F(double x) { var v = f0(x); return double.IsFinite(v) ? v : double.MaxValue; }
        double c = (3.0 - Math.Sqrt(5.0)) * .5;
        double eps = Math.Sqrt(2.220446049250313e-16);
        double a = ax, b = bx, v = a + c * (b - a), w = v, x = v;
        double d = 0, e = 0, fx = F(x), fv = fx, fw = fx, tol3 = tol / 3;
        for (; ; )
        {
            double xm = (a + b) * .5, tol1 = eps * Math.Abs(x) + tol3, t2 = tol1 * 2;
            if (Math.Abs(x - xm) <= t2 - (b - a) * .5) break;
            double p = 0, q = 0, r = 0;
            if (Math.Abs(e) > tol1)
            {
                r = (x - w) * (fx - fv);
                q = (x - v) * (fx - fw);
                p = (x - v) * q - (x - w) * r;
                q = (q - r) * 2;
                if (q > 0) p = -p; else q = -q;
                r = e;
                e = d;
            }
            double u;
            if (Math.Abs(p) >= Math.Abs(q * .5 * r) || p <= q * (a - x) || p >= q * (b - x))
            {
                e = x < xm ? b - x : a - x;
                d = c * e;
            }
            else
            {
                d = p / q;
                u = x + d;
                if (u - a < t2 || b - u < t2) { d = tol1; if (x >= xm) d = -d; }
            }
            if (Math.Abs(d) >= tol1) u = x + d;
            else if (d > 0) u = x + tol1;
            else u = x - tol1;
            double fu = F(u);
            if (fu <= fx)
            {
                if (u < x) b = x; else a = x;
                v = w; w = x; x = u;
                fv = fw; fw = fx; fx = fu;
            }
            else
            {
                if (u < x) a = u; else b = u;
                if (fu <= fw || w == x) { v = w; fv = fw; w = u; fw = fu; }
                else if (fu <= fv || v == x || v == w) { v = u; fv = fu; }
            }
        }
        return x;
    }

    /// <summary>R's <c>optim(par, fn)$par</c> with the default Nelder–Mead control (alpha 1, beta 0.5, gamma 2,
    /// reltol √ε, abstol −Inf, maxit 500).</summary>
    public static double[] NelderMead(Func<double[], double> fn, double[] start, double reltol = 1.4901161193847656e-08, int maxit = 500)
    {
        const double big = 1.0e+35, alpha = 1, bet = 0.5, gamm = 2;
        int n = start.Length, n1 = n + 1, C = n + 2;
        var bvec = (double[])start.Clone();
        var P = new double[n1, n + 2];
        double f = fn(bvec);
        if (!double.IsFinite(f)) throw new ModelException("function cannot be evaluated at initial parameters");
        int funcount = 1;
        double convtol = reltol * (Math.Abs(f) + reltol);
        P[n1 - 1, 0] = f;
        for (int i = 0; i < n; i++) P[i, 0] = bvec[i];
        int L = 1;
        double size = 0, step = 0;
        for (int i = 0; i < n; i++) if (0.1 * Math.Abs(bvec[i]) > step) step = 0.1 * Math.Abs(bvec[i]);
        if (step == 0.0) step = 0.1;
        for (int j = 2; j <= n1; j++)
        {
            for (int i = 0; i < n; i++) P[i, j - 1] = bvec[i];
            double trystep = step;
            while (P[j - 2, j - 1] == bvec[j - 2])
            {
                P[j - 2, j - 1] = bvec[j - 2] + trystep;
                trystep *= 10;
            }
            size += trystep;
        }
        double oldsize = size;
        bool calcvert = true;
        do
        {
            if (calcvert)
            {
                for (int j = 0; j < n1; j++)
                    if (j + 1 != L)
                    {
                        for (int i = 0; i < n; i++) bvec[i] = P[i, j];
                        f = fn(bvec);
                        if (!double.IsFinite(f)) f = big;
                        funcount++;
                        P[n1 - 1, j] = f;
                    }
                calcvert = false;
            }
            double VL = P[n1 - 1, L - 1], VH = VL;
            int H = L;
            for (int j = 1; j <= n1; j++)
            {
                if (j == L) continue;
                f = P[n1 - 1, j - 1];
                if (f < VL) { L = j; VL = f; }
                if (f > VH) { H = j; VH = f; }
            }
            if (VH <= VL + convtol || VL <= double.NegativeInfinity) break;
            for (int i = 0; i < n; i++)
            {
                double temp = -P[i, H - 1];
                for (int j = 0; j < n1; j++) temp += P[i, j];
                P[i, C - 1] = temp / n;
            }
            for (int i = 0; i < n; i++) bvec[i] = (1.0 + alpha) * P[i, C - 1] - alpha * P[i, H - 1];
            f = fn(bvec);
            if (!double.IsFinite(f)) f = big;
            funcount++;
            double VR = f;
            if (VR < VL)
            {
                P[n1 - 1, C - 1] = f;
                for (int i = 0; i < n; i++)
                {
                    f = gamm * bvec[i] + (1 - gamm) * P[i, C - 1];
                    P[i, C - 1] = bvec[i];
                    bvec[i] = f;
                }
                f = fn(bvec);
                if (!double.IsFinite(f)) f = big;
                funcount++;
                if (f < VR)
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = f;
                }
                else
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = P[i, C - 1];
                    P[n1 - 1, H - 1] = VR;
                }
            }
            else
            {
                if (VR < VH)
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = VR;
                }
                for (int i = 0; i < n; i++) bvec[i] = (1 - bet) * P[i, H - 1] + bet * P[i, C - 1];
                f = fn(bvec);
                if (!double.IsFinite(f)) f = big;
                funcount++;
                if (f < P[n1 - 1, H - 1])
                {
                    for (int i = 0; i < n; i++) P[i, H - 1] = bvec[i];
                    P[n1 - 1, H - 1] = f;
                }
                else if (VR >= VH)
                {
                    calcvert = true;
                    size = 0.0;
                    for (int j = 0; j < n1; j++)
                        if (j + 1 != L)
                            for (int i = 0; i < n; i++)
                            {
                                P[i, j] = bet * (P[i, j] - P[i, L - 1]) + P[i, L - 1];
                                size += Math.Abs(P[i, j] - P[i, L - 1]);
                            }
                    if (size < oldsize) oldsize = size;
                    else break;
                }
            }
        } while (funcount <= maxit);
        var xres = new double[n];
        for (int i = 0; i < n; i++) xres[i] = P[i, L - 1];
        return xres;
    }

    /// <summary>R's <c>optimhess(par, fn)</c> without a gradient: central differences of central-difference gradients,
    /// symmetrised. Returns the row-major n × n Hessian.</summary>
    public static double[] Hessian(Func<double[], double> fn, double[] par, double ndeps)
    {
        int n = par.Length;
        var h = new double[n * n];
        var dpar = (double[])par.Clone();
        var df1 = new double[n]; var df2 = new double[n];
        for (int i = 0; i < n; i++)
        {
            double eps = ndeps;
            dpar[i] = dpar[i] + eps;
            Gradient(fn, dpar, ndeps, df1);
            dpar[i] = dpar[i] - 2 * eps;
            Gradient(fn, dpar, ndeps, df2);
            for (int j = 0; j < n; j++) h[i * n + j] = (df1[j] - df2[j]) / (2 * eps);
            dpar[i] = dpar[i] + eps;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                double t = 0.5 * (h[i * n + j] + h[j * n + i]);
                h[i * n + j] = h[j * n + i] = t;
            }
        return h;
    }

    private static void Gradient(Func<double[], double> fn, double[] p, double eps, double[] df)
    {
        int n = p.Length;
        var x = (double[])p.Clone();
        for (int i = 0; i < n; i++)
        {
            x[i] = p[i] + eps;
            double v1 = fn(x);
            x[i] = p[i] - eps;
            double v2 = fn(x);
            df[i] = (v1 - v2) / (2 * eps);
            if (!double.IsFinite(df[i])) throw new ModelException($"non-finite finite-difference value [{i + 1}]");
            x[i] = p[i];
        }
    }
}
