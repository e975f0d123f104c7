using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// Runs scenarios: builds the base population, derives each year's rates from the scenario and steps the
/// cohort-component model (<see cref="ProjectionStep"/>). Calibrated scenarios (2024 edition) first solve the
/// first-generation migration scale that hits the published total (Brent's method, to 1 person).
/// <code>
/// var engine = ProjectionEngine.CreateDefault();
/// var proj = engine.Run(ScenarioCatalog.Load("midden", 2020), toYear: 2050);
/// double[] pop2050 = proj.PopulationAt(2050);           // index: PopulationIndex.Index(sex, age, origin, edu)
/// ProjectionRates rates2030 = proj.Rates[2030 - proj.FirstYear];  // what a microsimulation must apply
/// </code>
/// </summary>
public sealed class ProjectionEngine
{
    private readonly WppNetherlands _wpp;
    private readonly StandardSchedules _std;
    private readonly Dictionary<string, double[]> _baseCache = new();
    private readonly Lock _lock = new();

    public ProjectionEngine(WppNetherlands wpp, StandardSchedules std)
    {
        _wpp = wpp;
        _std = std;
    }

    /// <summary>An engine over the built-in WPP 2024 tables.</summary>
    public static ProjectionEngine CreateDefault()
    {
        var wpp = WppNetherlands.Load();
        return new ProjectionEngine(wpp, StandardSchedules.FromWpp(wpp));
    }

    public WppNetherlands Wpp => _wpp;
    public StandardSchedules Standard => _std;

    /// <summary>The scenario's base population (1 Jan of its base year).</summary>
    public double[] BasePopulationFor(Scenario s)
    {
        string key = s.Base + "|" + s.SourceFile + "|" + s.Name;
        lock (_lock)
        {
            if (!_baseCache.TryGetValue(key, out var pop))
            {
                var spec = BaseSpecification.Load(s.Base);
                if (spec.Year != s.BaseYear)
                    throw new CohesionException($"field 'base_year': {s.BaseYear} differs from the year {spec.Year} of base population '{s.Base}'", s.SourceFile);
                _baseCache[key] = pop = BasePopulation.Build(spec, s, _wpp);
            }
            return (double[])pop.Clone();
        }
    }

    /// <summary>Projects <paramref name="scenario"/> from its base year to 1 January of <paramref name="toYear"/> (default:
    /// the scenario's end year; at most end year + 1, since the end year's rates carry the population to the next
    /// 1 January). Calibrated scenarios are solved first.</summary>
    public PopulationProjection Run(Scenario scenario, int? toYear = null)
    {
        int last = toYear ?? scenario.EndYear;
        if (last <= scenario.BaseYear) throw new CohesionException($"--to {last} must be after the base year {scenario.BaseYear}");
        if (last > scenario.EndYear + 1) throw new CohesionException($"year {last} is beyond the scenario's last year {scenario.EndYear}", scenario.SourceFile);
        double scale = CalibrationScale(scenario);
        return Project(scenario, BasePopulationFor(scenario), scenario.BaseYear, last, new ScenarioRates(scenario, _std, scale), scale);
    }

    /// <summary>Projects <paramref name="scenario"/> to 1 January of <paramref name="toYear"/> with a given factor on
    /// first-generation net migration (no calibration is solved): a stochastic trajectory keeps its variant's factor.</summary>
    public PopulationProjection RunWithMigrationScale(Scenario scenario, double migrationScale, int toYear)
    {
        if (toYear <= scenario.BaseYear || toYear > scenario.EndYear + 1) throw new CohesionException($"year {toYear} is outside {scenario.BaseYear + 1}–{scenario.EndYear + 1}");
        return Project(scenario, BasePopulationFor(scenario), scenario.BaseYear, toYear, new ScenarioRates(scenario, _std, migrationScale), migrationScale);
    }

    /// <summary>
    /// Runs a variation of <paramref name="scenario"/> (sensitivity analysis): a calibrated scenario's migration
    /// multiplier is solved on the scenario as given, so that the variation is not calibrated away, and then multiplied
    /// by the variation's migration factor; the TFR and e0 paths are shifted as <see cref="DemographicVariation.Apply"/> says.
    /// </summary>
    /// <param name="calibrationScale">The scenario's solved calibration multiplier, if the caller has it
    /// (<see cref="CalibrationScale"/>); null = solve it here.</param>
    public PopulationProjection RunVaried(Scenario scenario, DemographicVariation variation, int toYear, double? calibrationScale = null)
    {
        if (variation.IsNone) return Run(scenario, toYear);
        if (toYear <= scenario.BaseYear || toYear > scenario.EndYear + 1) throw new CohesionException($"year {toYear} is outside {scenario.BaseYear + 1}–{scenario.EndYear + 1}");
        double scale = (calibrationScale ?? CalibrationScale(scenario)) * variation.MigrationFactor;
        var varied = variation.Apply(scenario);
        return Project(varied, BasePopulationFor(varied), varied.BaseYear, toYear, new ScenarioRates(varied, _std, scale), scale);
    }

