using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Statistics;

namespace Cohesion.Trends;

/// <summary>
/// The population of the Netherlands on 1 January of a past or near year by sex × age × origin × education (the
/// demography engine's cells), for splitting an observed national change into composition and within-group parts:
/// <list type="bullet">
/// <item>2019 and later: the demography engine's CBS prognosis (<c>midden</c>, 2020 edition) from its 1 Jan 2019 base
/// population — the same chain for every year, so no seam between a base and a projection;</item>
/// <item>before 2019: reconstructed backwards from that base. Age × sex is the real WPP 2024 estimate for the year;
/// within each sex and age the origin mix is that of the same birth cohort in 2019, after removing from the first
/// generation the net immigrants who arrived in the years between (CBS net migration per year,
/// <c>data/demography/history/net-migration-2012-2018.json</c>, plus the scenario's net emigration of people of Dutch
/// background and the second generation; split over the classic, asylum and labour groups as the scenario's 2019
/// values, at their age profile and sex ratio); education is the engine's cohort attainment for that year
/// (<see cref="EducationModel"/>), as the base population uses it.</item>
/// </list>
/// A documented approximation built on real totals: shares, not counts, enter the decomposition.
/// </summary>
public sealed class HistoricalPopulation
{
    public const int BaseYear = 2019;
    private readonly ProjectionEngine _engine;
    private readonly Scenario _scenario;
    private readonly double[] _base;
    private readonly Dictionary<int, double> _netTotal;
    private PopulationProjection? _forward;
    private readonly Dictionary<int, double[]> _cache = new();

    public HistoricalPopulation(ProjectionEngine? engine = null)
    {
        _engine = engine ?? ProjectionEngine.CreateDefault();
        _scenario = ScenarioCatalog.Load("midden", 2020);
        _base = _engine.BasePopulationFor(_scenario);
        _netTotal = LoadNetMigration();
    }

    public static string NetMigrationPath => DefaultData.PathOf("demography", "history", "net-migration-2012-2018.json");
    public int FirstYear => _netTotal.Keys.Min();
    public const int LastYear = 2050;

    public string Description =>
        $"population 1 Jan by sex, age, origin and education: {BaseYear}+ the demography engine's midden projection (2020 edition) from its {BaseYear} base; " +
        $"{FirstYear}–{BaseYear - 1} reconstructed backwards (WPP 2024 age × sex, cohort origin mix net of CBS net migration, cohort education)";

    /// <summary>Population by <see cref="PopulationIndex"/> cell on 1 January of <paramref name="year"/>.</summary>
    public double[] At(int year)
    {
        lock (_cache)
        {
            if (_cache.TryGetValue(year, out var cached)) return cached;
            if (year < FirstYear || year > LastYear)
                throw new CohesionException($"no population for {year}: the composition split covers {FirstYear}–{LastYear}");
            double[] pop;
            if (year >= BaseYear)
            {
                _forward ??= _engine.Run(_scenario, LastYear);
                pop = _forward.PopulationAt(year);
            }
            else pop = Backward(year);
            _cache[year] = pop;
            return pop;
        }
    }

    private double[] Backward(int year)
    {
        int delta = BaseYear - year;
        var s = _scenario;
        // first-generation net immigration per year: total net + the net emigration of Dutch background and second
        // generation (scenario value), split as the scenario's first-generation groups in 2019
        double dutchNet = s.NetMigration[0].ValueAt(BaseYear);
        var groupNet = new double[4];
        double firstGenSum = 0;
        for (int g = 1; g <= 3; g++) firstGenSum += groupNet[g] = s.NetMigration[g].ValueAt(BaseYear);
        var arrivals = new double[PopulationIndex.Origins][];
        for (int o = 0; o < PopulationIndex.Origins; o++) arrivals[o] = new double[2 * PopulationIndex.Ages];
        for (int y = year; y < BaseYear; y++)
        {
            double firstGen = _netTotal[y] - dutchNet;
            for (int g = 1; g <= 3; g++)
            {
                int o = g; // origin codes 1..3 = g1_classic, g1_asylum, g1_labour, in the order of Scenario.MigrationGroups
                double m = firstGen * groupNet[g] / firstGenSum;
                var dist = MigrationProfile.Distribution(s.ImmigrantPeakAge[o]);
                for (int sex = 0; sex < 2; sex++)
                {
                    double share = sex == PopulationIndex.Male ? s.ImmigrantMaleShare[o] : 1 - s.ImmigrantMaleShare[o];
                    // a person aged a on 1 Jan of `year` who arrives during year y is about a + (y − year) then
                    for (int a = 0; a < PopulationIndex.Ages; a++)
                    {
                        int ageAtArrival = Math.Min(PopulationIndex.MaxAge, a + (y - year));
                        arrivals[o][PopulationIndex.SexAge(sex, a)] += m * share * dist[ageAtArrival];
                    }
                }
            }
        }
        var ageSex = BasePopulation.WppAgeSex(_engine.Wpp, year);
        var edu = new EducationModel(s);
        var pop = new double[PopulationIndex.CellCount];
        Span<double> mix = stackalloc double[3];
        var counts = new double[PopulationIndex.Origins];
        for (int sex = 0; sex < 2; sex++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
            {
                int a19 = Math.Min(PopulationIndex.MaxAge, a + delta);
                double total = 0;
                for (int o = 0; o < PopulationIndex.Origins; o++)
                {
                    double c = 0;
                    for (int e = 0; e < 3; e++) c += _base[PopulationIndex.Index(sex, a19, o, e)];
                    if (PopulationIndex.IsFirstGeneration(o)) c = Math.Max(0, c - arrivals[o][PopulationIndex.SexAge(sex, a)]);
                    counts[o] = c;
                    total += c;
                }
                double n = ageSex[sex][a];
                for (int o = 0; o < PopulationIndex.Origins; o++)
                {
                    double cell = total > 0 ? n * counts[o] / total : o == PopulationIndex.Dutch ? n : 0;
                    edu.AttainmentAt(year, a, o, sex, firstGenerationAdultMix: true, mix);
                    for (int e = 0; e < 3; e++) pop[PopulationIndex.Index(sex, a, o, e)] = cell * mix[e];
                }
            }
        return pop;
    }

    private static Dictionary<int, double> LoadNetMigration()
    {
        var path = NetMigrationPath;
        if (!File.Exists(path)) throw new CohesionException("net migration history not found", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var d = new Dictionary<int, double>();
        foreach (var p in doc.RootElement.GetProperty("net_migration_total").EnumerateObject())
            d[int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture)] = p.Value.GetDouble();
        for (int y = d.Keys.Min(); y < BaseYear; y++)
            if (!d.ContainsKey(y)) throw new CohesionException($"net migration for {y} is missing", path);
        return d;
    }
}
