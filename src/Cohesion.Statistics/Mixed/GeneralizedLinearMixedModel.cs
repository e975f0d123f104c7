using Cohesion.Statistics.Optimization;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// The deviance of a GLMM as a function of (θ, β) — Laplace or adaptive Gauss–Hermite — evaluated by penalised
/// iteratively reweighted least squares on the conditional modes u, as lme4's <c>glmerLaplace</c> / <c>glmerAGQ</c>.
/// Each PIRLS step is a weighted penalised least-squares solve on the same block-sparse structure as the linear mixed
/// model (<see cref="ProfiledDeviance"/>: per-level Cholesky factors for the term with most levels, a sparse-aware
/// Schur complement for the rest), re-accumulated for the new working weights.
/// </summary>
internal sealed class GlmmEngine
{
    private readonly Lme4Family _family;
    private readonly MixedDesign _design;
    private readonly double[] _y, _pw, _offset;
    private readonly double[] _trials;
    private readonly ProfiledDeviance _uSystem;     // Z only (β enters through the offset)
    private readonly ProfiledDeviance _fullSystem;  // X and Z (glmer's nAGQ = 0 step and the RX-based covariance)
    private readonly int[] _blockOffset;
    private readonly int _n, _p, _q;
    private double[] _u;                             // warm start: the last converged modes
    private readonly (double[] Z, double[] W, double[] LogDensity)? _rule;

    /// <summary>When set, every PIRLS run starts from these modes instead of the last solution: the criterion is then
    /// a deterministic function of (θ, β) down to rounding, which finite-difference Hessians need.</summary>
    public double[]? FixedStart { get; set; }

    public Lme4Family Family => _family;
    public MixedDesign Design => _design;
    public int ThetaLength => _uSystem.ThetaLength;
    public int Evaluations { get; private set; }
    public int Nagq { get; }

    public GlmmEngine(MixedFamily family, MixedDesign design, double[] y, double[]? priorWeights, double[]? offset, double[]? trials, int nagq)
    {
        _family = Lme4Family.For(family);
        _design = design;
        _n = design.N; _p = design.P;
        _y = y;
        _pw = priorWeights ?? Enumerable.Repeat(1.0, _n).ToArray();
        _offset = offset ?? new double[_n];
        _trials = trials ?? [];
        _uSystem = new ProfiledDeviance([], _n, 0, design.Blocks);
        _fullSystem = new ProfiledDeviance(design.X, _n, _p, design.Blocks);
        _blockOffset = new int[design.Blocks.Length];
        int o = 0;
        for (int t = 0; t < design.Blocks.Length; t++) { _blockOffset[t] = o; o += design.Blocks[t].K * design.Blocks[t].Levels; }
        _q = o;
        _u = new double[_q];
        Nagq = nagq;
        if (nagq > 1)
        {
            if (design.Blocks.Length != 1 || design.Blocks[0].K != 1)
                throw new ModelException($"adaptive Gauss–Hermite quadrature (nAGQ = {nagq}) needs a single scalar random-effects term such as (1|g); use the Laplace approximation (nAGQ = 1) for this model");
            _rule = GaussHermite.Rule(nagq);
        }
    }

    public double[] LowerBounds() => _uSystem.LowerBounds();
    public double[] StartTheta() => _uSystem.Start();
    public double[][] Factors(ReadOnlySpan<double> theta) => _uSystem.Factors(theta);
    public ProfiledDeviance System => _uSystem;

    /// <summary>b = Λθ u per block (levels × K, row-major).</summary>
    public double[][] Modes(ReadOnlySpan<double> theta, ReadOnlySpan<double> u)
    {
        var T = Factors(theta);
        var blocks = _design.Blocks;
        var r = new double[blocks.Length][];
        for (int t = 0; t < blocks.Length; t++)
        {
            int k = blocks[t].K, o = _blockOffset[t];
            var b = new double[blocks[t].Levels * k];
            for (int l = 0; l < blocks[t].Levels; l++)
            for (int a = 0; a < k; a++)
            {
                double s = 0;
                for (int c = 0; c <= a; c++) s += T[t][a * k + c] * u[o + l * k + c];
                b[l * k + a] = s;
            }
            r[t] = b;
        }
        return r;
    }

