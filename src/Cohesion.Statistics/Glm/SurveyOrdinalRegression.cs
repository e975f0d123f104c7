using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Optimization;
using Cohesion.Statistics.Survey;
using MathNet.Numerics.LinearAlgebra.Double;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// A design-based proportional-odds model, R's <c>svyolr(y ~ x, design)</c>: P(y ≤ k) = logistic(ζ_k − xβ).
/// <see cref="Terms"/> and <see cref="Estimates"/> list the slopes, then the thresholds named <c>a|b</c>.
/// </summary>
public sealed class SurveyOrdinalFit
{
    public required string[] Terms { get; init; }
    public required double[] Estimates { get; init; }
    /// <summary>Design-based covariance (row-major, slopes then thresholds) = <c>vcov(svyolr)</c>.</summary>
    public required double[] Covariance { get; init; }
    /// <summary><c>svyolr</c>'s df.residual: design degrees of freedom − number of slopes.</summary>
    public required int DfResidual { get; init; }
    public required int SlopeCount { get; init; }
    public required string[] Levels { get; init; }
    public required int N { get; init; }
    /// <summary>BFGS of the full-sample fit stopped by its convergence rule (not by the iteration limit).</summary>
    public required bool Converged { get; init; }

    public double[] StandardErrors() => Enumerable.Range(0, Estimates.Length).Select(k => Math.Sqrt(Covariance[k * Estimates.Length + k])).ToArray();
}

/// <summary>
/// R's <c>svyolr</c> for a logistic link, computed the way R computes it: on Taylor designs (<c>svyolr.survey.design2</c>)
/// starting values from a quasibinomial GLM of y &gt; K/2 (with R's spacing of the thresholds), BFGS (<see cref="Bfgs"/>,
/// a port of R's <c>optim</c>) on the weighted log-likelihood in R's (ζ₁, log Δζ) parametrisation, the numerical Hessian
/// of <c>optimhess</c>, and the sandwich with the design covariance of the score totals; on replicate designs
/// (<c>svyolr.svyrep.design</c>) MASS's <c>polr</c> refitted with every replicate's weights from the full-sample
/// estimates, and <c>svrVar</c> of the replicate estimates. Because BFGS stops short of the optimum (by more than 1e-6
/// relative in practice), matching R needs its exact path, hence the ports.
/// </summary>
public static class SurveyOrdinalRegression
{
    /// <summary>More categories than this is taken as a continuous outcome given to the wrong family.</summary>
    public const int MaxCategories = 30;

