namespace Cohesion.Reporting;

/// <summary>The stages of the main job in pipeline order: measure → europe → population → validation (its section placed after the introduction) → simulate → neighbourhoods → meta → findings (its section placed first).</summary>
public static class ReportStages
{
    public static IReadOnlyList<IReportStage> Default() => [new SourcesStage(), new Stages.MeasureStage(), new Stages.EuropeStage(), new Stages.PopulationStage(), new Stages.ValidationStage(), new Stages.SimulationStage(), new Stages.NeighbourhoodsStage(), new Stages.MetaStage(), new Stages.FindingsStage()];

    /// <summary>Opening section: what the report is and which data are real or synthetic.</summary>
    private sealed class SourcesStage : IReportStage
    {
        public string Id => "intro";
        public Localized Name => ("Inleiding", "Introduction");

        public void Run(ReportContext context)
        {
            var s = new ReportSection("intro", ("Over dit rapport", "About this report"));
            s.Paragraph(
                "Dit rapport meet sociale samenhang op de vier SCP-dimensies (sociaal vertrouwen, sociale participatie, institutioneel vertrouwen, politieke participatie), "
                + "projecteert die tot 2050 onder de acht NIDI/CBS-bevolkingsscenario's en maatschappelijke en beleidsscenario's, en vat buurtanalyses en de literatuur samen.",
                "This report measures social cohesion on SCP's four dimensions (social trust, social participation, institutional trust, political participation), "
                + "projects it to 2050 under the eight NIDI/CBS population scenarios and societal and policy scenarios, and summarises neighbourhood analyses and the literature.");
            context.Report.Sections.Add(s);
            var sources = DefaultData.PathOf("SOURCES.md");
            if (File.Exists(sources)) context.Manifest.AddInput(sources);
        }
    }
}
