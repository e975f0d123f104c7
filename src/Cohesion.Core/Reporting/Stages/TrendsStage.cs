using System.Globalization;
using Cohesion.Framework;
using Cohesion.Pipeline;
using Cohesion.Presentation.Charts;
using Cohesion.Trends;

namespace Cohesion.Reporting.Stages;

/// <summary>
/// Report stage "trends": the section <i>Trends 2012–2024</i> before the projection (issue 10, item 4) — the same library
/// calls as <c>cohesion trends</c> without <c>--data</c>/<c>--series</c> (<see cref="SeriesTrends"/>), plus the quarterly
/// trust in the Tweede Kamer (<see cref="CbsSeries.Quarterly"/>) and the real VU panel (<see cref="VuPanel"/>):
/// each dimension's national CBS series with its sources and logit trends, the education gap where the series has
/// education groups, trust in the Tweede Kamer per quarter 2018–2022, institutional trust by education in the VU panel
/// (wave 0 vs wave 4, paired), and the split of the observed change into composition and within-group parts
/// (<see cref="SocietalEstimation"/>), whose within-group trends are the projection's societal scenario <c>estimated</c>.
/// The series, fits, quarters and panel estimates are real; the split is derived. It fits the group models once and
/// leaves them in <see cref="ReportResults.SimulationBasis"/> for the simulation stage.
/// </summary>
public sealed class TrendsStage : IReportStage
{
    public string Id => "trends";
    public Localized Name => ("Trends 2012–2024", "Trends 2012–2024");

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly ChartFormat Nl = ChartFormat.Dutch, En = ChartFormat.English;
    private const string RealBadgeNl = "ECHT (gepubliceerde CBS-cijfers)", RealBadgeEn = "REAL (published CBS figures)";

