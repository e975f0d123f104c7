using Cohesion.Demography;
using Cohesion.Pipeline;
using Cohesion.Simulation;
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
        var basis = SimulationBasis.Fit(survey.Data, survey.Framework);
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
        section.Figure(("Vier dimensies tot " + cfg.To + $" per scenario (met banden; bevolkingseditie {edition})", "Four dimensions to " + cfg.To + $" by scenario (with bands; {edition} population edition)"),
            SimulationCharts.FanCharts(main, fw, format: ChartFormat.For(context.Language)), provenance, "simulate_dimensions");
        section.Figure(($"Ontleding van de verandering (bevolkingseditie {edition})", $"Decomposition of the change ({edition} population edition)"), SimulationCharts.DecompositionBars(main, fw, format: ChartFormat.For(context.Language)), provenance, "simulate_decomposition");

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
}
