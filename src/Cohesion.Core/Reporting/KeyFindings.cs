using Cohesion.Compare;
using Cohesion.Framework;
using Cohesion.Presentation.Charts;

namespace Cohesion.Reporting;

/// <summary>
/// The <i>Kernboodschappen / Key findings</i> of a report: sentences generated from what the stages computed
/// (<see cref="ReportResults"/>), each with its numbers, the section it summarises and the provenance of what it rests on.
/// A number that equals a published figure by construction (a calibration target: the survey's calibrated cells, the
/// calibrated population totals) is never a finding: the builder does not use such cells.
/// </summary>
public static class KeyFindings
{
    public const string SectionId = "key-findings";

    /// <summary>The findings in section order; a stage that did not run (or has nothing to say) adds none.</summary>
    public static IReadOnlyList<KeyFinding> From(ReportResults results, ReportConfig config, CohesionFramework? framework = null)
    {
        var list = new List<KeyFinding>();
        void Add(KeyFinding? f) { if (f is not null) list.Add(f); }
        Add(LargestGroupGap(results, framework));
        Add(Europe(results));
        Add(Ageing(results, config));
        Add(ProjectedChange(results, config, framework));
        Add(CompositionOnly(results, config, framework));
        Add(NeighbourhoodSteps(results));
        Add(Amsterdam(results));
        Add(Literature(results, config));
        return list;
    }

    private static Localized Both(Func<ChartFormat, string> text) => new(text(ChartFormat.Dutch), text(ChartFormat.English));

    private static string Pp(ChartFormat f, double d) => f.Number(100 * d, 1) + (f.IsDutch ? " procentpunt" : " percentage points");
    private static string SignedPp(ChartFormat f, double d) => (d > 0 ? "+" : "") + Pp(f, d);

    /// <summary>The largest difference between two groups on one dimension (dimension scores, never a calibrated cell).</summary>
    public static KeyFinding? LargestGroupGap(ReportResults results, CohesionFramework? framework)
    {
        var calibrated = results.CalibratedCells;
        (string By, MeasureRow Hi, MeasureRow Lo)? best = null;
        foreach (var (by, result) in results.MeasureBy)
            foreach (var dim in result.Rows.Where(r => r.Level == MeasureLevel.Dimension && r.Group is not null && !r.Suppressed
                                                    && double.IsFinite(r.Estimate) && !calibrated.Contains((r.Variable, by, r.Group))).GroupBy(r => r.Variable))
            {
                var rows = dim.ToList();
                if (rows.Count < 2) continue;
                var hi = rows.MaxBy(r => r.Estimate)!;
                var lo = rows.MinBy(r => r.Estimate)!;
                if (best is null || hi.Estimate - lo.Estimate > best.Value.Hi.Estimate - best.Value.Lo.Estimate) best = (by, hi, lo);
            }
        if (best is not { } b) return null;
        GroupDisplay? display = null;
        framework?.Groups.TryGetValue(b.By, out display);
        string G(MeasureRow r, ChartFormat f) => display?.LabelOf(r.Group!, f.Language) ?? r.Group!;
        var column = GroupColumnLabels.Of(b.By);
        double gap = b.Hi.Estimate - b.Lo.Estimate;
        return new KeyFinding("measure", results.MeasureProvenance, Both(f => f.IsDutch
                ? $"Het grootste verschil tussen groepen: {b.Hi.LabelNl.ToLowerInvariant()} is {f.Percent(b.Hi.Estimate)} bij {column.Nl} ‘{G(b.Hi, f)}’ en {f.Percent(b.Lo.Estimate)} bij ‘{G(b.Lo, f)}’, een verschil van {Pp(f, gap)}."
                : $"The largest gap between groups: {b.Hi.LabelEn.ToLowerInvariant()} is {f.Percent(b.Hi.Estimate)} at {column.En} ‘{G(b.Hi, f)}’ and {f.Percent(b.Lo.Estimate)} at ‘{G(b.Lo, f)}’, a difference of {Pp(f, gap)}."),
            [b.Hi.Estimate, b.Lo.Estimate, gap]);
    }

    /// <summary>A country-level value in its measure's unit.</summary>
    public static string CountryValue(ChartFormat f, MeasureScale scale, double v) => scale.Unit switch
    {
        "proportion" => f.Percent(v),
        "percent" => f.Number(v, 1) + "%",
        "score_0_10" => f.Number(v, 1) + (f.IsDutch ? " op 0–10" : " on 0–10"),
        _ => f.Number(v, 2),
    };

