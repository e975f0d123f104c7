using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Regression;

/// <summary>plm's estimators of a linear panel model.</summary>
public enum PanelModelType { Within, Random, Between, FirstDifference, Pooling }

/// <summary>plm's <c>effect</c>: which error components (or fixed effects) the model has.</summary>
public enum PanelEffect { Individual, Time, TwoWays }

/// <summary>plm's <c>random.method</c>: how the variance components of the random-effects model are estimated.</summary>
public enum RandomEffectsMethod
{
    /// <summary>Swamy &amp; Arora (1972), plm's default: within and between regressions.</summary>
    SwamyArora,
    /// <summary>Wallace &amp; Hussain (1969): pooled OLS residuals.</summary>
    WallaceHussain,
    /// <summary>Amemiya (1971): within residuals.</summary>
    Amemiya,
    /// <summary>Nerlove (1971): the variance of the estimated fixed effects.</summary>
    Nerlove,
}

public sealed record PanelOptions
{
    public PanelModelType Model { get; init; } = PanelModelType.Within;
    public PanelEffect Effect { get; init; } = PanelEffect.Individual;
    public RandomEffectsMethod RandomMethod { get; init; } = RandomEffectsMethod.SwamyArora;
    public double ConfidenceLevel { get; init; } = 0.95;
}

/// <summary>The random-effects model's variance components and transformation parameters (plm's <c>ercomp</c>).</summary>
public sealed record ErrorComponents(double Idiosyncratic, double? Individual, double? Time, double[]? ThetaIndividual, double[]? ThetaTime, double[]? ThetaTotal)
{
    /// <summary>θ of a balanced one-way model (one value), else null.</summary>
    public double? Theta =>
        ThetaTime is null && ThetaTotal is null && ThetaIndividual is { } ti && ti.All(t => t == ti[0]) ? ti[0]
        : ThetaIndividual is null && ThetaTotal is null && ThetaTime is { } tt && tt.All(t => t == tt[0]) ? tt[0] : null;
}

/// <summary>One fitted plm model: the coefficient table as <c>summary(plm)</c> prints it (t tests on the residual df;
/// z tests for the random-effects model), the covariance and what the specification tests need.</summary>
public sealed class PanelFit
{
    public required PanelModelType Model { get; init; }
    public required PanelEffect Effect { get; init; }
    public RandomEffectsMethod RandomMethod { get; init; }
    public required RegressionResult Regression { get; init; }
    public required IReadOnlyList<Coefficient> Coefficients { get; init; }
    /// <summary>Observations, individuals and periods of the panel used.</summary>
    public required int N { get; init; }
    public required int Individuals { get; init; }
    public required int Periods { get; init; }
    public required bool Balanced { get; init; }
    /// <summary>Random-effects model: its variance components and θ.</summary>
    public ErrorComponents? Components { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }
    public double Rss => Regression.Rss;
    public int DfResidual => Regression.DfResidual;
}

/// <summary>A χ² test (plm's <c>phtest</c>).</summary>
public sealed record ChiSquareTest(double Statistic, int Df, double PValue);

/// <summary>An F test (plm's <c>pFtest</c>).</summary>
public sealed record FTest(double Statistic, int Df1, int Df2, double PValue);

/// <summary>
/// The panel estimators of R's plm (Croissant &amp; Millo 2008) on data indexed by individual and period:
/// <c>model = "within"</c> (one-way or two-way fixed effects), <c>"random"</c> (Swamy–Arora, Wallace–Hussain, Amemiya or
/// Nerlove variance components, balanced or unbalanced, quasi-demeaned GLS), <c>"between"</c> (regression of the group
/// means), <c>"fd"</c> (first differences of consecutive rows within an individual) and <c>"pooling"</c>; the
/// Hausman test (<c>phtest</c>) and the F test for individual/time effects (<c>pFtest</c>).
/// </summary>
public static class PanelModels
{
    /// <summary>The period index plm makes when only the individual index is given (<c>index = "id"</c>): 1, 2, ...
    /// within each individual in the order of the rows, counted over all rows (also those the model later drops for
    /// missing values), as <c>pdata.frame</c>. Rows with a missing id get a missing period.</summary>
    public static NumericColumn SequentialPeriods(DataFrame data, string id, string name)
    {
        var col = data[id];
        var counts = new Dictionary<double, int>();
        var t = new double[data.RowCount];
        for (int i = 0; i < t.Length; i++)
        {
            if (col.IsMissing(i)) { t[i] = double.NaN; continue; }
            double key = col switch { NumericColumn n => n.Values[i], CategoricalColumn c => c.Codes[i], _ => throw new CohesionException($"column '{id}' cannot index a panel", data.Source, id) };
            int k = counts.GetValueOrDefault(key) + 1;
            counts[key] = k;
            t[i] = k;
        }
        return new NumericColumn(name, t);
    }