    /// <summary>
    /// Fits <paramref name="formula"/> (<c>y ~ x1 + factor(g)</c>; the response may be written <c>factor(y)</c> or
    /// <c>ordered(y)</c>) on the rows in <paramref name="domain"/> with every model variable present. The categories are
    /// ordered as <paramref name="levels"/> or else as the column's levels (numbers ascending, text sorted).
    /// </summary>
    public static SurveyOrdinalFit Fit(SurveyDesign design, DataFrame data, string formula, bool[]? domain = null, IReadOnlyList<string>? levels = null)
    {
        if (data.RowCount != design.RowCount) throw new ArgumentException($"the data have {data.RowCount} rows, the design {design.RowCount}");
        var f = ModelFormula.Parse(formula);
        var resp = f.Response ?? throw new CohesionException($"formula \"{formula}\" needs a response (y ~ ...)");
        foreach (var fn in new[] { "factor(", "ordered(", "as.factor(", "as.ordered(" })
            if (resp.StartsWith(fn, StringComparison.Ordinal) && resp.EndsWith(')')) { resp = resp[fn.Length..^1].Trim(); break; }
        if (f.RandomTerms.Count > 0 || f.AbsorbedFactors.Count > 0)
            throw new CohesionException($"formula \"{formula}\": an ordinal model takes no random effects or absorbed factors");
        if (!f.Intercept) throw new CohesionException($"formula \"{formula}\": a proportional-odds model needs its intercept (the thresholds); drop '- 1' / '0 +'");
        var (codes, levelNames) = OrderedCodes(data, resp, levels);
        int n = data.RowCount;
        var filter = new bool[n];
        for (int i = 0; i < n; i++) filter[i] = (domain is null || domain[i]) && codes[i] >= 0;
        var x = DesignMatrix.Build(data, f, rowFilter: filter, requireLevels: true);
        int m = x.RowCount;
        if (m == 0) throw new CohesionException("no complete observations for the ordinal model", data.Source);
        var y = x.Rows.Select(r => codes[r] + 1).ToArray(); // 1-based as R's unclass(factor)
        int K = levelNames.Length;
        if (K < 3) throw new CohesionException($"an ordinal model needs an outcome with 3 or more categories; '{resp}' has {K}", data.Source, resp);
        if (K > MaxCategories)
            throw new CohesionException($"the ordinal outcome has {K} distinct values; it looks continuous (a proportional-odds model takes ordered categories): use family gaussian, or band it", data.Source, resp);
        var present = new bool[K];
        foreach (var v in y) present[v - 1] = true;
        for (int k = 0; k < K; k++)
            if (!present[k])
                throw new CohesionException($"category '{levelNames[k]}' of the ordinal outcome does not occur in the rows of the model; merge or drop it", data.Source, resp);
        // slopes: the model matrix without its intercept
        var slopeCols = Enumerable.Range(0, x.ColumnCount).Where(j => x.ColumnNames[j] != "(Intercept)").ToList();
        var w = design.Weights.ToArray();
        var wt = x.Rows.Select(r => w[r]).ToArray();
        var model = new OrdinalLikelihood(x, slopeCols, y, K);
        return design.HasReplicates
            ? FitReplicate(design, x, model, wt, levelNames, domain)
            : FitTaylor(design, x, model, wt, levelNames, domain, Array.FindIndex(x.ColumnNames, c => c == "(Intercept)"));
    }

    private static (int[] Codes, string[] Levels) OrderedCodes(DataFrame data, string column, IReadOnlyList<string>? levels)
    {
        var (codes, names) = SurveyFrame.Domains(data, column);
        if (data[column] is CategoricalColumn cat && cat.Labels is not null) names = cat.Levels;
        if (levels is null) return (codes, names);
        var index = new int[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            index[k] = levels.ToList().IndexOf(names[k]);
            if (index[k] < 0)
                throw new CohesionException($"category '{names[k]}' of the outcome is not among the given levels ({string.Join(", ", levels)})", data.Source, column);
        }
        return (codes.Select(c => c < 0 ? -1 : index[c]).ToArray(), levels.ToArray());
    }

    private static string[] ThresholdNames(string[] levels) =>
        Enumerable.Range(0, levels.Length - 1).Select(k => $"{levels[k]}|{levels[k + 1]}").ToArray();

