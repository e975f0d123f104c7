using Cohesion.Presentation.Charts;
using Cohesion.Data;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.Synthetic;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "measure": the four dimensions and their indicators today, nationally and by group
/// (the same library call as <c>cohesion measure</c>), with disclosure control on every cell.</summary>
public sealed class MeasureStage : IReportStage
{
    public string Id => "measure";
    public Localized Name => ("Meten: vier dimensies", "Measure: four dimensions");

    public void Run(ReportContext context)
    {
        var cfg = context.Config.Survey;
        string dataPath = cfg.Data ?? SurveyDefaultFile.DefaultPath;
        var framework = FrameworkLoader.Resolve(cfg.Framework);
        var frame = DatasetLoader.Load(dataPath);
        if (File.Exists(dataPath)) context.Manifest.AddInput(dataPath);
        if (framework.Source is not null && File.Exists(framework.Source)) context.Manifest.AddInput(framework.Source);
        context.Progress(0.2);

        var by = cfg.By.Where(b => frame.Contains(b)).ToArray();
        var options = new MeasureOptions
        {
            By = [],
            Weight = cfg.Weight, Strata = cfg.Strata,
            // every estimate is a share: the interval on the logit scale stays inside 0–100% (svyciprop(method = "logit"))
            Ci = CiMethod.Logit,
            Clusters = cfg.Cluster is null ? [] : cfg.Cluster.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Disclosure = new DisclosureRule(context.Config.MinCellSize)
        };
        var national = Pipeline.MeasureStep.Run(framework, frame, options);
        context.Results.MeasureNational = national;
        var meta = SurveyDefaultFile.ReadMetadata(dataPath);
        bool synthetic = meta is { Synthetic: true };
        context.Manifest.Parameters["measure.data"] = cfg.Data ?? "built-in synthetic survey";
        context.Manifest.Parameters["measure.framework"] = framework.Id;
        context.Manifest.Parameters["measure.design"] = national.Design.Describe();

        var section = new ReportSection("measure", ("Sociale samenhang nu", "Social cohesion today"));
        if (synthetic)
            section.Synthetic(
                (meta!.CaptionNl ?? "Synthetische gegevens") + ". De cijfers tonen hoe het instrument werkt; ze zijn geen nieuwe metingen.",
                (meta.CaptionEn ?? "Synthetic data") + ". The figures show how the instrument works; they are not new measurements.");
        section.Paragraph(
            $"Schattingen met het steekproefontwerp ({national.Design.Describe()}), Taylor-gelineariseerde standaardfouten zoals R survey, 95%-betrouwbaarheidsintervallen op de logitschaal (zoals svyciprop, method = \"logit\"; ze blijven binnen 0–100%). "
            + $"Dimensiescore = gemiddelde van de geldige 0/1-indicatoren van een respondent. Cellen op minder dan {context.Config.MinCellSize} respondenten zijn onderdrukt.",
            $"Estimates with the sampling design ({national.Design.Describe()}), Taylor-linearised standard errors as R survey, 95% confidence intervals on the logit scale (as svyciprop, method = \"logit\"; they stay within 0–100%). "
            + $"Dimension score = mean of a respondent's valid 0/1 indicators. Cells on fewer than {context.Config.MinCellSize} respondents are suppressed.");

        var command = $"cohesion measure{(cfg.Data is null ? "" : " --data " + cfg.Data)} --ci logit --format csv";
        var source = new Localized(command, command);
        // on the built-in survey, the cells that equal a published figure by construction are marked: calibration, not findings
        var calibrated = synthetic ? CalibratedCells(framework) : new HashSet<(string, string?, string?)>();
        context.Results.MeasureProvenance = synthetic ? Provenance.Synthetic : Provenance.Real;
        context.Results.CalibratedCells.UnionWith(calibrated);
        string Calibration(MeasureRow r, string? byColumn) =>
            calibrated.Contains((r.Variable, byColumn, r.Group)) ? (context.Language == "en" ? "calibrated target (equal by construction; see Validation)" : "kalibratiedoel (gelijk door constructie; zie Validatie)") : "";
        var nat = NewTable("measure_national", ("Landelijk: dimensies en indicatoren", "National: dimensions and indicators"), includeGroup: false, source, synthetic);
        foreach (var r in national.Rows) AddRow(nat, r, context.Language, includeGroup: false, calibration: Calibration(r, null));
        section.Table(nat);
        context.Progress(0.4);

        for (int b = 0; b < by.Length; b++)
        {
            var result = Pipeline.MeasureStep.Run(framework, frame, options with { By = [by[b]] });
            context.Results.MeasureBy[by[b]] = result;
            framework.Groups.TryGetValue(by[b], out var display);
            var column = GroupColumnLabels.Of(by[b]);
            var dims = framework.Dimensions;
            var groups = result.Rows.Where(r => r.Group is not null).Select(r => r.Group!).Distinct().ToList();
            if (b == 0)
            {
                var values = dims.Select(d => groups.Select(g => Find(result, d.Id, g)?.Estimate ?? double.NaN).ToArray()).ToArray();
                var lo = dims.Select(d => groups.Select(g => Find(result, d.Id, g)?.CiLower ?? double.NaN).ToArray()).ToArray();
                var hi = dims.Select(d => groups.Select(g => Find(result, d.Id, g)?.CiUpper ?? double.NaN).ToArray()).ToArray();
                var fmt = ChartFormat.For(context.Language);
                var title = fmt.Text($"Vier dimensies naar {column.Nl}", $"Four dimensions by {column.En}");
                var svg = GroupedBarChart.Render(title,
                    dims.Select(d => fmt.Text(d.LabelNl, d.LabelEn)).ToList(),
                    groups.Select(g => display?.LabelOf(g, context.Language) ?? g).ToList(), values, v => fmt.Percent(v, 0), lo, hi, max: 1.0);
                section.Figure(($"Vier dimensies naar {column.Nl} (met 95%-BI)", $"Four dimensions by {column.En} (with 95% CI)"), svg, synthetic ? Provenance.Synthetic : Provenance.Real, "measure_by_" + Slug(by[b]));
            }
            var t = NewTable("measure_by_" + Slug(by[b]), ($"Naar {column.Nl}", $"By {column.En}"), includeGroup: true,
                new Localized(source.Nl.Replace("--format", $"--by {by[b]} --format"), source.En.Replace("--format", $"--by {by[b]} --format")), synthetic);
            foreach (var r in result.Rows.Where(r => r.Group is not null)) AddRow(t, r, context.Language, includeGroup: true, display, Calibration(r, by[b]));
            section.Table(t);
            context.Progress(0.4 + 0.6 * (b + 1) / by.Length);
        }
        context.Report.Sections.Add(section);
    }

