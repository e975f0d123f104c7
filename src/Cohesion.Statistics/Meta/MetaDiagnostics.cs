using Cohesion.Statistics.Optimization;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

public sealed record EggerResult(double Statistic, double P, double Df, double LimitEstimate, double LimitCiLower, double LimitCiUpper, string Test);
public sealed record TrimFillResult(int K0, double SeK0, string Side, double Estimate, double Se, double CiLower, double CiUpper, double Tau2, double[] FilledYi, double[] FilledVi);
public sealed record PetPeeseResult(double PetEstimate, double PetSe, double PetP, double PeeseEstimate, double PeeseSe, double PeeseP, string Chosen, double Estimate);
public sealed record LeaveOneOutRow(int Omitted, double Estimate, double Se, double Statistic, double P, double CiLower, double CiUpper, double Q, double Qp, double Tau2, double I2, double H2);
/// <summary>Permutation p-values; <see cref="Iterations"/> counts permutations tried (as metafor), <see cref="Failed"/> those whose fit failed (left out of p, as metafor's na.rm).</summary>
public sealed record PermutationResult(double[] P, double QMp, int Iterations, bool Exact, int Failed);
public sealed record Tau2Interval(double Lower, double Upper, bool LowerConverged, bool UpperConverged);

/// <summary>Publication-bias tests and diagnostics for <see cref="MetaUniFit"/> (metafor's regtest, trimfill,
/// leave1out, permutest, confint).</summary>
public static class MetaDiagnostics
{
    private static readonly double RootTol = Math.Pow(2.220446049250313e-16, 0.25);

    private static MetaUniFit Refit(MetaUniFit fit, double[] y, double[] v, double[] x, int p, string[] terms, MetaTest? test = null, bool minimal = false) =>
        MetaUni.Fit(y, v, x, p, terms, new MetaUniOptions { Method = fit.Method, Test = test ?? fit.Test, Level = fit.Level, Minimal = minimal });

    private static double[] AppendColumn(double[] x, int k, int p, double[] col)
    {
        var r = new double[k * (p + 1)];
        for (int i = 0; i < k; i++)
        {
            Array.Copy(x, i * p, r, i * (p + 1), p);
            r[i * (p + 1) + p] = col[i];
        }
        return r;
    }

    /// <summary>Egger's regression test (<c>regtest(fit)</c>, predictor sei): the model refitted with the standard
    /// error as an extra moderator; the test of that coefficient uses the model's test (z or t).</summary>
    public static EggerResult Egger(MetaUniFit fit)
    {
        int k = fit.K, p = fit.P;
        var sei = fit.Vi.Select(Math.Sqrt).ToArray();
        var x = AppendColumn(fit.X, k, p, sei);
        var r = Refit(fit, fit.Yi, fit.Vi, x, p + 1, [.. fit.Terms, "sei"]);
        return new EggerResult(r.Statistic[p], r.PValue[p], r.Ddf, r.Beta[0], r.CiLower[0], r.CiUpper[0], fit.Test.Name());
    }

    /// <summary>PET (standard error as moderator) and PEESE (variance as moderator); PEESE is chosen when the PET
    /// intercept differs from zero at α = 0.05 (two-sided), as Stanley &amp; Doucouliagos (2014).</summary>
    public static PetPeeseResult PetPeese(MetaUniFit fit)
    {
        if (!fit.InterceptOnly) throw new CohesionException("PET-PEESE is defined for models without moderators");
        int k = fit.K;
        var pet = Refit(fit, fit.Yi, fit.Vi, AppendColumn(fit.X, k, 1, fit.Vi.Select(Math.Sqrt).ToArray()), 2, ["intrcpt", "sei"]);
        var peese = Refit(fit, fit.Yi, fit.Vi, AppendColumn(fit.X, k, 1, fit.Vi), 2, ["intrcpt", "vi"]);
        bool usePeese = pet.PValue[0] < 0.05;
        return new PetPeeseResult(pet.Beta[0], pet.Se[0], pet.PValue[0], peese.Beta[0], peese.Se[0], peese.PValue[0],
            usePeese ? "PEESE" : "PET", usePeese ? peese.Beta[0] : pet.Beta[0]);
    }

