using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Cohesion.Statistics.Survey;

/// <summary>The calibration distance of R's <c>calibrate(calfun=)</c>.</summary>
public enum CalibrationFunction
{
    /// <summary>GREG: g = 1 + x′λ (optionally truncated to the bounds).</summary>
    Linear,
    /// <summary>Raking ratio: g = exp(x′λ).</summary>
    Raking,
    /// <summary>Logit (bounded) calibration: g between the finite bounds.</summary>
    Logit,
}

/// <summary>Calibration to population totals of model-matrix columns: the QR of the model matrix times the square root
/// of the weights before calibration, and g times that square root — what <c>svyrecvar</c> residualises influence values
/// with (R's <c>greg_calibration</c> object).</summary>
internal sealed class GregStep(double[] xw, int n, int p, QrDecomposition qr, double[] w) : CalibrationStep
{
    /// <summary>x ← qr.resid(qr, x / w) · w for each of the K columns of z (n × K row-major).</summary>
    public void Residualize(double[] z, int K)
    {
        var y = new double[n];
        for (int k = 0; k < K; k++)
        {
            for (int i = 0; i < n; i++) y[i] = z[i * K + k] / w[i];
            var b = qr.Solve(y);
            for (int j = 0; j < p; j++)
            {
                double bj = b[j];
                if (double.IsNaN(bj) || bj == 0) continue;
                int off = j * n;
                for (int i = 0; i < n; i++) y[i] -= xw[off + i] * bj;
            }
            for (int i = 0; i < n; i++) z[i * K + k] = y[i] * w[i];
        }
    }
}

/// <summary>
/// Calibration of a design's weights to known population totals of the columns of a model matrix, exactly as R's
/// <c>calibrate(design, formula, population, calfun, bounds)</c>: the linear (GREG) calibration without bounds in
/// closed form (<c>regcalibrate</c>), otherwise R's Newton iterations of <c>grake</c> (the same start, rescaling of
/// large weights, step halving, convergence rule |misfit|/(1 + |total|) &lt; ε). Taylor variances then residualise
/// influence values on the calibration model (<c>greg_calibration</c> in <c>svyrecvar</c>); replicate designs calibrate
/// every replicate's weights the same way (<c>calibrate.svyrep.design</c>).
/// </summary>
public static class GeneralCalibration
{
    /// <summary>
    /// Calibrates <paramref name="design"/> so that the weighted totals of the columns of <paramref name="model"/> (one
    /// row per design row, no missing values) equal <paramref name="population"/>. Bounds are on g = new/old weight.
    /// </summary>
    public static SurveyDesign Calibrate(SurveyDesign design, DesignMatrix model, IReadOnlyList<double> population,
        CalibrationFunction function = CalibrationFunction.Linear, double lower = double.NegativeInfinity, double upper = double.PositiveInfinity,
        int maxIterations = 50, double epsilon = 1e-7)
    {
        int n = design.RowCount;
        if (model.RowCount != n) throw new ArgumentException("the calibration model matrix needs one row per design row");
        if (population.Count != model.ColumnCount) throw new ArgumentException("one population total per model-matrix column");
        if (!(lower <= 1 && upper >= 1) || lower >= upper)
            throw new CohesionException($"calibration bounds must satisfy lower ≤ 1 ≤ upper and lower < upper; got [{lower}, {upper}]");
        if (function == CalibrationFunction.Logit && !(double.IsFinite(lower) && double.IsFinite(upper)))
            throw new CohesionException("logit calibration needs finite bounds (lower < 1 < upper)");
        if (function == CalibrationFunction.Logit && !(lower < 1 && upper > 1))
            throw new CohesionException("logit calibration needs bounds with lower < 1 < upper");
        var ww = design.Weights.ToArray();
        // R drops columns with zero sample total whose population total is 0 and that are zero in every row
        var keep = new List<int>();
        for (int j = 0; j < model.ColumnCount; j++)
        {
            var col = model.Column(j);
            double st = 0;
            bool allZero = true;
            for (int i = 0; i < n; i++) { st += col[i] * ww[i]; if (col[i] != 0) allZero = false; }
            if (st == 0 && population[j] == 0 && allZero) continue;
            keep.Add(j);
        }
        int p = keep.Count;
        var x = new double[n * p];
        for (int a = 0; a < p; a++) model.Column(keep[a]).CopyTo(x.AsSpan(a * n, n));
        var pop = keep.Select(j => population[j]).ToArray();
        bool closedForm = function == CalibrationFunction.Linear && double.IsNegativeInfinity(lower) && double.IsPositiveInfinity(upper);

        var g = closedForm ? LinearG(x, n, p, ww, pop) : Grake(x, n, p, ww, pop, function, lower, upper, maxIterations, epsilon, "the sampling weights");
        var newW = new double[n];
        for (int i = 0; i < n; i++) newW[i] = ww[i] * g[i];

        ReplicateWeights? reps = null;
        if (design.Replicates is { } r)
        {
            var full = new double[r.Count][];
            for (int k = 0; k < r.Count; k++)
            {
                var rw = new double[n];
                for (int i = 0; i < n; i++) rw[i] = r.WeightOf(design, k, i);
                var gr = closedForm ? LinearG(x, n, p, rw, pop) : Grake(x, n, p, rw, pop, function, lower, upper, maxIterations, epsilon, $"replicate {k + 1}'s weights");
                for (int i = 0; i < n; i++) rw[i] *= gr[i];
                full[k] = rw;
            }
            reps = new ReplicateWeights { Type = r.Type, Count = r.Count, Scale = r.Scale, Rscales = r.Rscales, Mse = r.Mse, Full = full };
        }

        var whalf = new double[n];
        for (int i = 0; i < n; i++) whalf[i] = Math.Sqrt(ww[i]);
        var xw = new double[n * p];
        for (int a = 0; a < p; a++)
        for (int i = 0; i < n; i++) xw[a * n + i] = x[a * n + i] * whalf[i];
        var qr = new QrDecomposition(xw, n, p, 1e-7);
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = g[i] * whalf[i];
        var step = new GregStep(xw, n, p, qr, w);
        return design.WithCalibration(newW, reps, step);
    }

