namespace Cohesion.Statistics.Survey;

/// <summary>A calibration applied to a design, kept so variances can account for it (R's <c>design$postStrata</c>).</summary>
internal abstract class CalibrationStep;

/// <summary>Post-stratification: the cell of each row and the weights before and after.</summary>
internal sealed class PostStratificationStep(int[] cell, int cellCount, double[] oldWeights, double[] newWeights) : CalibrationStep
{
    public int[] Cell { get; } = cell;
    public int CellCount { get; } = cellCount;
    public double[] OldWeights { get; } = oldWeights;
    public double[] NewWeights { get; } = newWeights;
}

/// <summary>Raking: per margin of the final sweep, the cell of each row and the weights right after that margin.</summary>
internal sealed class RakingStep(IReadOnlyList<(int[] Cell, int CellCount, double[] Weights)> margins) : CalibrationStep
{
    public IReadOnlyList<(int[] Cell, int CellCount, double[] Weights)> Margins { get; } = margins;
}

/// <summary>Post-stratification and raking as R's <c>postStratify</c> and <c>rake</c>, and the residualisation of
/// influence values that <c>svyrecvar</c> applies for them.</summary>
internal static class Calibrator
{
    public static SurveyDesign PostStratify(SurveyDesign design, CalibrationMargin margin)
    {
        var (w, reps) = Reweight(design, design.WeightsArray, design.Replicates, margin);
        return design.WithCalibration(w, reps, new PostStratificationStep(margin.Codes, margin.LevelCount, design.WeightsArray, w));
    }

    public static SurveyDesign Rake(SurveyDesign design, IReadOnlyList<CalibrationMargin> margins, int maxIterations, double epsilon)
    {
        if (margins.Count == 0) throw new ArgumentException("no raking margins");
        int n = design.RowCount;
        var w = design.WeightsArray;
        if (epsilon < 1) epsilon *= w.Sum();
        // joint cells of all margin variables (R compares svytable(~all margins) between sweeps)
        var jointIndex = new Dictionary<string, int>();
        var joint = new int[n];
        var key = new int[margins.Count];
        for (int i = 0; i < n; i++)
        {
            for (int m = 0; m < margins.Count; m++) key[m] = margins[m].Codes[i];
            var s = string.Join(",", key);
            if (!jointIndex.TryGetValue(s, out int j)) { j = jointIndex.Count; jointIndex[s] = j; }
            joint[i] = j;
        }
        double[] Table(double[] weights)
        {
            var t = new double[jointIndex.Count];
            for (int i = 0; i < n; i++) t[joint[i]] += weights[i];
            return t;
        }
        var old = Table(w);
        var reps = design.Replicates;
        var steps = new List<(int[], int, double[])>();
        int iter = 0;
        while (iter < maxIterations)
        {
            steps.Clear();
            foreach (var m in margins)
            {
                (w, reps) = Reweight(design, w, reps, m);
                steps.Add((m.Codes, m.LevelCount, w));
            }
            var now = Table(w);
            double delta = 0;
            for (int j = 0; j < now.Length; j++) delta = Math.Max(delta, Math.Abs(old[j] - now[j]));
            if (delta < epsilon) break;
            old = now;
            iter++;
        }
        return design.WithCalibration(w, reps, new RakingStep(steps.ToArray()));
    }

    /// <summary>One post-stratification of the weights (and of the replicate weights, as
    /// <c>postStratify.svyrep.design</c>) to the margin's population totals.</summary>
    private static (double[] Weights, ReplicateWeights? Replicates) Reweight(SurveyDesign design, double[] w, ReplicateWeights? reps, CalibrationMargin margin)
    {
        int n = w.Length, L = margin.LevelCount;
        var codes = margin.Codes;
        if (codes.Length != n) throw new ArgumentException("margin length differs from the design");
        var sample = new double[L];
        for (int i = 0; i < n; i++)
        {
            int c = codes[i];
            if (c < 0) throw new CohesionException("missing value in a calibration variable", column: margin.Name, row: i + 1);
            if (c >= L) throw new ArgumentException($"level code {c} at row {i + 1} has no population total");
            sample[c] += w[i];
        }
        var factor = new double[L];
        for (int c = 0; c < L; c++)
        {
            double pop = margin.PopulationTotals[c];
            bool sampleZero = sample[c] == 0, popZero = pop == 0 || double.IsNaN(pop);
            if (sampleZero && popZero) continue;
            if (popZero)
                throw new CohesionException($"level '{LevelName(margin, c)}' occurs in the sample but has no population total", column: margin.Name);
            if (sampleZero)
                throw new CohesionException($"level '{LevelName(margin, c)}' has a population total but no sample rows", column: margin.Name);
            if (pop < 0) throw new CohesionException($"population total of level '{LevelName(margin, c)}' is negative", column: margin.Name);
            factor[c] = pop / sample[c];
        }
        var nw = new double[n];
        for (int i = 0; i < n; i++) nw[i] = w[i] * factor[codes[i]];
        ReplicateWeights? nreps = null;
        if (reps is not null)
        {
            var full = new double[reps.Count][];
            for (int r = 0; r < reps.Count; r++)
            {
                var rw = new double[n];
                for (int i = 0; i < n; i++) rw[i] = reps.Full is not null ? reps.Full[r][i] : w[i] * reps.Factors![reps.UnitOfRow![i] * reps.Count + r];
                var tot = new double[L];
                for (int i = 0; i < n; i++) tot[codes[i]] += rw[i];
                for (int i = 0; i < n; i++) rw[i] *= margin.PopulationTotals[codes[i]] / tot[codes[i]];
                full[r] = rw;
            }
            nreps = new ReplicateWeights
            {
                Type = reps.Type, Count = reps.Count, Scale = reps.Scale, Rscales = reps.Rscales, Mse = reps.Mse, Full = full,
            };
        }
        return (nw, nreps);
    }