    /// <summary>Trim and fill (Duval &amp; Tweedie), estimator L0, side from the sign of the Egger-type slope as metafor
    /// (negative slope → missing on the right), iterated to a fixed k0; the filled data refitted (z test, as metafor).</summary>
    public static TrimFillResult TrimFill(MetaUniFit fit, string? side = null)
    {
        if (!fit.InterceptOnly) throw new CohesionException("trim-and-fill is only defined for models without moderators");
        int k = fit.K;
        if (side is null)
        {
            var x2 = AppendColumn(fit.X, k, 1, fit.Vi.Select(Math.Sqrt).ToArray());
            var r = Refit(fit, fit.Yi, fit.Vi, x2, 2, ["intrcpt", "sei"], MetaTest.Z, minimal: true);
            side = r.Beta[1] < 0 ? "right" : "left";
        }
        double sign = side == "right" ? -1 : 1;
        var idx = Enumerable.Range(0, k).OrderBy(i => sign * fit.Yi[i]).ToArray(); // stable, as R's radix sort
        var y = idx.Select(i => sign * fit.Yi[i]).ToArray();
        var v = idx.Select(i => fit.Vi[i]).ToArray();
        int k0Sav = -1, k0 = 0, iter = 0;
        double beta = 0, seK0 = 0;
        var yc = new double[k];
        while (Math.Abs(k0 - k0Sav) > 0)
        {
            k0Sav = k0;
            if (++iter > 100) throw new ModelException("trim-and-fill did not converge in 100 iterations");
            var r = MetaUni.Fit(y.AsSpan(0, k - k0), v.AsSpan(0, k - k0), new MetaUniOptions { Method = fit.Method, Minimal = true });
            beta = r.Beta[0];
            for (int i = 0; i < k; i++) yc[i] = y[i] - beta;
            // rank(abs(yc), ties = "first")
            var order = Enumerable.Range(0, k).OrderBy(i => Math.Abs(yc[i])).ToArray();
            var rank = new double[k];
            for (int t = 0; t < k; t++) rank[order[t]] = t + 1;
            double sr = 0;
            for (int i = 0; i < k; i++) if (yc[i] > 0) sr += rank[i];
            double k0d = (4 * sr - k * (k + 1.0)) / (2.0 * k - 1);
            double varSr = 1.0 / 24 * (k * (k + 1.0) * (2 * k + 1) + 10 * Math.Pow(k0d, 3) + 27 * k0d * k0d + 17 * k0d - 18 * k * k0d * k0d - 18 * k * k0d + 6.0 * k * k * k0d);
            seK0 = Math.Max(0, 4 * Math.Sqrt(varSr) / (2 * k - 1));
            k0 = (int)Math.Max(0, Math.Round(k0d, MidpointRounding.ToEven));
        }
        if (k0 > 0)
        {
            // filled studies: mirror images of the k0 most extreme ones around the trimmed estimate
            var fy = new double[k + k0];
            var fv = new double[k + k0];
            Array.Copy(fit.Yi, fy, k);
            Array.Copy(fit.Vi, fv, k);
            for (int t = 0; t < k0; t++)
            {
                int i = k - k0 + t;
                double ycc = side == "right" ? -1 * (yc[i] - beta) : yc[i] - beta;
                fy[k + t] = -1 * ycc;
                fv[k + t] = v[i];
            }
            var r = MetaUni.Fit(fy, fv, new MetaUniOptions { Method = fit.Method, Level = fit.Level });
            return new TrimFillResult(k0, seK0, side, r.Beta[0], r.Se[0], r.CiLower[0], r.CiUpper[0], r.Tau2, fy[k..], fv[k..]);
        }
        return new TrimFillResult(0, seK0, side, fit.Beta[0], fit.Se[0], fit.CiLower[0], fit.CiUpper[0], fit.Tau2, [], []);
    }

