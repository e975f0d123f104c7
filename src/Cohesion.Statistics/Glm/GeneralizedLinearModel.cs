using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Glm;

/// <summary>Control of the IRLS iterations, as R's <c>glm.control</c>.</summary>
public sealed record GlmControl(double Epsilon = 1e-8, int MaxIterations = 25)
{
    public static readonly GlmControl Default = new();
}

/// <summary>
/// Generalized linear models fitted by iteratively reweighted least squares exactly as R's <c>glm.fit</c>: the family's
/// starting values (or a given start vector), the same working response and weights, the same pivoted QR (tolerance
/// <c>min(1e-7, epsilon/1000)</c>; aliased columns get NaN), step halving when the deviance is not finite or the
/// fitted values leave the family's range, and the convergence rule <c>|dev − dev_old|/(|dev| + 0.1) &lt; epsilon</c>.
/// Prior weights may be non-integer (survey weights); observations with weight 0 are carried but do not enter the fit.
/// </summary>
public static class GeneralizedLinearModel
{
    /// <summary>
    /// Fits <c>glm.fit(X, y, weights, family, start)</c>. <paramref name="x"/> is the model matrix;
    /// <paramref name="y"/> and <paramref name="weights"/> (empty = all 1) are indexed by design row. Row numbers in
    /// errors are data rows (<see cref="DesignMatrix.Rows"/>).
    /// </summary>
    public static GlmFit Fit(DesignMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, GlmFamily family,
        GlmControl? control = null, ReadOnlySpan<double> start = default)
    {
        control ??= GlmControl.Default;
        int n = x.RowCount, p = x.ColumnCount;
        if (y.Length != n) throw new ArgumentException($"y has {y.Length} values, the design has {n} rows");
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException($"weights have {weights.Length} values, the design has {n} rows");
        if (!start.IsEmpty && start.Length != p) throw new ArgumentException($"start has {start.Length} values, the model has {p} coefficients");
        if (p == 0) throw new ModelException("the model has no coefficients");
        var w = new double[n];
        var yy = y.ToArray();
        var mu = new double[n];
        for (int i = 0; i < n; i++)
        {
            double wi = weights.IsEmpty ? 1.0 : weights[i];
            if (!(wi >= 0) || double.IsInfinity(wi))
                throw new CohesionException($"weight {wi} is negative or not finite", row: x.Rows[i] + 1);
            w[i] = wi;
            if (wi > 0 || family.IsBinomial is false)
                if (family.InvalidResponse(yy[i]) is { } why) throw new CohesionException(why, row: x.Rows[i] + 1);
            mu[i] = family.StartingMean(ref yy[i], wi);
        }

        var xs = x.Values;
        var eta = new double[n];
        double[]? coefOld = null;
        var coef = new double[p];
        if (!start.IsEmpty)
        {
            coefOld = start.ToArray();
            start.CopyTo(coef);
            LinearPredictor(xs, n, p, coef, eta);
        }
        else
            for (int i = 0; i < n; i++) eta[i] = family.LinkFunction(mu[i]);
        for (int i = 0; i < n; i++) mu[i] = family.LinkInverse(eta[i]);
        if (!AllValid(family, mu))
            throw new ModelException($"cannot find valid starting values for the {family.Name} model");
        double devOld = Deviance(family, yy, mu, w);

        double tol = Math.Min(1e-7, control.Epsilon / 1000);
        var sqrtW = new double[n];
        var good = new bool[n];
        QrDecomposition? qr = null;
        bool converged = false, boundary = false;
        int iter;
        double dev = devOld;
        for (iter = 1; iter <= control.MaxIterations; iter++)
        {
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                good[i] = w[i] > 0 && family.MuEta(eta[i]) != 0;
                if (good[i]) m++;
            }
            if (m == 0) throw new ModelException($"no observations with positive weight in the {family.Name} model");
            var goodRows = new int[m];
            var xw = new double[m * p];
            var zw = new double[m];
            int r = 0;
            for (int i = 0; i < n; i++)
            {
                if (!good[i]) { sqrtW[i] = 0; continue; }
                double me = family.MuEta(eta[i]);
                double variance = family.Variance(mu[i]);
                if (variance == 0 || double.IsNaN(variance))
                    throw new ModelException($"the {family.Name} variance function is 0 or undefined at row {x.Rows[i] + 1}");
                double z = eta[i] + (yy[i] - mu[i]) / me;
                double wi = Math.Sqrt(w[i] * me * me / variance);
                sqrtW[i] = wi;
                zw[r] = z * wi;
                goodRows[r] = i;
                r++;
            }
            for (int j = 0; j < p; j++)
            {
                int off = j * n, o2 = j * m;
                for (int k = 0; k < m; k++) xw[o2 + k] = xs[off + goodRows[k]] * sqrtW[goodRows[k]];
            }
            qr = new QrDecomposition(xw, m, p, tol);
            var b = qr.Solve(zw);
            bool finite = true;
            for (int j = 0; j < p; j++)
            {
                coef[j] = double.IsNaN(b[j]) ? 0 : b[j];
                if (!double.IsFinite(coef[j])) finite = false;
            }
            if (!finite) throw new ModelException($"non-finite coefficients at iteration {iter} of the {family.Name} model");
            LinearPredictor(xs, n, p, coef, eta);
            for (int i = 0; i < n; i++) mu[i] = family.LinkInverse(eta[i]);
            dev = Deviance(family, yy, mu, w);
            boundary = false;
            if (!double.IsFinite(dev))
            {
                if (coefOld is null) throw new ModelException($"no valid set of coefficients has been found for the {family.Name} model: its deviance is not finite");
                for (int ii = 1; !double.IsFinite(dev); ii++)
                {
                    if (ii > control.MaxIterations) throw new ModelException($"the {family.Name} model diverges: cannot correct the step size");
                    Halve(coef, coefOld, xs, n, p, eta, mu, family);
                    dev = Deviance(family, yy, mu, w);
                }
                boundary = true;
            }
            if (!AllValid(family, mu))
            {
                if (coefOld is null) throw new ModelException($"no valid set of coefficients has been found for the {family.Name} model: fitted values out of range");
                for (int ii = 1; !AllValid(family, mu); ii++)
                {
                    if (ii > control.MaxIterations) throw new ModelException($"the {family.Name} model's fitted values leave the valid range: cannot correct the step size");
                    Halve(coef, coefOld, xs, n, p, eta, mu, family);
                }
                boundary = true;
                dev = Deviance(family, yy, mu, w);
            }
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < control.Epsilon) { converged = true; break; }
            devOld = dev;
            coefOld ??= new double[p];
            coef.CopyTo(coefOld, 0);
        }
        if (iter > control.MaxIterations) iter = control.MaxIterations;

        int rank = qr!.Rank;
        var aliased = new bool[p];
        foreach (var j in qr.AliasedColumns()) aliased[j] = true;
        var coefficients = new double[p];
        for (int j = 0; j < p; j++) coefficients[j] = aliased[j] ? double.NaN : coef[j];

        // cov.unscaled = (R'R)^-1 of the final iteration's weighted QR, mapped back to original column order
        var covPivot = qr.UnscaledCovariance();
        var cov = new double[p * p];
        Array.Fill(cov, double.NaN);
        for (int a = 0; a < rank; a++)
        for (int c = 0; c < rank; c++)
            cov[qr.Pivot[a] * p + qr.Pivot[c]] = covPivot[a * rank + c];

        var workingWeights = new double[n];
        var workingResiduals = new double[n];
        const double eps10 = 10 * 2.220446049250313e-16;
        for (int i = 0; i < n; i++)
        {
            workingWeights[i] = sqrtW[i] * sqrtW[i];
            workingResiduals[i] = (yy[i] - mu[i]) / family.MuEta(eta[i]);
        }
        if (family.IsBinomial)
            for (int i = 0; i < n; i++) if (w[i] > 0 && (mu[i] > 1 - eps10 || mu[i] < eps10)) boundary = true;
        if (family.Link == "log")
            for (int i = 0; i < n; i++) if (w[i] > 0 && mu[i] < eps10) boundary = true;

        double sw = 0, swy = 0;
        int nOk = 0;
        for (int i = 0; i < n; i++) { sw += w[i]; swy += w[i] * yy[i]; if (w[i] != 0) nOk++; }
        bool intercept = x.ColumnNames.Contains("(Intercept)");
        double wtdmu = intercept ? swy / sw : family.LinkInverse(0);
        double nullDev = 0;
        for (int i = 0; i < n; i++) nullDev += family.DevianceResidual(yy[i], wtdmu, w[i]);
        double aic = family.Aic(yy, mu, w, dev) + 2 * rank;

        return new GlmFit
        {
            Family = family, ColumnNames = x.ColumnNames, Coefficients = coefficients, Aliased = aliased, Rank = rank, CovUnscaled = cov,
            Deviance = dev, NullDeviance = nullDev, Aic = aic, Iterations = iter, Converged = converged, Boundary = boundary,
            DfResidual = nOk - rank, DfNull = nOk - (intercept ? 1 : 0),
            Fitted = mu, LinearPredictor = eta, PriorWeights = w, Response = yy,
            WorkingWeights = workingWeights, WorkingResiduals = workingResiduals, Design = x
        };
    }

    private static void LinearPredictor(double[] xs, int n, int p, double[] coef, double[] eta)
    {
        Array.Clear(eta);
        for (int j = 0; j < p; j++)
        {
            double c = coef[j];
            if (c == 0) continue;
            int off = j * n;
            for (int i = 0; i < n; i++) eta[i] += xs[off + i] * c;
        }
    }

    /// <summary>glm.fit's step halving: start ← (start + coefold)/2 and the predictor and means recomputed.</summary>
    private static void Halve(double[] coef, double[] coefOld, double[] xs, int n, int p, double[] eta, double[] mu, GlmFamily family)
    {
        for (int j = 0; j < p; j++) coef[j] = (coef[j] + coefOld[j]) / 2;
        LinearPredictor(xs, n, p, coef, eta);
        for (int i = 0; i < n; i++) mu[i] = family.LinkInverse(eta[i]);
    }

    private static bool AllValid(GlmFamily family, double[] mu)
    {
        foreach (var m in mu) if (!family.ValidMu(m)) return false;
        return true;
    }

    private static double Deviance(GlmFamily family, double[] y, double[] mu, double[] w)
    {
        double d = 0;
        for (int i = 0; i < y.Length; i++) d += family.DevianceResidual(y[i], mu[i], w[i]);
        return d;
    }
}
