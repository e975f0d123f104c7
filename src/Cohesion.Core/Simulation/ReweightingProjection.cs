using Cohesion.Demography;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics;

namespace Cohesion.Simulation;

/// <summary>A projected value with its uncertainty band.</summary>
public readonly record struct Band(double Mean, double Lower, double Upper);

/// <summary>One projected year: indicator and dimension shares (in [0,1]) with bands.</summary>
public sealed record ProjectedYear(int Year, Band[] Indicators, Band[] Dimensions);

/// <summary>
/// The expected-value projection by reweighting: in each year the share of an indicator is the population-weighted
/// mean of the group propensities, <c>Σ_cells N(cell, t) · p(cell, k, t) / Σ_cells N(cell, t)</c> over the adult
/// cells of the demography engine's population; a dimension's share is the mean of its indicators' shares. The band
/// is the 2.5–97.5 percentile range over draws of the coefficients from their design-based sampling distribution
/// N(β̂, V) (independently per indicator model), the mean the value at the point estimates.
/// </summary>
public sealed class ReweightingProjection
{
    private readonly PropensityModel _model;
    private readonly int _k;
    private readonly int[] _years;
    private readonly YearTerms[] _terms; // per year

    /// <param name="years">The years to project.</param>
    /// <param name="populations">Population on 1 January of each year, by <see cref="PopulationIndex.Index"/> cell.</param>
    /// <param name="pointOnly">Only the point estimates will be asked for (<see cref="Run"/> with no draws): the
    /// weights of the estimated rules' uncertainty are then not collected, which makes the terms far fewer.</param>
    /// <param name="reusable">Keep every adult cell's term (also cells without people) and which term it is, so that
    /// <see cref="OnPopulations"/> can project other populations of the same cells without collecting the terms again.</param>
    public ReweightingProjection(PropensityModel model, IReadOnlyList<int> years, IReadOnlyList<double[]> populations, bool pointOnly = false, bool reusable = false)
    {
        _model = model;
        _k = model.IndicatorCount;
        _years = years.ToArray();
        _pointOnly = pointOnly;
        _terms = new YearTerms[_years.Length];
        if (reusable) _termOfCell = new int[_years.Length][][];
        for (int y = 0; y < _years.Length; y++) _terms[y] = Aggregate(_years[y], populations[y], _termOfCell is null ? null : _termOfCell[y] = new int[_k][]);
    }

    private ReweightingProjection(ReweightingProjection template, IReadOnlyList<double[]> populations)
    {
        _model = template._model;
        _k = template._k;
        _years = template._years;
        _pointOnly = template._pointOnly;
        _terms = new YearTerms[_years.Length];
        var groupOf = _model.GroupOfCell;
        for (int y = 0; y < _years.Length; y++)
        {
            var src = template._terms[y];
            var pop = populations[y];
            var t = new YearTerms { Group = src.Group, Shift = src.Shift, Gap = src.Gap, Unc = src.Unc, Count = new double[_k][] };
            for (int cell = 0; cell < pop.Length; cell++) if (groupOf[cell] >= 0) t.Adults += pop[cell];
            for (int k = 0; k < _k; k++)
            {
                var map = template._termOfCell![y][k];
                var n = new double[src.Count[k].Length];
                for (int cell = 0; cell < map.Length; cell++) if (map[cell] >= 0) n[map[cell]] += pop[cell];
                t.Count[k] = n;
            }
            _terms[y] = t;
        }
    }

    /// <summary>The same projection (model, years, terms) on other populations of the same cells, e.g. a stochastic
    /// demographic trajectory: only the counts are summed again. Needs a projection made with <c>reusable: true</c>.</summary>
    public ReweightingProjection OnPopulations(IReadOnlyList<double[]> populations)
    {
        if (_termOfCell is null) throw new InvalidOperationException("the projection was not made reusable");
        if (populations.Count != _years.Length) throw new ArgumentException("one population per year", nameof(populations));
        return new ReweightingProjection(this, populations);
    }

    private readonly bool _pointOnly;
    /// <summary>Reusable projections: the term of each cell, [year][k][cell] (−1 for cells outside the model).</summary>
    private readonly int[][][]? _termOfCell;

    public IReadOnlyList<int> Years => _years;

    /// <summary>
    /// The population of a year collapsed to distinct (model group, fixed logit shift, gap weights) terms per
    /// indicator, so each coefficient draw costs one logistic per term rather than per cell.
    /// </summary>
    private sealed class YearTerms
    {
        public double Adults;
        public int[][] Group = [];
        public double[][] Shift = [];
        public double[][] Count = [];
        /// <summary>Per indicator and term: weight of each gap rule (null when the scenario has none).</summary>
        public double[][][]? Gap;
        /// <summary>Per indicator and term: years of trend of each uncertain (estimated) trend rule (null when none).</summary>
        public double[][][]? Unc;
    }