    public static PanelFit Fit(DataFrame data, string formula, string id, string time, PanelOptions? options = null) =>
        Fit(data, ModelFormula.Parse(formula), id, time, options);

    public static PanelFit Fit(DataFrame data, ModelFormula formula, string id, string time, PanelOptions? options = null)
    {
        options ??= new PanelOptions();
        var panel = PanelData.Build(data, formula, id, time);
        return Fit(panel, options);
    }

    internal static PanelFit Fit(PanelData d, PanelOptions o)
    {
        var notes = new List<string>(d.Notes);
        if (o.Model == PanelModelType.FirstDifference && o.Effect != PanelEffect.Individual)
            throw new CohesionException("the first-difference model has an individual effect only (plm: effect = \"individual\")");
        if (o.Model == PanelModelType.Between && o.Effect == PanelEffect.TwoWays)
            throw new CohesionException("the between model needs effect individual or time, not twoways");
        RegressionResult reg;
        ErrorComponents? comps = null;
        switch (o.Model)
        {
            case PanelModelType.Pooling:
                reg = Ols(d.Z, d.ZNames, d.Y, o, absorbed: 0, hasIntercept: true);
                break;
            case PanelModelType.Within:
                reg = WithinFit(d, o.Effect, o);
                break;
            case PanelModelType.Between:
            {
                var (codes, g) = o.Effect == PanelEffect.Time ? (d.Time, d.T) : (d.Id, d.NIndividuals);
                var cols = d.Z.Select(c => Means(codes, g, c)).ToList();
                reg = Ols(cols, d.ZNames, Means(codes, g, d.Y), o, 0, true);
                break;
            }
            case PanelModelType.FirstDifference:
            {
                var (cols, y) = FirstDifferences(d);
                reg = Ols(cols, d.ZNames, y, o, 0, true);
                break;
            }
            case PanelModelType.Random:
            {
                comps = ErrorComponentsOf(d, o.Effect, o.RandomMethod, o);
                var (cols, y) = QuasiDemean(d, o.Effect, comps);
                reg = Ols(cols, d.ZNames, y, o, 0, hasIntercept: false);
                break;
            }
            default: throw new ArgumentOutOfRangeException(nameof(o));
        }
        IReadOnlyList<Coefficient> coefs = o.Model == PanelModelType.Random
            // summary.plm tests the random-effects coefficients with the normal distribution
            ? CoefficientTable.Wald(reg.Coefficients.Select(c => c.Term).ToArray(), reg.Coefficients.Select(c => c.Estimate).ToArray(), reg.Covariance, o.ConfidenceLevel).Rows
            : reg.Coefficients;
        notes.AddRange(reg.Notes);
        return new PanelFit
        {
            Model = o.Model, Effect = o.Effect, RandomMethod = o.RandomMethod, Regression = reg, Coefficients = coefs, N = d.N, Individuals = d.NIndividuals, Periods = d.T,
            Balanced = d.Balanced, Components = comps, Notes = notes,
        };
    }