    /// <summary>η = offset + Xβ (the part that does not depend on u).</summary>
    private double[] FixedPredictor(ReadOnlySpan<double> beta)
    {
        var eta = (double[])_offset.Clone();
        var x = _design.X;
        for (int j = 0; j < _p; j++)
        {
            double bj = beta[j];
            if (bj == 0) continue;
            int o = j * _n;
            for (int i = 0; i < _n; i++) eta[i] += x[o + i] * bj;
        }
        return eta;
    }

    /// <summary>η = fixed + Z Λ u.</summary>
    private void LinearPredictor(double[] fixedPart, double[][] b, double[] eta)
    {
        var blocks = _design.Blocks;
        Array.Copy(fixedPart, eta, _n);
        for (int t = 0; t < blocks.Length; t++)
        {
            var bl = blocks[t];
            int k = bl.K;
            var bt = b[t];
            var codes = bl.Codes;
            var z = bl.X;
            for (int a = 0; a < k; a++)
            {
                int o = a * _n;
                for (int i = 0; i < _n; i++) eta[i] += z[o + i] * bt[codes[i] * k + a];
            }
        }
    }

    private double ResidualDeviance(double[] eta, double[] mu, double[] muEta) => _family.Update(eta, mu, muEta, _y, _pw);

    private static double SquaredNorm(ReadOnlySpan<double> u)
    {
        double s = 0;
        foreach (var v in u) s += v * v;
        return s;
    }

    /// <summary>Working weights (square roots) and working response (η minus the part held fixed) at μ.</summary>
    private void WorkingValues(double[] eta, double[] mu, double[] muEta, double[] heldFixed, double[] sqrtW, double[] z)
    {
        for (int i = 0; i < _n; i++)
        {
            double me = muEta[i];
            sqrtW[i] = me * Math.Sqrt(_pw[i] / _family.Variance(mu[i]));
            z[i] = eta[i] - heldFixed[i] + (_y[i] - mu[i]) / me;
        }
    }

    public sealed record Pirls(double[] U, double[] Beta, double[] Mu, double LogDetL, double Deviance, double ResidualDeviance, int Iterations);

    /// <summary>
    /// PIRLS for the conditional modes at (θ, β): Newton steps (Fisher scoring = Newton for canonical links) on the
    /// penalised deviance Σ d_i + ‖u‖², with step halving, until the modes stop changing; the last step's weights are
    /// those of the converged modes, so log|L|² is that of the optimum to rounding. Null when PIRLS fails.
    /// </summary>
    public Pirls? SolveU(ReadOnlySpan<double> theta, ReadOnlySpan<double> beta, double[]? start = null)
    {
        var fixedPart = FixedPredictor(beta);
        var u = (double[])(start ?? FixedStart ?? _u).Clone();
        var eta = new double[_n];
        var mu = new double[_n];
        var muEta = new double[_n];
        var sqrtW = new double[_n];
        var z = new double[_n];
        var thetaArr = theta.ToArray();
        LinearPredictor(fixedPart, Modes(thetaArr, u), eta);
        double pdev = ResidualDeviance(eta, mu, muEta) + SquaredNorm(u);
        if (!double.IsFinite(pdev)) return null;
        double logDet = double.NaN;
        for (int iter = 1; iter <= 60; iter++)
        {
            WorkingValues(eta, mu, muEta, fixedPart, sqrtW, z);
            _uSystem.Accumulate(z, sqrtW, false);
            double[] uNew;
            try { _uSystem.SolveModes(thetaArr, [], out uNew, out logDet); }
            catch (ModelException) { return null; }
            double change = 0, scale = 1;
            for (int j = 0; j < _q; j++) { change = Math.Max(change, Math.Abs(uNew[j] - u[j])); scale = Math.Max(scale, Math.Abs(uNew[j])); }
            // step halving when the penalised deviance goes up
            double newDev = double.NaN;
            var trial = uNew;
            for (int half = 0; half <= 20; half++)
            {
                LinearPredictor(fixedPart, Modes(thetaArr, trial), eta);
                newDev = ResidualDeviance(eta, mu, muEta) + SquaredNorm(trial);
                if (double.IsFinite(newDev) && newDev <= pdev * (1 + 1e-12) + 1e-12) break;
                if (half == 20) return null;
                var next = new double[_q];
                for (int j = 0; j < _q; j++) next[j] = 0.5 * (u[j] + trial[j]);
                trial = next;
            }
            u = trial;
            pdev = newDev;
            if (change <= 1e-11 * scale)
            {
                _u = u;
                double rd = pdev - SquaredNorm(u);
                return new Pirls(u, beta.ToArray(), (double[])mu.Clone(), logDet, pdev, rd, iter);
            }
        }
        return null;
    }

