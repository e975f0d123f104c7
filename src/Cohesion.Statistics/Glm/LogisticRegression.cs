using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Glm;

/// <summary>Control of the IRLS iterations, as R's <c>glm.control</c>.</summary>
public sealed record GlmControl(double Epsilon = 1e-8, int MaxIterations = 25)
{
    public static readonly GlmControl Default = new();
}

/// <summary>
/// Weighted logistic regression (binomial family, logit link) fitted by iteratively reweighted least squares exactly
/// as R's <c>glm.fit</c> does it: the same starting values (<c>mustart = (w y + 0.5)/(w + 1)</c>), the same
/// working response and weights, the same pivoted QR (tolerance <c>min(1e-7, epsilon/1000)</c>, aliased columns
/// get NaN), the same convergence rule <c>|dev − dev_old|/(|dev| + 0.1) &lt; epsilon</c> and R's clamped logit
/// link functions. Prior weights may be non-integer (survey weights: R's quasibinomial / <c>svyglm</c> gives the same
/// coefficients). Observations with weight 0 are carried but do not enter the fit.
/// </summary>
public static class LogisticRegression
{
    private const double Thresh = 30, MThresh = -30;
    private static readonly double Eps = Math.Pow(2, -52);
    private static readonly double InvEps = 1 / Eps;

    /// <summary>R's <c>binomial()$linkinv</c> (C logit_linkinv).</summary>
    public static double LinkInverse(double eta)
    {
        double t = eta < MThresh ? Eps : eta > Thresh ? InvEps : Math.Exp(eta);
        return t / (1 + t);
    }

    /// <summary>R's <c>binomial()$mu.eta</c> (C logit_mu_eta).</summary>
    public static double MuEta(double eta)
    {
        if (eta > Thresh || eta < MThresh) return Eps;
        double e = Math.Exp(eta), op = 1 + e;
        return e / (op * op);
    }

    public static double Logit(double mu) => Math.Log(mu / (1 - mu));

    private static double YLogY(double y, double mu) => y != 0 ? y * Math.Log(y / mu) : 0;

    /// <summary>Binomial deviance residual contribution (R's <c>binomial()$dev.resids</c>).</summary>
    public static double DevianceResidual(double y, double mu, double w) => 2 * w * (YLogY(y, mu) + YLogY(1 - y, 1 - mu));

    /// <summary>
    /// Fits <c>glm(y ~ X, family = binomial, weights = w)</c>. <paramref name="x"/> is the model matrix,
    /// <paramref name="y"/> the responses in [0,1] and <paramref name="weights"/> the prior weights (empty = all 1),
    /// both indexed by design row.
    /// </summary>
    public static LogisticFit Fit(DesignMatrix x, ReadOnlySpan<double> y, ReadOnlySpan<double> weights, GlmControl? control = null)
    {
        control ??= GlmControl.Default;
        int n = x.RowCount, p = x.ColumnCount;
        if (y.Length != n) throw new ArgumentException($"y has {y.Length} values, the design has {n} rows");
        if (!weights.IsEmpty && weights.Length != n) throw new ArgumentException($"weights have {weights.Length} values, the design has {n} rows");
        if (p == 0) throw new ModelException("the model has no coefficients");
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double wi = weights.IsEmpty ? 1.0 : weights[i];
            if (!(wi >= 0) || double.IsInfinity(wi))
                throw new CohesionException($"weight {wi} is negative or not finite", row: x.Rows[i] + 1);
            double yi = y[i];
            if (!(yi >= 0 && yi <= 1))
                throw new CohesionException($"response {yi} is not in [0, 1] (a logistic model needs 0/1 outcomes or proportions)", row: x.Rows[i] + 1);
            w[i] = wi;
        }
        var yy = y.ToArray();
        for (int i = 0; i < n; i++) if (w[i] == 0) yy[i] = 0; // binomial()$initialize: y[weights == 0] <- 0

        var eta = new double[n];
        var mu = new double[n];
        for (int i = 0; i < n; i++)
        {
            double ms = (w[i] * yy[i] + 0.5) / (w[i] + 1);
            eta[i] = Logit(ms);
            mu[i] = LinkInverse(eta[i]);
        }
        double devOld = 0;
        for (int i = 0; i < n; i++) devOld += DevianceResidual(yy[i], mu[i], w[i]);

