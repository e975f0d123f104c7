using Cohesion.Statistics.Data;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Imputation;

/// <summary>Settings of <see cref="ChainedEquations.Impute"/>.</summary>
public sealed record ChainedEquationsOptions
{
    /// <summary>Number of imputed data sets (independent chains).</summary>
    public int Imputations { get; init; } = 5;
    /// <summary>Sweeps over the variables per chain.</summary>
    public int Iterations { get; init; } = 10;
    /// <summary>Donor pool size of predictive mean matching.</summary>
    public int Donors { get; init; } = 5;
    public int Seed { get; init; } = 1;
    /// <summary>Ridge factor on XᵀX of the linear imputation models (relative to its diagonal).</summary>
    public double Ridge { get; init; } = 1e-5;
}

/// <summary>What one variable's imputation model was and how many values it filled.</summary>
public sealed record ImputedVariable(string Name, string Method, int Missing, IReadOnlyList<string> Predictors);

/// <summary>The completed data sets, one per imputation, each a full copy of the input frame.</summary>
public sealed record ChainedEquationsResult(IReadOnlyList<DataFrame> Imputations, IReadOnlyList<ImputedVariable> Variables, ChainedEquationsOptions Options);

/// <summary>
/// Multiple imputation by chained equations — Cohesion's own implementation, in the spirit of van Buuren's MICE but not
/// claimed equal to R's mice: every chain starts from random draws of the observed values, then sweeps
/// <see cref="ChainedEquationsOptions.Iterations"/> times over the variables, imputing each from all other listed
/// variables (and extra complete predictors) with a model drawn from its posterior:
/// <list type="bullet">
/// <item>numeric variables: Bayesian linear regression (σ² drawn from its scaled inverse χ², β from its normal
/// posterior, a small ridge on XᵀX) and predictive mean matching — each missing value takes the observed value of one
/// of the <see cref="ChainedEquationsOptions.Donors"/> observed rows whose fitted values (at β̂) are closest to its own
/// (at the drawn β), so imputations are always values that occur in the data;</item>
/// <item>categorical variables: (ridge-penalised) logistic regression for two categories, baseline-category multinomial
/// logit for more, coefficients drawn from their normal approximation and the category drawn from the predicted
/// probabilities.</item>
/// </list>
/// Categorical predictors enter as treatment dummies. Each chain has its own random stream derived from the seed and
/// the chain number, so the same seed gives the same data sets whatever the order chains are run in.
/// </summary>
public static class ChainedEquations
{
    public static ChainedEquationsResult Impute(DataFrame data, IReadOnlyList<string> variables, IReadOnlyList<string>? predictors = null,
        ChainedEquationsOptions? options = null)
    {
        options ??= new ChainedEquationsOptions();
        if (options.Imputations < 1) throw new CohesionException("the number of imputations must be at least 1");
        if (options.Iterations < 1) throw new CohesionException("the number of iterations must be at least 1");
        if (options.Donors < 1) throw new CohesionException("the donor pool must hold at least 1 row");
        if (variables.Count == 0) throw new CohesionException("no variables to impute");
        predictors ??= [];
        int n = data.RowCount;
        var all = variables.Concat(predictors).ToList();
        foreach (var dup in all.GroupBy(v => v).Where(g => g.Count() > 1))
            throw new CohesionException($"variable '{dup.Key}' is listed twice", data.Source, dup.Key);
        var columns = all.Select(v => data[v]).ToList();
        for (int j = variables.Count; j < all.Count; j++)
            for (int i = 0; i < n; i++)
                if (columns[j].IsMissing(i))
                    throw new CohesionException("an extra predictor must be complete (impute it too by listing it among the variables)", data.Source, all[j], i + 1);
        var specs = new List<ImputedVariable>();
        for (int j = 0; j < variables.Count; j++)
        {
            var col = columns[j];
            int missing = Enumerable.Range(0, n).Count(col.IsMissing);
            if (missing == n) throw new CohesionException("the variable has no observed values to impute from", data.Source, col.Name);
            string method = col is CategoricalColumn c
                ? c.LevelCount < 2 ? "constant" : c.LevelCount == 2 ? "logistic" : "polytomous"
                : "pmm";
            if (col is CategoricalColumn { LevelCount: > 50 } many)
                throw new CohesionException($"the categorical variable has {many.LevelCount} categories; a polytomous imputation model needs far fewer (recode it, or impute it as numeric)", data.Source, col.Name);
            specs.Add(new ImputedVariable(col.Name, method, missing, all.Where(v => v != col.Name).ToList()));
        }
        var sets = new DataFrame[options.Imputations];
        for (int m = 0; m < options.Imputations; m++)
            sets[m] = Chain(data, columns, variables.Count, specs, options, new ImputationRandom(options.Seed, m));
        return new ChainedEquationsResult(sets, specs, options);
    }

