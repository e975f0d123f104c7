using M = Cohesion.Synthetic.SurveyPopulationModel;

namespace Cohesion.Synthetic;

/// <summary>
/// The answers of the synthetic survey: latent propensities per item, calibration of the intercept and group
/// shifts to the targets, and the coded raw answer columns (with item non-response codes 998/999).
/// </summary>
internal sealed class Answers
{
    public const double DontKnow = 998, NoAnswer = 999, NotEligible = 997;

    private readonly SurveyGenerator.Respondents _p;
    private readonly SurveyItem[] _items = SurveyCalibrationTargets.Items;
    /// <summary>Per item: λ·θ + ε (everything but the calibrated shifts).</summary>
    private readonly double[][] _base;
    /// <summary>Per item: the coded missing value (NaN = answered).</summary>
    private readonly double[][] _missing;
    /// <summary>Per item: the total calibrated shift of each respondent.</summary>
    private readonly double[][] _shift;
    private readonly double[][] _splitNoise;

    public Answers(SurveyGenerator.Respondents p, ulong seed)
    {
        _p = p;
        int n = p.N;
        string[] dims = ["social_trust", "social_participation", "institutional_trust", "political_participation"];
        // latent propensity θ per dimension: group effects + municipality effect + correlated person factor
        var theta = new double[dims.Length][];
        var psuRng = SurveyRandom.Fork(seed, "municipality-effects");
        var psuEffect = new double[p.PsuNames.Length, dims.Length];
        for (int m = 0; m < p.PsuNames.Length; m++)
            for (int d = 0; d < dims.Length; d++) psuEffect[m, d] = M.PsuEffectSd * psuRng.Normal();
        var personRng = SurveyRandom.Fork(seed, "person-factors");
        double rho = M.DimensionCorrelation;
        for (int d = 0; d < dims.Length; d++) theta[d] = new double[n];
        for (int i = 0; i < n; i++)
        {
            double common = personRng.Normal();
            int ageGroup = Array.IndexOf(M.AgeGroups, M.AgeGroup(p.Age[i]));
            for (int d = 0; d < dims.Length; d++)
            {
                var fx = M.Effects[dims[d]];
                double originEffect = fx.Origin[p.Origin[i]] * (p.SecondGen[i] ? 0.75 : 1.0);
                theta[d][i] = fx.Education[p.Education[i]] + originEffect + fx.Age[ageGroup] + (p.Female[i] ? fx.Female : 0)
                              + psuEffect[p.Psu[i], d] + Math.Sqrt(rho) * common + Math.Sqrt(1 - rho) * personRng.Normal();
            }
        }

        _base = new double[_items.Length][];
        _missing = new double[_items.Length][];
        _shift = new double[_items.Length][];
        _splitNoise = new double[_items.Length][];
        for (int j = 0; j < _items.Length; j++)
        {
            var item = _items[j];
            var rng = SurveyRandom.Fork(seed, "item:" + item.Column);
            var th = theta[Array.IndexOf(dims, item.Dimension)];
            var b = _base[j] = new double[n];
            var miss = _missing[j] = new double[n];
            var split = _splitNoise[j] = new double[n];
            _shift[j] = new double[n];
            var itemOrigin = M.InstitutionalItemOriginEffects.GetValueOrDefault(item.Column);
            for (int i = 0; i < n; i++)
            {
                b[i] = item.Loading * th[i] + rng.Logistic();
                if (itemOrigin is not null) b[i] += itemOrigin[p.Origin[i]] * (p.SecondGen[i] ? M.SecondGenerationItemFactor : 1.0);
                split[i] = rng.Normal();
                double u = rng.NextDouble(), v = rng.NextDouble();
                miss[i] = u < item.NonResponse ? (v < 0.7 ? DontKnow : NoAnswer) : double.NaN;
                if (item.Kind == SurveyItemKind.Voted && double.IsNaN(miss[i]))
                {
                    // not entitled to vote: under 18 at the election, or a first-generation migrant without Dutch nationality
                    bool foreign = p.Origin[i] != 0 && !p.SecondGen[i] && v < (M.Origins[p.Origin[i]].Canonical == "labour" ? 0.45 : 0.20);
                    if (p.Age[i] < 19 || foreign) miss[i] = NotEligible;
                }
            }
        }
    }