    /// <summary>Where the reference country stands in Europe on the measure-year with the most European countries.</summary>
    public static KeyFinding? Europe(ReportResults results)
    {
        if (results.Europe is not { } r) return null;
        var s = Stages.EuropeStage.Plotted(r).Where(x => x.ReferenceValue is not null && x.ReferenceRankEurope is not null)
            .OrderByDescending(x => x.NEurope).ThenByDescending(x => x.Year).FirstOrDefault();
        if (s is null) return null;
        double v = s.ReferenceValue!.Value;
        return new KeyFinding("europe", Provenance.Derived, Both(f => f.IsDutch
                ? $"{r.Reference.NameNl} staat op ‘{s.Measure.LabelNl}’ ({s.Period}) op plaats {s.ReferenceRankEurope} van {s.NEurope} Europese landen: {CountryValue(f, s.Measure.Scale, v)} tegen een Europese mediaan van {CountryValue(f, s.Measure.Scale, s.EuropeanMedian)} (echte gepubliceerde cijfers; rang en mediaan afgeleid)."
                : $"{(r.Reference.NameEn == "Netherlands" ? "The Netherlands" : r.Reference.NameEn)} ranks {s.ReferenceRankEurope} of {s.NEurope} European countries on ‘{s.Measure.LabelEn}’ ({s.Period}): {CountryValue(f, s.Measure.Scale, v)} against a European median of {CountryValue(f, s.Measure.Scale, s.EuropeanMedian)} (real published figures; rank and median derived)."),
            [v, s.EuropeanMedian, s.ReferenceRankEurope!.Value, s.NEurope]);
    }

    /// <summary>The share 65+ at the end of the projection (not a calibrated total), in the main scenario and across scenarios.</summary>
    public static KeyFinding? Ageing(ReportResults results, ReportConfig config)
    {
        if (results.Population is not { Count: > 0 } pops) return null;
        int to = config.Population.To;
        var withTo = pops.Where(p => p.Years.Contains(to)).ToList();
        if (withTo.Count == 0) return null;
        var main = withTo.FirstOrDefault(p => p.Scenario.Name == "midden") ?? withTo[0];
        double Share(Demography.PopulationProjection p, int y) => Demography.PopulationProjection.Share65Plus(p.PopulationAt(y));
        double start = Share(main, main.FirstYear), end = Share(main, to);
        var min = withTo.MinBy(p => Share(p, to))!;
        var max = withTo.MaxBy(p => Share(p, to))!;
        double lo = Share(min, to), hi = Share(max, to);
        string range(ChartFormat f) => withTo.Count < 2 ? "" : f.IsDutch
            ? $"; over de {withTo.Count} scenario's loopt dat uiteen van {f.Percent(lo)} ({min.Scenario.Name}) tot {f.Percent(hi)} ({max.Scenario.Name})"
            : $"; across the {withTo.Count} scenarios it ranges from {f.Percent(lo)} ({min.Scenario.Name}) to {f.Percent(hi)} ({max.Scenario.Name})";
        return new KeyFinding("population", Provenance.Derived, Both(f => f.IsDutch
                ? $"In het scenario {main.Scenario.Name} is in {to} {f.Percent(end)} van de bevolking 65 jaar of ouder, tegen {f.Percent(start)} in {main.FirstYear}{range(f)}. De totalen zelf zijn op de gepubliceerde CBS-totalen gekalibreerd en daarom geen bevinding."
                : $"In the {main.Scenario.Name} scenario {f.Percent(end)} of the population is 65 or older in {to}, against {f.Percent(start)} in {main.FirstYear}{range(f)}. The totals themselves are calibrated to CBS's published totals and are therefore not a finding."),
            [end, start, lo, hi]);
    }

    private static (string Nl, string En) DimensionLabel(CohesionFramework? framework, string id) =>
        framework?.Dimensions.FirstOrDefault(d => d.Id == id) is { } d ? (d.LabelNl, d.LabelEn) : (id, id);