        double tol = Math.Min(1e-7, control.Epsilon / 1000);
        var coef = new double[p];
        var sqrtW = new double[n];
        bool[] good = new bool[n];
        QrDecomposition? qr = null;
        int[] goodRows = [];
        bool converged = false;
        int iter = 0;
        double dev = devOld;
        var xs = x.Values;
        for (iter = 1; iter <= control.MaxIterations; iter++)
        {
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                double me = MuEta(eta[i]);
                good[i] = w[i] > 0 && me != 0;
                if (good[i]) m++;
            }
            if (m == 0) throw new ModelException("no observations with positive weight in the logistic model");
            goodRows = new int[m];
            var xw = new double[m * p];
            var zw = new double[m];
            int r = 0;
            for (int i = 0; i < n; i++)
            {
                if (!good[i]) { sqrtW[i] = 0; continue; }
                double me = MuEta(eta[i]);
                double variance = mu[i] * (1 - mu[i]);
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
            for (int j = 0; j < p; j++) coef[j] = double.IsNaN(b[j]) ? 0 : b[j];
            Array.Clear(eta);
            for (int j = 0; j < p; j++)
            {
                double c = coef[j];
                if (c == 0) continue;
                int off = j * n;
                for (int i = 0; i < n; i++) eta[i] += xs[off + i] * c;
            }
            dev = 0;
            for (int i = 0; i < n; i++)
            {
                mu[i] = LinkInverse(eta[i]);
                dev += DevianceResidual(yy[i], mu[i], w[i]);
            }
            if (!double.IsFinite(dev)) throw new ModelException("the logistic model's deviance is not finite");
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < control.Epsilon) { converged = true; break; }
            devOld = dev;
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
        bool boundary = false;
        for (int i = 0; i < n; i++)
        {
            workingWeights[i] = sqrtW[i] * sqrtW[i];
            workingResiduals[i] = (yy[i] - mu[i]) / MuEta(eta[i]);
            if (w[i] > 0 && (mu[i] > 1 - 10 * Eps || mu[i] < 10 * Eps)) boundary = true;
        }

        double sw = 0, swy = 0;
        int nOk = 0;
        for (int i = 0; i < n; i++) { sw += w[i]; swy += w[i] * yy[i]; if (w[i] != 0) nOk++; }
        bool intercept = x.ColumnNames.Contains("(Intercept)");
        double nullDev = 0;
        if (intercept)
        {
            double wtdmu = swy / sw;
            for (int i = 0; i < n; i++) nullDev += DevianceResidual(yy[i], wtdmu, w[i]);
        }
        else
            for (int i = 0; i < n; i++) nullDev += DevianceResidual(yy[i], 0.5, w[i]);

        // aic as binomial()$aic with n = 1: m = weights
        double aic = 0;
        for (int i = 0; i < n; i++)
        {
            double mi = w[i];
            if (mi <= 0) continue;
            double trials = Math.Round(mi), successes = Math.Round(mi * yy[i]);
            aic += LogBinomialDensity(successes, trials, mu[i]);
        }
        aic = -2 * aic + 2 * rank;

        return new LogisticFit
        {
            ColumnNames = x.ColumnNames, Coefficients = coefficients, Aliased = aliased, Rank = rank, CovUnscaled = cov,
            Deviance = dev, NullDeviance = nullDev, Aic = aic, Iterations = iter, Converged = converged, Boundary = boundary,
            DfResidual = nOk - rank, DfNull = nOk - (intercept ? 1 : 0),
            Fitted = mu, LinearPredictor = eta, PriorWeights = w, Response = yy,
            WorkingWeights = workingWeights, WorkingResiduals = workingResiduals, Design = x
        };
    }

    /// <summary>log dbinom(k; n, p) (for the AIC), 0·log 0 = 0.</summary>
    private static double LogBinomialDensity(double k, double n, double p)
    {
        if (n == 0) return 0;
        double lc = MathNet.Numerics.SpecialFunctions.GammaLn(n + 1) - MathNet.Numerics.SpecialFunctions.GammaLn(k + 1)
                    - MathNet.Numerics.SpecialFunctions.GammaLn(n - k + 1);
        double a = k > 0 ? k * Math.Log(p) : 0;
        double b = n - k > 0 ? (n - k) * Math.Log(1 - p) : 0;
        return lc + a + b;
    }
}