    /// <summary>phtest(within, random): (b_w − b_r)′ (V_w − V_r)⁻¹ (b_w − b_r) over the coefficients both have.</summary>
    public static ChiSquareTest Hausman(PanelFit within, PanelFit random)
    {
        var common = within.Coefficients.Select(c => c.Term).Where(t => random.Coefficients.Any(r => r.Term == t)).ToList();
        int k = common.Count;
        if (k == 0) throw new CohesionException("the Hausman test needs coefficients common to both models");
        var db = new double[k];
        var dv = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(k, k);
        int kw = within.Coefficients.Count, kr = random.Coefficients.Count;
        var iw = common.Select(t => within.Regression.IndexOf(t)).ToArray();
        var ir = common.Select(t => random.Regression.IndexOf(t)).ToArray();
        for (int a = 0; a < k; a++)
        {
            db[a] = within.Coefficients[iw[a]].Estimate - random.Coefficients[ir[a]].Estimate;
            for (int b = 0; b < k; b++)
                dv[a, b] = within.Regression.Covariance[iw[a] * kw + iw[b]] - random.Regression.Covariance[ir[a] * kr + ir[b]];
        }
        var v = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(db);
        // plm's phtest takes the absolute value: the difference of the covariances need not be positive definite
        double stat = Math.Abs(v * dv.Inverse() * v);
        return new ChiSquareTest(stat, k, MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(k / 2.0, stat / 2));
    }

    /// <summary>pFtest(within, pooling): F test of the individual (or time, or both) effects.</summary>
    public static FTest Poolability(PanelFit within, PanelFit pooling)
    {
        int df1 = pooling.DfResidual - within.DfResidual, df2 = within.DfResidual;
        double f = (pooling.Rss - within.Rss) / df1 / (within.Rss / df2);
        return new FTest(f, df1, df2, MathNet.Numerics.SpecialFunctions.BetaRegularized(df2 / 2.0, df1 / 2.0, df2 / (df2 + df1 * f)));  // upper tail without cancellation
    }

    // ---- estimators ------------------------------------------------------------------------------------------

    private static RegressionResult Ols(List<double[]> cols, List<string> names, double[] y, PanelOptions o, int absorbed, bool hasIntercept)
    {
        var prepared = new PreparedRegression
        {
            Y = y, Columns = cols.Select(c => (double[])c.Clone()).ToList(), Names = new List<string>(names), Rows = Enumerable.Range(0, y.Length).ToArray(),
            AbsorbedDf = absorbed, AbsorbedFactors = [], HasIntercept = hasIntercept, Notes = [], CollinearWithFixedEffects = [],
        };
        return LinearModel.Solve(prepared, new RegressionOptions { ConfidenceLevel = o.ConfidenceLevel, StandardErrors = StandardErrorType.Classical });
    }

    private static RegressionResult WithinFit(PanelData d, PanelEffect effect, PanelOptions o)
    {
        var x = d.Z.Skip(1).Select(c => (double[])c.Clone()).ToList();
        var y = (double[])d.Y.Clone();
        var absorbed = Within(d, effect, x.Append(y).ToList());
        var names = d.ZNames.Skip(1).ToList();
        // regressors without variation within the effects are not estimable (plm drops them)
        var keep = new List<int>();
        var dropped = new List<string>();
        for (int j = 0; j < x.Count; j++)
        {
            double before = 0, after = 0, m = d.Z[j + 1].Average();
            foreach (var v in d.Z[j + 1]) before += (v - m) * (v - m);
            foreach (var v in x[j]) after += v * v;
            if (after > 1e-14 * Math.Max(before, 1e-300) && before > 0) keep.Add(j); else dropped.Add(names[j]);
        }
        var reg = Ols(keep.Select(j => x[j]).ToList(), keep.Select(j => names[j]).ToList(), y, o, absorbed, hasIntercept: false);
        if (dropped.Count == 0) return reg;
        var notes = reg.Notes.Append($"{string.Join(", ", dropped)} without variation within the {effect.ToString().ToLowerInvariant()} effects: not estimable, dropped").ToList();
        return reg with { Aliased = dropped.Concat(reg.Aliased).ToList(), Notes = notes };
    }

    /// <summary>The within transformation in place; returns the degrees of freedom it absorbs.</summary>
    private static int Within(PanelData d, PanelEffect effect, List<double[]> cols)
    {
        var (codes, levels) = effect switch
        {
            PanelEffect.Individual => (new[] { d.Id }, new[] { d.NIndividuals }),
            PanelEffect.Time => (new[] { d.Time }, new[] { d.T }),
            _ => (new[] { d.Id, d.Time }, new[] { d.NIndividuals, d.T }),
        };
        var dm = new FixedEffectsDemeaner(codes, levels);
        dm.Demean(cols);
        return dm.AbsorbedDegreesOfFreedom();
    }