    private static MeasureRow? Find(MeasureResult r, string variable, string group) =>
        r.Rows.FirstOrDefault(x => x.Variable == variable && x.Group == group);

    /// <summary>(indicator id, grouping column or null, group level or null) of every cell the synthetic survey is
    /// calibrated to: a published target on one column, everyone or one level of a grouping column.</summary>
    private static HashSet<(string, string?, string?)> CalibratedCells(CohesionFramework framework)
    {
        var set = new HashSet<(string, string?, string?)>();
        foreach (var t in SurveyCalibrationTargets.All().Where(t => t.Published))
            foreach (var ind in framework.Indicators.Where(i => i.Column == t.Column))
            {
                if (t.Group.Column is null) set.Add((ind.Id, null, null));
                else if (t.Group.Levels.Length == 1) set.Add((ind.Id, t.Group.Column, t.Group.Levels[0]));
            }
        return set;
    }

    private static string Slug(string s) => new(s.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray());

    private static ReportTable NewTable(string id, Localized title, bool includeGroup, Localized source, bool synthetic)
    {
        var cols = new List<ReportColumn>
        {
            new("variable", ("Variabele", "Variable"), ColumnKind.Text),
            new("level", ("Niveau", "Level"), ColumnKind.Text),
            new("label", ("Omschrijving", "Label"), ColumnKind.Text),
        };
        if (includeGroup) cols.Add(new("group", ("Groep", "Group"), ColumnKind.Text));
        cols.AddRange([
            new("estimate", ("Aandeel", "Share"), ColumnKind.Share, 3),
            new("se", ("SE", "SE"), ColumnKind.Number, 4),
            new("ci_lower", ("95%-BI laag", "95% CI low"), ColumnKind.Share, 3),
            new("ci_upper", ("95%-BI hoog", "95% CI high"), ColumnKind.Share, 3),
            new("n", ("n", "n"), ColumnKind.Count),
            new("calibration", ("Kalibratie", "Calibration"), ColumnKind.Text)]);
        return new ReportTable(id, title, synthetic ? Provenance.Synthetic : Provenance.Real, cols) { Source = source };
    }

    private static void AddRow(ReportTable t, MeasureRow r, string lang, bool includeGroup, GroupDisplay? display = null, string calibration = "")
    {
        object? V(double v) => r.Suppressed ? SuppressedCell.Instance : v;
        var cells = new List<object?> { r.Variable, r.Level == MeasureLevel.Dimension ? "dimension" : "indicator", lang == "en" ? r.LabelEn : r.LabelNl };
        if (includeGroup) cells.Add(display?.LabelOf(r.Group!, lang) ?? r.Group);
        cells.AddRange([V(r.Estimate), V(r.StandardError), V(r.CiLower), V(r.CiUpper), r.N, calibration]);
        t.Add(cells.ToArray());
    }
}