    public void Run(ReportContext context)
    {
        var survey = context.Config.Survey;
        var basis = context.Results.SimulationBasis ??= SimulationBasis.Fit(survey.Data, survey.Framework);
        context.Progress(0.3);
        var outcome = SeriesTrends.Run(new SeriesTrendsRequest { Societal = true, Models = basis.Models, Survey = survey.Data });
        context.Results.Trends = outcome;
        context.Manifest.AddInput(CbsSeries.Folder);
        context.Progress(0.5);
        string lang = context.Language;
        bool en = lang == "en";
        var labels = FrameworkLoader.LoadDefault();
        string Label(string series) => IndicatorLabel(labels, series, lang);

        var section = new ReportSection("trends", ("Trends 2012–2024", "Trends 2012–2024"));
        section.Notice(Provenance.Real,
            $"Echte gepubliceerde cijfers (herkomst: real): {CbsSeries.Caption}. Elke waarde noemt haar bron (tabel trends_series). "
            + "De trends zijn per indicator en groep op logitschaal gefit (lm(qlogis(waarde/100) ~ jaar), ongewogen tenzij de reeks n of se geeft). "
            + "De splitsing van de verandering in samenstelling en binnen groepen is afgeleid (derived).",
            $"Real published figures (provenance: real): {CbsSeries.Caption}. Every value names its source (table trends_series). "
            + "The trends are fitted per indicator and group on the logit scale (lm(qlogis(value/100) ~ year), unweighted unless the series gives n or se). "
            + "The split of the change into composition and within groups is derived.");
        var series = outcome.Series;
        var cbsSource = new Localized("cohesion trends --format csv", "cohesion trends --format csv");

        // each dimension's national series
        bool National(string group) => SocietalEstimation.ParseGroup(group)?.IsNational == true;
        var national = series with
        {
            Points = series.Points.Where(p => National(p.Group)).ToList(),
            Trends = series.Trends.Where(t => National(t.Group)).ToList(),
        };
        foreach (var dim in series.Points.Select(p => p.Dimension).Distinct())
        {
            var inDim = national with
            {
                Points = national.Points.Where(p => p.Dimension == dim).ToList(),
                Trends = national.Trends.Where(t => national.Points.Any(p => p.Dimension == dim && p.Indicator == t.Indicator)).ToList(),
            };
            var panels = TrendCharts.Panels(inDim, Label);
            if (panels.Count == 0) continue;
            var d = labels.Dimensions.FirstOrDefault(x => x.Id == dim);
            var (dimNl, dimEn) = d is null ? (dim ?? "—", dim ?? "—") : (d.LabelNl, d.LabelEn);
            section.Figure(($"{dimNl}: landelijke reeksen {Years(inDim)} (CBS, met trend op logitschaal)", $"{dimEn}: national series {Years(inDim)} (CBS, with the logit-scale trend)"),
                TrendCharts.Render(en ? $"{dimEn}, Netherlands" : $"{dimNl}, Nederland", panels, SourcesOf(inDim.Points), en ? RealBadgeEn : RealBadgeNl, format: en ? En : Nl),
                Provenance.Real, "trends_series");
        }

        var fits = new ReportTable("trends_fits", ("Trends op logitschaal per indicator en groep (per jaar)", "Trends on the logit scale by indicator and group (per year)"), Provenance.Real,
        [
            new("indicator", ("Indicator", "Indicator"), ColumnKind.Text),
            new("series", ("Reeks", "Series"), ColumnKind.Text),
            new("group", ("Groep", "Group"), ColumnKind.Text),
            new("from", ("Van", "From"), ColumnKind.Text),
            new("to", ("Tot", "To"), ColumnKind.Text),
            new("points", ("Jaren", "Years"), ColumnKind.Count),
            new("slope", ("Helling (logit/jaar)", "Slope (logit/year)"), ColumnKind.Number, 4),
            new("se", ("SE", "SE"), ColumnKind.Number, 4),
            new("weights", ("Gewichten", "Weights"), ColumnKind.Text),
        ])
        {
            Source = cbsSource,
            Note = ("Gefit op echte gepubliceerde cijfers (real): coef(lm(qlogis(waarde/100) ~ jaar)) per indicator en groep; zonder SE bij twee jaren.",
                    "Fitted to real published figures (real): coef(lm(qlogis(value/100) ~ year)) per indicator and group; no SE with two years."),
        };
        foreach (var t in series.Trends)
            fits.Add(Label(t.Indicator), t.Indicator, t.Group, Year(t.From), Year(t.To), t.Points, t.Slope, Finite(t.StandardError), t.Weighting);
        section.Table(fits);

        // the education gap, where a series has education groups
        foreach (var ind in series.Points.Select(p => p.Indicator).Distinct())
        {
            var eduGroups = series.Points.Where(p => p.Indicator == ind && SocietalEstimation.ParseGroup(p.Group)?.Education is not null).Select(p => p.Group).Distinct().ToList();
            var byEdu = series with
            {
                Points = series.Points.Where(p => p.Indicator == ind && (eduGroups.Contains(p.Group) || National(p.Group))).ToList(),
                Trends = series.Trends.Where(t => t.Indicator == ind && (eduGroups.Contains(t.Group) || National(t.Group))).ToList(),
            };
            var panels = TrendCharts.Panels(byEdu, Label);
            if (eduGroups.Count == 0 || panels.Count == 0 || panels[0].Lines.Count < 2) continue;
            section.Figure(($"{IndicatorLabel(labels, ind, "nl")} naar opleiding {Years(byEdu)} (CBS)", $"{IndicatorLabel(labels, ind, "en")} by education {Years(byEdu)} (CBS)"),
                TrendCharts.Render(en ? $"{Label(ind)} by education" : $"{Label(ind)} naar opleiding", panels, SourcesOf(byEdu.Points), en ? RealBadgeEn : RealBadgeNl, columns: 1, format: en ? En : Nl),
                Provenance.Real, "trends_series");
            if (EducationGap(series.Points, ind) is { Count: >= 2 } gaps)
                section.Paragraph(
                    $"Opleidingskloof bij '{IndicatorLabel(labels, ind, "nl")}' ({gaps[0].High} min {gaps[0].Low}, procentpunt): "
                    + string.Join(", ", gaps.Select(g => $"{Nl.Number(g.Gap)} in {g.Year}")) + ". De groepen volgen de indeling van de bron; jaren met een andere indeling staan in de figuur maar niet in deze reeks.",
                    $"Education gap in '{IndicatorLabel(labels, ind, "en")}' ({gaps[0].High} minus {gaps[0].Low}, percentage points): "
                    + string.Join(", ", gaps.Select(g => $"{En.Number(g.Gap)} in {g.Year}")) + ". The groups follow the source's classification; years with another classification are in the figure but not in this series.");
        }

        var values = new ReportTable("trends_series", ("Gepubliceerde reeksen met bron (%)", "Published series with source (%)"), Provenance.Real,
        [
            new("indicator", ("Indicator", "Indicator"), ColumnKind.Text),
            new("series", ("Reeks", "Series"), ColumnKind.Text),
            new("group", ("Groep", "Group"), ColumnKind.Text),
            new("year", ("Jaar", "Year"), ColumnKind.Text),
            new("value", ("Waarde (%)", "Value (%)"), ColumnKind.Number, 1),
            new("source", ("Bron", "Source"), ColumnKind.Text),
            new("note", ("Opmerking", "Note"), ColumnKind.Text),
        ]) { Source = new Localized(series.Source, series.Source), Collapsed = true };
        foreach (var p in series.Points)
            values.Add(Label(p.Indicator), p.Indicator, p.Group, Year(p.Year), p.Value, p.Source, p.Note ?? "");
        section.Table(values);
        context.Progress(0.6);

        QuarterlyTrust(section, lang);
        context.Progress(0.7);
        VuPanelPart(context, section);
        context.Progress(0.9);
        if (outcome.Societal is { } soc) CompositionSplit(section, soc, basis.Synthetic, Label);
        context.Report.Sections.Add(section);
    }