    private static double[] Means(int[] codes, int g, double[] x)
    {
        var s = new double[g];
        var c = new double[g];
        for (int i = 0; i < x.Length; i++) { s[codes[i]] += x[i]; c[codes[i]]++; }
        for (int j = 0; j < g; j++) s[j] /= c[j];
        return s;
    }

    private static double[] RepeatedMeans(int[] codes, int g, double[] x)
    {
        var m = Means(codes, g, x);
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = m[codes[i]];
        return r;
    }

    private static double[] RepeatedSums(int[] codes, int g, double[] x)
    {
        var s = new double[g];
        for (int i = 0; i < x.Length; i++) s[codes[i]] += x[i];
        var r = new double[x.Length];
        for (int i = 0; i < x.Length; i++) r[i] = s[codes[i]];
        return r;
    }

    /// <summary>Differences of consecutive rows (in time order) within each individual, as plm's fd model.</summary>
    private static (List<double[]> Cols, double[] Y) FirstDifferences(PanelData d)
    {
        var order = Enumerable.Range(0, d.N).OrderBy(i => d.Id[i]).ThenBy(i => d.TimeValue[i]).ToArray();
        var pairs = new List<(int Now, int Before)>();
        for (int r = 1; r < order.Length; r++)
            if (d.Id[order[r]] == d.Id[order[r - 1]]) pairs.Add((order[r], order[r - 1]));
        var y = pairs.Select(p => d.Y[p.Now] - d.Y[p.Before]).ToArray();
        var cols = new List<double[]> { Enumerable.Repeat(1.0, pairs.Count).ToArray() };
        for (int j = 1; j < d.Z.Count; j++) cols.Add(pairs.Select(p => d.Z[j][p.Now] - d.Z[j][p.Before]).ToArray());
        return (cols, y);
    }

    /// <summary>plm's random transformation: x − θ_i x̄_i (individual), x − θ_t x̄_t (time), or for a balanced
    /// two-way panel x − θ_i x̄_i − θ_t x̄_t + θ_total x̄.</summary>
    private static (List<double[]> Cols, double[] Y) QuasiDemean(PanelData d, PanelEffect effect, ErrorComponents ec)
    {
        double[] Transform(double[] x)
        {
            var r = (double[])x.Clone();
            if (effect == PanelEffect.Individual || effect == PanelEffect.TwoWays)
            {
                var m = RepeatedMeans(d.Id, d.NIndividuals, x);
                for (int i = 0; i < r.Length; i++) r[i] -= ec.ThetaIndividual![i] * m[i];
            }
            if (effect == PanelEffect.Time || effect == PanelEffect.TwoWays)
            {
                var m = RepeatedMeans(d.Time, d.T, x);
                for (int i = 0; i < r.Length; i++) r[i] -= ec.ThetaTime![i] * m[i];
            }
            if (effect == PanelEffect.TwoWays)
            {
                double mean = x.Average();
                for (int i = 0; i < r.Length; i++) r[i] += ec.ThetaTotal![i] * mean;
            }
            return r;
        }
        return (d.Z.Select(Transform).ToList(), Transform(d.Y));
    }

    // ---- variance components (plm's ercomp) -----------------------------------------------------------------