    /// <summary>The first-generation migration multiplier a calibrated scenario is run with (1 when not calibrated).</summary>
    public double CalibrationScale(Scenario scenario) =>
        scenario.CalibrationYear is int cy && scenario.CalibrationTotal is double ct ? SolveMigrationScale(scenario, cy, ct) : 1.0;

    /// <summary>
    /// Runs a scenario on another base population of the scenario's base year, e.g. a municipality read from a StatLine
    /// 84910NED export (<see cref="StatLineBase"/>). Net migration is scaled by the base's share of the national base
    /// population (a documented proportional-share approximation: internal migration is not modelled); calibration is
    /// not applied.
    /// </summary>
    public PopulationProjection RunFromBase(Scenario scenario, double[] basePop, int toYear)
    {
        if (toYear <= scenario.BaseYear || toYear > scenario.EndYear + 1) throw new CohesionException($"year {toYear} is outside {scenario.BaseYear + 1}–{scenario.EndYear + 1}");
        double share = YearFlows.Sum(basePop) / YearFlows.Sum(BasePopulationFor(scenario));
        return Project(scenario, basePop, scenario.BaseYear, toYear, new ScenarioRates(scenario, _std, 1.0, share), 1.0);
    }

    /// <summary>The first-generation net-migration multiplier that makes the projected total in <paramref name="year"/>
    /// equal <paramref name="target"/>.</summary>
    public double SolveMigrationScale(Scenario scenario, int year, double target)
    {
        var basePop = BasePopulationFor(scenario);
        double F(double scale) => TotalOnly(scenario, basePop, year, new ScenarioRates(scenario, _std, scale)) - target;
        double lo = 0, hi = 2;
        double flo = F(lo), fhi = F(hi);
        while (fhi < 0 && hi < 64) { lo = hi; flo = fhi; hi *= 2; fhi = F(hi); }
        if (flo > 0 || fhi < 0)
            throw new ModelException($"calibration: no first-generation migration level between 0 and {hi}× makes the {year} total {target:N0}");
        return Roots.Brent(F, lo, hi, 1e-9);
    }

    private static double TotalOnly(Scenario s, double[] basePop, int last, ScenarioRates rates)
    {
        var cur = (double[])basePop.Clone();
        var next = new double[cur.Length];
        var flows = new YearFlows(0);
        for (int y = s.BaseYear; y < last; y++)
        {
            ProjectionStep.Advance(cur, rates.Build(y, cur), next, flows);
            (cur, next) = (next, cur);
        }
        return YearFlows.Sum(cur);
    }

    /// <summary>Projects any base population with any rate source (the UN reproduction and the tests use this).</summary>
    public static PopulationProjection Project(Scenario scenario, double[] basePop, int firstYear, int lastYear, ScenarioRates rates, double scale = 1.0) =>
        Project(scenario, basePop, firstYear, lastYear, (y, pop) => rates.Build(y, pop), scale);

    public static PopulationProjection Project(Scenario scenario, double[] basePop, int firstYear, int lastYear,
        Func<int, double[], ProjectionRates> ratesOf, double scale = 1.0)
    {
        int n = lastYear - firstYear + 1;
        var pops = new double[n][];
        var flows = new YearFlows[n - 1];
        var rates = new ProjectionRates[n - 1];
        pops[0] = (double[])basePop.Clone();
        for (int k = 0; k < n - 1; k++)
        {
            int y = firstYear + k;
            rates[k] = ratesOf(y, pops[k]);
            flows[k] = new YearFlows(y);
            pops[k + 1] = new double[PopulationIndex.CellCount];
            ProjectionStep.Advance(pops[k], rates[k], pops[k + 1], flows[k]);
        }
        return new PopulationProjection
        {
            Scenario = scenario, Years = Enumerable.Range(firstYear, n).ToArray(), Populations = pops, Flows = flows, Rates = rates, MigrationScale = scale,
        };
    }
}