    /// <summary>The largest projected change of a dimension in the main run (first population scenario, last societal
    /// scenario), split into composition and within-group change.</summary>
    public static KeyFinding? ProjectedChange(ReportResults results, ReportConfig config, CohesionFramework? framework)
    {
        if (results.Simulation is not { } sim || sim.Decomposition.Count == 0) return null;
        var scenario = config.Simulation.Scenarios.FirstOrDefault() ?? sim.Decomposition[0].Scenario;
        var societal = config.Simulation.Societal.LastOrDefault() ?? sim.Decomposition[0].Societal;
        var rows = sim.Decomposition.Where(d => d.Policy is null && d.Scenario == scenario && d.Societal == societal).ToList();
        if (rows.Count == 0) rows = sim.Decomposition.Where(d => d.Policy is null).ToList();
        var d = rows.MaxBy(x => Math.Abs(x.Parts.TotalChange));
        if (d is null) return null;
        var (nl, en) = DimensionLabel(framework, d.Dimension);
        int to = config.Simulation.To;
        var p = d.Parts;
        var soc = results.SimulationSocietal.FirstOrDefault(s => s.Name == d.Societal);
        string socNl = soc?.LabelNl ?? d.Societal, socEn = soc?.LabelEn ?? d.Societal;
        return new KeyFinding("simulate", results.SimulationProvenance, Both(f => f.IsDutch
                ? $"In bevolkingsscenario {d.Scenario} met maatschappelijk scenario ‘{socNl}’ verandert {nl.ToLowerInvariant()} het meest: van {f.Percent(p.Start)} naar {f.Percent(p.End)} in {to} ({SignedPp(f, p.TotalChange)}), waarvan {SignedPp(f, p.Composition)} door de samenstelling van de bevolking en {SignedPp(f, p.Within)} door verandering binnen groepen."
                : $"In population scenario {d.Scenario} with societal scenario ‘{socEn}’, {en.ToLowerInvariant()} changes most: from {f.Percent(p.Start)} to {f.Percent(p.End)} in {to} ({SignedPp(f, p.TotalChange)}), of which {SignedPp(f, p.Composition)} from the composition of the population and {SignedPp(f, p.Within)} from change within groups."),
            [p.Start, p.End, p.TotalChange, p.Composition, p.Within]);
    }

    /// <summary>How far the changing composition of the population alone moves any dimension, across the scenarios.</summary>
    public static KeyFinding? CompositionOnly(ReportResults results, ReportConfig config, CohesionFramework? framework)
    {
        if (results.Simulation is not { } sim) return null;
        var rows = sim.Decomposition.Where(d => d.Policy is null).ToList();
        var d = rows.MaxBy(x => Math.Abs(x.Parts.Composition));
        if (d is null) return null;
        int scenarios = rows.Select(x => x.Scenario).Distinct().Count();
        var (nl, en) = DimensionLabel(framework, d.Dimension);
        double c = d.Parts.Composition;
        return new KeyFinding("simulate", results.SimulationProvenance, Both(f => f.IsDutch
                ? $"Alleen door de veranderende samenstelling van de bevolking (leeftijd, opleiding, herkomst) verschuift geen dimensie tot {config.Simulation.To} meer dan {Pp(f, Math.Abs(c))} in een van de {scenarios} bevolkingsscenario's (het meest: {nl.ToLowerInvariant()} in {d.Scenario}, {SignedPp(f, c)})."
                : $"The changing composition of the population alone (age, education, origin) moves no dimension by more than {Pp(f, Math.Abs(c))} by {config.Simulation.To} in any of the {scenarios} population scenarios (most: {en.ToLowerInvariant()} in {d.Scenario}, {SignedPp(f, c)})."),
            [c]);
    }

    /// <summary>The main neighbourhood analysis: the diversity coefficient without and with all controls.</summary>
    public static KeyFinding? NeighbourhoodSteps(ReportResults results)
    {
        if (results.Neighbourhoods is not { } n || n.StepTables.Count == 0) return null;
        var (_, outcomeId, focusId, steps) = n.StepTables[0];
        if (steps.Count < 2) return null;
        var first = steps[0];
        var last = steps[^1];
        double reduction = first.Estimate == 0 ? double.NaN : 1 - last.Estimate / first.Estimate;
        string data(ChartFormat f) => n.Synthetic
            ? f.Text("het synthetische landelijke buurtpanel", "the synthetic national buurt panel")
            : f.Text($"de buurtgegevens ({n.DataLabel})", $"the neighbourhood data ({n.DataLabel})");
        string focus(ChartFormat f) => VariableLabel(focusId, f);
        string outcome(ChartFormat f) => VariableLabel(outcomeId, f);
        return new KeyFinding("neighbourhoods", n.Provenance, Both(f => f.IsDutch
                ? $"In {data(f)} ({f.Number(first.N)} buurtjaren) is de coëfficiënt van {focus(f)} op {outcome(f)} {f.Number(first.Estimate, 2)} zonder controles en {f.Number(last.Estimate, 2)} (SE {f.Number(last.StdError, 2)}) na alle {steps.Count - 1} groepen controles: {f.Percent(reduction, 0)} ervan gaat via de controles."
                : $"In {data(f)} ({f.Number(first.N)} buurt-years) the coefficient of {focus(f)} on {outcome(f)} is {f.Number(first.Estimate, 2)} without controls and {f.Number(last.Estimate, 2)} (SE {f.Number(last.StdError, 2)}) after all {steps.Count - 1} groups of controls: {f.Percent(reduction, 0)} of it runs through the controls."),
            [first.Estimate, last.Estimate, last.StdError, reduction]);
    }