    /// <summary>Leave-one-out: the model refitted without each study in turn (intercept-only models).</summary>
    public static IReadOnlyList<LeaveOneOutRow> LeaveOneOut(MetaUniFit fit)
    {
        if (!fit.InterceptOnly) throw new CohesionException("leave-one-out is implemented for models without moderators");
        int k = fit.K;
        var rows = new List<LeaveOneOutRow>(k);
        var y = new double[k - 1];
        var v = new double[k - 1];
        for (int o = 0; o < k; o++)
        {
            int t = 0;
            for (int i = 0; i < k; i++) if (i != o) { y[t] = fit.Yi[i]; v[t] = fit.Vi[i]; t++; }
            var r = MetaUni.Fit(y, v, new MetaUniOptions { Method = fit.Method, Test = fit.Test, Level = fit.Level });
            rows.Add(new LeaveOneOutRow(o, r.Beta[0], r.Se[0], r.Statistic[0], r.PValue[0], r.CiLower[0], r.CiUpper[0], r.QE, r.QEp, r.Tau2, r.I2, r.H2));
        }
        return rows;
    }

    /// <summary>Q-profile confidence interval for τ² (<c>confint(fit)</c>, type "QP").</summary>
    public static Tau2Interval Tau2ConfidenceInterval(MetaUniFit fit)
    {
        int k = fit.K, p = fit.P;
        if (k - p < 1) return new Tau2Interval(double.NaN, double.NaN, false, false);
        double alpha = 1 - fit.Level;
        double critU = ChiSquared.InvCDF(k - p, 1 - alpha / 2);
        double critL = ChiSquared.InvCDF(k - p, alpha / 2);
        double tMin = Math.Min(0, fit.Tau2), tMax = Math.Max(100, Math.Max(fit.Tau2 * 10, tMin * 10));
        var ws = new Wls(fit.X, k, p);
        var w = new double[k];
        double Q(double t)
        {
            for (int i = 0; i < k; i++) w[i] = 1 / (fit.Vi[i] + t);
            ws.Compute(w, fit.Yi);
            return ws.Rss;
        }
        double qMax = Q(tMax), qMin = Q(tMin);
        double lb = double.NaN, ub = double.NaN;
        bool lbc = false, ubc = false;
        if (qMin < critL) { lb = ub = tMin; lbc = ubc = true; }
        else
        {
            if (qMax > critL) { ub = tMax; ubc = true; }
            else if (RootFinder.UniRoot(t => Q(t) - critL, tMin, tMax, RootTol, 1000, out var r, out _)) { ub = r; ubc = true; }
        }
        if (qMax > critU) { lb = ub = tMax; lbc = ubc = true; }
        else
        {
            if (qMin < critU) { lb = tMin; lbc = true; }
            else if (RootFinder.UniRoot(t => Q(t) - critU, tMin, tMax, RootTol, 1000, out var r, out _)) { lb = r; lbc = true; }
        }
        return new Tau2Interval(lb, ub, lbc, ubc);
    }

