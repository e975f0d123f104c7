using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Scenarios;
using Cohesion.Statistics;

namespace Cohesion.Simulation;

/// <summary>What an input of the sensitivity analysis is: a societal rule, a policy rule or a demographic input.</summary>
public enum SensitivityKind { Societal, Policy, Demography }

/// <summary>
/// One input varied by the sensitivity analysis: its value in the central run and at the low and high end of its
/// range, and how that range was set (<see cref="Range"/>, in words, for the report and the JSON).
/// </summary>
public sealed record SensitivityInput(string Id, SensitivityKind Kind, string LabelNl, string LabelEn, double Central, double Low, double High, string Range);

/// <summary>One bar of the tornado: the input at its low and high value, the dimension share's change against the central run.</summary>
public sealed record SensitivityRow(string Input, double Low, double High, string Dimension, double EffectLow, double EffectHigh)
{
    public double Width => Math.Abs(EffectHigh - EffectLow);
}

/// <summary>One point of the full-factorial grid: the level (−1 low, 0 central, +1 high) of each grid input and the
/// dimension shares' changes against the central run.</summary>
public sealed record SensitivityGridPoint(IReadOnlyList<int> Levels, IReadOnlyList<double> Effects);

public sealed record SensitivityResult(
    int Year, string Scenario, string Societal, string? Policy,
    IReadOnlyList<string> Dimensions, IReadOnlyList<double> Central,
    IReadOnlyList<SensitivityInput> Inputs, IReadOnlyList<SensitivityRow> Rows,
    IReadOnlyList<string> GridInputs, IReadOnlyList<SensitivityGridPoint> Grid, IReadOnlyList<string> Notes);

/// <summary>
/// Sensitivity of the projected dimension shares in one year to the projection's inputs: one at a time (the tornado)
/// and a full-factorial grid (low, central, high) over the three inputs that move the result most. Every run is the
/// expected-value projection by reweighting at the point estimates (no coefficient draws), so the effects are
/// differences of deterministic functions of the inputs.
/// <list type="bullet">
/// <item>Societal and policy rules: a rule estimated with a standard error (<c>trends --export-societal</c>) is varied
/// over its 95% interval, size ± 1.96 SE; a typed-in rule over half to one and a half times its size (a documented
/// range, since nothing else is known about it).</item>
/// <item>TFR and life expectancy: shifted so that in the target year they lie at the UN WPP 2022 80% bounds for the
/// Netherlands (the bound minus the WPP median, added to the scenario's own path, growing linearly from zero in the
/// base year).</item>
/// <item>Net migration of the first generation: half to one and a half times its level (WPP 2022 keeps migration
/// deterministic, so no interval exists to take it from; the range is documented here and in the output).</item>
/// </list>
/// </summary>
public sealed class SensitivityAnalysis
{
    public const double MigrationLow = 0.5, MigrationHigh = 1.5, TypedRuleLow = 0.5, TypedRuleHigh = 1.5;
    public const int GridSize = 3;

    private readonly CohesionProjection _projection;
    private readonly IReadOnlyList<string> _dimensions;
    private readonly CohesionFramework _framework;

    public SensitivityAnalysis(GroupModels models, ProjectionEngine engine)
    {
        _framework = models.Framework;
        _projection = new CohesionProjection(models, engine);
        _dimensions = models.Dimensions().Select(d => d.Id).ToList();
    }