    /// <summary>A neighbourhood variable in words (the column id when it is not a known one).</summary>
    private static string VariableLabel(string id, ChartFormat f) => id switch
    {
        "cohesion" => f.Text("samenhang in de buurt", "neighbourhood cohesion"),
        "diversity" => f.Text("diversiteit", "diversity"),
        "fractionalisation" => f.Text("diversiteit (fractionalisatie)", "diversity (fractionalisation)"),
        "hardship" => f.Text("financiële moeite", "financial hardship"),
        _ => id,
    };

    /// <summary>The real Amsterdam test: volunteering on fractionalisation in the latest RIVM year, before and after controls.</summary>
    public static KeyFinding? Amsterdam(ReportResults results)
    {
        if (results.Amsterdam is not { } a) return null;
        var steps = a.Steps.Where(s => s.Diversity == "fractionalisation").ToList();
        if (steps.Count == 0) return null;
        int year = steps.Max(s => s.RivmYear);
        string outcome = steps.Any(s => s.Outcome == "volunteering") ? "volunteering" : steps[0].Outcome;
        var chain = steps.Where(s => s.RivmYear == year && s.Outcome == outcome).OrderBy(s => s.Step).ToList();
        if (chain.Count < 2) return null;
        var first = chain[0];
        var last = chain[^1];
        var (onl, oen) = outcome switch
        {
            "volunteering" => ("vrijwilligerswerk", "volunteering"),
            "lonely" => ("eenzaamheid", "loneliness"),
            _ => (outcome, outcome),
        };
        return new KeyFinding("neighbourhoods", Provenance.Real, Both(f => f.IsDutch
                ? $"Amsterdam, echte gegevens ({first.N} buurten, RIVM {year}): een volledig diverse buurt verschilt van een buurt met één herkomstgroep met {f.Number(first.Coefficient.Estimate, 1)} procentpunt {onl} zonder controles en {f.Number(last.Coefficient.Estimate, 1)} procentpunt (SE {f.Number(last.Coefficient.StdError, 1)}) na controles voor sociaaleconomische status en woningvoorraad; een verband tussen buurten, geen effect."
                : $"Amsterdam, real data ({first.N} buurten, RIVM {year}): a fully diverse buurt differs from a one-group buurt by {f.Number(first.Coefficient.Estimate, 1)} percentage points of {oen} without controls and {f.Number(last.Coefficient.Estimate, 1)} percentage points (SE {f.Number(last.Coefficient.StdError, 1)}) after controls for socio-economic status and housing; an association across buurten, not an effect."),
            [first.Coefficient.Estimate, last.Coefficient.Estimate, last.Coefficient.StdError]);
    }

    /// <summary>The literature synthesis: the overall association, back-transformed to a correlation when it is Fisher's z.</summary>
    public static KeyFinding? Literature(ReportResults results, ReportConfig config)
    {
        if (results.MetaOverall is not { Coefficients.Count: > 0 } m) return null;
        var c = m.Coefficients[0];
        bool fisherZ = config.Meta.Data is null || config.Meta.Yi is null;
        bool synthetic = results.MetaProvenance == Provenance.Synthetic;
        if (fisherZ)
        {
            double r = Math.Tanh(c.Estimate), lo = Math.Tanh(c.CiLower), hi = Math.Tanh(c.CiUpper);
            return new KeyFinding("meta", results.MetaProvenance, Both(f => f.IsDutch
                    ? $"In de {(synthetic ? "synthetische " : "")}studieset (k = {m.K} effectgroottes) is de gemiddelde correlatie tussen diversiteit en samenhang r = {f.Number(r, 3)} (95%-BI {f.Number(lo, 3)} tot {f.Number(hi, 3)}){(synthetic ? "; de studies zijn gegenereerd, dit is geen schatting uit de echte literatuur" : "")}."
                    : $"In the {(synthetic ? "synthetic " : "")}study set (k = {m.K} effect sizes) the average correlation between diversity and cohesion is r = {f.Number(r, 3)} (95% CI {f.Number(lo, 3)} to {f.Number(hi, 3)}){(synthetic ? "; the studies are generated, this is not an estimate from the real literature" : "")}."),
                [r, lo, hi]);
        }
        return new KeyFinding("meta", results.MetaProvenance, Both(f => f.IsDutch
                ? $"In de studieset (k = {m.K} effectgroottes) is het gemiddelde effect {f.Number(c.Estimate, 3)} (95%-BI {f.Number(c.CiLower, 3)} tot {f.Number(c.CiUpper, 3)})."
                : $"In the study set (k = {m.K} effect sizes) the average effect is {f.Number(c.Estimate, 3)} (95% CI {f.Number(c.CiLower, 3)} to {f.Number(c.CiUpper, 3)})."),
            [c.Estimate, c.CiLower, c.CiUpper]);
    }
}