    private static string LevelName(CalibrationMargin m, int c) => m.LevelNames is { } l && c < l.Count ? l[c] : c.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Removes the calibration's fitted part from influence values z (n × K, row-major), as
    /// <c>svyrecvar</c> does for <c>postStrata</c>: post-strata by their weighted cell means, raking by ten
    /// sweeps of per-margin cell means, calibration (<see cref="GeneralCalibration"/>) by regression residuals.</summary>
    public static void Residualize(SurveyDesign design, double[] z, int K)
    {
        int n = design.RowCount;
        foreach (var step in design.Calibration)
        {
            switch (step)
            {
                case PostStratificationStep ps:
                {
                    var num = new double[ps.CellCount * K];
                    var den = new double[ps.CellCount];
                    for (int i = 0; i < n; i++)
                    {
                        int c = ps.Cell[i];
                        double ratio = ps.OldWeights[i] / ps.NewWeights[i];
                        for (int k = 0; k < K; k++) num[c * K + k] += z[i * K + k] * ratio;
                        den[c] += ps.OldWeights[i];
                    }
                    for (int i = 0; i < n; i++)
                    {
                        int c = ps.Cell[i];
                        for (int k = 0; k < K; k++) z[i * K + k] -= num[c * K + k] / den[c] * ps.NewWeights[i];
                    }
                    break;
                }
                case GregStep greg:
                    greg.Residualize(z, K);
                    break;
                case RakingStep rk:
                {
                    for (int it = 0; it < 10; it++)
                        foreach (var (cell, count, psw) in rk.Margins)
                        {
                            var sum = new double[count * K];
                            var cnt = new int[count];
                            for (int i = 0; i < n; i++)
                            {
                                int c = cell[i];
                                cnt[c]++;
                                for (int k = 0; k < K; k++) sum[c * K + k] += z[i * K + k] / psw[i];
                            }
                            for (int i = 0; i < n; i++)
                            {
                                int c = cell[i];
                                for (int k = 0; k < K; k++) z[i * K + k] -= psw[i] * sum[c * K + k] / cnt[c];
                            }
                        }
                    break;
                }
            }
        }
    }

    /// <summary>
    /// The raking residualisation of <see cref="Residualize"/> for many domains, without ten passes over all rows per
    /// domain. The residual stays of the form x = z − Σ_m p_m ⊙ a_m[cell_m], so each sweep only updates the cell effects
    /// a_m from S_m[c] = Σ_{i∈c} z_i/p_m(i) (the domain's rows) and the domain-free cross sums
    /// T_{m,m'}[c,c'] = Σ_{i: cell_m=c, cell_m'=c'} p_m'(i)/p_m(i); the rows are touched once to form x.
    /// </summary>
    internal sealed class RakingResidualizer
    {
        private readonly RakingStep _step;
        private readonly int _n;
        private readonly double[][][] _cross; // [m][m'][c * cells_m' + c']
        private readonly int[][] _cellCount;

        public static RakingResidualizer? For(SurveyDesign design) =>
            design.Calibration is [RakingStep rk] ? new RakingResidualizer(rk, design.RowCount) : null;

        private RakingResidualizer(RakingStep step, int n)
        {
            _step = step;
            _n = n;
            int M = step.Margins.Count;
            _cellCount = new int[M][];
            _cross = new double[M][][];
            for (int m = 0; m < M; m++)
            {
                var (cell, count, _) = step.Margins[m];
                _cellCount[m] = new int[count];
                for (int i = 0; i < n; i++) _cellCount[m][cell[i]]++;
                _cross[m] = new double[M][];
                for (int m2 = 0; m2 < M; m2++)
                {
                    var (cell2, count2, psw2) = step.Margins[m2];
                    var psw = step.Margins[m].Weights;
                    var t = new double[count * count2];
                    for (int i = 0; i < n; i++) t[cell[i] * count2 + cell2[i]] += psw2[i] / psw[i];
                    _cross[m][m2] = t;
                }
            }
        }

        /// <summary>Residualises z (one column, nonzero only on the rows listed in <paramref name="rows"/>) into x.</summary>
        public void Apply(double[] z, ReadOnlySpan<int> rows, double[] x)
        {
            var margins = _step.Margins;
            int M = margins.Count;
            var a = new double[M][];
            var S = new double[M][];
            for (int m = 0; m < M; m++)
            {
                var (cell, count, psw) = margins[m];
                a[m] = new double[count];
                S[m] = new double[count];
                foreach (int i in rows) S[m][cell[i]] += z[i] / psw[i];
            }
            for (int it = 0; it < 10; it++)
                for (int m = 0; m < M; m++)
                {
                    int cm = margins[m].CellCount;
                    for (int c = 0; c < cm; c++)
                    {
                        int nc = _cellCount[m][c];
                        if (nc == 0) continue;
                        double sum = S[m][c];
                        for (int m2 = 0; m2 < M; m2++)
                        {
                            var t = _cross[m][m2];
                            var a2 = a[m2];
                            int c2n = a2.Length;
                            for (int c2 = 0; c2 < c2n; c2++) sum -= t[c * c2n + c2] * a2[c2];
                        }
                        a[m][c] += sum / nc;
                    }
                }
            for (int i = 0; i < _n; i++)
            {
                double v = z[i];
                for (int m = 0; m < M; m++) v -= margins[m].Weights[i] * a[m][margins[m].Cell[i]];
                x[i] = v;
            }
        }
    }
}