    /// <summary>One chain: the current values of every listed variable as numbers (categories as codes).</summary>
    private static DataFrame Chain(DataFrame data, List<Column> columns, int targets, List<ImputedVariable> specs, ChainedEquationsOptions options, ImputationRandom rng)
    {
        int n = data.RowCount, V = columns.Count;
        var current = new double[V][];
        var missing = new bool[V][];
        var observedRows = new int[V][];
        for (int j = 0; j < V; j++)
        {
            current[j] = new double[n];
            missing[j] = new bool[n];
            for (int i = 0; i < n; i++)
            {
                missing[j][i] = columns[j].IsMissing(i);
                current[j][i] = missing[j][i] ? double.NaN : columns[j] is CategoricalColumn c ? c.Codes[i] : ((NumericColumn)columns[j]).Values[i];
            }
            observedRows[j] = Enumerable.Range(0, n).Where(i => !missing[j][i]).ToArray();
        }
        // start: random draws from each variable's observed values
        for (int j = 0; j < targets; j++)
            for (int i = 0; i < n; i++)
                if (missing[j][i]) current[j][i] = current[j][observedRows[j][rng.Index(observedRows[j].Length)]];
        for (int it = 0; it < options.Iterations; it++)
            for (int j = 0; j < targets; j++)
            {
                if (specs[j].Missing == 0 || specs[j].Method == "constant") continue;
                var (x, p) = Predictors(columns, current, j, n);
                if (specs[j].Method == "pmm") PredictiveMeanMatching(x, p, current[j], missing[j], observedRows[j], options, rng);
                else Categorical(x, p, current[j], missing[j], observedRows[j], ((CategoricalColumn)columns[j]).LevelCount, rng);
            }
        var result = new DataFrame(data.RowCount, data.Source);
        foreach (var col in data.Columns)
        {
            int j = columns.IndexOf(col);
            if (j < 0 || j >= targets) { result.Add(col); continue; }
            result.Add(col switch
            {
                CategoricalColumn c => new CategoricalColumn(c.Name, current[j].Select(v => (int)v).ToArray(), c.Levels, c.Labels),
                NumericColumn num => new NumericColumn(num.Name, (double[])current[j].Clone(), num.ValueLabels, num.Label),
                _ => col,
            });
        }
        return result;
    }