    /// <summary>svyolr.survey.design2.</summary>
    private static SurveyOrdinalFit FitTaylor(SurveyDesign design, DesignMatrix x, OrdinalLikelihood model, double[] wt, string[] levels, bool[]? domain, int interceptColumn)
    {
        int q = levels.Length - 1;
        // starting values: glm.fit(cbind(1, x), y > K %/% 2, wt/mean(wt), quasibinomial)
        double meanW = design.IsCalibrated ? CalibratedMean(design, wt, domain) : ExtendedSum.Mean(wt);
        var y1 = model.Y.Select(v => v > levels.Length / 2 ? 1.0 : 0.0).ToArray();
        var start = StartingValues(x, model, interceptColumn, y1, wt.Select(v => v / meanW).ToArray(), GlmFamily.QuasiBinomial, q, divideSpacing: true, out var kept);
        model = model.Restrict(kept);
        int pc = model.SlopeCount;
        var thetas = new double[q];
        thetas[0] = start[pc];
        for (int k = 1; k < q; k++) thetas[k] = Math.Log(start[pc + k] - start[pc + k - 1]);
        var s0 = start.Take(pc).Concat(thetas).ToArray();
        var res = Bfgs.Minimize(b => model.NegLogLikelihood(b, wt, polr: false), (b, g) => model.Gradient(b, wt, g, polr: false), s0);
        var hess = Bfgs.Hessian((b, g) => model.Gradient(b, wt, g, polr: false), res.Parameters);
        var par = res.Parameters;
        var zeta = Zeta(par, pc, q);
        int p = pc + q;
        var vc = PseudoInverse(hess, p);
        // A = blockdiag(I, J(theta)) with theta re-derived from zeta, Vm = A vc A'
        var theta2 = new double[q];
        theta2[0] = zeta[0];
        for (int k = 1; k < q; k++) theta2[k] = Math.Log(zeta[k] - zeta[k - 1]);
        var A = DenseMatrix.CreateIdentity(p);
        var J = Jacobian(theta2);
        for (int r = 0; r < q; r++) for (int c = 0; c < q; c++) A[pc + r, pc + c] = J[r, c];
        var Vm = A * DenseMatrix.OfColumnMajor(p, p, vc) * A.Transpose();
        var H = Vm.Inverse();
        var Hinv = H.Inverse();
        var score = model.Scores(par, wt, logdiff: false); // m × p column-major
        int mRows = model.Y.Length;
        var infl = new double[mRows * p];
        for (int i = 0; i < mRows; i++)
            for (int c = 0; c < p; c++)
            {
                double s = 0;
                for (int k = 0; k < p; k++) s += score[k * mRows + i] * Hinv[k, c];
                infl[c * mRows + i] = s;
            }
        var cov = design.TotalsCovariance(x.Rows, infl, p);
        int df = design.DegreesOfFreedom(x.Rows) - pc;
        return new SurveyOrdinalFit
        {
            Terms = model.SlopeNames.Concat(ThresholdNames(levels)).ToArray(), Estimates = par.Take(pc).Concat(zeta).ToArray(), Covariance = cov,
            DfResidual = df, SlopeCount = pc, Levels = levels, N = mRows, Converged = res.Converged,
        };
    }

    /// <summary>mean(weights(design)) over the rows R's model frame keeps for a calibrated design: every row, with zero
    /// weight outside the domain.</summary>
    private static double CalibratedMean(SurveyDesign design, double[] wt, bool[]? domain) =>
        domain is null ? ExtendedSum.Mean(wt) : ExtendedSum.Of(wt) / design.RowCount;

    /// <summary>svyolr.svyrep.design: MASS::polr with the sampling weights, then with every replicate's weights.</summary>
    private static SurveyOrdinalFit FitReplicate(SurveyDesign design, DesignMatrix x, OrdinalLikelihood model, double[] wt, string[] levels, bool[]? domain)
    {
        int q = levels.Length - 1;
        int interceptColumn = Array.FindIndex(x.ColumnNames, c => c == "(Intercept)");
        var y1 = model.Y.Select(v => v > levels.Length / 2 ? 1.0 : 0.0).ToArray();
        var start = StartingValues(x, model, interceptColumn, y1, wt, GlmFamily.Binomial, q, divideSpacing: false, out var kept);
        model = model.Restrict(kept);
        int pc = model.SlopeCount, p = pc + q;
        var (full, converged) = Polr(model, wt, start);
        var thetas = new double[]?[design.ReplicateCount];
        for (int r = 0; r < thetas.Length; r++)
        {
            var rw = design.ReplicateWeightsOf(r, x.Rows);
            try { thetas[r] = Polr(model, rw, full).Estimates; }
            catch (ModelException) { thetas[r] = null; }
        }
        var cov = design.ReplicateCovariance(thetas, full);
        var domainRows = domain is null ? Enumerable.Range(0, design.RowCount).ToArray() : Enumerable.Range(0, design.RowCount).Where(i => domain[i]).ToArray();
        int df = design.DegreesOfFreedom(domainRows) - pc;
        return new SurveyOrdinalFit
        {
            Terms = model.SlopeNames.Concat(ThresholdNames(levels)).ToArray(), Estimates = full, Covariance = cov, DfResidual = df,
            SlopeCount = pc, Levels = levels, N = model.Y.Length, Converged = converged,
        };
    }

