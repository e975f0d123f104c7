using Cohesion.Data;
using Cohesion.Neighbourhoods;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "neighbourhoods": the diversity–cohesion analysis of buurten (pooled OLS, two-way FE,
/// mixed model, Gelbach decomposition), real-data analyses and the map — the same library calls as
/// <c>cohesion neighbourhoods</c>.</summary>
public sealed class NeighbourhoodsStage : IReportStage
{
    public string Id => "neighbourhoods";
    public Localized Name => ("Buurten: diversiteit en samenhang", "Neighbourhoods: diversity and cohesion");

    public void Run(ReportContext context)
    {
        var cfg = context.Config.Neighbourhoods;
        NeighbourhoodReport main;
        if (cfg.Data is null)
        {
            var panel = SyntheticBuurtPanel.Generate(SyntheticBuurtPanel.DefaultSeed);
            main = NeighbourhoodAnalyses.BuiltIn(SyntheticBuurtPanel.DefaultSeed, mixed: true, panel);
        }
        else
        {
            var panel = DatasetLoader.Load(cfg.Data);
            if (File.Exists(cfg.Data)) context.Manifest.AddInput(cfg.Data);
            main = NeighbourhoodAnalyses.OwnData(panel, new DiversityCohesionSpec(), cfg.Data);
        }
        context.Results.Neighbourhoods = main;
        context.Progress(0.6);
        var reports = new List<NeighbourhoodReport> { main };
        foreach (var a in cfg.RealAnalyses)
        {
            if (!NeighbourhoodAnalyses.ReportNames.Contains(a) || a == "builtin")
                throw new Cohesion.Statistics.CohesionException($"unknown real-data analysis '{a}' (amsterdam, utrecht, rivm)", column: "neighbourhoods.real_analyses");
            reports.Add(NeighbourhoodAnalyses.Run(a));
        }
        context.Manifest.Parameters["neighbourhoods.data"] = cfg.Data ?? "built-in synthetic buurt panel";
        context.Manifest.Parameters["neighbourhoods.real_analyses"] = string.Join(",", cfg.RealAnalyses);
        foreach (var f in new[] { DefaultData.PathOf("real", "cbs-boundaries-topojson"), DefaultData.PathOf("real", "rivm-gezondheid-wijkbuurt-2016") })
            if (Directory.Exists(f)) context.Manifest.AddInput(f);

        var section = new ReportSection("neighbourhoods", ("Buurten: diversiteit en samenhang", "Neighbourhoods: diversity and cohesion"));
        if (main.Synthetic)
            section.Synthetic(
                "Het landelijke buurtpanel (ca. 11.000 buurten, 2012–2020) is synthetisch, gegenereerd uit een gedocumenteerd model met bekende effecten (data/SOURCES.md); er is geen openbaar landelijk buurtpanel.",
                "The national buurt panel (about 11,000 buurten, 2012–2020) is synthetic, generated from a documented model with known effects (data/SOURCES.md); no national neighbourhood panel is public.");
        section.Paragraph(
            "Samenhang in de buurt op diversiteit (fractionalisatie) met stapsgewijs toegevoegde controles voor sociaaleconomische status, woningvoorraad, verloedering en verhuisdynamiek. "
            + "De Gelbach-ontleding laat zien welk deel van het diversiteitseffect elke groep controles verklaart.",
            "Neighbourhood cohesion on diversity (fractionalisation) with controls added step by step for socio-economic status, housing, neglect and residential turnover. "
            + "The Gelbach decomposition shows how much of the diversity effect each group of controls explains.");

        // real and synthetic rows never share a table: the main analysis's group keeps the plain ids, the real-data
        // analyses beside a synthetic main analysis get their own tables ("_real") under a notice of their source
        foreach (var group in reports.GroupBy(r => r.Provenance).OrderBy(g => g.Key == main.Provenance ? 0 : 1))
        {
            bool mainGroup = group.Key == main.Provenance;
            string suffix = mainGroup ? "" : "_" + group.Key.Code();
            if (!mainGroup)
                section.Notice(group.Key,
                    $"De volgende tabellen rusten op echte gegevens ({string.Join(", ", group.Select(r => r.DataLabel))}), niet op het synthetische panel.",
                    $"The following tables rest on real data ({string.Join(", ", group.Select(r => r.DataLabel))}), not on the synthetic panel.");
            AddTables(section, group.ToList(), group.Key, suffix);
        }
        AddAmsterdam(context, section);
        foreach (var r in reports.Where(r => r.Map is not null).Take(2))
            section.Figure((r.Map!.TitleNl, r.Map.TitleEn), NeighbourhoodMap.Render(r.Map, format: Presentation.Charts.ChartFormat.For(context.Language)), r.Map.Provenance);
        context.Report.Sections.Add(section);
    }

    /// <summary>The real Amsterdam test of <i>Samen verschillend</i> (the same call as <c>cohesion neighbourhoods
    /// --analysis amsterdam</c>): the diversity coefficient as controls are added, per outcome and RIVM year.</summary>
    private static void AddAmsterdam(ReportContext context, ReportSection section)
    {
        if (!File.Exists(AmsterdamDiversityAnalysis.KwbPath)) return;
        var a = AmsterdamDiversityAnalysis.Run();
        context.Results.Amsterdam = a;
        context.Manifest.AddInput(AmsterdamDiversityAnalysis.KwbPath);
        foreach (var folder in a.SourceFolders.Skip(1))
            if (Directory.Exists(DefaultData.PathOf("real", folder))) context.Manifest.AddInput(DefaultData.PathOf("real", folder));
        section.Notice(Provenance.Real,
            "Amsterdam, echte gegevens: diversiteit van zeven herkomstgroepen (CBS Kerncijfers wijken en buurten 2019) per buurt naast vrijwilligerswerk en eenzaamheid (RIVM/CBS Gezondheidsmonitor 2016 en 2020), "
            + "OLS over buurten met stapsgewijs controles voor sociaaleconomische status en woningvoorraad, standaardfouten geclusterd per wijk. Een verband tussen buurten, geen effect; verloedering en verhuizingen ontbreken in deze bronnen.",
            "Amsterdam, real data: diversity of seven origin groups (CBS key figures for wijken and buurten 2019) by buurt beside volunteering and loneliness (RIVM/CBS health monitor 2016 and 2020), "
            + "OLS across buurten with controls for socio-economic status and housing added step by step, standard errors clustered by wijk. An association across buurten, not an effect; neglect and residential turnover are not in these sources.");
        var t = Presentation.Tables.NeighbourhoodTables.AmsterdamSteps(a).Select("neighbourhoods_amsterdam",
            ("Amsterdam: diversiteitscoëfficiënt bij toevoegen van controles — echte gegevens", "Amsterdam: diversity coefficient as controls are added — real data"),
        [
            new ReportColumn("outcome", ("Uitkomst (%)", "Outcome (%)"), ColumnKind.Text),
            new ReportColumn("rivm_year", ("Jaar RIVM", "RIVM year"), ColumnKind.Year),
            new ReportColumn("diversity", ("Diversiteitsmaat", "Diversity measure"), ColumnKind.Text),
            new ReportColumn("added", ("Toegevoegd", "Added"), ColumnKind.Text),
            new ReportColumn("estimate", ("Schatting", "Estimate"), ColumnKind.Number, 2),
            new ReportColumn("se", ("SE (geclusterd)", "SE (clustered)"), ColumnKind.Number, 2),
            new ReportColumn("n", ("n", "n"), ColumnKind.Count),
        ], source: ("cohesion neighbourhoods --analysis amsterdam", "cohesion neighbourhoods --analysis amsterdam"),
           note: ("Schatting = procentpunt verschil in de uitkomst per eenheid van de diversiteitsindex (0 = één groep, 1 = maximaal divers).",
                  "Estimate = percentage-point difference in the outcome per unit of the diversity index (0 = one group, 1 = maximally diverse)."));
        section.Table(t);
    }

    private static void AddTables(ReportSection section, IReadOnlyList<NeighbourhoodReport> reports, Provenance provenance, string suffix)
    {
        string label = provenance == Provenance.Synthetic ? "" : $" — {provenance.Label().Nl}";
        string labelEn = provenance == Provenance.Synthetic ? "" : $" — {provenance.Label().En}";
        // the heading names the coefficient the steps follow (the RIVM analysis follows financial hardship, not diversity)
        var foci = reports.SelectMany(r => r.StepTables.Select(st => st.Focus)).Distinct().ToList();
        bool diversity = foci.Count == 0 || foci.All(f => f.StartsWith("diversity", StringComparison.Ordinal));
        string focusNl = string.Join(", ", foci), focusEn = focusNl;
        Localized stepsTitle = diversity
            ? ("Diversiteitscoëfficiënt bij toevoegen van controles" + label, "Diversity coefficient as controls are added" + labelEn)
            : ($"Coëfficiënt van {focusNl} bij toevoegen van controles" + label, $"Coefficient of {focusEn} as controls are added" + labelEn);
        Localized gelTitle = diversity
            ? ("Gelbach-ontleding van het diversiteitseffect" + label, "Gelbach decomposition of the diversity effect" + labelEn)
            : ($"Gelbach-ontleding van het effect van {focusNl}" + label, $"Gelbach decomposition of the effect of {focusEn}" + labelEn);
        var coef = new ReportTable("neighbourhoods_models" + suffix, ("Modellen" + label, "Models" + labelEn), provenance,
        [
            new ReportColumn("analysis", ("Analyse", "Analysis"), ColumnKind.Text),
            new ReportColumn("model", ("Model", "Model"), ColumnKind.Text),
            new ReportColumn("term", ("Term", "Term"), ColumnKind.Text),
            new ReportColumn("estimate", ("Schatting", "Estimate"), ColumnKind.Number, 4),
            new ReportColumn("se", ("SE", "SE"), ColumnKind.Number, 4),
            new ReportColumn("p", ("p", "p"), ColumnKind.PValue),
            new ReportColumn("n", ("n", "n"), ColumnKind.Count),
        ]) { Source = ("cohesion neighbourhoods --format json", "cohesion neighbourhoods --format json"), Collapsed = true };
        foreach (var r in reports)
            foreach (var m in r.Regressions)
                foreach (var c in m.Result.Coefficients)
                    coef.Add(r.Analysis, m.Name, c.Term, c.Estimate, c.StdError, c.PValue, m.Result.N);
        var gel = new ReportTable("neighbourhoods_gelbach" + suffix, gelTitle, provenance,
        [
            new ReportColumn("analysis", ("Analyse", "Analysis"), ColumnKind.Text),
            new ReportColumn("decomposition", ("Ontleding", "Decomposition"), ColumnKind.Text),
            new ReportColumn("group", ("Groep controles", "Control group"), ColumnKind.Text),
            new ReportColumn("contribution", ("Bijdrage", "Contribution"), ColumnKind.Number, 4),
            new ReportColumn("se", ("SE", "SE"), ColumnKind.Number, 4),
            new ReportColumn("share", ("Aandeel van de verandering", "Share of the change"), ColumnKind.Share, 3),
        ]) { Source = coef.Source };
        foreach (var r in reports)
            foreach (var d in r.Decompositions)
            {
                gel.Add(r.Analysis, d.Name, "base → full", d.Result.TotalChange, d.Result.TotalChangeSe, 1.0);
                foreach (var g in d.Result.Groups) gel.Add(r.Analysis, d.Name, g.Name, g.Contribution, g.StdError, g.Share);
            }
        var steps = new ReportTable("neighbourhoods_steps" + suffix, stepsTitle, provenance,
        [
            new ReportColumn("analysis", ("Analyse", "Analysis"), ColumnKind.Text),
            new ReportColumn("outcome", ("Uitkomst", "Outcome"), ColumnKind.Text),
            new ReportColumn("added", ("Toegevoegd", "Added"), ColumnKind.Text),
            new ReportColumn("estimate", ("Schatting", "Estimate"), ColumnKind.Number, 4),
            new ReportColumn("se", ("SE", "SE"), ColumnKind.Number, 4),
            new ReportColumn("n", ("n", "n"), ColumnKind.Count),
        ]) { Source = coef.Source };
        foreach (var r in reports)
            foreach (var (_, outcome, _, st) in r.StepTables)
                foreach (var s in st) steps.Add(r.Analysis, outcome, s.Added, s.Estimate, s.StdError, s.N);
        // the main group's tables are always there (stable ids); the others only when they have rows
        foreach (var t in new[] { steps, gel, coef })
            if (suffix == "" || t.Rows.Count > 0) section.Table(t);
    }
}