    /// <summary>The label of a series indicator: the built-in framework's label of the indicator it maps to, else its id.</summary>
    public static string IndicatorLabel(CohesionFramework fw, string series, string lang)
    {
        var id = SocietalEstimation.CbsAliases.TryGetValue(series, out var alias) ? alias : series;
        var ind = fw.Indicators.FirstOrDefault(i => i.Id == id);
        return ind is null ? series : lang == "en" ? ind.LabelEn : ind.LabelNl;
    }

    /// <summary>The gap between the high and low education group of an indicator per year, in percentage points: of
    /// each level the group with the most years (the source's usual classification), in the years both have.</summary>
    public static IReadOnlyList<(int Year, string Low, string High, double Gap)> EducationGap(IReadOnlyList<SeriesPoint> points, string indicator)
    {
        string? Pick(string level) => points.Where(p => p.Indicator == indicator && SocietalEstimation.ParseGroup(p.Group)?.Education == level)
            .GroupBy(p => p.Group).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        if (Pick("low") is not { } low || Pick("high") is not { } high) return [];
        var lows = points.Where(p => p.Indicator == indicator && p.Group == low).ToDictionary(p => p.Year, p => p.Value);
        return points.Where(p => p.Indicator == indicator && p.Group == high && lows.ContainsKey(p.Year)).OrderBy(p => p.Year)
            .Select(p => ((int)p.Year, low, high, p.Value - lows[p.Year])).ToList();
    }

