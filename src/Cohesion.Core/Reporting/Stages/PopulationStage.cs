using Cohesion.Demography;
using Cohesion.Demography.Charts;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "population": the NIDI/CBS scenarios projected with the cohort-component engine (the same
/// library call as <c>cohesion population</c>). Projections are shared with the simulation stage.</summary>
public sealed class PopulationStage : IReportStage
{
    public string Id => "population";
    public Localized Name => ("Bevolking: scenario's", "Population: scenarios");

    public void Run(ReportContext context)
    {
        var cfg = context.Config.Population;
        if (!int.TryParse(cfg.Edition, out int edition) || edition is not (2020 or 2024))
            throw new Cohesion.Statistics.CohesionException($"population edition must be 2020 or 2024, not '{cfg.Edition}'", column: "population.edition");
        var scenarios = cfg.ScenarioFile is not null
            ? [ScenarioLoader.Load(cfg.ScenarioFile)]
            : cfg.Scenarios.Select(n => ScenarioCatalog.Load(n, edition)).ToList();
        foreach (var s in scenarios) if (s.SourceFile is not null && File.Exists(s.SourceFile)) context.Manifest.AddInput(s.SourceFile);
        foreach (var f in new[] { DefaultData.PathOf("real", "wpp-netherlands-age"), ScenarioLoader.AssumptionsPath })
            if (File.Exists(f) || Directory.Exists(f)) context.Manifest.AddInput(f);
        context.Manifest.Parameters["population.edition"] = edition.ToString();
        context.Manifest.Parameters["population.scenarios"] = string.Join(",", scenarios.Select(s => s.Name));
        context.Manifest.Parameters["population.to"] = cfg.To.ToString();

        var engine = ProjectionEngine.CreateDefault();
        var results = new PopulationProjection[scenarios.Count];
        int done = 0;
        Parallel.For(0, scenarios.Count, i =>
        {
            results[i] = engine.Run(scenarios[i], cfg.To + 1);
            context.Progress((double)Interlocked.Increment(ref done) / scenarios.Count);
        });
        context.Shared["population.projections"] = results;

        var section = new ReportSection("population", ("Bevolking tot " + cfg.To, "Population to " + cfg.To));
        section.Paragraph(
            "Cohort-componentenprojectie naar leeftijd (0–100+), geslacht, herkomst (7 groepen) en opleiding onder de NIDI/CBS-scenario's. "
            + "Leeftijd × geslacht komt uit UN WPP 2024 (echt); de verdeling naar herkomst en opleiding in het basisjaar is een gedocumenteerde benadering.",
            "Cohort-component projection by age (0–100+), sex, origin (7 groups) and education under the NIDI/CBS scenarios. "
            + "Age × sex comes from UN WPP 2024 (real); the base-year split by origin and education is a documented approximation.");

        var totalsSvg = PopulationCharts.Totals(
            results.Select(p => (p.Scenario.Name, p.Years.Where(y => y <= cfg.To).ToArray(), p.Years.Where(y => y <= cfg.To).Select(p.Total).ToArray())).ToList(),
            context.Language == "en" ? "Population on 1 January by scenario" : "Bevolking op 1 januari per scenario");
        section.Figure(("Bevolking per scenario", "Population by scenario"), totalsSvg, "population_summary");

        var summary = new ReportTable("population_summary", ($"Samenvatting {cfg.To}", $"Summary {cfg.To}"),
        [
            new ReportColumn("scenario", ("Scenario", "Scenario"), ColumnKind.Text),
            new ReportColumn("edition", ("Editie", "Edition"), ColumnKind.Text),
            new ReportColumn("base_total", ("Basisjaar", "Base year"), ColumnKind.Count),
            new ReportColumn("total", ($"Totaal {cfg.To}", $"Total {cfg.To}"), ColumnKind.Count),
            new ReportColumn("share_65plus", ("Aandeel 65+", "Share 65+"), ColumnKind.Share, 3),
            new ReportColumn("share_migration_background", ("Aandeel migratieachtergrond", "Share migration background"), ColumnKind.Share, 3),
            new ReportColumn("share_high_education", ("Aandeel hbo/wo (15–74)", "Share hbo/wo (15–74)"), ColumnKind.Share, 3),
        ]) { Source = ($"cohesion population --scenario all --edition {edition} --to {cfg.To}", $"cohesion population --scenario all --edition {edition} --to {cfg.To}") };
        var years = new ReportTable("population_years", ("Bevolking per jaar en scenario", "Population by year and scenario"),
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
            summary.Add(p.Scenario.Name, p.Scenario.Edition.ToString(), p.Total(p.FirstYear), p.Total(cfg.To),
                PopulationProjection.Share65Plus(last), 1 - origin[0] / origin.Sum(), PopulationProjection.HighEducationShare(last));
            foreach (var y in p.Years.Where(y => y <= cfg.To))
            {
                var f = p.FlowsOf(y);
                years.Add(p.Scenario.Name, y.ToString(), p.Total(y), f?.TotalBirths ?? double.NaN, f is null ? double.NaN : f.Deaths.Sum(),
                    f is null ? double.NaN : f.Immigrants.Sum(), f is null ? double.NaN : f.Emigrants.Sum(), PopulationProjection.Share65Plus(p.PopulationAt(y)));
            }
        }
        section.Table(summary);
        var midden = results.FirstOrDefault(r => r.Scenario.Name == "midden") ?? results[0];
        section.Figure(($"Bevolkingspiramide {midden.Scenario.Name} {cfg.To}", $"Population pyramid {midden.Scenario.Name} {cfg.To}"),
            PopulationCharts.Pyramid(midden.PopulationAt(cfg.To), $"{midden.Scenario.LabelNl} / {midden.Scenario.LabelEn}, {cfg.To}"));
        section.Table(years);
        context.Report.Sections.Add(section);
    }
}
