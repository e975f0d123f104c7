namespace Cohesion.Statistics.Optimization;

/// <summary>
/// R's <c>optim(method = "BFGS")</c>: the variable-metric method of <c>vmmin</c> (Nash's compact algorithm with a
/// backtracking line search, as R ships it) and <c>optimhess</c>, the Hessian by central differences of the gradient.
/// The arithmetic follows R's C code statement by statement (defaults <c>maxit = 100</c>,
/// <c>reltol = sqrt(.Machine$double.eps)</c>, <c>abstol = -Inf</c>, <c>ndeps = 1e-3</c>, unit parscale and fnscale), so
/// a model fitted with it stops where R stops — which matters, because BFGS stops short of the optimum by more than
/// the precision at which results are compared with R.
/// </summary>
public static class Bfgs
{
    public sealed record Result(double[] Parameters, double Value, int FunctionCount, int GradientCount, bool Converged);

    public const double DefaultRelativeTolerance = 1.4901161193847656e-08;

    private const double StepReduction = 0.2, AcceptTolerance = 0.0001, RelTest = 10.0;

    public static Result Minimize(Func<double[], double> fn, Action<double[], double[]> gr, double[] start,
        int maxIterations = 100, double absoluteTolerance = double.NegativeInfinity, double relativeTolerance = DefaultRelativeTolerance)
    {
        int n = start.Length;
        var b = (double[])start.Clone();
        if (maxIterations <= 0) return new Result(b, Evaluate(fn, b), 0, 0, true);
        var g = new double[n];
        var t = new double[n];
        var X = new double[n];
        var c = new double[n];
        var B = new double[n][];
        for (int i = 0; i < n; i++) B[i] = new double[i + 1];
        double f = Evaluate(fn, b);
        if (!double.IsFinite(f)) throw new ModelException("initial value in 'vmmin' is not finite");
        double fmin = f;
        int funcount = 1, gradcount = 1;
        Gradient(gr, b, g);
        int iter = 1;
        int ilast = gradcount;
        int count;
        do
        {
            if (ilast == gradcount)
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < i; j++) B[i][j] = 0.0;
                    B[i][i] = 1.0;
                }
            for (int i = 0; i < n; i++) { X[i] = b[i]; c[i] = g[i]; }
            double gradproj = 0.0;
            for (int i = 0; i < n; i++)
            {
                double s = 0.0;
                for (int j = 0; j <= i; j++) s -= B[i][j] * g[j];
                for (int j = i + 1; j < n; j++) s -= B[j][i] * g[j];
                t[i] = s;
                gradproj += s * g[i];
            }
            if (gradproj < 0.0)
            {
                double steplength = 1.0;
                bool accpoint = false;
                do
                {
                    count = 0;
                    for (int i = 0; i < n; i++)
                    {
                        b[i] = X[i] + steplength * t[i];
                        if (RelTest + X[i] == RelTest + b[i]) count++;
                    }
                    if (count < n)
                    {
                        f = Evaluate(fn, b);
                        funcount++;
                        accpoint = double.IsFinite(f) && f <= fmin + gradproj * steplength * AcceptTolerance;
                        if (!accpoint) steplength *= StepReduction;
                    }
                } while (!(count == n || accpoint));
                bool enough = f > absoluteTolerance && Math.Abs(f - fmin) > relativeTolerance * (Math.Abs(fmin) + relativeTolerance);
                if (!enough) { count = n; fmin = f; }
                if (count < n)
                {
                    fmin = f;
                    Gradient(gr, b, g);
                    gradcount++;
                    iter++;
                    double D1 = 0.0;
                    for (int i = 0; i < n; i++)
                    {
                        t[i] = steplength * t[i];
                        c[i] = g[i] - c[i];
                        D1 += t[i] * c[i];
                    }
                    if (D1 > 0)
                    {
                        double D2 = 0.0;
                        for (int i = 0; i < n; i++)
                        {
                            double s = 0.0;
                            for (int j = 0; j <= i; j++) s += B[i][j] * c[j];
                            for (int j = i + 1; j < n; j++) s += B[j][i] * c[j];
                            X[i] = s;
                            D2 += s * c[i];
                        }
                        D2 = 1.0 + D2 / D1;
                        for (int i = 0; i < n; i++)
                            for (int j = 0; j <= i; j++)
                                B[i][j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
                    }
                    else ilast = gradcount;
                }
                else if (ilast < gradcount)
                {
                    count = 0;
                    ilast = gradcount;
                }
            }
            else
            {
                count = 0;
                if (ilast == gradcount) count = n;
                else ilast = gradcount;
            }
            if (iter >= maxIterations) break;
            if (gradcount - ilast > 2 * n) ilast = gradcount;
        } while (count != n || ilast != gradcount);
        return new Result(b, fmin, funcount, gradcount, iter < maxIterations);
    }

    /// <summary>R's <c>optimhess</c>: H[i, j] = (g_j(p + ε e_i) − g_j(p − ε e_i)) / 2ε, then symmetrised.</summary>
    public static double[] Hessian(Action<double[], double[]> gr, double[] parameters, double ndeps = 1e-3)
    {
        int n = parameters.Length;
        var dpar = (double[])parameters.Clone();
        var df1 = new double[n];
        var df2 = new double[n];
        var h = new double[n * n]; // h[i * n + j] as R's REAL(ans)[i * npar + j]
        for (int i = 0; i < n; i++)
        {
            double eps = ndeps;
            dpar[i] = dpar[i] + eps;
            Gradient(gr, dpar, df1);
            dpar[i] = dpar[i] - 2 * eps;
            Gradient(gr, dpar, df2);
            for (int j = 0; j < n; j++) h[i * n + j] = 1.0 * (df1[j] - df2[j]) / (2 * eps * 1.0 * 1.0);
            dpar[i] = dpar[i] + eps;
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                double tmp = 0.5 * (h[i * n + j] + h[j * n + i]);
                h[i * n + j] = h[j * n + i] = tmp;
            }
        return h; // symmetric: row-major and column-major agree
    }

    private static double Evaluate(Func<double[], double> fn, double[] p)
    {
        foreach (var v in p) if (!double.IsFinite(v)) throw new ModelException("non-finite value supplied by optim");
        return fn(p);
    }

    private static void Gradient(Action<double[], double[]> gr, double[] p, double[] g)
    {
        foreach (var v in p) if (!double.IsFinite(v)) throw new ModelException("non-finite value supplied by optim");
        gr(p, g);
    }
}