    /// <summary>regcalibrate: g = 1 + X (XᵀWX)⁻¹ (T − XᵀW1).</summary>
    private static double[] LinearG(double[] x, int n, int p, double[] ww, double[] pop)
    {
        var t = MatrixOps.CrossProduct(x, n, p, ww);
        var st = SampleTotals(x, n, p, ww);
        var rhs = new double[p];
        for (int j = 0; j < p; j++) rhs[j] = pop[j] - st[j];
        var lambda = Solve(t, p, rhs);
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < p; j++) s += x[j * n + i] * lambda[j];
            g[i] = 1 + s;
        }
        return g;
    }

    private static double[] SampleTotals(double[] x, int n, int p, double[] ww)
    {
        var st = new double[p];
        for (int j = 0; j < p; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[j * n + i] * ww[i];
            st[j] = s;
        }
        return st;
    }

    /// <summary>R's <c>grake</c>: Newton steps on the calibration equations for g = 1 + F⁻¹(x′η).</summary>
    private static double[] Grake(double[] x, int n, int p, double[] w0, double[] pop, CalibrationFunction f, double lower, double upper,
        int maxIterations, double epsilon, string what)
    {
        var ww = (double[])w0.Clone();
        var st = SampleTotals(x, n, p, ww);
        double? scale = null;
        double minScale = double.PositiveInfinity, sumScale = 0;
        for (int j = 0; j < p; j++) { double s = pop[j] / st[j]; minScale = Math.Min(minScale, s); sumScale += s; }
        if (minScale > 20)
        {
            scale = sumScale / p;
            for (int i = 0; i < n; i++) ww[i] *= scale.Value;
            for (int j = 0; j < p; j++) st[j] *= scale.Value;
        }
        var eta = new double[p];
        var xeta = new double[n];
        var g = new double[n];
        var deriv = new double[n];
        void Update()
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < p; j++) s += x[j * n + i] * eta[j];
                xeta[i] = s;
                g[i] = 1 + Fm1(f, s, lower, upper);
                deriv[i] = DF(f, s, lower, upper);
            }
        }
        double[] Misfit()
        {
            var m = new double[p];
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int i = 0; i < n; i++) s += x[j * n + i] * ww[i] * (g[i] - 1);
                m[j] = pop[j] - st[j] - s;
            }
            return m;
        }
        Update();
        int iter = 1;
        while (true)
        {
            var wd = new double[n];
            for (int i = 0; i < n; i++) wd[i] = ww[i] * deriv[i];
            var t = MatrixOps.CrossProduct(x, n, p, wd);
            var misfit = Misfit();
            var deta = PseudoInverseSolve(t, p, misfit);
            for (int j = 0; j < p; j++) eta[j] += deta[j];
            Update();
            while (iter < maxIterations && (g.Any(v => !double.IsFinite(v)) || deriv.Any(v => !double.IsFinite(v))))
            {
                iter++;
                for (int j = 0; j < p; j++) { deta[j] /= 2; eta[j] -= deta[j]; }
                Update();
            }
            misfit = Misfit();
            bool done = true;
            double worst = 0;
            for (int j = 0; j < p; j++)
            {
                double rel = Math.Abs(misfit[j]) / (1 + Math.Abs(pop[j]));
                worst = Math.Max(worst, rel);
                if (!(rel < epsilon)) done = false;
            }
            if (done) break;
            iter++;
            if (iter > maxIterations)
                throw new ModelException(
                    $"calibration of {what} did not converge in {maxIterations} iterations (largest relative misfit {worst:G3}); the totals may be out of reach within the bounds — widen them or check the totals");
        }
        if (scale is { } sc) for (int i = 0; i < n; i++) g[i] *= sc;
        return g;
    }

    private static double Fm1(CalibrationFunction f, double u, double lower, double upper)
    {
        switch (f)
        {
            case CalibrationFunction.Linear: return Math.Min(Math.Max(u + 1, lower), upper) - 1;
            case CalibrationFunction.Raking: return Math.Min(Math.Max(Math.Exp(u), lower), upper) - 1;
            default:
            {
                double L = lower, U = upper, A = (U - L) / ((U - 1) * (1 - L)), e = Math.Exp(A * u);
                return (L * (U - 1) + U * (1 - L) * e) / (U - 1 + (1 - L) * e) - 1;
            }
        }
    }

    private static double DF(CalibrationFunction f, double u, double lower, double upper)
    {
        switch (f)
        {
            case CalibrationFunction.Linear: return u < upper - 1 && u > lower - 1 ? 1 : 0;
            case CalibrationFunction.Raking: return u < upper - 1 && u > lower - 1 ? Math.Exp(u) : 0;
            default:
            {
                double L = lower, U = upper, A = (U - L) / ((U - 1) * (1 - L)), e = Math.Exp(A * u);
                double d = U - 1 + (1 - L) * e;
                return U * (1 - L) * e * A / d - (L * (U - 1) + U * (1 - L) * e) * ((1 - L) * e * A) / (d * d);
            }
        }
    }

    private static double[] Solve(double[] a, int p, double[] b)
    {
        var m = DenseMatrix.OfColumnMajor(p, p, a);
        return m.Solve(DenseVector.OfArray(b)).ToArray();
    }

    /// <summary>MASS::ginv(A, tol = 256·eps) · b via the singular value decomposition.</summary>
    private static double[] PseudoInverseSolve(double[] a, int p, double[] b)
    {
        var m = DenseMatrix.OfColumnMajor(p, p, a);
        var svd = m.Svd(true);
        var s = svd.S;
        double tol = 256 * 2.220446049250313e-16 * s[0];
        var ub = svd.U.TransposeThisAndMultiply(DenseVector.OfArray(b));
        for (int k = 0; k < p; k++) ub[k] = s[k] > Math.Max(tol, 0) ? ub[k] / s[k] : 0;
        return svd.VT.TransposeThisAndMultiply(ub).ToArray();
    }
}
