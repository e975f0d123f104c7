using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Survey;

/// <summary>
/// What model estimators (svyglm, svyolr, svyquantile …) need from a design beyond the ratio engine: the design
/// covariance of influence totals (Taylor), the design degrees of freedom (R's <c>degf</c>), the replicate weights of
/// the rows a model uses and R's <c>svrVar</c> over replicate estimates. Rows outside a model (missing values, outside
/// a domain) keep their place in the design, as R's <c>subset.survey.design</c> keeps the full design's structure.
/// </summary>
internal static class DesignModelSupport
{
    /// <summary>
    /// Design covariance (p × p row-major; NaN for skipped columns) of the totals of influence columns given for the
    /// model rows <paramref name="rows"/> (m × p column-major): R's <c>svyrecvar(infl, ...)</c> on the design restricted
    /// to those rows (<c>design[rows, ]</c>: other rows drop out, the strata and PSU counts of the full design stay).
    /// A calibrated design keeps every row (R sets the weights of the others to zero) and residualises on the
    /// calibration first. The diagonal comes from the multistage Taylor kernel, the off-diagonal by polarisation,
    /// Cov(a, b) = [V(a + b) − V(a) − V(b)] / 2, exact because the variance is a quadratic form.
    /// </summary>
    public static double[] TaylorCovariance(SurveyDesign design, ReadOnlySpan<int> rows, ReadOnlySpan<double> influence, int p, bool[]? skip = null)
    {
        int n = design.RowCount, m = rows.Length;
        var active = new List<int>(p);
        for (int j = 0; j < p; j++) if (skip is null || !skip[j]) active.Add(j);
        int a = active.Count;
        int kk = a + a * (a - 1) / 2;
        var z = new double[(long)n * kk];
        int[]? domain = null;
        if (!design.IsCalibrated)
        {
            domain = new int[n];
            Array.Fill(domain, -1);
        }
        for (int r = 0; r < m; r++)
        {
            int row = rows[r];
            if (domain is not null) domain[row] = 0;
            long off = (long)row * kk;
            for (int i = 0; i < a; i++) z[off + i] = influence[active[i] * m + r];
            long c = off + a;
            for (int i = 0; i < a; i++)
            for (int j = i + 1; j < a; j++, c++)
                z[c] = z[off + i] + z[off + j];
        }
        if (design.IsCalibrated) Calibrator.Residualize(design, z, kk);
        var v = TaylorVariance.Compute(design, domain, 1, z, kk);
        var cov = new double[p * p];
        Array.Fill(cov, double.NaN);
        for (int i = 0; i < a; i++) cov[active[i] * p + active[i]] = v[i];
        int q = a;
        for (int i = 0; i < a; i++)
        for (int j = i + 1; j < a; j++, q++)
        {
            double cij = (v[q] - v[i] - v[j]) / 2;
            cov[active[i] * p + active[j]] = cij;
            cov[active[j] * p + active[i]] = cij;
        }
        return cov;
    }

    /// <summary>R's <c>degf(design[rows, ])</c>: <see cref="ReplicateDegreesOfFreedom"/> for replicate designs, else
    /// <see cref="TaylorDegreesOfFreedom"/>.</summary>
    public static int DegreesOfFreedom(SurveyDesign design, ReadOnlySpan<int> rows) =>
        design.HasReplicates ? ReplicateDegreesOfFreedom(design, rows) : TaylorDegreesOfFreedom(design, rows);

    /// <summary>R's <c>degf(design[rows, ])</c> for a Taylor design: PSUs minus strata among the rows.</summary>
    public static int TaylorDegreesOfFreedom(SurveyDesign design, ReadOnlySpan<int> rows)
    {
        var stage = design.Stages[0];
        var psuSeen = new bool[stage.UnitCount];
        var stratumSeen = new bool[stage.GroupCount];
        int psus = 0, strata = 0;
        foreach (int row in rows)
        {
            int u = stage.UnitOfRow[row];
            if (!psuSeen[u]) { psuSeen[u] = true; psus++; }
            int g = stage.GroupOfUnit[u];
            if (!stratumSeen[g]) { stratumSeen[g] = true; strata++; }
        }
        return psus - strata;
    }

    /// <summary>R's <c>degf</c> of a replicate design (optionally subset to <paramref name="rows"/>): the rank of the
    /// replicate weight matrix (LINPACK QR, tolerance 1e-5) minus one.</summary>
    public static int ReplicateDegreesOfFreedom(SurveyDesign design, ReadOnlySpan<int> rows)
    {
        var reps = design.Replicates ?? throw new InvalidOperationException("the design has no replicate weights");
        int m = rows.Length, R = reps.Count;
        var a = new double[(long)m * R];
        for (int r = 0; r < R; r++)
        for (int i = 0; i < m; i++) a[(long)r * m + i] = reps.WeightOf(design, r, rows[i]);
        var qr = new QrDecomposition(a, m, R, 1e-5);
        return qr.Rank - 1;
    }

    /// <summary>Replicate <paramref name="replicate"/>'s analysis weights of the rows <paramref name="rows"/>.</summary>
    public static double[] ReplicateWeightsOf(SurveyDesign design, int replicate, ReadOnlySpan<int> rows)
    {
        var reps = design.Replicates ?? throw new InvalidOperationException("the design has no replicate weights");
        var w = new double[rows.Length];
        for (int i = 0; i < w.Length; i++) w[i] = reps.WeightOf(design, replicate, rows[i]);
        return w;
    }

    /// <summary>
    /// R's <c>svrVar(thetas, scale, rscales, mse, coef)</c>: the replicate covariance (K × K row-major) of estimates
    /// <paramref name="thetas"/>[r] (length K; null or containing NaN = the replicate failed and is dropped with its
    /// rscale, as R's na.omit) around their mean over replicates with rscales &gt; 0, or around the full-sample
    /// estimate <paramref name="full"/> when the design says mse.
    /// </summary>
    public static double[] ReplicateCovariance(SurveyDesign design, IReadOnlyList<double[]?> thetas, ReadOnlySpan<double> full)
    {
        var reps = design.Replicates ?? throw new InvalidOperationException("the design has no replicate weights");
        int K = full.Length, R = thetas.Count;
        var use = new bool[R];
        var centre = new double[K];
        int used = 0, ok = 0;
        for (int r = 0; r < R; r++)
        {
            var t = thetas[r];
            use[r] = t is not null && t.All(double.IsFinite);
            if (!use[r]) continue;
            ok++;
            if (reps.Rscales[r] > 0)
            {
                used++;
                for (int k = 0; k < K; k++) centre[k] += t![k];
            }
        }
        if (ok == 0) throw new ModelException("every replicate estimate failed (all replicates contained NAs)");
        for (int k = 0; k < K; k++) centre[k] = reps.Mse ? full[k] : centre[k] / used;
        var v = new double[K * K];
        var dev = new double[K];
        for (int r = 0; r < R; r++)
        {
            if (!use[r]) continue;
            var t = thetas[r]!;
            double rs = reps.Rscales[r];
            for (int k = 0; k < K; k++) dev[k] = (t[k] - centre[k]) * Math.Sqrt(rs);
            for (int i = 0; i < K; i++)
            for (int j = 0; j < K; j++) v[i * K + j] += dev[i] * dev[j];
        }
        for (int i = 0; i < v.Length; i++) v[i] *= reps.Scale;
        return v;
    }
}