    /// <param name="request">The central run: one population scenario, one societal scenario, at most one policy;
    /// its <see cref="ProjectionRequest.LastYear"/> is the target year.</param>
    public SensitivityResult Run(ProjectionRequest request, IReadOnlyDictionary<int, WppIntervalYear> wpp)
    {
        if (request.Scenarios.Count != 1) throw new CohesionException("the sensitivity analysis takes one population scenario", column: "scenario");
        if (request.Societal.Count != 1) throw new CohesionException("the sensitivity analysis takes one societal scenario", column: "societal");
        int year = request.LastYear;
        var central = request with { Reps = 0, Method = ProjectionMethod.Reweight, Variation = null, Progress = null };
        var scenario = ScenarioCatalog.Load(central.Scenarios[0], central.Edition);
        var societal = central.Societal[0];
        var policy = central.Policy;

        var inputs = new List<SensitivityInput>();
        var apply = new List<Func<ProjectionRequest, int, ProjectionRequest>>(); // (request, level −1/+1) → varied request
        AddRules(societal, SensitivityKind.Societal, _framework, inputs, apply, (r, s) => r with { Societal = [s] });
        if (policy is not null) AddRules(policy, SensitivityKind.Policy, _framework, inputs, apply, (r, s) => r with { Policy = s });
        AddDemography(scenario, year, WppIntervals.For(wpp, year), inputs, apply);

        var baseShares = Shares(central);
        var dims = _dimensions;
        var rows = new List<SensitivityRow>();
        var widths = new double[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var low = Shares(apply[i](central, -1));
            var high = Shares(apply[i](central, +1));
            for (int d = 0; d < dims.Count; d++)
            {
                var row = new SensitivityRow(inputs[i].Id, inputs[i].Low, inputs[i].High, dims[d], low[d] - baseShares[d], high[d] - baseShares[d]);
                rows.Add(row);
                widths[i] += row.Width;
            }
        }

        // Full-factorial grid (low, central, high)^3 over the inputs with the widest tornado bars (summed over dimensions).
        var top = Enumerable.Range(0, inputs.Count).OrderByDescending(i => widths[i]).ThenBy(i => i).Take(GridSize).OrderBy(i => i).ToArray();
        var grid = new List<SensitivityGridPoint>();
        int points = (int)Math.Pow(3, top.Length);
        for (int p = 0; p < points; p++)
        {
            var levels = new int[top.Length];
            int code = p;
            for (int j = top.Length - 1; j >= 0; j--) { levels[j] = code % 3 - 1; code /= 3; }
            var req = central;
            for (int j = 0; j < top.Length; j++) if (levels[j] != 0) req = apply[top[j]](req, levels[j]);
            var shares = Shares(req);
            grid.Add(new SensitivityGridPoint(levels, shares.Select((s, d) => s - baseShares[d]).ToArray()));
        }

        var notes = new List<string>
        {
            $"Sensitivity of the {year} dimension shares (adults 15+), population scenario {scenario.Name} ({central.Edition} edition), societal scenario {societal.Name}{(policy is null ? "" : ", policy " + policy.Name)}: expected-value projection by reweighting at the point estimates; effects are differences from the central run ({string.Join(", ", dims.Select((d, i) => $"{d} {baseShares[i]:0.0000}"))}).",
            $"Estimated rules vary over their 95% interval (± 1.96 SE); typed-in rules over {TypedRuleLow}× to {TypedRuleHigh}× their size; TFR and e0 to the UN WPP 2022 80% bounds in {year} (shift growing linearly from the base year); first-generation net migration {MigrationLow}× to {MigrationHigh}× (WPP 2022 has no migration interval).",
            $"Grid: every combination of low, central and high for the {top.Length} inputs with the widest bars ({string.Join(", ", top.Select(i => inputs[i].Id))}).",
        };
        return new SensitivityResult(year, scenario.Name, societal.Name, policy?.Name, dims, baseShares, inputs, rows,
            top.Select(i => inputs[i].Id).ToList(), grid, notes);
    }

    private double[] Shares(ProjectionRequest request)
    {
        var r = _projection.Run(request);
        var last = r.Runs[0].Years[^1];
        return last.Dimensions.Select(b => b.Mean).ToArray();
    }

    private static readonly string[] EducationNl = ["laag", "middelbaar", "hoog"], EducationEn = ["low", "middle", "high"];

    /// <summary>A rule in words, in Dutch and English (issue 14: labels in words, one language per output): what it
    /// does and to whom first (the part a truncated chart label keeps), then the indicators by their labels ("trend
    /// opleiding laag: De meeste mensen zijn te vertrouwen"); a policy's rule is named after the policy.</summary>
    private static (string Nl, string En) RuleWords(CohesionScenario scenario, ScenarioRule rule, CohesionFramework framework)
    {
        var names = rule.Indicators.Where(i => i >= 0 && i < framework.Indicators.Count).Select(i => framework.Indicators[i]).ToList();
        bool few = names.Count is > 0 and <= 2;
        string nl = few ? string.Join(" en ", names.Select(n => n.LabelNl)) : $"{rule.Indicators.Length} indicatoren";
        string en = few ? string.Join(" and ", names.Select(n => n.LabelEn)) : $"{rule.Indicators.Length} indicators";
        if (scenario.Kind == ScenarioKind.Policy)
            return few ? ($"{scenario.LabelNl}: {nl}", $"{scenario.LabelEn}: {en}") : (scenario.LabelNl, scenario.LabelEn);
        var edu = rule.Filter.Educations.Where(e => e >= 0 && e < EducationNl.Length).Order().ToList();
        string groupNl = edu.Count is > 0 and < 3 ? " opleiding " + string.Join("/", edu.Select(e => EducationNl[e])) : "";
        string groupEn = edu.Count is > 0 and < 3 ? " education " + string.Join("/", edu.Select(e => EducationEn[e])) : "";
        var (whatNl, whatEn) = rule.Type switch
        {
            RuleType.Trend => ("trend", "trend"),
            RuleType.Shift => ("verschuiving", "shift"),
            _ => ("kloof naar " + rule.Factor switch { GapFactor.Sex => "geslacht", GapFactor.Origin => "herkomst", _ => "opleiding" },
                  "gap by " + rule.Factor switch { GapFactor.Sex => "sex", GapFactor.Origin => "origin", _ => "education" }),
        };
        return ($"{whatNl}{groupNl}: {nl}", $"{whatEn}{groupEn}: {en}");
    }