    /// <summary>The criterion lme4 minimises over (θ, β) for nAGQ ≥ 1: Laplace deviance log|L|² + ‖u‖² + aic, or the
    /// adaptive Gauss–Hermite deviance. <paramref name="par"/> is θ followed by β.</summary>
    public double Deviance(double[] par)
    {
        Evaluations++;
        int nt = ThetaLength;
        var theta = par.AsSpan(0, nt);
        var beta = par.AsSpan(nt);
        var s = SolveU(theta, beta) ?? SolveU(theta, beta, new double[_q]);
        if (s is null) return double.PositiveInfinity;
        if (_rule is null) return s.LogDetL + SquaredNorm(s.U) + _family.Aic(_y, _trials, s.Mu, _pw);
        return Quadrature(theta[0], beta, s);
    }

    /// <summary>lme4's glmerAGQ: per level, the integral over u_j by Gauss–Hermite around the mode with the scale
    /// of the Laplace approximation; the deviance adds Σ (u_j² + Σ d_i) and log|L|² and subtracts 2 Σ log(mult_j).</summary>
    private double Quadrature(double theta, ReadOnlySpan<double> beta, Pirls s)
    {
        var (zk, wk, ldk) = _rule!.Value;
        var block = _design.Blocks[0];
        int levels = block.Levels;
        var codes = block.Codes;
        var zcol = block.X;
        var fixedPart = FixedPredictor(beta);
        // sd_j = 1 / L_jj with L_jj² = 1 + θ² Σ_i w_i z_i² (weights at the modes)
        var lsq = new double[levels];
        Array.Fill(lsq, 1.0);
        var eta0 = new double[_n];
        var b0 = new double[levels];
        for (int l = 0; l < levels; l++) b0[l] = theta * s.U[l];
        for (int i = 0; i < _n; i++) eta0[i] = fixedPart[i] + zcol[i] * b0[codes[i]];
        for (int i = 0; i < _n; i++)
        {
            double mu = _family.LinkInverse(eta0[i]);
            double me = _family.MuEta(eta0[i]);
            double w = me * me * _pw[i] / _family.Variance(mu);
            lsq[codes[i]] += theta * theta * w * zcol[i] * zcol[i];
        }
        var devc0 = DevianceByLevel(s.U, fixedPart, theta);
        var mult = new double[levels];
        var u1 = new double[levels];
        const double sqrt2Pi = 2.5066282746310002;
        for (int k = 0; k < zk.Length; k++)
        {
            if (zk[k] == 0) { for (int l = 0; l < levels; l++) mult[l] += wk[k]; continue; }
            for (int l = 0; l < levels; l++) u1[l] = s.U[l] + zk[k] / Math.Sqrt(lsq[l]);
            var devc = DevianceByLevel(u1, fixedPart, theta);
            for (int l = 0; l < levels; l++) mult[l] += Math.Exp(-0.5 * (devc[l] - devc0[l]) - ldk[k]) * wk[k] / sqrt2Pi;
        }
        double sum = 0, ldL2 = 0, logMult = 0;
        for (int l = 0; l < levels; l++) { sum += devc0[l]; ldL2 += Math.Log(lsq[l]); logMult += Math.Log(mult[l]); }
        return sum + ldL2 - 2 * logMult;
    }