    internal static ErrorComponents ErrorComponentsOf(PanelData d, PanelEffect effect, RandomEffectsMethod method, PanelOptions o)
    {
        if (effect == PanelEffect.TwoWays && !d.Balanced)
            throw new CohesionException("two-way random effects are only available for a balanced panel");
        int n = d.N, N = d.NIndividuals, T = d.T, K = d.Z.Count - 1;
        bool ind = effect != PanelEffect.Time, tim = effect != PanelEffect.Individual;
        int nts = (ind ? N : 0) + (tim ? T : 0) - (effect == PanelEffect.TwoWays ? 1 : 0);
        double sIdios, sId = 0, sTime = 0;
        if (method == RandomEffectsMethod.Nerlove)
        {
            var w = WithinFit(d, effect, o);
            sIdios = w.Rss / n;
            var beta = w.Coefficients.Select(c => c.Estimate).ToArray();
            var xcols = w.Coefficients.Select(c => d.Z[d.ZNames.IndexOf(c.Term)]).ToArray();
            // fixed effects ȳ_g − x̄_g β, demeaned (weighted by group size when unbalanced)
            double Var(int[] codes, int g, int[] sizes)
            {
                var ym = Means(codes, g, d.Y);
                var xm = xcols.Select(c => Means(codes, g, c)).ToArray();
                var fe = new double[g];
                for (int j = 0; j < g; j++) { fe[j] = ym[j]; for (int a = 0; a < beta.Length; a++) fe[j] -= xm[a][j] * beta[a]; }
                if (d.Balanced)
                {
                    double mean = fe.Average(), s = 0;
                    foreach (var v in fe) s += (v - mean) * (v - mean);
                    return s / (g - 1);
                }
                double wm = 0;
                for (int j = 0; j < g; j++) wm += fe[j] * sizes[j] / (double)n;
                double acc = 0;
                for (int j = 0; j < g; j++) acc += (fe[j] - wm) * (fe[j] - wm) * sizes[j] / (double)n;
                return acc * g / (g - 1.0);
            }
            if (ind) sId = Var(d.Id, N, d.Ti);
            if (tim) sTime = Var(d.Time, T, d.Nt);
            return Thetas(d, effect, sIdios, ind ? sId : null, tim ? sTime : null);
        }

        // the regressions whose residuals give the quadratic forms
        var z = d.Z;
        double[] PoolingResidual(double[] beta, List<double[]> cols)
        {
            var e = (double[])d.Y.Clone();
            for (int a = 0; a < beta.Length; a++) for (int i = 0; i < n; i++) e[i] -= cols[a][i] * beta[a];
            return e;
        }
        (double[] Resid, int Ks) Pool()
        {
            var r = Ols(z, d.ZNames, d.Y, o, 0, true);
            var cols = r.Coefficients.Select(c => z[d.ZNames.IndexOf(c.Term)]).ToList();
            return (PoolingResidual(r.Coefficients.Select(c => c.Estimate).ToArray(), cols), r.Coefficients.Count - 1);
        }
        (double[] Resid, int Ks) WithinModel()
        {
            var r = WithinFit(d, effect, o);
            var cols = r.Coefficients.Select(c => z[d.ZNames.IndexOf(c.Term)]).ToList();
            var e = PoolingResidual(r.Coefficients.Select(c => c.Estimate).ToArray(), cols);
            double mean = e.Average();
            for (int i = 0; i < n; i++) e[i] -= mean;
            return (e, r.Coefficients.Count);
        }
        (double[] Resid, int Ks) BetweenModel(int[] codes, int g)
        {
            var cols = z.Select(c => RepeatedMeans(codes, g, c)).ToList();
            var r = Ols(cols, d.ZNames, RepeatedMeans(codes, g, d.Y), o, 0, true);
            if (r.Coefficients.Count >= g)
                throw new CohesionException($"model not estimable: {r.Coefficients.Count} coefficient(s) (incl. intercept) to be estimated but only {g} groups for the between model of the Swamy-Arora random-effects estimator");
            var zc = r.Coefficients.Select(c => z[d.ZNames.IndexOf(c.Term)]).ToList();
            return (PoolingResidual(r.Coefficients.Select(c => c.Estimate).ToArray(), zc), r.Coefficients.Count - 1);
        }
        if (method == RandomEffectsMethod.Amemiya)
        {
            // Amemiya's estimator needs every regressor in the within model (plm's amemiya_check)
            var kept = WithinFit(d, effect, o).Coefficients.Select(c => c.Term).ToHashSet();
            var lacking = d.ZNames.Skip(1).Where(t => !kept.Contains(t)).ToList();
            if (lacking.Count > 0)
                throw new CohesionException($"'amemiya' random effects are not estimable: {string.Join(", ", lacking)} lack(s) within variation (use swar, walhus or nerlove)");
        }
        (double[] Resid, int Ks) m1 = method == RandomEffectsMethod.WallaceHussain ? Pool() : WithinModel();
        (double[] Resid, int Ks) m2 = default, m3 = default;
        switch (method)
        {
            case RandomEffectsMethod.SwamyArora:
                if (ind) m2 = BetweenModel(d.Id, N);
                if (tim) m3 = BetweenModel(d.Time, T);
                break;
            case RandomEffectsMethod.WallaceHussain: m2 = m3 = m1; break;
            case RandomEffectsMethod.Amemiya: m2 = m3 = m1; break;
        }
        var q = new double[3];
        {
            var wr = (double[])m1.Resid.Clone();
            Within(d, effect, [wr]);
            q[0] = wr.Sum(v => v * v);
        }
        if (ind) q[1] = RepeatedMeans(d.Id, N, m2.Resid).Sum(v => v * v);
        if (tim) q[2] = RepeatedMeans(d.Time, T, m3.Resid).Sum(v => v * v);

        var M = new double[3, 3];
        if (d.Balanced)
        {
            int dfcor = method == RandomEffectsMethod.SwamyArora ? 2 : 1;
            M[0, 0] = n - nts - (dfcor == 2 ? m1.Ks : 0);
            if (ind) { M[1, 0] = dfcor == 2 ? N - m2.Ks - 1 : N; M[1, 1] = T * M[1, 0]; }
            if (tim) { M[2, 0] = dfcor == 2 ? T - m3.Ks - 1 : T; M[2, 2] = N * M[2, 0]; }
        }
        else UnbalancedMoments(d, effect, method, M, nts, K);
        var rowsUsed = new List<int> { 0 };
        if (ind) rowsUsed.Add(1);
        if (tim) rowsUsed.Add(2);
        int r0 = rowsUsed.Count;
        var mm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(r0, r0, (a, b) => M[rowsUsed[a], rowsUsed[b]]);
        var sol = mm.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(rowsUsed.Select(i => q[i]).ToArray()));
        sIdios = Math.Max(0, sol[0]);
        int at = 1;
        if (ind) sId = Math.Max(0, sol[at++]);
        if (tim) sTime = Math.Max(0, sol[at]);
        return Thetas(d, effect, sIdios, ind ? sId : null, tim ? sTime : null);
    }

    /// <summary>ercomp's moment matrix for unbalanced panels (dfcor = 3), as plm 2.6 computes it.</summary>
    private static void UnbalancedMoments(PanelData d, PanelEffect effect, RandomEffectsMethod method, double[,] M, int nts, int K)
    {
        int n = d.N, N = d.NIndividuals, T = d.T;
        bool ind = effect != PanelEffect.Time, tim = effect != PanelEffect.Individual;
        var B = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build;
        var z = B.Dense(n, d.Z.Count, (i, j) => d.Z[j][i]);
        MathNet.Numerics.LinearAlgebra.Matrix<double> Map(Func<double[], double[]> f, MathNet.Numerics.LinearAlgebra.Matrix<double> m) =>
            B.DenseOfColumnArrays(Enumerable.Range(0, m.ColumnCount).Select(j => f(m.Column(j).ToArray())));
        double Tr(MathNet.Numerics.LinearAlgebra.Matrix<double> m) => m.Trace();
        switch (method)
        {
            case RandomEffectsMethod.SwamyArora:
            {
                var wx = WithinMatrix(d, effect, z.SubMatrix(0, n, 1, z.ColumnCount - 1), out int kw);
                M[0, 0] = n - nts - kw;
                if (ind)
                {
                    var zb = Map(c => RepeatedMeans(d.Id, N, c), z);
                    var zs = Map(c => RepeatedSums(d.Id, N, c), z);
                    M[1, 0] = N - K - 1;
                    M[1, 1] = n - Tr((zb.TransposeThisAndMultiply(zb)).Inverse() * zs.TransposeThisAndMultiply(z));
                }
                if (tim)
                {
                    var zb = Map(c => RepeatedMeans(d.Time, T, c), z);
                    var zs = Map(c => RepeatedSums(d.Time, T, c), z);
                    M[2, 0] = T - K - 1;
                    M[2, 2] = n - Tr((zb.TransposeThisAndMultiply(zb)).Inverse() * zs.TransposeThisAndMultiply(z));
                }
                break;
            }
            case RandomEffectsMethod.WallaceHussain:
            {
                var cpzm = z.TransposeThisAndMultiply(z).Inverse();
                var zw = Map(c => { var r = (double[])c.Clone(); Within(d, effect, [r]); return r; }, z);
                var cpzw = zw.TransposeThisAndMultiply(zw);
                M[0, 0] = n - nts - Tr(cpzm * cpzw);
                // per effect (row/column 1 individual, 2 time): the moments of the between quadratic form
                void Effect(int row, int[] codes, int g)
                {
                    var zs = Map(c => RepeatedSums(codes, g, c), z);
                    var zb = Map(c => RepeatedMeans(codes, g, c), z);
                    var cpzs = zs.TransposeThisAndMultiply(z);
                    var cpzb = zb.TransposeThisAndMultiply(zb);
                    M[0, row] = Tr(cpzm * cpzw * cpzm * cpzs);
                    M[row, 0] = g - Tr(cpzm * cpzb);
                    M[row, row] = n - 2 * Tr(cpzm * cpzs) + Tr(cpzm * cpzb * cpzm * cpzs);
                }
                if (ind) Effect(1, d.Id, N);
                if (tim) Effect(2, d.Time, T);
                break;
            }
            case RandomEffectsMethod.Amemiya:
            {
                var x = z.SubMatrix(0, n, 1, z.ColumnCount - 1);
                var wx = WithinMatrix(d, effect, x, out int kw);
                M[0, 0] = n - nts - kw;
                var cpxm = wx.TransposeThisAndMultiply(wx).Inverse();
                var keepCols = Enumerable.Range(0, x.ColumnCount).Where(j => KeptWithin(d, effect, x.Column(j).ToArray())).ToArray();
                MathNet.Numerics.LinearAlgebra.Matrix<double> Centred(int[] codes, int g)
                {
                    var xb = B.DenseOfColumnArrays(keepCols.Select(j => RepeatedMeans(codes, g, x.Column(j).ToArray())));
                    for (int j = 0; j < xb.ColumnCount; j++) { double m = xb.Column(j).Average(); for (int i = 0; i < n; i++) xb[i, j] -= m; }
                    return xb;
                }
                if (ind)
                {
                    var xb = Centred(d.Id, N);
                    M[1, 0] = N - 1 + Tr(cpxm * xb.TransposeThisAndMultiply(xb));
                    M[1, 1] = n - d.Ti.Sum(t => (double)t * t) / n;
                }
                if (tim)
                {
                    var xb = Centred(d.Time, T);
                    M[2, 0] = T - 1 + Tr(cpxm * xb.TransposeThisAndMultiply(xb));
                    M[2, 2] = n - d.Nt.Sum(t => (double)t * t) / n;
                }
                break;
            }
        }
    }

    private static bool KeptWithin(PanelData d, PanelEffect effect, double[] x)
    {
        var r = (double[])x.Clone();
        Within(d, effect, [r]);
        double after = r.Sum(v => v * v), m = x.Average(), before = x.Sum(v => (v - m) * (v - m));
        return before > 0 && after > 1e-14 * before;
    }

    private static MathNet.Numerics.LinearAlgebra.Matrix<double> WithinMatrix(PanelData d, PanelEffect effect, MathNet.Numerics.LinearAlgebra.Matrix<double> x, out int kept)
    {
        var cols = new List<double[]>();
        for (int j = 0; j < x.ColumnCount; j++)
        {
            var c = x.Column(j).ToArray();
            if (!KeptWithin(d, effect, c)) continue;
            Within(d, effect, [c]);
            cols.Add(c);
        }
        kept = cols.Count;
        return MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfColumnArrays(cols);
    }

    private static ErrorComponents Thetas(PanelData d, PanelEffect effect, double idios, double? id, double? time)
    {
        int n = d.N;
        double[]? ti = null, tt = null, tot = null;
        if (id is { } s1)
        {
            ti = new double[n];
            for (int i = 0; i < n; i++) ti[i] = 1 - Math.Pow(1 + d.Ti[d.Id[i]] * s1 / idios, -0.5);
        }
        if (time is { } s2)
        {
            tt = new double[n];
            for (int i = 0; i < n; i++) tt[i] = 1 - Math.Pow(1 + d.Nt[d.Time[i]] * s2 / idios, -0.5);
        }
        if (effect == PanelEffect.TwoWays)
        {
            tot = new double[n];
            // plm sets θ_total to 0 when a variance component is (all.equal to) zero
            bool zero = !(id > 1.5e-8) || !(time > 1.5e-8);
            for (int i = 0; i < n; i++)
                tot[i] = zero ? 0 : ti![i] + tt![i] - 1 + Math.Pow(1 + d.Nt[d.Time[i]] * time!.Value / idios + d.Ti[d.Id[i]] * id!.Value / idios, -0.5);
        }
        return new ErrorComponents(idios, id, time, ti, tt, tot);
    }
}