    /// <summary>Row-major n × p design: intercept, then every other variable (numeric as is, categorical as treatment
    /// dummies of its levels).</summary>
    private static (double[] X, int P) Predictors(List<Column> columns, double[][] current, int target, int n)
    {
        var blocks = new List<Func<int, double>>();
        blocks.Add(_ => 1.0);
        for (int j = 0; j < columns.Count; j++)
        {
            if (j == target) continue;
            var v = current[j];
            if (columns[j] is CategoricalColumn c)
                for (int l = 1; l < c.LevelCount; l++) { int level = l; blocks.Add(i => v[i] == level ? 1 : 0); }
            else blocks.Add(i => v[i]);
        }
        int p = blocks.Count;
        var x = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < p; k++) x[i * p + k] = blocks[k](i);
        return (x, p);
    }

    /// <summary>Bayesian linear regression draw (as mice's norm.draw) and type-1 predictive mean matching.</summary>
    private static void PredictiveMeanMatching(double[] x, int p, double[] y, bool[] missing, int[] observed, ChainedEquationsOptions options, ImputationRandom rng)
    {
        int n = missing.Length, no = observed.Length;
        var xtx = new double[p * p];
        var xty = new double[p];
        foreach (int i in observed)
        {
            for (int a = 0; a < p; a++)
            {
                double xa = x[i * p + a];
                xty[a] += xa * y[i];
                for (int b = 0; b < p; b++) xtx[a * p + b] += xa * x[i * p + b];
            }
        }
        for (int a = 0; a < p; a++) xtx[a * p + a] += Math.Max(options.Ridge * xtx[a * p + a], 1e-12);
        var l = (double[])xtx.Clone();
        if (!Cholesky.Decompose(l, p)) throw new ModelException("the linear imputation model is singular");
        var beta = (double[])xty.Clone();
        Cholesky.Solve(l, p, beta);
        double rss = 0;
        foreach (int i in observed)
        {
            double f = 0;
            for (int a = 0; a < p; a++) f += x[i * p + a] * beta[a];
            rss += (y[i] - f) * (y[i] - f);
        }
        int df = Math.Max(no - p, 1);
        double sigma = Math.Sqrt(rss / rng.ChiSquare(df));
        // β* = β̂ + σ* · chol(V)ᵀ z with V = (XᵀX)⁻¹
        var betaStar = Draw(beta, Cholesky.Inverse(l, p), sigma, rng, "linear");
        // donors: observed rows sorted by their fitted value at β̂
        var fitted = new double[no];
        for (int k = 0; k < no; k++)
        {
            int i = observed[k];
            double f = 0;
            for (int a = 0; a < p; a++) f += x[i * p + a] * beta[a];
            fitted[k] = f;
        }
        var order = Enumerable.Range(0, no).OrderBy(k => fitted[k]).ThenBy(k => k).ToArray();
        var sortedFit = order.Select(k => fitted[k]).ToArray();
        int d = Math.Min(options.Donors, no);
        var pool = new int[d];
        for (int i = 0; i < n; i++)
        {
            if (!missing[i]) continue;
            double target = 0;
            for (int a = 0; a < p; a++) target += x[i * p + a] * betaStar[a];
            // the d nearest fitted values around the target (a window grown from the insertion point)
            int hi = Array.BinarySearch(sortedFit, target);
            if (hi < 0) hi = ~hi;
            int lo = hi - 1, taken = 0;
            while (taken < d)
            {
                bool takeLow = hi >= no || (lo >= 0 && target - sortedFit[lo] <= sortedFit[hi] - target);
                pool[taken++] = takeLow ? lo-- : hi++;
            }
            y[i] = y[observed[order[pool[rng.Index(d)]]]];
        }
    }

    /// <summary>mean + scale · Lz, L the Cholesky factor of <paramref name="covariance"/> and z standard normal.</summary>
    private static double[] Draw(double[] mean, double[] covariance, double scale, ImputationRandom rng, string what)
    {
        int q = mean.Length;
        var l = (double[])covariance.Clone();
        if (!Cholesky.Decompose(l, q)) throw new ModelException($"the {what} imputation model's covariance is not positive definite");
        var z = new double[q];
        for (int a = 0; a < q; a++) z[a] = rng.Normal();
        var draw = new double[q];
        for (int a = 0; a < q; a++)
        {
            double s = 0;
            for (int b = 0; b <= a; b++) s += l[a * q + b] * z[b];
            draw[a] = mean[a] + scale * s;
        }
        return draw;
    }

    /// <summary>Logistic (two categories) or multinomial logit draw, then a category drawn from its probabilities.</summary>
    private static void Categorical(double[] x, int p, double[] y, bool[] missing, int[] observed, int categories, ImputationRandom rng)
    {
        int no = observed.Length;
        var xo = new double[no * p];
        var yo = new int[no];
        for (int k = 0; k < no; k++)
        {
            Array.Copy(x, observed[k] * p, xo, k * p, p);
            yo[k] = (int)y[observed[k]];
        }
        var fit = MultinomialLogit.Fit(xo, no, p, yo, categories);
        var draw = Draw(fit.Coefficients, fit.Covariance, 1, rng, "categorical");
        for (int i = 0; i < missing.Length; i++)
        {
            if (!missing[i]) continue;
            var prob = fit.Probabilities(x.AsSpan(i * p, p), draw);
            double u = rng.Uniform(), acc = 0;
            int cat = categories - 1;
            for (int c = 0; c < categories; c++) { acc += prob[c]; if (u < acc) { cat = c; break; } }
            y[i] = cat;
        }
    }
}