    private double[] DevianceByLevel(double[] u, double[] fixedPart, double theta)
    {
        var block = _design.Blocks[0];
        var r = new double[block.Levels];
        for (int l = 0; l < r.Length; l++) r[l] = u[l] * u[l];
        for (int i = 0; i < _n; i++)
        {
            int l = block.Codes[i];
            double eta = fixedPart[i] + block.X[i] * theta * u[l];
            r[l] += _family.DevianceResidual(_y[i], _family.LinkInverse(eta), _pw[i]);
        }
        return r;
    }

    /// <summary>
    /// glmer's nAGQ = 0 criterion at θ: PIRLS over (β, u) jointly, started (as lme4 restarts it) from the family's
    /// starting means; returns the Laplace-form deviance and the solution.
    /// </summary>
    public (double Deviance, double[] Beta, double[] U)? JointPirls(double[] theta)
    {
        Evaluations++;
        // warm start from the last solution (the PIRLS solution does not depend on where it starts); from the family's
        // starting means, as lme4 always starts, when that fails
        if (_jointStart is { } js && JointPirlsFrom(theta, js.Beta, js.U) is { } warm) return warm;
        return JointPirlsFrom(theta, null, null);
    }

    private (double[] Beta, double[] U)? _jointStart;

    private (double Deviance, double[] Beta, double[] U)? JointPirlsFrom(double[] theta, double[]? beta0, double[]? u0)
    {
        var eta = new double[_n];
        var mu = new double[_n];
        var muEta = new double[_n];
        if (beta0 is null || u0 is null)
            for (int i = 0; i < _n; i++)
            {
                mu[i] = _family.StartMean(_y[i], _pw[i]);
                eta[i] = _family.LinkFunction(mu[i]);
                muEta[i] = _family.MuEta(eta[i]);
            }
        else
        {
            LinearPredictor(FixedPredictor(beta0), Modes(theta, u0), eta);
            ResidualDeviance(eta, mu, muEta);
        }
        var sqrtW = new double[_n];
        var z = new double[_n];
        double pdev = double.PositiveInfinity;
        double[] beta = new double[_p], u = new double[_q];
        double logDet = 0;
        for (int iter = 1; iter <= 100; iter++)
        {
            WorkingValues(eta, mu, muEta, _offset, sqrtW, z);
            _fullSystem.Accumulate(z, sqrtW, false);
            var ev = _fullSystem.Evaluate(theta, false, full: true);
            if (!ev.Ok) return null;
            var bNew = _p > 0 ? ev.Beta : [];
            double[] uNew;
            try { _fullSystem.SolveModes(theta, bNew, out uNew, out logDet); }
            catch (ModelException) { return null; }
            double newDev = double.NaN;
            double[] bt = bNew, ut = uNew;
            for (int half = 0; half <= 20; half++)
            {
                var fixedPart = FixedPredictor(bt);
                LinearPredictor(fixedPart, Modes(theta, ut), eta);
                newDev = ResidualDeviance(eta, mu, muEta) + SquaredNorm(ut);
                if (iter == 1 || (double.IsFinite(newDev) && newDev <= pdev * (1 + 1e-12) + 1e-12)) break;
                if (half == 20) return null;
                bt = bt.Select((v, j) => 0.5 * (v + beta[j])).ToArray();
                ut = ut.Select((v, j) => 0.5 * (v + u[j])).ToArray();
            }
            double change = 0, scale = 1;
            for (int j = 0; j < _p; j++) { change = Math.Max(change, Math.Abs(bt[j] - beta[j])); scale = Math.Max(scale, Math.Abs(bt[j])); }
            for (int j = 0; j < _q; j++) { change = Math.Max(change, Math.Abs(ut[j] - u[j])); scale = Math.Max(scale, Math.Abs(ut[j])); }
            beta = bt; u = ut;
            // converged when the step is at rounding level: then this step's weights (those of the previous iterate)
            // are the optimum's and log|L|² is exact
            bool done = iter > 1 && change <= 1e-11 * scale;
            pdev = newDev;
            if (done)
            {
                _u = u;
                _jointStart = (beta, u);
                return (logDet + SquaredNorm(u) + _family.Aic(_y, _trials, mu, _pw), beta, u);
            }
        }
        return null;
    }

