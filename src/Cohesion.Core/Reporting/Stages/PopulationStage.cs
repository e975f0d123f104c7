using Cohesion.Demography;
using Cohesion.Presentation.Charts;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "population": the NIDI/CBS scenarios projected with the cohort-component engine (the same
/// library call as <c>cohesion population</c>). Projections are shared with the simulation stage.</summary>
public sealed class PopulationStage : IReportStage
{
    public string Id => "population";
    public Localized Name => ("Bevolking: scenario's", "Population: scenarios");

    /// <summary>The configured population edition (2024 unless configured), validated.</summary>
    public static int EditionOf(ReportConfig.PopulationSettings cfg) =>
        int.TryParse(cfg.Edition, out int edition) && edition is 2020 or 2024 ? edition
            : throw new Cohesion.Statistics.CohesionException($"population edition must be 2020 or 2024, not '{cfg.Edition}'", column: "population.edition");

    public void Run(ReportContext context)
    {
        var cfg = context.Config.Population;
        int edition = EditionOf(cfg);
        var scenarios = cfg.ScenarioFile is not null
            ? [ScenarioLoader.Load(cfg.ScenarioFile)]
            : cfg.Scenarios.Select(n => ScenarioCatalog.Load(n, edition)).ToList();
        foreach (var s in scenarios) if (s.SourceFile is not null && File.Exists(s.SourceFile)) context.Manifest.AddInput(s.SourceFile);
        foreach (var f in new[] { DefaultData.PathOf("real", "wpp-netherlands-age"), ScenarioLoader.AssumptionsPath })
            if (File.Exists(f) || Directory.Exists(f)) context.Manifest.AddInput(f);
        context.Manifest.Parameters["population.edition"] = edition.ToString();
        context.Manifest.Parameters["population.scenarios"] = string.Join(",", scenarios.Select(s => s.Name));
        context.Manifest.Parameters["population.to"] = cfg.To.ToString();

        var results = Pipeline.PopulationStep.Run(new Pipeline.PopulationRequest { Scenarios = scenarios, LastYear = cfg.To, Progress = context.Progress });
        context.Results.Population = results;

        string ed = edition.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Localized Ed(string nl, string en) => ($"{nl} (editie {ed})", $"{en} ({ed} edition)");
        var section = new ReportSection("population", Ed("Bevolking tot " + cfg.To, "Population to " + cfg.To));
        section.Paragraph(
            "Cohort-componentenprojectie naar leeftijd (0–100+), geslacht, herkomst (7 groepen) en opleiding onder de NIDI/CBS-scenario's. "
            + "Leeftijd × geslacht komt uit UN WPP 2024 (echt); de verdeling naar herkomst en opleiding in het basisjaar is een gedocumenteerde benadering.",
            "Cohort-component projection by age (0–100+), sex, origin (7 groups) and education under the NIDI/CBS scenarios. "
            + "Age × sex comes from UN WPP 2024 (real); the base-year split by origin and education is a documented approximation.");
        section.Paragraph(CalibrationNote(edition, results), CalibrationNote(edition, results, english: true));

        var totalsSvg = PopulationCharts.Totals(
            results.Select(p => (p.Scenario.Name, p.Years.Where(y => y <= cfg.To).ToArray(), p.Years.Where(y => y <= cfg.To).Select(p.Total).ToArray())).ToList(),
            context.Language == "en" ? $"Population on 1 January by scenario ({ed} edition)" : $"Bevolking op 1 januari per scenario (editie {ed})",
            format: ChartFormat.For(context.Language));
        section.Figure(Ed("Bevolking per scenario", "Population by scenario"), totalsSvg, Provenance.Derived, "population_summary");

        var summary = new ReportTable("population_summary", Ed($"Samenvatting {cfg.To}", $"Summary {cfg.To}"), Provenance.Derived,
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("edition", ("Editie", "Edition"), ColumnKind.Text),
            new ReportColumn("base_total", ("Basisjaar", "Base year"), ColumnKind.Count),
            new ReportColumn("total", ($"Totaal {cfg.To}", $"Total {cfg.To}"), ColumnKind.Count),
            new ReportColumn("share_65plus", ("Aandeel 65+", "Share 65+"), ColumnKind.Share, 3),
            new ReportColumn("share_migration_background", ("Aandeel migratieachtergrond", "Share migration background"), ColumnKind.Share, 3),
            new ReportColumn("share_high_education", ("Aandeel hbo/wo (15–74)", "Share hbo/wo (15–74)"), ColumnKind.Share, 3),
            new ReportColumn("migration_factor", ("Migratiefactor (kalibratie)", "Migration factor (calibration)"), ColumnKind.Number, 3),
            new ReportColumn("calibration", ("Kalibratie", "Calibration"), ColumnKind.Text),
        ]) { Note = ("Een totaal dat gekalibreerd is op het gepubliceerde totaal is daaraan gelijk door constructie: een controle van de kalibratie (zie Validatie), geen bevinding.",
                     "A total calibrated to the published total equals it by construction: a check of the calibration (see Validation), not a finding."), Source = ($"cohesion population --scenario all --edition {edition} --to {cfg.To}", $"cohesion population --scenario all --edition {edition} --to {cfg.To}") };
        var years = new ReportTable("population_years", Ed("Bevolking per jaar en scenario", "Population by year and scenario"), Provenance.Derived,
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("year", ("Jaar", "Year"), ColumnKind.Text),
            new ReportColumn("total", ("Totaal", "Total"), ColumnKind.Count),
            new ReportColumn("births", ("Geboorten", "Births"), ColumnKind.Count),
            new ReportColumn("deaths", ("Sterfte", "Deaths"), ColumnKind.Count),
            new ReportColumn("immigration", ("Immigratie", "Immigration"), ColumnKind.Count),
            new ReportColumn("emigration", ("Emigratie", "Emigration"), ColumnKind.Count),
            new ReportColumn("share_65plus", ("Aandeel 65+", "Share 65+"), ColumnKind.Share, 3),
        ]) { Collapsed = true, Source = summary.Source };
        foreach (var p in results)
        {
            var last = p.PopulationAt(cfg.To);
            var origin = PopulationProjection.ByOrigin(last);
            string calibration = CalibratedTotalYear(p) is { } cy
                ? (context.Language == "en" ? $"total {cy} calibrated to the published total (equal by construction)" : $"totaal {cy} gekalibreerd op het gepubliceerde totaal (gelijk door constructie)")
                : (context.Language == "en" ? "not calibrated" : "niet gekalibreerd");
            summary.Add(p.Scenario.Name, p.Scenario.Edition.ToString(), p.Total(p.FirstYear), p.Total(cfg.To),
                PopulationProjection.Share65Plus(last), 1 - origin[0] / origin.Sum(), PopulationProjection.HighEducationShare(last), p.MigrationScale, calibration);
            foreach (var y in p.Years.Where(y => y <= cfg.To))
            {
                var f = p.FlowsOf(y);
                years.Add(p.Scenario.Name, y.ToString(), p.Total(y), f?.TotalBirths ?? double.NaN, f?.TotalDeaths ?? double.NaN,
                    f is null ? double.NaN : f.Immigrants.Sum(), f is null ? double.NaN : f.Emigrants.Sum(), PopulationProjection.Share65Plus(p.PopulationAt(y)));
            }
        }
        section.Table(summary);
        var midden = results.FirstOrDefault(r => r.Scenario.Name == "midden") ?? results[0];
        section.Figure(Ed($"Bevolkingspiramide {midden.Scenario.Name} {cfg.To}", $"Population pyramid {midden.Scenario.Name} {cfg.To}"),
            PopulationCharts.Pyramid(midden.PopulationAt(cfg.To),
                context.Language == "en" ? $"{midden.Scenario.LabelEn}, {cfg.To} ({midden.Scenario.Edition} edition)" : $"{midden.Scenario.LabelNl}, {cfg.To} (editie {midden.Scenario.Edition})",
                format: ChartFormat.For(context.Language)), Provenance.Derived);
        section.Table(years);
        context.Report.Sections.Add(section);
    }

    /// <summary>The year whose total the engine was calibrated to (a migration factor solved to reach the published
    /// total), or null when nothing was scaled.</summary>
    public static int? CalibratedTotalYear(PopulationProjection p) =>
        p.Scenario is { CalibrationYear: int year, CalibrationTotal: not null } ? year : null;

    /// <summary>What the edition's migration factor means, and why a factor outside 0.9–1.1 remains (data/demography/README.md).</summary>
    public static string CalibrationNote(int edition, IReadOnlyList<PopulationProjection> results, bool english = false)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var calibrated = results.Where(r => r.Scenario.CalibrationYear is not null).ToList();
        if (calibrated.Count == 0)
            return english
                ? $"Edition {edition}: nothing is calibrated (migration factor 1); the published assumptions are applied as they are."
                : $"Editie {edition}: niets is gekalibreerd (migratiefactor 1); de gepubliceerde veronderstellingen worden toegepast zoals ze zijn.";
        static string Nl(string invariant) => invariant.Replace('.', ',');
        string list = string.Join(", ", calibrated.Select(p => $"{p.Scenario.Name} {(english ? p.MigrationScale.ToString("0.00", inv) : Nl(p.MigrationScale.ToString("0.00", inv)))}"));
        var outside = calibrated.Where(p => p.MigrationScale is < 0.9 or > 1.1).Select(p =>
        {
            double level = 0;
            for (int g = 1; g < p.Scenario.NetMigration.Length; g++) level += p.Scenario.NetMigration[g].ValueAt(p.Scenario.CalibrationYear!.Value);
            double diff = (p.MigrationScale - 1) * level / 1000;
            return english
                ? $"{p.Scenario.Name} (factor {p.MigrationScale.ToString("0.00", inv)} on a long-run level of {(level / 1000).ToString("0.0", inv)}k a year: {diff.ToString("+0.0;−0.0", inv)}k a year)"
                : $"{p.Scenario.Name} (factor {Nl(p.MigrationScale.ToString("0.00", inv))} op een langetermijnniveau van {Nl((level / 1000).ToString("0.0", inv))} duizend per jaar: {Nl(diff.ToString("+0.0;−0.0", inv))} duizend per jaar)";
        }).ToList();
        if (english)
            return $"Edition {edition}: only the 2050 totals are published, so each variant keeps the 2020 edition's assumptions from the observed 2023 start, and one factor on its long-run first-generation net migration is solved so that the 2050 total equals the published one (1 = the 2020 edition's level reaches it): {list}."
                + (outside.Count == 0 ? "" : " Outside 0.9–1.1: " + string.Join("; ", outside) + ". The factor is relative: on a small long-run level a small absolute difference is a large factor. "
                   + "These are the variants whose 2020-edition totals are furthest from the published ones in the same direction; the 2024 edition's own assumptions per variant are not public here (data/demography/README.md, 'Calibration and published targets').");
        return $"Editie {edition}: alleen de totalen voor 2050 zijn gepubliceerd; daarom houdt elke variant de veronderstellingen van de editie 2020 aan vanaf de waargenomen start in 2023, en wordt één factor op het langetermijnsaldo van de eerste generatie opgelost zodat het totaal in 2050 gelijk is aan het gepubliceerde (1 = het niveau van de editie 2020 haalt het): {list}."
            + (outside.Count == 0 ? "" : " Buiten 0,9–1,1: " + string.Join("; ", outside) + ". De factor is relatief: op een klein langetermijnniveau is een klein absoluut verschil een grote factor. "
               + "Het zijn de varianten waarvan ook de totalen van de editie 2020 het verst van de gepubliceerde liggen, in dezelfde richting; de eigen veronderstellingen van de editie 2024 per variant zijn hier niet openbaar (data/demography/README.md).");
    }
}
