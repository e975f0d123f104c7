using Cohesion.Framework;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "findings": runs last and puts the <i>Kernboodschappen / Key findings</i> section first —
/// sentences generated from the other stages' results (<see cref="KeyFindings"/>), each with its numbers, a link to
/// its section and its provenance.</summary>
public sealed class FindingsStage : IReportStage
{
    public string Id => "findings";
    public Localized Name => ("Kernboodschappen", "Key findings");

    public void Run(ReportContext context)
    {
        var framework = FrameworkLoader.Resolve(context.Config.Survey.Framework);
        var findings = KeyFindings.From(context.Results, context.Config, framework);
        var section = new ReportSection(KeyFindings.SectionId, ("Kernboodschappen", "Key findings"));
        section.Paragraph(
            "Deze zinnen zijn uit de resultaten van deze run gemaakt; elke zin verwijst naar zijn hoofdstuk en zegt of hij op echte, synthetische of afgeleide gegevens rust. "
            + "Cijfers die door kalibratie gelijk zijn aan een gepubliceerd cijfer, zijn geen bevinding en staan hier niet.",
            "These sentences are generated from this run's results; each links to its section and says whether it rests on real, synthetic or derived data. "
            + "Figures that equal a published figure by calibration are not findings and are not listed here.");
        section.Blocks.Add(new FindingsBlock(findings));
        context.Report.Sections.Insert(0, section);
    }
}
