using Cohesion.Demography;
using Cohesion.Pipeline;
using Cohesion.Simulation;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "simulate": cohesion to 2050 under population × societal scenarios (and one policy
/// what-if), with bands and the Kitagawa decomposition — the same library calls as <c>cohesion simulate</c>.</summary>
public sealed class SimulationStage : IReportStage
{
    public string Id => "simulate";
    public Localized Name => ("Projectie tot 2050", "Projection to 2050");

    public void Run(ReportContext context)
    {
        var cfg = context.Config.Simulation;
        int edition = cfg.Edition ?? PopulationStage.EditionOf(context.Config.Population);
        var survey = context.Config.Survey;
        var basis = context.Results.SimulationBasis ??= SimulationBasis.Fit(survey.Data, survey.Framework);
        var fw = basis.Framework;
        context.Progress(0.1);
        var method = cfg.Method switch
        {
            "reweight" => ProjectionMethod.Reweight,
            "micro" => ProjectionMethod.Micro,
            _ => throw new Cohesion.Statistics.CohesionException($"simulation method must be reweight or micro, not '{cfg.Method}'", column: "simulation.method")
        };
        var request = new SimulateRequest
        {
            Scenarios = cfg.Scenarios, Edition = edition, Societal = cfg.Societal, Method = method, Reps = cfg.Reps,
            Seed = (ulong)context.Config.Seed, LastYear = cfg.To
        };
        var engine = ProjectionEngine.CreateDefault();
        var mainRun = SimulateStep.Run(request, basis, engine);
        foreach (var s in mainRun.Societal) if (File.Exists(s.Source)) context.Manifest.AddInput(s.Source);
        var main = mainRun.Projection;
        context.Progress(0.8);
        CohesionProjectionResult? policy = null;
        if (cfg.Policy is not null)
        {
            var policyRun = SimulateStep.Run(request with { Scenarios = [cfg.Scenarios[0]], SocietalScenarios = [mainRun.Societal[^1]], Policy = cfg.Policy }, basis, engine);
            if (File.Exists(policyRun.Policy!.Source)) context.Manifest.AddInput(policyRun.Policy.Source);
            policy = policyRun.Projection;
        }
        context.Results.Simulation = main;
        context.Manifest.Parameters["simulate.method"] = cfg.Method;
        context.Manifest.Parameters["simulate.edition"] = edition.ToString();
        context.Manifest.Parameters["simulate.societal"] = string.Join(",", cfg.Societal);
        context.Manifest.Parameters["simulate.policy"] = cfg.Policy ?? "none";
        context.Manifest.Parameters["simulate.reps"] = cfg.Reps.ToString();

        bool synthetic = basis.Synthetic;
        // a projection is derived from its inputs; on the synthetic survey its group models are synthetic
        var provenance = synthetic ? Provenance.Synthetic : Provenance.Derived;
        context.Results.SimulationProvenance = provenance;
        context.Results.SimulationSocietal = mainRun.Societal;
        var section = new ReportSection("simulate", ("Sociale samenhang tot " + cfg.To, "Social cohesion to " + cfg.To));
        if (synthetic)
            section.Synthetic("De groepsmodellen zijn geschat op de synthetische steekproef; de projectie toont de werking van het model, geen nieuwe voorspelling.",
                "The group models are fitted on the synthetic survey; the projection shows how the model works, not a new forecast.");
        section.Paragraph(
            "Per bevolkingsscenario en jaar: het aandeel per indicator = Σ groepen (bevolkingsaandeel × kans in de groep), met kansen uit gewogen logistische regressies op geslacht, leeftijd, opleiding en herkomst, "
            + "verschoven door het maatschappelijke scenario. Banden: 95%-interval over trekkingen van de coëfficiënten. De ontleding (Kitagawa) splitst de verandering tot " + cfg.To
            + " in samenstelling (demografie), binnen groepen (maatschappij) en interactie.",
            "Per population scenario and year: each indicator's share = Σ groups (population share × the group's propensity), with propensities from weighted logistic regressions on sex, age, education and origin, "
            + "shifted by the societal scenario. Bands: 95% interval over coefficient draws. The decomposition (Kitagawa) splits the change to " + cfg.To
            + " into composition (demographic), within-group (societal) and interaction.");
        SocietalScenarios(section, mainRun.Societal, context.Results.Trends is not null);
        section.Figure(("Vier dimensies tot " + cfg.To + $" per scenario (met banden; bevolkingseditie {edition})", "Four dimensions to " + cfg.To + $" by scenario (with bands; {edition} population edition)"),
            SimulationCharts.FanCharts(main, fw, format: ChartFormat.For(context.Language), names: RunNames.Catalogue(fw, edition)), provenance, "simulate_dimensions");
        if (cfg.Stochastic > 0) DemographicUncertainty(context, section, request, mainRun, basis, engine, provenance);
        section.Figure(($"Ontleding van de verandering (bevolkingseditie {edition})", $"Decomposition of the change ({edition} population edition)"), SimulationCharts.DecompositionBars(main, fw, format: ChartFormat.For(context.Language), names: RunNames.Catalogue(fw, edition)), provenance, "simulate_decomposition");

        var source = new Localized(
            $"cohesion simulate --scenario all --societal {string.Join(",", cfg.Societal)} --edition {edition} --reps {cfg.Reps} --seed {context.Config.Seed} --format csv",
            $"cohesion simulate --scenario all --societal {string.Join(",", cfg.Societal)} --edition {edition} --reps {cfg.Reps} --seed {context.Config.Seed} --format csv");
        var dec = new ReportTable("simulate_decomposition", ($"Ontleding van de verandering tot {cfg.To} (bevolkingseditie {edition})", $"Decomposition of the change to {cfg.To} ({edition} population edition)"), provenance,
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("societal", ("Maatschappij", "Societal"), ColumnKind.Text),
            new ReportColumn("dimension", ("Dimensie", "Dimension"), ColumnKind.Text),
            new ReportColumn("start", ("Start", "Start"), ColumnKind.Share, 3),
            new ReportColumn("end", ("Eind", "End"), ColumnKind.Share, 3),
            new ReportColumn("total_change", ("Totale verandering", "Total change"), ColumnKind.Number, 4),
            new ReportColumn("composition", ("Samenstelling", "Composition"), ColumnKind.Number, 4),
            new ReportColumn("within", ("Binnen groepen", "Within groups"), ColumnKind.Number, 4),
            new ReportColumn("interaction", ("Interactie", "Interaction"), ColumnKind.Number, 4),
        ]) { Source = source };
        foreach (var d in main.Decomposition.Concat(policy?.Decomposition ?? []))
            dec.Add(d.Scenario + (d.Policy is null ? "" : " + " + d.Policy), d.Societal, d.Dimension, d.Parts.Start, d.Parts.End, d.Parts.TotalChange,
                d.Parts.Composition, d.Parts.Within, d.Parts.Interaction);
        section.Table(dec);

        var byFactor = new ReportTable("simulate_composition_by_factor", ($"Samenstellingsdeel naar factor tot {cfg.To}", $"Composition part by factor to {cfg.To}"), provenance,
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("societal", ("Maatschappij", "Societal"), ColumnKind.Text),
            new ReportColumn("dimension", ("Dimensie", "Dimension"), ColumnKind.Text),
            new ReportColumn("composition", ("Samenstelling", "Composition"), ColumnKind.Number, 4),
            new ReportColumn("education", ("Opleiding", "Education"), ColumnKind.Number, 4),
            new ReportColumn("age", ("Leeftijd", "Age"), ColumnKind.Number, 4),
            new ReportColumn("origin", ("Herkomst", "Origin"), ColumnKind.Number, 4),
            new ReportColumn("sex", ("Geslacht", "Sex"), ColumnKind.Number, 4),
        ])
        {
            Source = source,
            Note = ("Het samenstellingsdeel van de ontleding exact verdeeld over opleiding, leeftijd, herkomst en geslacht (Shapley-gemiddelde over alle volgordes; de vier tellen op tot het samenstellingsdeel).",
                    "The composition part of the decomposition split exactly into education, age, origin and sex (Shapley average over all orderings; the four add up to the composition part)."),
        };
        foreach (var d in main.Decomposition.Concat(policy?.Decomposition ?? []))
            byFactor.Add(d.Scenario + (d.Policy is null ? "" : " + " + d.Policy), d.Societal, d.Dimension, d.Parts.Composition,
                d.ByFactor.Education, d.ByFactor.Age, d.ByFactor.Origin, d.ByFactor.Sex);
        section.Table(byFactor);

        // Which assumption moves the outcome most (the same call as `cohesion sensitivity`).
        var sens = SensitivityStep.Run(new SensitivityRequest
        {
            Scenario = cfg.Scenarios[0], Edition = edition, Societal = cfg.Societal[^1], Policy = cfg.Policy, Year = cfg.To,
        }, basis, engine);
        context.Manifest.AddInput(WppIntervals.DefaultPath);
        section.Paragraph(
            $"Gevoeligheid: elke aanname afzonderlijk naar het lage en hoge eind van haar bereik (geschatte trends: 95%-interval; ingevoerde aannames: 0,5 tot 1,5 keer; vruchtbaarheid en levensverwachting: 80%-interval van UN WPP 2022 in {cfg.To}; migratie eerste generatie: 0,5 tot 1,5 keer), met het verschil in procentpunt ten opzichte van de centrale projectie.",
            $"Sensitivity: each assumption in turn at the low and high end of its range (estimated trends: 95% interval; typed-in assumptions: 0.5 to 1.5 times; fertility and life expectancy: UN WPP 2022 80% interval in {cfg.To}; first-generation migration: 0.5 to 1.5 times), with the percentage-point difference from the central projection.");
        section.Figure(($"Gevoeligheid van de uitkomst in {cfg.To} voor de aannames", $"Sensitivity of the {cfg.To} outcome to the assumptions"),
            SensitivityCharts.Tornado(sens, fw, ChartFormat.For(context.Config.Language), provenance), provenance, "simulate_sensitivity");
        var sensTable = new ReportTable("simulate_sensitivity", ($"Gevoeligheid in {cfg.To} (procentpunt t.o.v. de centrale projectie)", $"Sensitivity in {cfg.To} (percentage points from the central projection)"), provenance,
        [
            new ReportColumn("input", ("Aanname", "Assumption"), ColumnKind.Text),
            new ReportColumn("low", ("Laag", "Low"), ColumnKind.Number, 4),
            new ReportColumn("high", ("Hoog", "High"), ColumnKind.Number, 4),
            new ReportColumn("dimension", ("Dimensie", "Dimension"), ColumnKind.Text),
            new ReportColumn("effect_low", ("Effect laag", "Effect low"), ColumnKind.Number, 4),
            new ReportColumn("effect_high", ("Effect hoog", "Effect high"), ColumnKind.Number, 4),
        ])
        {
            Source = ($"cohesion sensitivity --scenario {sens.Scenario} --societal {sens.Societal} --year {cfg.To} --format csv", $"cohesion sensitivity --scenario {sens.Scenario} --societal {sens.Societal} --year {cfg.To} --format csv"),
            Collapsed = true,
        };
        foreach (var r in sens.Rows.Where(r => r.Width > 0).OrderBy(r => r.Dimension, StringComparer.Ordinal).ThenByDescending(r => r.Width))
            sensTable.Add(r.Input, r.Low, r.High, r.Dimension, r.EffectLow, r.EffectHigh);
        section.Table(sensTable);

        var years = new ReportTable("simulate_dimensions", ($"Dimensies per jaar en scenario (bevolkingseditie {edition})", $"Dimensions by year and scenario ({edition} population edition)"), provenance,
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("societal", ("Maatschappij", "Societal"), ColumnKind.Text),
            new ReportColumn("policy", ("Beleid", "Policy"), ColumnKind.Text),
            new ReportColumn("year", ("Jaar", "Year"), ColumnKind.Text),
            new ReportColumn("dimension", ("Dimensie", "Dimension"), ColumnKind.Text),
            new ReportColumn("mean", ("Verwachting", "Mean"), ColumnKind.Share, 3),
            new ReportColumn("lower", ("Onder", "Lower"), ColumnKind.Share, 3),
            new ReportColumn("upper", ("Boven", "Upper"), ColumnKind.Share, 3),
        ]) { Source = source, Collapsed = true };
        foreach (var run in main.Runs.Concat(policy?.Runs ?? []))
            foreach (var y in run.Years)
                for (int d = 0; d < main.DimensionIds.Count; d++)
                    years.Add(run.Scenario, run.Societal, run.Policy ?? "none", y.Year.ToString(), main.DimensionIds[d], y.Dimensions[d].Mean, y.Dimensions[d].Lower, y.Dimensions[d].Upper);
        section.Table(years);
        context.Report.Sections.Add(section);
    }

    /// <summary><c>simulation.stochastic</c> N: the first scenario under the last societal scenario once more, one
    /// replication per stochastic demographic trajectory (WPP 2022 calibration), next to the bands without it.</summary>
    private static void DemographicUncertainty(ReportContext context, ReportSection section, SimulateRequest request, SimulateResult mainRun,
        SimulationBasis basis, ProjectionEngine engine, Provenance provenance)
    {
        var cfg = context.Config.Simulation;
        var societal = mainRun.Societal[^1];
        var run = SimulateStep.Run(request with
        {
            Scenarios = [cfg.Scenarios[0]], SocietalScenarios = [societal], Stochastic = cfg.Stochastic, Calibration = StochasticCalibration.Wpp2022,
            Reps = cfg.Reps == 0 ? 0 : null,
        }, basis, engine);
        context.Manifest.Parameters["simulate.stochastic"] = cfg.Stochastic.ToString();
        context.Manifest.AddInput(WppIntervals.DefaultPath);
        var fw = basis.Framework;
        const string nl = EnsembleCatalogue.DemographicUncertaintyNl, en = EnsembleCatalogue.DemographicUncertaintyEn;
        section.Paragraph(
            $"Banden {nl}: scenario {cfg.Scenarios[0]} onder '{societal.Name}' nog eens, met {cfg.Stochastic} stochastische demografische trajecten (vruchtbaarheid en levensverwachting met de 80%- en 95%-intervallen van UN WPP 2022 voor Nederland, migratie zoals in WPP 2022), één replicatie per traject"
            + (cfg.Reps == 0 ? " bij de puntschattingen." : " (coëfficiënttrekking r op traject r).")
            + " De verwachting blijft die van de gepubliceerde variant; de band wordt breder met de demografische onzekerheid, die naast de onzekerheid van de coëfficiënten klein is.",
            $"Bands {en}: scenario {cfg.Scenarios[0]} under '{societal.Name}' once more, with {cfg.Stochastic} stochastic demographic trajectories (fertility and life expectancy with the UN WPP 2022 80% and 95% intervals for the Netherlands, migration as in WPP 2022), one replication per trajectory"
            + (cfg.Reps == 0 ? " at the point estimates." : " (coefficient draw r on trajectory r).")
            + " The mean stays the published variant's; the band widens by the demographic uncertainty, which is small next to the coefficients' uncertainty.");
        section.Figure(($"Vier dimensies tot {cfg.To}, {cfg.Scenarios[0]}, {nl}", $"Four dimensions to {cfg.To}, {cfg.Scenarios[0]}, {en}"),
            SimulationCharts.FanCharts(run.Projection, fw, format: ChartFormat.For(context.Language), names: RunNames.Catalogue(fw, request.Edition)), provenance, "simulate_demographic_uncertainty");
        var table = new ReportTable("simulate_demographic_uncertainty", ($"Banden in {cfg.To}: zonder en {nl}", $"Bands in {cfg.To}: without and {en}"), provenance,
        [
            new ReportColumn("dimension", ("Dimensie", "Dimension"), ColumnKind.Text),
            new ReportColumn("mean", ("Verwachting", "Mean"), ColumnKind.Share, 3),
            new ReportColumn("lower", ("Onder", "Lower"), ColumnKind.Share, 3),
            new ReportColumn("upper", ("Boven", "Upper"), ColumnKind.Share, 3),
            new ReportColumn("lower_demographic", ($"Onder, {nl}", $"Lower, {en}"), ColumnKind.Share, 3),
            new ReportColumn("upper_demographic", ($"Boven, {nl}", $"Upper, {en}"), ColumnKind.Share, 3),
        ])
        {
            Source = ($"cohesion simulate --scenario {cfg.Scenarios[0]} --societal {societal.Name} --stochastic {cfg.Stochastic} --calibrate wpp2022{(cfg.Reps == 0 ? " --reps 0" : "")} --seed {context.Config.Seed} --format csv",
                      $"cohesion simulate --scenario {cfg.Scenarios[0]} --societal {societal.Name} --stochastic {cfg.Stochastic} --calibrate wpp2022{(cfg.Reps == 0 ? " --reps 0" : "")} --seed {context.Config.Seed} --format csv"),
        };
        var without = mainRun.Projection.Runs.First(r => r.Scenario == cfg.Scenarios[0] && r.Societal == societal.Name).Years[^1];
        var with = run.Projection.Runs[0].Years[^1];
        for (int d = 0; d < run.Projection.DimensionIds.Count; d++)
            table.Add(run.Projection.DimensionIds[d], with.Dimensions[d].Mean, without.Dimensions[d].Lower, without.Dimensions[d].Upper, with.Dimensions[d].Lower, with.Dimensions[d].Upper);
        section.Table(table);
    }

    /// <summary>Says in words which societal scenarios the projection uses and where each comes from: an estimated one
    /// (provenance "derived") from what data, by its own assumptions; a typed one as an assumption whose within-group
    /// change is put in, not found. Neither is presented as a finding.</summary>
    public static void SocietalScenarios(ReportSection section, IReadOnlyList<Scenarios.CohesionScenario> societal, bool trendsSection)
    {
        static string Quote(Scenarios.CohesionScenario s, bool en) => $"'{s.Name}' ({(en ? s.LabelEn : s.LabelNl)})";
        section.Paragraph(
            "Maatschappelijke scenario's in deze projectie: " + string.Join(", ", societal.Select(s => Quote(s, false))) + ".",
            "Societal scenarios in this projection: " + string.Join(", ", societal.Select(s => Quote(s, true))) + ".");
        string see = trendsSection ? " (zie de sectie Trends 2012–2024)" : "", seeEn = trendsSection ? " (see the section Trends 2012–2024)" : "";
        foreach (var s in societal.Where(s => s.Name != "none"))
        {
            if (s.Provenance == "derived")
            {
                var from = s.Assumptions.FirstOrDefault() ?? s.Description;
                section.Paragraph(
                    $"Het scenario '{s.Name}' is niet ingetypt maar geschat uit echte gegevens{see}, met cohesion trends --export-societal: de waargenomen verandering per indicator in gepubliceerde reeksen, "
                    + "minus het deel dat de veranderende bevolkingssamenstelling verklaart; die verandering binnen groepen loopt vanaf het basisjaar door zo lang als de gegevens liepen en blijft daarna gelijk. "
                    + $"Waaruit precies, volgens de aannames van het scenario ({Path.GetFileName(s.Source)}): {from} "
                    + "Het deel 'binnen groepen' van de ontleding is daarmee een voortzetting van waargenomen trends onder die aanname, geen voorspelling en geen bevinding van de projectie zelf.",
                    $"The scenario '{s.Name}' is not typed in but estimated from real data{seeEn}, by cohesion trends --export-societal: the observed change of each indicator in published series, "
                    + "minus the part the population's changing composition explains; that within-group change runs on from the base year for as long as the data ran, then holds. "
                    + $"From what exactly, by the scenario's assumptions ({Path.GetFileName(s.Source)}): {from} "
                    + "The decomposition's within-group part is therefore a continuation of observed trends under that assumption, not a forecast and not a finding of the projection itself.");
            }
            else
                section.Paragraph(
                    $"Het scenario '{s.Name}' is een ingetypte aanname (herkomst: assumption): de verandering binnen groepen die het laat zien is erin gestopt, niet gevonden.",
                    $"The scenario '{s.Name}' is a typed-in assumption (provenance: assumption): the within-group change it shows was put in, not found.");
        }
    }
}