    /// <summary>polr.fit from (β, ζ): BFGS in (β, ζ₁, log Δζ); returns (β, ζ).</summary>
    private static (double[] Estimates, bool Converged) Polr(OrdinalLikelihood model, double[] wt, double[] start)
    {
        int pc = model.SlopeCount, q = start.Length - pc;
        var s0 = new double[pc + q];
        for (int j = 0; j <= pc; j++) s0[j] = start[j];
        for (int k = 1; k < q; k++) s0[pc + k] = Math.Log(start[pc + k] - start[pc + k - 1]);
        var res = Bfgs.Minimize(b => model.NegLogLikelihood(b, wt, polr: true), (b, g) => model.Gradient(b, wt, g, polr: true), s0);
        return (res.Parameters.Take(pc).Concat(Zeta(res.Parameters, pc, q)).ToArray(), res.Converged);
    }

    /// <summary>Starting values (β, γ) as svyolr/polr: a logistic GLM of y above the middle category, thresholds spaced at
    /// logit(k/(q+1)) around minus its intercept (svyolr divides the spacing by 1.7, as its code does for the logistic
    /// link). Columns the GLM finds aliased are dropped (<paramref name="kept"/>).</summary>
    private static double[] StartingValues(DesignMatrix x, OrdinalLikelihood model, int interceptColumn, double[] y1, double[] weights,
        GlmFamily family, int q, bool divideSpacing, out int[] kept)
    {
        int m = x.RowCount;
        var cols = new List<double[]> { Enumerable.Repeat(1.0, m).ToArray() };
        var names = new List<string> { "Intercept" };
        foreach (var j in model.SlopeColumns) { cols.Add(x.Column(j).ToArray()); names.Add(x.ColumnNames[j]); }
        var values = cols.SelectMany(c => c).ToArray();
        var X = new DesignMatrix { Values = values, RowCount = m, ColumnNames = names.ToArray(), Rows = x.Rows, TermIndex = new int[names.Count] };
        var fit = GeneralizedLinearModel.Fit(X, y1, weights, family);
        if (!fit.Converged) throw new ModelException("attempt to find suitable starting values for the ordinal model failed");
        kept = Enumerable.Range(0, model.SlopeCount).Where(j => !fit.Aliased[j + 1]).ToArray();
        var coefs = fit.Coefficients;
        int q1 = (q + 1) / 2;
        var gammas = new double[q];
        for (int k = 0; k < q; k++)
        {
            double pk = (k + 1.0) / (q + 1);
            double spacing = Math.Log(pk / (1 - pk)), sq1 = Math.Log(((double)q1 / (q + 1)) / (1 - (double)q1 / (q + 1)));
            if (divideSpacing) { spacing /= 1.7; sq1 /= 1.7; }
            gammas[k] = -coefs[0] + spacing - sq1;
        }
        return kept.Select(j => coefs[j + 1]).Concat(gammas).ToArray();
    }

    /// <summary>ζ = cumsum(θ₁, exp(θ₂), …) (R's cumsum, long double).</summary>
    private static double[] Zeta(double[] par, int pc, int q)
    {
        var z = new double[q];
        var acc = new ExtendedSum();
        for (int k = 0; k < q; k++) { acc.Add(k == 0 ? par[pc] : Math.Exp(par[pc + k])); z[k] = acc.Value; }
        return z;
    }

    /// <summary>∂ζ/∂θ: first column ones, column c ≥ 2 exp(θ_c) from row c down.</summary>
    internal static double[,] Jacobian(double[] theta)
    {
        int k = theta.Length;
        var mat = new double[k, k];
        for (int r = 0; r < k; r++) mat[r, 0] = 1;
        for (int c = 1; c < k; c++)
        {
            double e = Math.Exp(theta[c]);
            for (int r = c; r < k; r++) mat[r, c] = e;
        }
        return mat;
    }