    private static void AddRules(CohesionScenario scenario, SensitivityKind kind, CohesionFramework framework, List<SensitivityInput> inputs,
        List<Func<ProjectionRequest, int, ProjectionRequest>> apply, Func<ProjectionRequest, CohesionScenario, ProjectionRequest> set)
    {
        string prefix = kind == SensitivityKind.Societal ? "societal" : "policy";
        for (int k = 0; k < scenario.Rules.Count; k++)
        {
            var rule = scenario.Rules[k];
            bool gap = rule.Type == RuleType.CloseGap;
            double size = gap ? rule.Fraction : rule.Logit;
            if (size == 0 && rule.StandardError == 0) continue;
            double low, high; string range;
            if (!gap && rule.StandardError > 0)
            {
                low = size - 1.96 * rule.StandardError; high = size + 1.96 * rule.StandardError;
                range = "95% interval of the estimate (± 1.96 SE)";
            }
            else
            {
                low = size * TypedRuleLow; high = size * TypedRuleHigh;
                if (gap) high = Math.Min(1.0, high);
                range = $"{TypedRuleLow}× to {TypedRuleHigh}× the assumed size" + (gap ? " (a gap closed at most fully)" : "");
            }
            string unit = gap ? "fraction of the gap closed" : rule.Type == RuleType.Trend ? "logit per year" : "logit shift";
            string id = $"{prefix}:{rule.Label}";
            if (inputs.Any(i => i.Id == id)) id += $" #{k + 1}";
            var (labelNl, labelEn) = RuleWords(scenario, rule, framework);
            inputs.Add(new SensitivityInput(id, kind, labelNl, labelEn, size, low, high, $"{range}; {unit}"));
            int index = k;
            double lo = low, hi = high;
            apply.Add((r, level) =>
            {
                var current = kind == SensitivityKind.Societal ? r.Societal[0] : r.Policy!;
                var rules = current.Rules.ToArray();
                double v = level < 0 ? lo : hi;
                rules[index] = gap ? rules[index] with { Fraction = v } : rules[index] with { Logit = v, StandardError = 0 };
                return set(r, current with { Rules = rules });
            });
        }
    }

    private static void AddDemography(Scenario scenario, int year, WppIntervalYear wpp, List<SensitivityInput> inputs,
        List<Func<ProjectionRequest, int, ProjectionRequest>> apply)
    {
        double tfr = scenario.Tfr.ValueAt(year);
        double e0 = (scenario.E0Female.ValueAt(year) + scenario.E0Male.ValueAt(year)) / 2;
        double tfrLow = wpp.Tfr80L - wpp.Tfr, tfrHigh = wpp.Tfr80U - wpp.Tfr;
        double e0Low = wpp.E0Both80L - wpp.E0Both, e0High = wpp.E0Both80U - wpp.E0Both;
        inputs.Add(new SensitivityInput("tfr", SensitivityKind.Demography, "vruchtbaarheid (kinderen per vrouw)", "fertility (TFR, children per woman)",
            tfr, tfr + tfrLow, tfr + tfrHigh, $"UN WPP 2022 80% interval in {year} around the scenario's TFR"));
        apply.Add((r, level) => r with { Variation = Vary(r, year, tfr: level < 0 ? tfrLow : tfrHigh) });
        inputs.Add(new SensitivityInput("e0", SensitivityKind.Demography, "levensverwachting bij geboorte (jaren, gemiddelde van vrouwen en mannen)",
            "life expectancy at birth (years, mean of women and men)", e0, e0 + e0Low, e0 + e0High, $"UN WPP 2022 80% interval in {year} (both sexes) around the scenario's e0"));
        apply.Add((r, level) => r with { Variation = Vary(r, year, e0: level < 0 ? e0Low : e0High) });
        inputs.Add(new SensitivityInput("migration", SensitivityKind.Demography, "netto migratie eerste generatie (factor)",
            "net migration, first generation (factor)", 1.0, MigrationLow, MigrationHigh, "documented range: half to one and a half times the scenario's level"));
        apply.Add((r, level) => r with { Variation = Vary(r, year, migration: level < 0 ? MigrationLow : MigrationHigh) });
    }

    private static DemographicVariation Vary(ProjectionRequest r, int year, double? tfr = null, double? e0 = null, double? migration = null)
    {
        var v = r.Variation ?? DemographicVariation.None with { FullByYear = year };
        return v with { TfrShift = tfr ?? v.TfrShift, E0Shift = e0 ?? v.E0Shift, MigrationFactor = migration ?? v.MigrationFactor, FullByYear = year };
    }
}