    private int ItemIndex(string column) => Array.FindIndex(_items, x => x.Column == column) is var j && j >= 0
        ? j : throw new ArgumentException($"no item '{column}'");

    private bool InGroup(TargetGroup g, int i) => g.Column is null || Array.IndexOf(g.Levels, _p.Level(g.Column, i)) >= 0;

    /// <summary>Weighted share of the cohesive answer among valid answers of the given respondents.</summary>
    private double Share(int j, int[] members)
    {
        double num = 0, den = 0;
        var b = _base[j]; var s = _shift[j]; var miss = _missing[j]; var w = _p.Weight;
        foreach (var i in members)
        {
            if (!double.IsNaN(miss[i])) continue;
            den += w[i];
            if (b[i] + s[i] > 0) num += w[i];
        }
        return num / den;
    }

    /// <summary>Adjusts one additive shift per target until every target is met; returns the achieved shares.</summary>
    public List<(CalibrationTarget, double)> Calibrate(IReadOnlyList<CalibrationTarget> targets)
    {
        // the overall target of an item moves everyone; a group target moves only that group
        var members = targets.Select(t => Enumerable.Range(0, _p.N).Where(i => InGroup(t.Group, i)).ToArray()).ToArray();
        var shift = new double[targets.Count];
        var idx = targets.Select(t => ItemIndex(t.Column)).ToArray();
        for (int sweep = 0; sweep < 400; sweep++)
        {
            double maxDev = 0;
            for (int k = 0; k < targets.Count; k++)
            {
                double achieved = Share(idx[k], members[k]);
                double dev = targets[k].Value - achieved;
                maxDev = Math.Max(maxDev, Math.Abs(dev));
                if (Math.Abs(dev) < 2e-4) continue;
                double step = Logit(targets[k].Value) - Logit(Math.Clamp(achieved, 1e-4, 1 - 1e-4));
                if (sweep > 100) step *= 0.5; // damp oscillation between steps of the sample granularity
                shift[k] += step;
                var s = _shift[idx[k]];
                foreach (var i in members[k]) s[i] += step;
            }
            if (maxDev < 2e-4) break;
        }
        return targets.Select((t, k) => (t, Share(idx[k], members[k]))).ToList();
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>The coded answer columns.</summary>
    public IEnumerable<(string, double[])> Columns()
    {
        for (int j = 0; j < _items.Length; j++)
        {
            var item = _items[j];
            var col = new double[_p.N];
            for (int i = 0; i < _p.N; i++)
            {
                if (!double.IsNaN(_missing[j][i])) { col[i] = _missing[j][i]; continue; }
                double y = _base[j][i] + _shift[j][i];
                double z = _splitNoise[j][i];
                col[i] = item.Kind switch
                {
                    SurveyItemKind.YesNo or SurveyItemKind.TrustPeople or SurveyItemKind.Voted => y > 0 ? 1 : 2,
                    // the cut points within "trust" / "no trust" use independent noise, so the split is not a step of y
                    SurveyItemKind.Trust4 => y > 0 ? (y + 0.5 * z > 2.2 ? 1 : 2) : (y + 0.5 * z < -2.4 ? 4 : 3),
                    SurveyItemKind.Agree5 => y > 0 ? (y + 0.5 * z > 2.0 ? 1 : 2) : (y + 0.5 * z > -1.0 ? 3 : y + 0.5 * z > -2.6 ? 4 : 5),
                    SurveyItemKind.Frequency5 => y > 0 ? (y + 0.5 * z > 1.8 ? 1 : 2) : (y + 0.5 * z > -1.4 ? 3 : y + 0.5 * z > -3.0 ? 4 : 5),
                    SurveyItemKind.Scale010 => Math.Clamp(Math.Round(6.0 + 1.1 * y + 0.8 * z), 0, 10),
                    _ => throw new InvalidOperationException()
                };
            }
            yield return (item.Column, col);
        }
    }
}