    /// <summary>MASS::ginv (tolerance √eps) of a symmetric matrix; returns column-major.</summary>
    private static double[] PseudoInverse(double[] a, int p)
    {
        var svd = DenseMatrix.OfColumnMajor(p, p, a).Svd(true);
        var s = svd.S;
        double tol = Math.Sqrt(2.220446049250313e-16) * s[0];
        var inv = new DenseMatrix(p, p);
        for (int k = 0; k < p; k++)
        {
            if (!(s[k] > Math.Max(tol, 0))) continue;
            for (int r = 0; r < p; r++)
                for (int c = 0; c < p; c++) inv[r, c] += svd.VT[k, r] * (1 / s[k]) * svd.U[c, k];
        }
        return inv.ToColumnMajorArray();
    }

    /// <summary>The weighted cumulative-logit likelihood on the model rows in svyolr's (ζ ends ±100, colSums) or polr's
    /// (ζ ends ±∞ clamped to ±100, BLAS products) arithmetic.</summary>
    private sealed class OrdinalLikelihood(DesignMatrix x, IReadOnlyList<int> slopeColumns, int[] y, int levels)
    {
        public int[] Y { get; } = y;
        public IReadOnlyList<int> SlopeColumns { get; } = slopeColumns;
        public int SlopeCount => SlopeColumns.Count;
        public string[] SlopeNames => SlopeColumns.Select(j => x.ColumnNames[j]).ToArray();
        private int Q => levels - 1;

        public OrdinalLikelihood Restrict(int[] kept) =>
            kept.Length == SlopeCount ? this : new OrdinalLikelihood(x, kept.Select(k => SlopeColumns[k]).ToList(), Y, levels);

        private double[] Eta(double[] beta)
        {
            int m = Y.Length;
            var eta = new double[m];
            for (int j = 0; j < SlopeCount; j++)
            {
                var col = x.Column(SlopeColumns[j]);
                double b = beta[j];
                if (b == 0) continue;
                for (int i = 0; i < m; i++) eta[i] += b * col[i];
            }
            return eta;
        }

        /// <summary>gamm = (lower end, ζ₁ … ζ_q, upper end).</summary>
        private double[] Cuts(double[] beta, bool polr)
        {
            int pc = SlopeCount, q = Q;
            var g = new double[q + 2];
            g[0] = polr ? double.NegativeInfinity : -100;
            g[q + 1] = polr ? double.PositiveInfinity : 100;
            var acc = new ExtendedSum();
            for (int k = 0; k < q; k++) { acc.Add(k == 0 ? beta[pc] : Math.Exp(beta[pc + k])); g[k + 1] = acc.Value; }
            return g;
        }

        private static double Plogis(double v) => double.IsPositiveInfinity(v) ? 1 : double.IsNegativeInfinity(v) ? 0 : 1 / (1 + Math.Exp(-v));

        private static double Dlogis(double v)
        {
            double e = Math.Exp(-Math.Abs(v)), f = 1.0 + e;
            return e / (f * f);
        }

        private (double Upper, double Lower) Z(double[] g, int i, double eta, bool polr)
        {
            double z1 = g[Y[i]] - eta, z2 = g[Y[i] - 1] - eta;
            return polr ? (Math.Min(100, z1), Math.Max(-100, z2)) : (z1, z2);
        }

        public double NegLogLikelihood(double[] beta, double[] wt, bool polr)
        {
            var g = Cuts(beta, polr);
            var eta = Eta(beta);
            var s = new ExtendedSum();
            for (int i = 0; i < Y.Length; i++)
            {
                var (z1, z2) = Z(g, i, eta[i], polr);
                double pr = Plogis(z1) - Plogis(z2);
                if (!(pr > 0)) return double.PositiveInfinity;
                s.Add(wt[i] * Math.Log(pr));
            }
            return -s.Value;
        }

