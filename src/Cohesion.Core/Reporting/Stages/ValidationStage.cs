using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Neighbourhoods;
using Cohesion.Synthetic;
using Cohesion.Validation;

namespace Cohesion.Reporting.Stages;

/// <summary>
/// Report stage "validation": every published figure the tool is compared with, the tool's value and the kind of
/// comparison (calibrated = equal by construction, independent check, real data), from <see cref="ValidationChecks"/>.
/// It runs after the population stage (it reuses the projections) but its section is placed right after the
/// introduction, before the findings. Rows are split into one table per provenance of the tool value, so real and
/// synthetic values never share a table.
/// </summary>
public sealed class ValidationStage : IReportStage
{
    public string Id => "validation";
    public Localized Name => ("Validatie", "Validation");

    /// <summary>The table id of the rows whose tool value has <paramref name="p"/>.</summary>
    public static string TableId(Provenance p) => "validation_" + p.Code();

    public void Run(ReportContext context)
    {
        var rows = Rows(context).ToList();
        var section = new ReportSection("validation", ("Validatie: gepubliceerde cijfers naast de tool", "Validation: published figures beside the tool"));
        section.Paragraph(
            "Elke vergelijking van een gepubliceerd cijfer met de waarde van de tool. Soort: gekalibreerd = de tool is zo ingesteld dat hij het cijfer reproduceert "
            + "(gelijk door constructie; een controle van de kalibratie, geen bevinding — elders in het rapport zijn zulke cellen zo gemarkeerd); "
            + "onafhankelijke toets = de tool berekent het cijfer uit invoer die het niet bevat; echte gegevens = de tool leest echte gegevens en reproduceert een cijfer uit dezelfde bron. "
            + "Per herkomst van de toolwaarde (synthetisch, afgeleid, echt) een eigen tabel.",
            "Every comparison of a published figure with the tool's value. Kind: calibrated = the tool is tuned to reproduce the figure "
            + "(equal by construction; a check of the calibration, not a finding — such cells are marked so elsewhere in the report); "
            + "independent check = the tool computes the figure from inputs that do not contain it; real data = the tool reads real data and reproduces a figure from the same source. "
            + "One table per provenance of the tool value (synthetic, derived, real).");
        foreach (var group in rows.GroupBy(r => r.ToolProvenance).OrderBy(g => g.Key switch { Provenance.Real => 0, Provenance.Derived => 1, _ => 2 }))
        {
            var (nl, en) = group.Key.Label();
            var t = new ReportTable(TableId(group.Key), ($"Vergelijkingen, toolwaarde: {nl}", $"Comparisons, tool value: {en}"), group.Key,
            [
                new ReportColumn("area", ("Onderdeel", "Area"), ColumnKind.Text),
                new ReportColumn("figure", ("Cijfer", "Figure"), ColumnKind.Text),
                new ReportColumn("published", ("Gepubliceerd", "Published"), ColumnKind.Number, 4),
                new ReportColumn("tool_value", ("Waarde van de tool", "Tool value"), ColumnKind.Number, 4),
                new ReportColumn("difference", ("Verschil", "Difference"), ColumnKind.Number, 4),
                new ReportColumn("relative_difference", ("Relatief verschil", "Relative difference"), ColumnKind.Share, 2),
                new ReportColumn("unit", ("Eenheid", "Unit"), ColumnKind.Text),
                new ReportColumn("kind", ("Soort", "Kind"), ColumnKind.Text),
                new ReportColumn("published_source", ("Bron gepubliceerd cijfer", "Source of the published figure"), ColumnKind.Text),
                new ReportColumn("tool_source", ("Bron toolwaarde", "Source of the tool value"), ColumnKind.Text),
                new ReportColumn("note", ("Opmerking", "Note"), ColumnKind.Text),
            ]);
            foreach (var r in group)
            {
                var kind = r.Kind.Label();
                double? rel = double.IsNaN(r.RelativeDifference) ? null : r.RelativeDifference;
                t.Add(r.Area, context.Language == "en" ? r.FigureEn : r.FigureNl, r.Published, r.Tool, r.Difference, rel, r.Unit,
                    context.Language == "en" ? kind.En : kind.Nl, r.PublishedSource, r.ToolSource, r.Note ?? "");
            }
            section.Table(t);
        }
        int at = context.Report.Sections.FindIndex(s => s.Id == "intro");
        context.Report.Sections.Insert(at + 1, section);
    }

    /// <summary>The comparisons that apply to this run's inputs (the built-in survey only when it was used).</summary>
    private static IEnumerable<ValidationRow> Rows(ReportContext context)
    {
        var cfg = context.Config;
        var rows = new List<ValidationRow>();
        if (cfg.Survey.Data is null && cfg.Survey.Framework is null)
        {
            var survey = Data.DatasetLoader.Load(SurveyDefaultFile.DefaultPath);
            var framework = FrameworkLoader.LoadDefault();
            rows.AddRange(ValidationChecks.SurveyCalibration(survey, framework));
            var vuPath = DefaultData.PathOf("real", "vu-election-panel-2021", "wave0.csv");
            var vuFrameworkPath = DefaultData.PathOf("framework", "vu-election-panel-2021.json");
            if (File.Exists(vuPath) && File.Exists(vuFrameworkPath))
            {
                context.Manifest.AddInput(vuPath);
                rows.AddRange(ValidationChecks.EducationGradient(survey, framework, Data.DatasetLoader.Load(vuPath), FrameworkLoader.Load(vuFrameworkPath)));
            }
        }
        context.Progress(0.3);

        // both editions' published 2050 totals for the midden scenario (the report's own edition reused), then WPP
        var engine = ProjectionEngine.CreateDefault();
        var projections = new List<PopulationProjection>();
        foreach (var edition in new[] { 2024, 2020 })
        {
            var own = context.Results.Population?.FirstOrDefault(p => p.Scenario.Name == "midden" && p.Scenario.Edition == edition && p.Years.Contains(2050));
            projections.Add(own ?? engine.Run(ScenarioCatalog.Load("midden", edition), 2050));
        }
        rows.AddRange(ValidationChecks.PopulationTotals(projections));
        rows.AddRange(ValidationChecks.WppReproductionTotals(engine.Wpp, WppReproduction.Run(engine.Wpp, ScenarioCatalog.Load("midden", 2020), 2050)));
        context.Progress(0.8);

        var table84910 = DefaultData.PathOf("real", "cbs-pop-migration-amsterdam-2019", "84910NED_Amsterdam_2019_sex_age_migration.csv");
        if (File.Exists(AmsterdamDiversityAnalysis.KwbPath) && File.Exists(table84910))
        {
            context.Manifest.AddInput(AmsterdamDiversityAnalysis.KwbPath);
            context.Manifest.AddInput(table84910);
            rows.AddRange(ValidationChecks.AmsterdamTotals(KwbKeyFigures.Load(AmsterdamDiversityAnalysis.KwbPath).Frame, StatLine84910Loader.Load(table84910)));
        }
        return rows;
    }
}
