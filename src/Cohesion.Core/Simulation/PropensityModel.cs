using Cohesion.Demography;
using Cohesion.Scenarios;
using Cohesion.Statistics.Glm;

namespace Cohesion.Simulation;

/// <summary>
/// The propensity of every indicator for every demography cell (sex × single-year age × origin × education) and
/// year: the group model's linear predictor for the cell's model group plus the logit shifts of the societal
/// scenario and the policy that apply to the cell in that year:
/// <c>p(cell, k, t) = expit(η_k(group) + Σ shifts_k(cell, t) + Σ_gap f·ramp(t)·(η_k(reference group) − η_k(group)))</c>.
/// Cells under <see cref="GroupCoding.MinAge"/> have no propensity (outside the survey population).
/// </summary>
public sealed class PropensityModel
{
    private readonly int[] _groupOfCell = GroupCoding.GroupOfCell();
    private readonly List<ScenarioRule> _fixedRules = new();
    private readonly List<ScenarioRule> _gapRules = new();
    private readonly List<ScenarioRule> _uncertainRules = new();

    public PropensityModel(GroupModels models, CohesionScenario societal, CohesionScenario? policy)
    {
        Models = models;
        Societal = societal;
        Policy = policy;
        foreach (var r in societal.Rules.Concat(policy?.Rules ?? []))
        {
            (r.Type == RuleType.CloseGap ? _gapRules : _fixedRules).Add(r);
            if (r.Type == RuleType.Trend && r.StandardError > 0) _uncertainRules.Add(r);
        }
    }

    /// <summary>Trend rules estimated with a standard error (their slope is drawn in the projection's bands).</summary>
    public int UncertainRuleCount => _uncertainRules.Count;

    /// <summary>Standard errors of the uncertain rules' logit per year, in <see cref="UncertainWeights"/> order.</summary>
    public double[] UncertainStandardErrors => _uncertainRules.Select(r => r.StandardError).ToArray();

    /// <summary>For each uncertain trend rule, the years of trend (its progress) with which it applies to (cell, indicator)
    /// in year t, or 0: index (rule · cells + cell) · K + k. A draw δ of the rule's slope moves the logit by progress · δ.
    /// Null when no rule has a standard error.</summary>
    public double[]? UncertainWeights(int year) =>
        _uncertainRules.Count == 0 ? null : RuleWeights(_uncertainRules, year, r => r.Progress(year));

    public GroupModels Models { get; }
    /// <summary>Per indicator, the logit offset added to every group (0 unless <see cref="AlignTo"/> was called).</summary>
    public double[] Offsets { get; private set; } = [];
    public CohesionScenario Societal { get; }
    public CohesionScenario? Policy { get; }
    public int IndicatorCount => Models.IndicatorCount;
    public IReadOnlyList<int> GroupOfCell => _groupOfCell;

    /// <summary>Per indicator, the linear predictor of every model group under the given coefficients
    /// (null = the point estimates).</summary>
    public double[][] GroupEta(IReadOnlyList<double[]>? coefficients = null)
    {
        var eta = new double[IndicatorCount][];
        for (int k = 0; k < eta.Length; k++)
        {
            var m = Models.Models[k];
            eta[k] = m.LinearPredictors(coefficients?[k] ?? m.Fit.Coefficients);
            if (Offsets.Length > 0 && Offsets[k] != 0)
                for (int g = 0; g < eta[k].Length; g++) eta[k][g] += Offsets[k];
        }
        return eta;
    }