    /// <summary>(RXᵀRX)⁻¹ at the working weights of (θ, β, u): lme4's <c>vcov(use.hessian = FALSE)</c> for a GLMM.</summary>
    public double[]? RxCovariance(double[] theta, double[] beta, double[] u)
    {
        var fixedPart = FixedPredictor(beta);
        var eta = new double[_n];
        var mu = new double[_n];
        var muEta = new double[_n];
        LinearPredictor(fixedPart, Modes(theta, u), eta);
        ResidualDeviance(eta, mu, muEta);
        var sqrtW = new double[_n];
        var z = new double[_n];
        WorkingValues(eta, mu, muEta, _offset, sqrtW, z);
        _fullSystem.Accumulate(z, sqrtW, false);
        var ev = _fullSystem.Evaluate(theta, false, full: true);
        return ev.Ok ? ev.RxInverse : null;
    }
}

/// <summary>
/// Generalized linear mixed models as lme4's <c>glmer</c>: binomial (logit) and Poisson (log) responses, the same
/// random-effects terms as <see cref="LinearMixedModel"/>, offsets and prior weights; the Laplace approximation
/// (nAGQ = 1, the default) or adaptive Gauss–Hermite quadrature for a single scalar random effect. The fit runs in
/// lme4's two stages — θ with β inside PIRLS (nAGQ = 0), then (θ, β) jointly on the chosen criterion — and the
/// reported optimum is the criterion's minimum to optimiser precision. Wald standard errors come, as lme4's
/// <c>vcov</c> takes them, from the Hessian of the criterion over (θ, β) — here Richardson-extrapolated (numDeriv's
/// <c>hessian</c>, with PIRLS started from the optimum's modes at every point so the criterion is smooth) rather than lme4's deriv12 with step 1e-4, whose second differences of a deviance in the thousands
/// are quantised at ~1e-4 and make lme4's own standard errors uncertain in the fourth digit; falling back with a warning
/// to the RX-based covariance when that Hessian is not positive definite.
/// </summary>
public static class GeneralizedLinearMixedModel
{
    private const double GradientTolerance = 0.002; // lme4's check.conv.grad tol

    public static MixedResult Fit(DataFrame data, string formula, MixedOptions options) => Fit(data, ModelFormula.Parse(formula), options);

    public static MixedResult Fit(DataFrame data, ModelFormula formula, MixedOptions options)
    {
        if (options.Family == MixedFamily.Gaussian) return LinearMixedModel.Fit(data, formula, options);
        if (options.Nagq < 0) throw new CohesionException($"nAGQ must be 0 (PQL-like), 1 (Laplace) or the number of quadrature points; got {options.Nagq}");
        var d = MixedInputs.Read(data, formula, options.Weights, options.Family);
        var engine = new GlmmEngine(options.Family, d.Design, d.Y, d.Weights, d.Offset, d.Trials, options.Nagq);
        return FitEngine(engine, options);
    }