    private static void QuarterlyTrust(ReportSection section, string lang)
    {
        bool en = lang == "en";
        var q = CbsSeries.Quarterly();
        var (tkNl, tkEn) = ("Tweede Kamer", "Tweede Kamer (Dutch parliament)");
        var (polNl, polEn) = ("politici", "politicians");
        var panel = new TrendPanel(en ? "Trust in the Tweede Kamer and in politicians (%)" : "Vertrouwen in de Tweede Kamer en in politici (%)",
        [
            new TrendLine(en ? tkEn : tkNl, q.Select(x => (x.Year, x.TweedeKamer)).ToList(), []),
            new TrendLine(en ? polEn : polNl, q.Select(x => (x.Year, x.Politicians)).ToList(), []),
        ]);
        string first = q[0].Quarter, last = q[^1].Quarter;
        section.Figure(($"Vertrouwen in de Tweede Kamer en in politici per kwartaal, {first}–{last} (CBS)", $"Trust in the Tweede Kamer and in politicians per quarter, {first}–{last} (CBS)"),
            TrendCharts.Render(en ? "Trust per quarter, Netherlands 15+" : "Vertrouwen per kwartaal, Nederland 15+", [panel],
                "CBS, nl_trust_parliament_politicians_quarterly_2018_2022.csv (SOURCE.md)", en ? RealBadgeEn : RealBadgeNl, columns: 1, format: en ? En : Nl),
            Provenance.Real, "trends_quarterly");
        double peak = q.Max(x => x.TweedeKamer);
        var peaks = q.Where(x => x.TweedeKamer == peak).Select(x => x.Quarter).ToList();
        section.Paragraph(
            $"Vertrouwen in de Tweede Kamer: {Pct(q[0].TweedeKamer, Nl)} in {first}, een piek van {Pct(peak, Nl)} in {string.Join(" en ", peaks)} (het begin van de coronacrisis), "
            + $"daarna een daling tot {Pct(q[^1].TweedeKamer, Nl)} in {last}: {Nl.Number(peak - q[^1].TweedeKamer, 1)} procentpunt onder de piek. Vertrouwen in politici volgt hetzelfde patroon ({Pct(q.Max(x => x.Politicians), Nl)} op zijn hoogst, {Pct(q[^1].Politicians, Nl)} in {last}).",
            $"Trust in the Tweede Kamer: {Pct(q[0].TweedeKamer, En)} in {first}, a peak of {Pct(peak, En)} in {string.Join(" and ", peaks)} (the start of the COVID crisis), "
            + $"then a fall to {Pct(q[^1].TweedeKamer, En)} in {last}: {En.Number(peak - q[^1].TweedeKamer, 1)} percentage points below the peak. Trust in politicians follows the same pattern ({Pct(q.Max(x => x.Politicians), En)} at its highest, {Pct(q[^1].Politicians, En)} in {last}).");
        var t = new ReportTable("trends_quarterly", ("Vertrouwen in de Tweede Kamer en in politici per kwartaal (%)", "Trust in the Tweede Kamer and in politicians per quarter (%)"), Provenance.Real,
        [
            new("quarter", ("Kwartaal", "Quarter"), ColumnKind.Text),
            new("trust_tweede_kamer", ("Tweede Kamer (%)", "Tweede Kamer (%)"), ColumnKind.Number, 1),
            new("trust_politicians", ("Politici (%)", "Politicians (%)"), ColumnKind.Number, 1),
        ]) { Source = new Localized("data/real/cbs-ssw-national-trends/nl_trust_parliament_politicians_quarterly_2018_2022.csv", "data/real/cbs-ssw-national-trends/nl_trust_parliament_politicians_quarterly_2018_2022.csv"), Collapsed = true };
        foreach (var x in q) t.Add(x.Quarter, x.TweedeKamer, x.Politicians);
        section.Table(t);
    }