    /// <summary>
    /// Base-year alignment (standard in microsimulation): per indicator, one logit offset for every group, solved so
    /// that the population-weighted share in <paramref name="year"/> under <paramref name="population"/> equals the
    /// survey's weighted estimate. The projection then starts from the measured level whatever small differences there
    /// are between the survey's weighted composition and the demography engine's base population; group differences
    /// (the coefficients) are untouched, and coefficient draws keep the offset of the point estimates.
    /// </summary>
    public void AlignTo(int year, double[] population)
    {
        Offsets = [];
        var eta = GroupEta();
        var fixedShift = FixedShifts(year);
        var gap = GapWeights(year);
        int K = IndicatorCount, C = PopulationIndex.CellCount;
        var offsets = new double[K];
        var cells = new List<int>();
        double total = 0;
        for (int cell = 0; cell < C; cell++)
            if (_groupOfCell[cell] >= 0 && population[cell] > 0) { cells.Add(cell); total += population[cell]; }
        if (total <= 0) throw new Cohesion.Statistics.CohesionException($"no adult population in {year} to align the group models to");
        var x = new double[cells.Count];
        for (int k = 0; k < K; k++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = Logit(cells[i], k, eta, fixedShift, gap);
            double target = Models.Models[k].SurveyShare, d = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double f = 0, df = 0;
                for (int i = 0; i < x.Length; i++)
                {
                    double p = LogisticRegression.LinkInverse(x[i] + d), w = population[cells[i]] / total;
                    f += w * p;
                    df += w * p * (1 - p);
                }
                double step = (f - target) / df;
                d -= Math.Clamp(step, -1, 1);
                if (Math.Abs(f - target) < 1e-15) break;
            }
            offsets[k] = d;
        }
        Offsets = offsets;
    }

    /// <summary>The coefficient-independent logit shift of every (cell, indicator) in year t: index cell·K + k.</summary>
    public double[] FixedShifts(int year)
    {
        int K = IndicatorCount;
        var shift = new double[PopulationIndex.CellCount * K];
        if (_fixedRules.Count == 0) return shift;
        for (int cell = 0; cell < PopulationIndex.CellCount; cell++)
        {
            if (_groupOfCell[cell] < 0) continue;
            var (s, a, o, e) = PopulationIndex.Decompose(cell);
            foreach (var r in _fixedRules)
            {
                double progress = r.Progress(year);
                if (progress == 0 || !r.Filter.Matches(s, a, e, o, year)) continue;
                double d = r.Logit * progress;
                foreach (var k in r.Indicators) shift[cell * K + k] += d;
            }
        }
        return shift;
    }

    /// <summary>The weight with which each gap rule applies to (cell, indicator) in year t (fraction × ramp, or 0):
    /// index (rule · cells + cell) · K + k. Null when there are no gap rules.</summary>
    public double[]? GapWeights(int year) =>
        _gapRules.Count == 0 ? null : RuleWeights(_gapRules, year, r => r.Fraction * r.Progress(year));

    /// <summary>Per rule, <paramref name="weight"/> of the rule for every (adult cell, indicator) it applies to in year t,
    /// else 0: index (rule · cells + cell) · K + k.</summary>
    private double[] RuleWeights(List<ScenarioRule> rules, int year, Func<ScenarioRule, double> weight)
    {
        int K = IndicatorCount, C = PopulationIndex.CellCount;
        var w = new double[rules.Count * C * K];
        for (int ri = 0; ri < rules.Count; ri++)
        {
            var r = rules[ri];
            double value = weight(r);
            if (value == 0) continue;
            for (int cell = 0; cell < C; cell++)
            {
                if (_groupOfCell[cell] < 0) continue;
                var (s, a, o, e) = PopulationIndex.Decompose(cell);
                if (!r.Filter.Matches(s, a, e, o, year)) continue;
                foreach (var k in r.Indicators) w[(ri * C + cell) * K + k] = value;
            }
        }
        return w;
    }

    /// <summary>The model group of <paramref name="group"/> with the gap rule's factor at its reference level.</summary>
    public int ReferenceGroup(int ruleIndex, int group)
    {
        var r = _gapRules[ruleIndex];
        var (s, b, e, o) = GroupCoding.DecomposeGroup(group);
        return r.Factor switch
        {
            GapFactor.Sex => GroupCoding.Group(r.Reference, b, e, o),
            GapFactor.Education => GroupCoding.Group(s, b, r.Reference, o),
            GapFactor.Origin => GroupCoding.Group(s, b, e, r.Reference),
            _ => group
        };
    }

    public int GapRuleCount => _gapRules.Count;

    /// <summary>The logit of (cell, k) given the group predictors and the year's shifts.</summary>
    public double Logit(int cell, int k, double[][] eta, double[] fixedShift, double[]? gapWeights)
    {
        int g = _groupOfCell[cell];
        int K = IndicatorCount, C = PopulationIndex.CellCount;
        double x = eta[k][g] + fixedShift[cell * K + k];
        if (gapWeights is not null)
            for (int ri = 0; ri < _gapRules.Count; ri++)
            {
                double w = gapWeights[(ri * C + cell) * K + k];
                if (w != 0) x += w * (eta[k][ReferenceGroup(ri, g)] - eta[k][g]);
            }
        return x;
    }

    /// <summary>Propensities of every adult cell in year t: index cell·K + k (children: NaN).</summary>
    public double[] Propensities(int year, double[][] eta)
    {
        int K = IndicatorCount;
        var fixedShift = FixedShifts(year);
        var gap = GapWeights(year);
        var p = new double[PopulationIndex.CellCount * K];
        for (int cell = 0; cell < PopulationIndex.CellCount; cell++)
        for (int k = 0; k < K; k++)
            p[cell * K + k] = _groupOfCell[cell] < 0 ? double.NaN : LogisticRegression.LinkInverse(Logit(cell, k, eta, fixedShift, gap));
        return p;
    }
}