    private YearTerms Aggregate(int year, double[] pop, int[][]? termOfCell)
    {
        var fixedShift = _model.FixedShifts(year);
        var gapW = _model.GapWeights(year);
        var uncW = _pointOnly ? null : _model.UncertainWeights(year);
        int rules = _model.GapRuleCount, urules = _model.UncertainRuleCount, C = PopulationIndex.CellCount;
        var t = new YearTerms
        {
            Group = new int[_k][], Shift = new double[_k][], Count = new double[_k][], Gap = gapW is null ? null : new double[_k][][],
            Unc = uncW is null ? null : new double[_k][][]
        };
        var groupOf = _model.GroupOfCell;
        for (int cell = 0; cell < C; cell++) if (groupOf[cell] >= 0) t.Adults += pop[cell];
        for (int k = 0; k < _k; k++)
        {
            // Terms are found by (group, shift, a hash of the rule weights) and confirmed bit for bit, so that only a
            // new term allocates its weight arrays.
            var index = new Dictionary<(int, double, ulong), List<int>>();
            var g = new List<int>(); var s = new List<double>(); var n = new List<double>(); var gw = new List<double[]>(); var uw = new List<double[]>();
            int[]? map = termOfCell is null ? null : termOfCell[k] = new int[C];
            for (int cell = 0; cell < C; cell++)
            {
                int grp = groupOf[cell];
                if (map is not null) map[cell] = -1;
                if (grp < 0 || (pop[cell] == 0 && map is null)) continue;
                double shift = fixedShift[cell * _k + k];
                ulong hash = 14695981039346656037UL;
                if (gapW is not null)
                    for (int r = 0; r < rules; r++) hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(gapW[(r * C + cell) * _k + k])) * 1099511628211UL;
                hash = (hash ^ 0xFF) * 1099511628211UL;
                if (uncW is not null)
                    for (int r = 0; r < urules; r++) hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(uncW[(r * C + cell) * _k + k])) * 1099511628211UL;
                var key = (grp, shift, hash);
                int i = -1;
                if (index.TryGetValue(key, out var candidates))
                    foreach (var c in candidates)
                        if (SameWeights(gw[c], gapW, rules, cell, C, k) && SameWeights(uw[c], uncW, urules, cell, C, k)) { i = c; break; }
                if (i < 0)
                {
                    i = g.Count;
                    if (candidates is null) index[key] = candidates = [];
                    candidates.Add(i);
                    g.Add(grp); s.Add(shift); n.Add(0);
                    gw.Add(gapW is null ? [] : Weights(gapW, rules, cell, C, k));
                    uw.Add(uncW is null ? [] : Weights(uncW, urules, cell, C, k));
                }
                n[i] += pop[cell];
                if (map is not null) map[cell] = i;
            }
            t.Group[k] = g.ToArray(); t.Shift[k] = s.ToArray(); t.Count[k] = n.ToArray();
            if (t.Gap is not null) t.Gap[k] = gw.ToArray();
            if (t.Unc is not null) t.Unc[k] = uw.ToArray();
        }
        return t;
    }

    private double[] Weights(double[] source, int rules, int cell, int cells, int k)
    {
        var w = new double[rules];
        for (int r = 0; r < rules; r++) w[r] = source[(r * cells + cell) * _k + k];
        return w;
    }

    private bool SameWeights(double[] term, double[]? source, int rules, int cell, int cells, int k)
    {
        if (source is null) return term.Length == 0;
        for (int r = 0; r < rules; r++)
            if (BitConverter.DoubleToInt64Bits(term[r]) != BitConverter.DoubleToInt64Bits(source[(r * cells + cell) * _k + k])) return false;
        return true;
    }

    /// <summary>Indicator shares in every year under the given group predictors: [year][k]. <paramref name="ruleDeviation"/>
    /// (one value per uncertain trend rule: drawn slope − estimated slope) moves the estimated trends; null = at their estimates.</summary>
    public double[][] Shares(double[][] eta, double[]? ruleDeviation = null)
    {
        var result = new double[_years.Length][];
        for (int y = 0; y < _years.Length; y++)
        {
            var t = _terms[y];
            var row = new double[_k];
            for (int k = 0; k < _k; k++)
            {
                var e = eta[k];
                var grp = t.Group[k]; var sh = t.Shift[k]; var cnt = t.Count[k];
                double sum = 0;
                for (int i = 0; i < grp.Length; i++)
                {
                    int g = grp[i];
                    double x = e[g] + sh[i];
                    if (t.Gap is not null)
                    {
                        var w = t.Gap[k][i];
                        for (int r = 0; r < w.Length; r++) if (w[r] != 0) x += w[r] * (e[_model.ReferenceGroup(r, g)] - e[g]);
                    }
                    if (ruleDeviation is not null && t.Unc is not null)
                    {
                        var u = t.Unc[k][i];
                        for (int r = 0; r < u.Length; r++) if (u[r] != 0) x += u[r] * ruleDeviation[r];
                    }
                    sum += cnt[i] * LogisticRegression.LinkInverse(x);
                }
                row[k] = sum / t.Adults;
            }
            result[y] = row;
        }
        return result;
    }

    /// <summary>
    /// The projection: means at the point estimates, bands from <paramref name="draws"/> coefficient draws
    /// (0 = no band: lower = upper = mean). Same seed → same bands, whatever the thread count.
    /// </summary>
    public IReadOnlyList<ProjectedYear> Run(int draws, ulong seed, int? maxDegreeOfParallelism = null)
    {
        if (_pointOnly && draws > 0) throw new InvalidOperationException("a point-only projection has no draws");
        var point = Shares(_model.GroupEta());
        var drawn = new double[draws][][];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount };
        Parallel.For(0, draws, po, r => drawn[r] = DrawShares(seed, r));
        return Bands(_model, _years, point, drawn);
    }

    /// <summary>Indicator shares [year][k] under coefficient draw <paramref name="draw"/> (and the uncertain rules' draw
    /// of the same index) of the run with <paramref name="seed"/>.</summary>
    public double[][] DrawShares(ulong seed, int draw)
    {
        if (_pointOnly) throw new InvalidOperationException("a point-only projection has no draws");
        ulong key = CounterRng.RunKey(seed, 0, CounterRng.Coefficients);
        return Shares(_model.GroupEta(DrawCoefficients(_model.Models, key, draw)), DrawRuleDeviations(_model.UncertainStandardErrors, key, draw));
    }

    /// <summary>The projected years: means from <paramref name="point"/>, bands the 2.5–97.5 percentile range over
    /// <paramref name="drawn"/> (each [year][k]; none = no band), for indicators and dimensions.</summary>
    public static IReadOnlyList<ProjectedYear> Bands(PropensityModel model, IReadOnlyList<int> years, double[][] point, double[][][] drawn)
    {
        var dims = model.Models.Dimensions();
        int K = model.IndicatorCount, draws = drawn.Length;
        var result = new List<ProjectedYear>();
        for (int y = 0; y < years.Count; y++)
        {
            var ind = new Band[K];
            for (int k = 0; k < K; k++)
                ind[k] = MakeBand(point[y][k], draws, r => drawn[r][y][k]);
            var dim = new Band[dims.Count];
            for (int d = 0; d < dims.Count; d++)
            {
                var members = dims[d].Indicators;
                dim[d] = MakeBand(Mean(point[y], members), draws, r => Mean(drawn[r][y], members));
            }
            result.Add(new ProjectedYear(years[y], ind, dim));
        }
        return result;
    }

    /// <summary>Coefficient draw r for every indicator (counter-based: draw r of indicator k depends only on (seed, r, k)).</summary>
    public static double[][] DrawCoefficients(GroupModels models, ulong runKey, int draw)
    {
        var result = new double[models.IndicatorCount][];
        for (int k = 0; k < result.Length; k++)
        {
            var rng = new RngStream(CounterRng.Key(runKey, draw, (ulong)k));
            result[k] = models.Models[k].Draw(ref rng);
        }
        return result;
    }

    /// <summary>Draw r of every uncertain trend rule's slope deviation, se · z (counter-based, its own stream per rule so
    /// adding an estimated scenario leaves the coefficient draws unchanged). Null when no rule is uncertain.</summary>
    public static double[]? DrawRuleDeviations(double[] standardErrors, ulong runKey, int draw)
    {
        if (standardErrors.Length == 0) return null;
        var d = new double[standardErrors.Length];
        for (int u = 0; u < d.Length; u++)
        {
            var rng = new RngStream(CounterRng.Key(runKey, draw, RuleStreamOffset + (ulong)u));
            d[u] = standardErrors[u] * IndicatorModel.StandardNormal(ref rng);
        }
        return d;
    }

    /// <summary>Stream ids of the rule draws start far above any indicator index.</summary>
    private const ulong RuleStreamOffset = 1UL << 40;

    internal static double Mean(double[] values, int[] members)
    {
        double s = 0;
        foreach (var m in members) s += values[m];
        return s / members.Length;
    }

    private static Band MakeBand(double mean, int draws, Func<int, double> value)
    {
        if (draws == 0) return new Band(mean, mean, mean);
        var v = new double[draws];
        for (int r = 0; r < draws; r++) v[r] = value(r);
        Array.Sort(v);
        return new Band(mean, Quantile(v, 0.025), Quantile(v, 0.975));
    }

    /// <summary>R's type-7 quantile of sorted values (<see cref="SampleQuantile.Type7(ReadOnlySpan{double}, double)"/>).</summary>
    public static double Quantile(double[] sorted, double p) => SampleQuantile.Type7(sorted, p);
}