    private static void VuPanelPart(ReportContext context, ReportSection section)
    {
        string lang = context.Language;
        bool en = lang == "en";
        var r = VuPanel.Run();
        context.Results.VuPanel = r;
        context.Manifest.AddInput(VuPanel.Folder);
        var fw = VuPanel.InstitutionalTrust();
        var groups = fw.Groups["education3"];
        string GroupLabel(string? g) => g is null ? (en ? "everyone" : "iedereen") : groups.LabelOf(g);
        string VarLabel(string v) => r.Labels.TryGetValue(v, out var l) ? (en ? l.En : l.Nl) : v;
        const string dim = "institutional_trust";
        var lines = r.Waves.Where(w => w.Variable == dim && !w.Suppressed).GroupBy(w => w.Group)
            .Select(g => new TrendLine(GroupLabel(g.Key), g.OrderBy(w => w.Year).Select(w => (w.Year, 100 * w.Estimate)).ToList(), [])).ToList();
        section.Paragraph(
            "Het echte VU-kiezerspanel 2021 volgt dezelfde mensen van golf 0 (13–27 januari 2021) tot golf 4 (19 maart – 6 april 2021), die de elf vragen over institutioneel vertrouwen letterlijk herhaalt. "
            + "Alleen wie aan beide golven meedeed telt mee; de persoon is het cluster, dus de verschillen zijn gepaard en hun SE houdt rekening met dezelfde mensen in beide golven. Ongewogen (het bestand heeft geen gewichten).",
            "The real VU election panel 2021 follows the same people from wave 0 (13–27 January 2021) to wave 4 (19 March – 6 April 2021), which repeats the eleven institutional-trust items word for word. "
            + "Only people in both waves count; the person is the cluster, so the differences are paired and their SE accounts for the same people in both waves. Unweighted (the file has no weights).");
        section.Figure(($"{VarLabel(dim)} naar opleiding, VU-panel golf 0 (jan 2021) en golf 4 (mrt–apr 2021)", $"{VarLabel(dim)} by education, VU panel wave 0 (Jan 2021) and wave 4 (Mar–Apr 2021)"),
            TrendCharts.Render(en ? "Institutional trust by education (x: wave)" : "Institutioneel vertrouwen naar opleiding (x: golf)",
                [new TrendPanel(VarLabel(dim), lines)], VuPanel.Caption, en ? "REAL (VU panel microdata)" : "ECHT (microdata VU-panel)", columns: 1, format: en ? En : Nl),
            Provenance.Real, "trends_vu_panel");
        var t = new ReportTable("trends_vu_panel", ("Institutioneel vertrouwen naar opleiding: golf 0 en golf 4 van het VU-panel, gepaard", "Institutional trust by education: wave 0 and wave 4 of the VU panel, paired"), Provenance.Real,
        [
            new("variable", ("Maat", "Measure"), ColumnKind.Text),
            new("education", ("Opleiding", "Education"), ColumnKind.Text),
            new("n", ("n (golf 0)", "n (wave 0)"), ColumnKind.Count),
            new("wave0", ("Golf 0 (jan 2021)", "Wave 0 (Jan 2021)"), ColumnKind.Share, 3),
            new("se0", ("SE golf 0", "SE wave 0"), ColumnKind.Number, 4),
            new("wave4", ("Golf 4 (mrt–apr 2021)", "Wave 4 (Mar–Apr 2021)"), ColumnKind.Share, 3),
            new("se4", ("SE golf 4", "SE wave 4"), ColumnKind.Number, 4),
            new("difference", ("Verschil (gepaard)", "Difference (paired)"), ColumnKind.Number, 4),
            new("se_difference", ("SE verschil", "SE difference"), ColumnKind.Number, 4),
            new("p", ("p", "p"), ColumnKind.Number, 3),
        ])
        {
            Source = new Localized("data/real/vu-election-panel-2021/wave0.csv + wave4.csv", "data/real/vu-election-panel-2021/wave0.csv + wave4.csv"),
            Note = ("Aandeel met vertrouwen 6 of hoger op 0–10; svydesign(ids=~iisID) op de gestapelde golven, verschil via svycontrast.",
                    "Share with trust 6 or more on 0–10; svydesign(ids=~iisID) on the stacked waves, difference by svycontrast."),
        };
        foreach (var c in r.Contrasts.Where(c => c.From == r.Years[0] && c.To == r.Years[^1]))
        {
            var a = r.Waves.Single(w => w.Variable == c.Variable && w.Group == c.Group && w.Year == c.From);
            var b = r.Waves.Single(w => w.Variable == c.Variable && w.Group == c.Group && w.Year == c.To);
            t.Add(VarLabel(c.Variable), GroupLabel(c.Group), a.N, a.Estimate, a.StandardError, b.Estimate, b.StandardError, c.Difference, c.StandardError, c.P);
        }
        section.Table(t);
    }

