using Cohesion.Data;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>The five published points of a WPP prediction interval: 2.5%, 10%, 50% (median), 90%, 97.5%.</summary>
public readonly record struct PredictionQuantiles(double Q025, double Q10, double Q50, double Q90, double Q975)
{
    /// <summary>Standard normal scores of the five probabilities.</summary>
    public static readonly double[] Scores =
        [Probability.NormalQuantile(0.025), Probability.NormalQuantile(0.10), 0, Probability.NormalQuantile(0.90), Probability.NormalQuantile(0.975)];

    public double[] ToArray() => [Q025, Q10, Q50, Q90, Q975];

    /// <summary>The value at standard normal score <paramref name="z"/>: piecewise linear through (score, value) of the five
    /// points, continued beyond the outer points with the slope of the outer segment.</summary>
    public double AtScore(double z)
    {
        var v = ToArray();
        var s = Scores;
        int k = z <= s[1] ? 0 : z <= s[2] ? 1 : z <= s[3] ? 2 : 3;
        return v[k] + (z - s[k]) * (v[k + 1] - v[k]) / (s[k + 1] - s[k]);
    }
}

/// <summary>
/// The UN World Population Prospects 2022 prediction intervals for the Netherlands (<c>data/real/wpp2022-netherlands/</c>,
/// see its SOURCE.md; real data): for each projection year 2022–2100 the median and 80%/95% intervals of the total fertility
/// rate, of life expectancy at birth by sex and of the total population (persons), and net migration (persons; deterministic
/// in WPP 2022, as in every WPP). The intervals come from the UN's Bayesian hierarchical models of TFR and e0
/// (bayesTFR/bayesLife/bayesPop); migration is held at the medium variant.
/// </summary>
public sealed class Wpp2022Intervals
{
    private readonly SortedDictionary<int, PredictionQuantiles> _tfr = new(), _e0M = new(), _e0F = new(), _e0B = new(), _pop = new();
    private readonly SortedDictionary<int, double> _mig = new();

    public string File { get; }

    private Wpp2022Intervals(string file) => File = file;

    public int FirstYear => _tfr.Keys.First();
    public int LastYear => _tfr.Keys.Last();

    public static Wpp2022Intervals Load(string? file = null)
    {
        file ??= WppIntervals.DefaultPath;
        var f = CsvReader.Read(file);
        var w = new Wpp2022Intervals(file);
        var year = f.Numeric("year").Values;
        var variant = f["variant"];
        double[] Col(string name) => f.Numeric(name).Values;
        PredictionQuantiles[] Read(string stem, double scale)
        {
            var m = Col(stem); var l95 = Col(stem + "_95l"); var l80 = Col(stem + "_80l"); var u80 = Col(stem + "_80u"); var u95 = Col(stem + "_95u");
            return Enumerable.Range(0, f.RowCount).Select(i => new PredictionQuantiles(l95[i] * scale, l80[i] * scale, m[i] * scale, u80[i] * scale, u95[i] * scale)).ToArray();
        }
        var tfr = Read("tfr", 1); var e0M = Read("e0M", 1); var e0F = Read("e0F", 1); var e0B = Read("e0B", 1); var pop = Read("pop", 1000);
        var mig = Col("mig");
        for (int i = 0; i < f.RowCount; i++)
        {
            int y = (int)year[i];
            if (!double.IsNaN(mig[i])) w._mig[y] = mig[i] * 1000;
            if (variant.Format(i).Trim() != "medium_projection") continue;
            foreach (var (q, col) in new[] { (tfr[i], "tfr"), (e0M[i], "e0M"), (e0F[i], "e0F"), (e0B[i], "e0B"), (pop[i], "pop") })
            {
                var a = q.ToArray();
                if (a.Any(double.IsNaN)) throw new CohesionException($"the {col} interval of {y} is incomplete", file, col, i + 1);
                for (int k = 1; k < a.Length; k++)
                    if (a[k] < a[k - 1]) throw new CohesionException($"the {col} interval bounds of {y} are not in order", file, col, i + 1);
            }
            w._tfr[y] = tfr[i]; w._e0M[y] = e0M[i]; w._e0F[y] = e0F[i]; w._e0B[y] = e0B[i]; w._pop[y] = pop[i];
        }
        if (w._tfr.Count == 0) throw new CohesionException("no medium_projection rows", file, "variant");
        return w;
    }

    private static PredictionQuantiles Clamp(SortedDictionary<int, PredictionQuantiles> d, int year, int first, int last) =>
        d[Math.Clamp(year, first, last)];

    /// <summary>Whether WPP 2022 publishes an interval for <paramref name="year"/> (2022–2100).</summary>
    public bool Covers(int year) => _tfr.ContainsKey(year);

    /// <summary>TFR quantiles of <paramref name="year"/> (years after 2100 take 2100's).</summary>
    public PredictionQuantiles Tfr(int year) => Clamp(_tfr, year, FirstYear, LastYear);

    /// <summary>Life expectancy at birth quantiles by sex (<see cref="PopulationIndex.Male"/>/<see cref="PopulationIndex.Female"/>).</summary>
    public PredictionQuantiles E0(int sex, int year) => Clamp(sex == PopulationIndex.Male ? _e0M : _e0F, year, FirstYear, LastYear);

    /// <summary>Life expectancy at birth quantiles, both sexes.</summary>
    public PredictionQuantiles E0Both(int year) => Clamp(_e0B, year, FirstYear, LastYear);

    /// <summary>The projection years 2022–2100.</summary>
    public IEnumerable<int> Years => _tfr.Keys;

    /// <summary>Total population (persons, 1 July) quantiles of a projection year.</summary>
    public PredictionQuantiles Population(int year) =>
        _pop.TryGetValue(year, out var q) ? q : throw new CohesionException($"WPP 2022 has no population interval for {year}", File);

    /// <summary>Net migration (persons) of a year 1950–2100.</summary>
    public double NetMigration(int year) =>
        _mig.TryGetValue(year, out var v) ? v : throw new CohesionException($"WPP 2022 has no net migration for {year}", File);
}