    internal static MixedResult FitEngine(GlmmEngine engine, MixedOptions options)
    {
        var design = engine.Design;
        int nt = engine.ThetaLength, p = design.P;
        var notes = new List<string>(design.Notes);
        var warnings = new List<string>();
        var lower = engine.LowerBounds();

        // stage 1: θ only, β inside PIRLS (glmer's nAGQ = 0)
        (double Deviance, double[] Beta, double[] U)? last = null;
        double Stage1(double[] th)
        {
            var r = engine.JointPirls(th);
            if (r is null) return double.PositiveInfinity;
            last = r;
            return r.Value.Deviance;
        }
        // (only a starting point for stage 2 unless nAGQ = 0 was asked for)
        var s1 = BoundedOptimizer.Minimize(Stage1, engine.StartTheta(), lower, options.MaxEvaluations, options.Nagq == 0 ? null : 1e-7);
        if (!double.IsFinite(s1.F)) throw new ModelException("the GLMM could not be fitted: PIRLS failed at every θ tried; check the response and rescale the covariates");
        var j1 = engine.JointPirls(s1.X) ?? throw new ModelException("the GLMM could not be evaluated at its first-stage optimum");
        double[] theta, beta;
        double criterion;
        BoundedOptimizer.Result final;
        if (options.Nagq == 0)
        {
            theta = s1.X; beta = j1.Beta; criterion = j1.Deviance; final = s1;
        }
        else
        {
            // stage 2: (θ, β) on the Laplace / AGQ deviance from the stage-1 optimum
            var start = s1.X.Concat(j1.Beta).ToArray();
            var lower2 = lower.Concat(Enumerable.Repeat(double.NegativeInfinity, p)).ToArray();
            int budget = options.MaxEvaluations;
            var polished = BoundedOptimizer.Polish(engine.Deviance, start, engine.Deviance(start), lower2, () => engine.Evaluations, budget, reportDerivatives: false);
            if (!polished.Converged)
            {
                // a bounded simplex restart (a GLMM evaluation is a PIRLS solve: keep the budget finite)
                var nm = BoundedOptimizer.Minimize(engine.Deviance, polished.X, lower2, Math.Min(budget, 600 * start.Length));
                polished = nm.F <= polished.F ? nm : polished;
            }
            final = polished;
            theta = final.X[..nt];
            beta = final.X[nt..];
            criterion = final.F;
        }
        if (!final.Converged) warnings.Add(final.Message ?? "the optimizer did not converge");

        // the modes at the optimum
        var sol = engine.SolveU(theta, beta) ?? engine.SolveU(theta, beta, new double[engine.System.Q])
                  ?? throw new ModelException("PIRLS failed at the optimum");

        // Wald covariance: the β block of (H/2)⁻¹, H the Hessian of the criterion over (θ, β) (lme4's vcov), else RX
        double[] cov;
        var rx = engine.RxCovariance(theta, beta, sol.U);
        double maxGrad = final.MaxGradient;
        bool? hessPd = final.HessianPositiveDefinite;
        double? minEig = final.MinHessianEigenvalue;
        if (options.Nagq > 0)
        {
            var par = theta.Concat(beta).ToArray();
            // a variance parameter at its bound: the criterion is even in it there, so its cross terms with β vanish
            // and the numerical Hessian would only add noise: leave it out
            var free = Enumerable.Range(0, par.Length).Where(i => !(i < nt && lower[i] == 0 && par[i] == 0)).ToArray();
            int ntFree = free.Count(i => i < nt);
            engine.FixedStart = sol.U;
            double Sub(double[] q)
            {
                var z = (double[])par.Clone();
                for (int a = 0; a < free.Length; a++) z[free[a]] = q[a];
                return engine.Deviance(z);
            }
            var h = RichardsonDerivatives.Hessian(Sub, free.Select(i => par[i]).ToArray(), out var g, d: 0.03);
            engine.FixedStart = null;
            cov = HessianCovariance(h, ntFree, p, out bool ok);
            // every variance at zero: the Laplace deviance is the GLM's, whose Hessian in β is XᵀWX exactly
            if (ntFree == 0 && rx is not null) cov = rx;
            if (!ok)
            {
                if (rx is null) throw new ModelException("the covariance of the fixed effects could not be computed");
                warnings.Add("variance-covariance matrix computed from finite-difference Hessian is not positive definite or contains NA values: falling back to var-cov estimated from RX");
                cov = rx;
            }
            (maxGrad, hessPd, minEig) = Lme4GradientCheck(g, h);
            engine.SolveU(theta, beta); // restore the modes of the optimum as warm start
        }
        else cov = rx ?? throw new ModelException("the covariance of the fixed effects could not be computed");

        // Wald z tests and intervals, as summary(glmer)
        var fixedEff = CoefficientTable.Wald(design.XNames, beta, cov, 0.95).Rows;
        var (random, singular) = LinearMixedModel.VarianceComponents(engine.System, design.Blocks, design.GroupNames, theta, 1.0);
        if (singular) notes.Add("boundary (singular) fit: a variance component is estimated as zero (or a correlation as ±1)");
        if (maxGrad > GradientTolerance) warnings.Add($"Model failed to converge with max|grad| = {maxGrad:G4} (tol = {GradientTolerance})");
        if (hessPd == false && !singular) warnings.Add("Model failed to converge: degenerate Hessian (not positive definite)");
        bool converged = final.Converged && maxGrad <= GradientTolerance && (hessPd != false || singular);
        notes.AddRange(warnings.Select(w => "warning: " + w));
        var modes = engine.Modes(theta, sol.U);
        return new MixedResult
        {
            N = design.N, Fixed = fixedEff, Random = random, ResidualVariance = 1, LogLik = -criterion / 2, Criterion = criterion, Reml = false,
            Theta = theta, Covariance = cov, Groups = design.Blocks.Select((b, i) => (design.GroupNames[i], b.Levels)).ToList(),
            Singular = singular, Evaluations = engine.Evaluations, Notes = notes,
            Modes = design.Blocks.Select((b, i) => new RandomEffects(design.GroupNames[i], b.TermNames, b.LevelNames, modes[i])).ToList(),
            Family = options.Family, Nagq = options.Nagq,
            Convergence = new ConvergenceInfo(converged, maxGrad, hessPd, minEig, engine.Evaluations, warnings),
            Glmm = engine,
        };
    }