    /// <summary>
    /// Permutation test of the coefficients (<c>permutest(fit)</c>): intercept-only models flip signs, models with
    /// moderators permute the rows of X. Exact (all 2^k sign patterns, or all distinct permutations of X's rows) when
    /// their number is at most <paramref name="iterations"/>, as metafor; otherwise <paramref name="iterations"/>
    /// random permutations with the observed data counted as the first. p = share of |z*| ≥ |z| − √ε per coefficient.
    /// </summary>
    public static PermutationResult Permutest(MetaUniFit fit, int iterations, int seed)
    {
        if (iterations < 2) throw new CohesionException($"{ParameterText.Of("permutations")} must be at least 2");
        int k = fit.K, p = fit.P;
        const double compTol = 1.4901161193847656e-08;
        var opts = new MetaUniOptions { Method = fit.Method, Test = fit.Test, Level = fit.Level, Minimal = true };
        var absZ = fit.Statistic.Select(Math.Abs).ToArray();

        // The permutations are drawn (or enumerated) first, in order, so that the result does not depend on how the
        // fits are spread over threads; then every permutation is fitted in parallel with thread-local tallies.
        bool exact;
        int n;
        Action<int, double[], double[]> fill; // (index, y buffer, X buffer)
        bool includeObserved = false;
        if (fit.InterceptOnly)
        {
            exact = Math.Pow(2, k) <= iterations;
            if (exact)
            {
                n = 1 << k;
                fill = (it, y, x) => { for (int i = 0; i < k; i++) y[i] = ((it >> i) & 1) == 0 ? fit.Yi[i] : -fit.Yi[i]; };
            }
            else
            {
                n = iterations - 1;
                includeObserved = true;
                var rng = new Random(seed);
                var signs = new bool[n * k];
                for (int t = 0; t < signs.Length; t++) signs[t] = rng.Next(2) == 0;
                fill = (it, y, x) => { for (int i = 0; i < k; i++) y[i] = signs[it * k + i] ? -fit.Yi[i] : fit.Yi[i]; };
            }
        }
        else
        {
            // distinct rows of X
            var keys = new Dictionary<string, int>();
            var groupOf = new int[k];
            var reps = new List<int>();
            for (int i = 0; i < k; i++)
            {
                var key = string.Join(",", Enumerable.Range(0, p).Select(j => fit.X[i * p + j].ToString("R")));
                if (!keys.TryGetValue(key, out var g)) { g = keys.Count; keys[key] = g; reps.Add(i); }
                groupOf[i] = g;
            }
            var sizes = new int[keys.Count];
            foreach (var g in groupOf) sizes[g]++;
            exact = Multinomial(k, sizes) <= iterations;
            var rows = new List<int[]>();
            if (exact)
            {
                var perm = groupOf.OrderBy(g => g).ToArray();
                do rows.Add(perm.Select(g => reps[g]).ToArray()); while (NextPermutation(perm));
            }
            else
            {
                includeObserved = true;
                var rng = new Random(seed);
                for (int it = 1; it < iterations; it++)
                {
                    var order = new int[k];
                    for (int i = 0; i < k; i++) order[i] = i;
                    for (int i = k - 1; i > 0; i--) { int j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
                    rows.Add(order);
                }
            }
            n = rows.Count;
            fill = (it, y, x) =>
            {
                var order = rows[it];
                for (int i = 0; i < k; i++) Array.Copy(fit.X, order[i] * p, x, i * p, p);
            };
        }

        var count = new long[p];
        long qmCount = 0, done = 0;
        var gate = new object();
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => (Count: new long[p], Qm: 0L, Done: 0L, Y: (double[])fit.Yi.Clone(), X: (double[])fit.X.Clone()),
            (it, _, local) =>
            {
                fill(it, local.Y, local.X);
                if (!TryFit(local.Y, fit.Vi, local.X, p, fit.Terms, opts, out var r)) return local;
                for (int j = 0; j < p; j++) if (Math.Abs(r.Statistic[j]) >= absZ[j] - compTol) local.Count[j]++;
                if (r.QM >= fit.QM - compTol) local.Qm++;
                local.Done++;
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (int j = 0; j < p; j++) count[j] += local.Count[j];
                    qmCount += local.Qm;
                    done += local.Done;
                }
            });
        long tried = n;
        if (includeObserved)
        {
            // metafor counts the observed data as the first of the random permutations
            for (int j = 0; j < p; j++) count[j]++;
            qmCount++;
            done++;
            tried++;
        }
        var pv = count.Select(c => Math.Min(1.0, (double)c / done)).ToArray();
        return new PermutationResult(pv, (double)qmCount / done, (int)tried, exact, (int)(tried - done));
    }

    private static bool TryFit(double[] y, double[] v, double[] x, int p, string[] terms, MetaUniOptions opts, out MetaUniFit fit)
    {
        try { fit = MetaUni.Fit(y, v, x, p, terms, opts); return true; }
        catch (CohesionException) { fit = null!; return false; }
    }

    private static double Multinomial(int k, int[] sizes)
    {
        double lg = MathNet.Numerics.SpecialFunctions.FactorialLn(k);
        foreach (var s in sizes) lg -= MathNet.Numerics.SpecialFunctions.FactorialLn(s);
        return Math.Round(Math.Exp(lg));
    }

    private static bool NextPermutation(int[] a)
    {
        int i = a.Length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.Length - 1;
        while (a[j] <= a[i]) j--;
        (a[i], a[j]) = (a[j], a[i]);
        Array.Reverse(a, i + 1, a.Length - i - 1);
        return true;
    }
}