    private static void CompositionSplit(ReportSection section, SocietalEstimate soc, bool syntheticModels, Func<string, string> label)
    {
        int within = soc.Splits.Count(x => Math.Abs(x.Within) > Math.Abs(x.Composition));
        section.Paragraph(
            $"Wat betekent de verandering {soc.From}–{soc.To}? Per indicator is de waargenomen landelijke verandering gesplitst in het deel dat de veranderde bevolkingssamenstelling "
            + "(opleiding, leeftijd, herkomst, geslacht) verklaart via de groepsmodellen van de projectie, en de rest: verandering binnen groepen, de maatschappelijke verandering. "
            + $"Bij {within} van de {soc.Splits.Count} indicatoren is het deel binnen groepen groter dan het samenstellingsdeel. Deze binnen-groepstrends vormen het maatschappelijke scenario 'estimated' van de projectie "
            + "(geschat, niet ingetypt). De splitsing is afgeleid (derived)" + (syntheticModels ? "; de groepsmodellen zijn geschat op de synthetische steekproef." : "."),
            $"What does the change {soc.From}–{soc.To} mean? For each indicator the observed national change is split into the part the population's changing composition "
            + "(education, age, origin, sex) explains through the projection's group models, and the rest: change within groups, the societal change. "
            + $"For {within} of the {soc.Splits.Count} indicators the within-group part is larger than the composition part. These within-group trends are the projection's societal scenario 'estimated' "
            + "(estimated, not typed in). The split is derived" + (syntheticModels ? "; the group models are fitted on the synthetic survey." : "."));
        var t = new ReportTable("trends_composition", ($"Waargenomen verandering gesplitst in samenstelling en binnen groepen, {soc.From}–{soc.To} (procentpunt)",
            $"Observed change split into composition and within groups, {soc.From}–{soc.To} (percentage points)"), Provenance.Derived,
        [
            new("indicator", ("Indicator", "Indicator"), ColumnKind.Text),
            new("series", ("Reeks", "Series"), ColumnKind.Text),
            new("from", ("Van", "From"), ColumnKind.Text),
            new("to", ("Tot", "To"), ColumnKind.Text),
            new("observed_from", ("Waargenomen van", "Observed from"), ColumnKind.Share, 3),
            new("observed_to", ("Waargenomen tot", "Observed to"), ColumnKind.Share, 3),
            new("change", ("Verandering (pp)", "Change (pp)"), ColumnKind.Number, 2),
            new("composition", ("Samenstelling (pp)", "Composition (pp)"), ColumnKind.Number, 2),
            new("within", ("Binnen groepen (pp)", "Within groups (pp)"), ColumnKind.Number, 2),
            new("logit_within", ("Binnen groepen (logit)", "Within groups (logit)"), ColumnKind.Number, 3),
        ])
        {
            Source = new Localized("cohesion trends --format json (societal.splits)", "cohesion trends --format json (societal.splits)"),
            Note = ($"Afgeleid (derived) uit de echte reeksen en de groepsmodellen (geschat op {soc.ModelsSource}); samenstelling + binnen groepen = verandering, exact. Bevolking: {soc.PopulationMethod}",
                    $"Derived from the real series and the group models (fitted on {soc.ModelsSource}); composition + within groups = change, exactly. Population: {soc.PopulationMethod}"),
        };
        foreach (var x in soc.Splits)
            t.Add(label(x.SeriesIndicator), x.SeriesIndicator, x.FromYear.ToString(Inv), x.ToYear.ToString(Inv), x.ObservedFrom, x.ObservedTo,
                100 * x.Change, 100 * x.Composition, 100 * x.Within, x.LogitWithin);
        section.Table(t);

        var rules = new ReportTable("trends_societal_rules", ($"Geschatte binnen-groepstrends: het scenario '{soc.Name}' (vanaf {soc.RulesFrom})", $"Estimated within-group trends: the scenario '{soc.Name}' (from {soc.RulesFrom})"), Provenance.Derived,
        [
            new("indicator", ("Indicator", "Indicator"), ColumnKind.Text),
            new("applies_to", ("Voor", "Applies to"), ColumnKind.Text),
            new("logit_per_year", ("Logit per jaar", "Logit per year"), ColumnKind.Number, 4),
            new("se", ("SE", "SE"), ColumnKind.Number, 4),
            new("data", ("Gegevens", "Data"), ColumnKind.Text),
            new("applied", ("Toegepast", "Applied"), ColumnKind.Text),
        ]) { Source = new Localized("cohesion trends --export-societal estimated.json", "cohesion trends --export-societal estimated.json"), Collapsed = true };
        foreach (var r in soc.Trends)
            rules.Add(label(r.SeriesIndicator), r.ExcludeEducation.Count > 0 ? $"all but education {string.Join(", ", r.ExcludeEducation)}" : r.Group.Describe(),
                r.LogitPerYear, Finite(r.StandardError), $"{r.FromYear}–{r.ToYear}", $"{soc.RulesFrom}–{r.Until}");
        section.Table(rules);
    }

    private static string Years(SeriesResult r) =>
        r.Points.Count == 0 ? "" : $"{Year(r.Points.Min(p => p.Year))}–{Year(r.Points.Max(p => p.Year))}";

    /// <summary>The distinct source tables of the points (the pages are in table trends_series).</summary>
    private static string SourcesOf(IEnumerable<SeriesPoint> points) =>
        string.Join("; ", points.Select(p => p.Source.Split(',')[0].Trim()).Distinct()) + " — pages: table trends_series";

    private static string Year(double y) => y.ToString("0.####", Inv);
    private static string Pct(double v, ChartFormat f) => f.Number(v, 1) + "%";
    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