    /// <summary>vcov.merMod with use.hessian: the β block of (H/2)⁻¹; <paramref name="ok"/> false when H cannot be
    /// inverted or that block is not positive definite.</summary>
    internal static double[] HessianCovariance(double[] h, int nTheta, int p, out bool ok)
    {
        int m = nTheta + p;
        var hm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, m, (i, j) => h[i * m + j]);
        ok = false;
        var cov = new double[p * p];
        if (p == 0) { ok = true; return cov; }
        MathNet.Numerics.LinearAlgebra.Matrix<double> inv;
        try { inv = hm.Inverse(); } catch { return cov; }
        for (int a = 0; a < p; a++)
        for (int b = 0; b < p; b++)
        {
            double v = inv[nTheta + a, nTheta + b] + inv[nTheta + b, nTheta + a];
            if (!double.IsFinite(v)) return cov;
            cov[a * p + b] = v;
        }
        var block = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(p, p, (a, b) => cov[a * p + b]);
        ok = block.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.All(e => e.Real > 0);
        return cov;
    }

    /// <summary>lme4's check.conv.grad quantity max(min(|R⁻¹g|, |g|)) (H = RᵀR) and its Hessian check.</summary>
    private static (double MaxGrad, bool? HessianPd, double? MinEigen) Lme4GradientCheck(double[] g, double[] h)
    {
        int m = g.Length;
        var hm = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(m, m, (i, j) => h[i * m + j]);
        var eig = hm.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric).EigenValues.Select(e => e.Real).ToArray();
        double minEig = eig.Min();
        double max = 0;
        double[]? scaled = null;
        var l = (double[])h.Clone();
        if (LinearAlgebra.Cholesky.Decompose(l, m))
        {
            // solve(chol(H), g): R x = g with R = Lᵀ upper triangular
            scaled = (double[])g.Clone();
            for (int i = m - 1; i >= 0; i--)
            {
                double s = scaled[i];
                for (int k = i + 1; k < m; k++) s -= l[k * m + i] * scaled[k];
                scaled[i] = s / l[i * m + i];
            }
        }
        for (int i = 0; i < m; i++) max = Math.Max(max, scaled is null ? Math.Abs(g[i]) : Math.Min(Math.Abs(scaled[i]), Math.Abs(g[i])));
        return (max, minEig > 0, minEig);
    }
}