        /// <summary>Per-row scores (m × p column-major): R's <c>gmini</c>; with <paramref name="logdiff"/> the threshold
        /// columns are in the θ parametrisation (times the Jacobian).</summary>
        public double[] Scores(double[] beta, double[] wt, bool logdiff)
        {
            int m = Y.Length, pc = SlopeCount, q = Q, p = pc + q;
            var g = Cuts(beta, false);
            var eta = Eta(beta);
            var sc = new double[m * p];
            var J = logdiff ? Jacobian(beta.Skip(pc).ToArray()) : null;
            var g2 = new double[q];
            for (int i = 0; i < m; i++)
            {
                var (z1, z2) = Z(g, i, eta[i], false);
                double pr = Plogis(z1) - Plogis(z2);
                if (!(pr > 0)) { for (int c = 0; c < p; c++) sc[c * m + i] = double.NaN; continue; }
                double p1 = Dlogis(z1), p2 = Dlogis(z2);
                double a = wt[i] * (p1 - p2) / pr;
                for (int j = 0; j < pc; j++) sc[j * m + i] = x.Column(SlopeColumns[j])[i] * a;
                double v = wt[i] / pr;
                for (int k = 0; k < q; k++)
                {
                    double xx = (k + 1 == Y[i] ? p1 : 0) - (k + 1 == Y[i] - 1 ? p2 : 0);
                    g2[k] = -xx * v;
                }
                for (int c = 0; c < q; c++)
                {
                    double s;
                    if (J is null) s = g2[c];
                    else
                    {
                        s = 0;
                        for (int k = 0; k < q; k++) if (J[k, c] != 0) s += J[k, c] * g2[k];
                    }
                    sc[(pc + c) * m + i] = s;
                }
            }
            return sc;
        }

        public void Gradient(double[] beta, double[] wt, double[] grad, bool polr)
        {
            int m = Y.Length, pc = SlopeCount, q = Q, p = pc + q;
            if (!polr)
            {
                // colSums(gmini(beta, logdiff = TRUE)) (long double column sums)
                var sc = Scores(beta, wt, logdiff: true);
                for (int c = 0; c < p; c++)
                {
                    var s = new ExtendedSum();
                    bool bad = false;
                    for (int i = 0; i < m; i++) { double val = sc[c * m + i]; if (double.IsNaN(val)) bad = true; s.Add(val); }
                    grad[c] = bad ? double.NaN : s.Value;
                }
                return;
            }
            // polr: t(x) %*% (wt (p1 − p2)/pr), −t(xx) %*% (wt/pr), then times the Jacobian (sequential double sums)
            var g = Cuts(beta, true);
            var eta = Eta(beta);
            var a = new double[m];
            var v = new double[m];
            var p1s = new double[m];
            var p2s = new double[m];
            bool allPositive = true;
            for (int i = 0; i < m; i++)
            {
                var (z1, z2) = Z(g, i, eta[i], true);
                double pr = Plogis(z1) - Plogis(z2);
                if (!(pr > 0)) allPositive = false;
                p1s[i] = Dlogis(z1);
                p2s[i] = Dlogis(z2);
                a[i] = wt[i] * (p1s[i] - p2s[i]) / pr;
                v[i] = wt[i] / pr;
            }
            if (!allPositive) { Array.Fill(grad, double.NaN); return; }
            for (int j = 0; j < pc; j++)
            {
                var col = x.Column(SlopeColumns[j]);
                double s = 0;
                for (int i = 0; i < m; i++) s += col[i] * a[i];
                grad[j] = s;
            }
            var g2 = new double[q];
            for (int k = 0; k < q; k++)
            {
                double s = 0;
                for (int i = 0; i < m; i++)
                {
                    double xx = (k + 1 == Y[i] ? p1s[i] : 0) - (k + 1 == Y[i] - 1 ? p2s[i] : 0);
                    s += -xx * v[i];
                }
                g2[k] = s;
            }
            var J = Jacobian(beta.Skip(pc).ToArray());
            for (int c = 0; c < q; c++)
            {
                double s = 0;
                for (int k = 0; k < q; k++) s += J[k, c] * g2[k];
                grad[pc + c] = s;
            }
        }
    }
}