/// <summary>The pooled model matrix of a panel (intercept first) with its individual and period codes.</summary>
internal sealed class PanelData
{
    public required List<double[]> Z { get; init; }
    public required List<string> ZNames { get; init; }
    public required double[] Y { get; init; }
    public required int[] Id { get; init; }
    public required int[] Time { get; init; }
    /// <summary>Sort key of each observation's period (its value, or its level order).</summary>
    public required double[] TimeValue { get; init; }
    public required int NIndividuals { get; init; }
    public required int T { get; init; }
    public required int[] Ti { get; init; }
    public required int[] Nt { get; init; }
    public required List<string> Notes { get; init; }
    public int N => Y.Length;
    public bool Balanced => Ti.All(t => t == T);

    public static PanelData Build(DataFrame data, ModelFormula formula, string id, string time)
    {
        if (formula.Response is null) throw new CohesionException($"formula \"{formula.Text}\" needs a response (y ~ ...)");
        if (formula.RandomTerms.Count > 0 || formula.AbsorbedFactors.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\": a panel model takes the plain formula (y ~ x1 + x2); the panel is named by the index");
        if (!formula.Intercept) throw new CohesionException($"formula \"{formula.Text}\": panel models keep the intercept (plm)");
        foreach (var c in formula.Columns()) _ = data[c];
        _ = data[id];
        _ = data[time];
        var y = LinearModel.EvaluateResponse(data, formula.Response);
        var filter = new bool[data.RowCount];
        for (int i = 0; i < filter.Length; i++) filter[i] = double.IsFinite(y[i]);
        var design = DesignMatrix.Build(data, formula.Terms, true, [id, time], filter);
        int n = design.RowCount;
        if (n == 0) throw new CohesionException("no complete observations for the model", data.Source);
        var rows = design.Rows;
        var idCodes = FactorCodes.Encode(data[id], rows, out int nId, out _);
        var timeCodes = FactorCodes.Encode(data[time], rows, out int nT, out var timeLevels);
        // period order: numeric values when the column is numeric, else the level order
        var tv = new double[n];
        var timeCol = data[time];
        for (int i = 0; i < n; i++)
            tv[i] = timeCol is NumericColumn nc ? nc.Values[rows[i]] : timeCodes[i];
        var seen = new HashSet<long>();
        for (int i = 0; i < n; i++)
            if (!seen.Add(((long)idCodes[i] << 32) | (uint)timeCodes[i]))
                throw new CohesionException($"duplicate (individual, period) pair in the panel index ({id}, {time})", data.Source, time, rows[i] + 1);
        var ti = new int[nId];
        var nt = new int[nT];
        for (int i = 0; i < n; i++) { ti[idCodes[i]]++; nt[timeCodes[i]]++; }
        var z = new List<double[]>();
        for (int j = 0; j < design.ColumnCount; j++) z.Add(design.Column(j).ToArray());
        var yy = new double[n];
        for (int i = 0; i < n; i++) yy[i] = y[rows[i]];
        return new PanelData
        {
            Z = z, ZNames = design.ColumnNames.ToList(), Y = yy, Id = idCodes, Time = timeCodes, TimeValue = tv, NIndividuals = nId, T = nT,
            Ti = ti, Nt = nt, Notes = [],
        };
    }
}
