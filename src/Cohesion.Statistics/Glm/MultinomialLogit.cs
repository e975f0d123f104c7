using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Glm;

/// <summary>A multinomial (baseline-category) logit fit: coefficients of categories 1..K−1 against category 0.</summary>
/// <param name="Coefficients">(K − 1) × p, row-major: category k's coefficients at [(k − 1)·p + j].</param>
/// <param name="Covariance">Inverse of the observed information, ((K − 1)p)² row-major, in the same order.</param>
public sealed record MultinomialFit(int Categories, int Predictors, double[] Coefficients, double[] Covariance, int Iterations, bool Converged)
{
    /// <summary>Category probabilities for one row of predictors under coefficients <paramref name="beta"/> (default: the fit).</summary>
    public double[] Probabilities(ReadOnlySpan<double> x, double[]? beta = null)
    {
        var prob = new double[Categories];
        MultinomialLogit.Probabilities(x, beta ?? Coefficients, Categories, Predictors, prob);
        return prob;
    }
}

/// <summary>
/// Multinomial logistic regression by Newton–Raphson on the log-likelihood (with a small ridge penalty for separated or
/// sparse categories, as imputation models need to stay finite). Used by <see cref="Imputation.ChainedEquations"/> for
/// categorical variables with more than two categories.
/// </summary>
public static class MultinomialLogit
{
    /// <param name="x">n × p row-major predictors (include an intercept column).</param>
    /// <param name="y">Category 0..K−1 per row.</param>
    public static MultinomialFit Fit(double[] x, int n, int p, int[] y, int categories, double ridge = 1e-4, int maxIterations = 50, double tolerance = 1e-10)
    {
        int K = categories, q = (K - 1) * p;
        if (K < 2) throw new ArgumentException("a multinomial model needs at least two categories");
        var beta = new double[q];
        var grad = new double[q];
        var hess = new double[q * q];
        var prob = new double[K];
        double llOld = double.NegativeInfinity;
        bool converged = false;
        int iter;
        for (iter = 1; iter <= maxIterations; iter++)
        {
            Array.Clear(grad);
            Array.Clear(hess);
            double ll = 0;
            for (int i = 0; i < n; i++)
            {
                var xi = x.AsSpan(i * p, p);
                Probabilities(xi, beta, K, p, prob);
                ll += Math.Log(Math.Max(prob[y[i]], 1e-300));
                for (int k = 1; k < K; k++)
                {
                    double r = (y[i] == k ? 1 : 0) - prob[k];
                    for (int j = 0; j < p; j++) grad[(k - 1) * p + j] += r * xi[j];
                    for (int l = 1; l < K; l++)
                    {
                        double w = prob[k] * ((k == l ? 1 : 0) - prob[l]);
                        if (w == 0) continue;
                        for (int a = 0; a < p; a++)
                        {
                            double wa = w * xi[a];
                            int row = ((k - 1) * p + a) * q + (l - 1) * p;
                            for (int b = 0; b < p; b++) hess[row + b] += wa * xi[b];
                        }
                    }
                }
            }
            for (int j = 0; j < q; j++)
            {
                ll -= 0.5 * ridge * beta[j] * beta[j];
                grad[j] -= ridge * beta[j];
                hess[j * q + j] += ridge;
            }
            var step = (double[])grad.Clone();
            var l2 = (double[])hess.Clone();
            if (!Cholesky.Decompose(l2, q)) throw new ModelException("the multinomial imputation model is singular");
            Cholesky.Solve(l2, q, step);
            for (int j = 0; j < q; j++) beta[j] += step[j];
            if (Math.Abs(ll - llOld) < tolerance * (Math.Abs(ll) + 1)) { converged = true; break; }
            llOld = ll;
        }
        var cov = Cholesky.InvertSpd(hess, q, "the multinomial information matrix");
        return new MultinomialFit(K, p, beta, cov, Math.Min(iter, maxIterations), converged);
    }

    internal static void Probabilities(ReadOnlySpan<double> x, double[] beta, int K, int p, double[] prob)
    {
        double max = 0;
        prob[0] = 0;
        for (int k = 1; k < K; k++)
        {
            double s = 0;
            for (int j = 0; j < p; j++) s += x[j] * beta[(k - 1) * p + j];
            prob[k] = s;
            max = Math.Max(max, s);
        }
        double sum = 0;
        for (int k = 0; k < K; k++) { prob[k] = Math.Exp(prob[k] - max); sum += prob[k]; }
        for (int k = 0; k < K; k++) prob[k] /= sum;
    }
}
