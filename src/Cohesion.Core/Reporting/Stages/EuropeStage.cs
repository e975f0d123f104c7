using Cohesion.Compare;
using Cohesion.Presentation.Charts;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "europe": the section <i>Nederland in Europa</i> after the four dimensions — the Netherlands
/// among European countries on every shipped country-level measure (the same library call as <c>cohesion compare</c>):
/// value, interval where the source allows one, rank, European median, change over time, what is missing, and the
/// sources with their caveats. The values are real published figures; ranks, medians, changes and intervals are derived.</summary>
public sealed class EuropeStage : IReportStage
{
    public string Id => "europe";
    public Localized Name => ("Nederland in Europa", "The Netherlands in Europe");

    /// <summary>A measure gets a dot plot in its latest year with at least this many European countries.</summary>
    public const int MinCountriesForPlot = 5;

    /// <summary>The measure-years plotted: per measure, its latest year with at least <see cref="MinCountriesForPlot"/>
    /// European countries and a value for the reference, else its latest such year without one (the chart then says so).</summary>
    public static IReadOnlyList<MeasureYear> Plotted(CountryComparisonResult r) =>
        r.Measures.Select(m =>
        {
            var years = r.Summaries.Where(s => s.Measure.Id == m.Id && s.NEurope >= MinCountriesForPlot).OrderBy(s => s.Year).ToList();
            return years.LastOrDefault(s => s.ReferenceValue is not null) ?? years.LastOrDefault();
        }).Where(s => s is not null).Select(s => s!).ToList();

    /// <summary>Trajectories with at least two years that have both the reference's value and the median of the others.</summary>
    public static IReadOnlyList<Trajectory> Shown(CountryComparisonResult r) =>
        r.Trajectories.Where(t => t.Points.Count(p => p.Reference is not null && double.IsFinite(p.MedianOther)) >= 2).ToList();

    /// <summary>The labels of the sources of a measure's values (in one year, or in all years).</summary>
    public static string SourceLabels(CountryComparisonResult r, string measureId, int? year = null) => Presentation.Tables.CompareTables.SourceLabels(r, measureId, year);

    public void Run(ReportContext context)
    {
        var r = Pipeline.CompareStep.Run(new Pipeline.CompareRequest()).BuiltIn!;
        context.Results.Europe = r;
        foreach (var s in r.Sources) context.Manifest.AddInput(DefaultData.PathOf(s.File.Split('/')));
        context.Manifest.AddInput(CountryData.DefaultConfigPath);
        context.Manifest.Parameters["europe.reference"] = r.Reference.Code;
        context.Progress(0.3);
        string lang = context.Language;
        bool en = lang == "en";
        var refNl = r.Reference.NameNl;
        var refEn = r.Reference.NameEn;

        var section = new ReportSection("europe", ("Nederland in Europa", "The Netherlands in Europe"));
        section.Notice(Provenance.Real,
            $"Echte gepubliceerde cijfers (herkomst: real): ESS-landgemiddelden 2018 uit CBS StatLine 80518NED, losse ESS-aandelen 2002-2016 uit CBS-berichten, "
            + "en het aandeel 'de meeste mensen zijn te vertrouwen' per land en golf uit EVS en WVS (en de GPS-score). Rangen, Europese medianen, veranderingen en intervallen zijn afgeleid (derived). "
            + "Rang 1 = hoogste waarde onder de landen met een waarde voor die maat en dat jaar; elke maat wordt op zijn eigen schaal gerangschikt, nooit over schalen heen.",
            "Real published figures (provenance: real): ESS 2018 country means from CBS StatLine 80518NED, scattered ESS shares 2002-2016 from CBS pages, "
            + "and the share saying 'most people can be trusted' by country and wave from the EVS and WVS (and the GPS score). Ranks, European medians, changes and intervals are derived. "
            + "Rank 1 = highest value among the countries with a value for that measure and year; each measure is ranked on its own scale, never across scales.");
        foreach (var n in r.Notes.Where(n => n.Id is not "few_countries" && !n.Id.StartsWith("source_", StringComparison.Ordinal) && n.Id != "missing"))
            section.Paragraph(n.Nl, n.En);

        var source = new Localized("cohesion compare --format csv", "cohesion compare --format csv");
        var provenance = new Localized("Waarden echt (gepubliceerde cijfers: real); rang, mediaan, verschil en interval afgeleid (derived).",
            "Values real (published figures: real); rank, median, difference and interval derived.");
        var summary = new ReportTable("europe_summary", ($"{refNl} in Europa: waarde, rang en Europese mediaan per maat en jaar", $"{refEn} in Europe: value, rank and European median by measure and year"), Provenance.Derived,
        [
            new("measure", ("Maat", "Measure"), ColumnKind.Text),
            new("period", ("Jaar", "Year"), ColumnKind.Text),
            new("unit", ("Eenheid", "Unit"), ColumnKind.Text),
            new("value", (r.Reference.Code, r.Reference.Code), ColumnKind.Number, 3),
            new("ci_lower", ("95%-interval laag", "95% interval low"), ColumnKind.Number, 3),
            new("ci_upper", ("95%-interval hoog", "95% interval high"), ColumnKind.Number, 3),
            new("rank", ("Rang", "Rank"), ColumnKind.Count),
            new("n_countries", ("Landen", "Countries"), ColumnKind.Count),
            new("rank_europe", ("Rang Europa", "Rank Europe"), ColumnKind.Count),
            new("n_europe", ("Europese landen", "European countries"), ColumnKind.Count),
            new("european_median", ("Europese mediaan", "European median"), ColumnKind.Number, 3),
            new("difference", ($"{r.Reference.Code} − mediaan", $"{r.Reference.Code} − median"), ColumnKind.Number, 3),
            new("missing", ("Ontbreekt", "Missing"), ColumnKind.Text),
            new("source", ("Bron", "Source"), ColumnKind.Text),
        ]) { Source = source, Note = provenance };
        foreach (var s in r.Summaries)
        {
            var row = r.Rows.FirstOrDefault(x => x.IsReference && x.Measure.Id == s.Measure.Id && x.Year == s.Year);
            var iv = row is null ? null : CountryIntervals.For(row);
            summary.Add(en ? s.Measure.LabelEn : s.Measure.LabelNl, s.Period, s.Measure.Scale.Unit, s.ReferenceValue, iv?.Lower, iv?.Upper,
                s.ReferenceRank, s.NCountries, s.ReferenceRankEurope, s.NEurope, s.EuropeanMedian, s.DifferenceFromMedian,
                s.ReferenceValue is null ? (en ? s.MissingEn : s.MissingNl) : null, SourceLabels(r, s.Measure.Id, s.Year));
        }
        section.Table(summary);
        context.Progress(0.5);

        var plotted = Plotted(r);
        var countries = new ReportTable("europe_countries", ("Alle Europese landen bij de figuren", "All European countries in the figures"), Provenance.Real,
        [
            new("measure", ("Maat", "Measure"), ColumnKind.Text),
            new("period", ("Jaar", "Year"), ColumnKind.Text),
            new("country", ("Land", "Country"), ColumnKind.Text),
            new("code", ("Code", "Code"), ColumnKind.Text),
            new("value", ("Waarde", "Value"), ColumnKind.Number, 3),
            new("ci_lower", ("95%-interval laag", "95% interval low"), ColumnKind.Number, 3),
            new("ci_upper", ("95%-interval hoog", "95% interval high"), ColumnKind.Number, 3),
            new("n_answering", ("n (antwoordend)", "n (answering)"), ColumnKind.Count),
            new("rank_europe", ("Rang Europa", "Rank Europe"), ColumnKind.Count),
            new("n_europe", ("Europese landen", "European countries"), ColumnKind.Count),
        ]) { Source = new Localized("cohesion compare --measure MEASURE --format csv", "cohesion compare --measure MEASURE --format csv"), Note = provenance, Collapsed = true };
        foreach (var s in plotted)
        {
            var (methodEn, methodNl) = CountryIntervals.Method(s.Measure);
            section.Figure(($"{s.Measure.LabelNl}, {s.Period}: {refNl} tussen {s.NEurope} Europese landen ({methodNl})",
                    $"{s.Measure.LabelEn}, {s.Period}: {refEn} among {s.NEurope} European countries ({methodEn})"),
                CompareCharts.DotPlot(r, s.Measure.Id, s.Year, lang), Provenance.Real, "europe_countries");
            foreach (var row in CompareCharts.EuropeanRows(r, s.Measure.Id, s.Year))
            {
                var iv = CountryIntervals.For(row);
                countries.Add(en ? s.Measure.LabelEn : s.Measure.LabelNl, s.Period, en ? row.Country.NameEn : row.Country.NameNl, row.Country.Code,
                    row.Value, iv?.Lower, iv?.Upper, iv?.NAnswering, row.RankEurope, row.NEurope);
            }
        }
        section.Table(countries);
        context.Progress(0.7);

        var changes = new ReportTable("europe_changes", ($"Verandering van {refNl} en van de mediaan van de andere Europese landen", $"Change of {refEn} and of the median of the other European countries"), Provenance.Derived,
        [
            new("measure", ("Maat", "Measure"), ColumnKind.Text),
            new("from", ("Van", "From"), ColumnKind.Count),
            new("to", ("Tot", "To"), ColumnKind.Count),
            new("value_from", ($"{r.Reference.Code} van", $"{r.Reference.Code} from"), ColumnKind.Number, 3),
            new("value_to", ($"{r.Reference.Code} tot", $"{r.Reference.Code} to"), ColumnKind.Number, 3),
            new("change", ("Verandering", "Change"), ColumnKind.Number, 3),
            new("rank_from", ("Rang van", "Rank from"), ColumnKind.Count),
            new("rank_to", ("Rang tot", "Rank to"), ColumnKind.Count),
            new("median_other_from", ("Mediaan anderen van", "Median others from"), ColumnKind.Number, 3),
            new("median_other_to", ("Mediaan anderen tot", "Median others to"), ColumnKind.Number, 3),
            new("median_other_change", ("Verandering mediaan anderen", "Change of median others"), ColumnKind.Number, 3),
        ]) { Source = source, Note = provenance };
        foreach (var c in r.Changes)
            changes.Add((en ? c.Measure.LabelEn : c.Measure.LabelNl) + (c.FirstToLast ? (en ? " (whole period)" : " (hele periode)") : ""),
                c.From, c.To, c.FromValue, c.ToValue, c.Change, c.FromRank, c.ToRank, c.MedianOtherFrom, c.MedianOtherTo, c.MedianOtherChange);
        foreach (var t in Shown(r))
            section.Figure(($"{t.Measure.LabelNl}: {refNl} en de mediaan van de andere Europese landen", $"{t.Measure.LabelEn}: {refEn} and the median of the other European countries"),
                CompareCharts.TrajectoryChart(r, t, lang), Provenance.Derived, "europe_changes");
        section.Table(changes);

        var missing = new ReportTable("europe_missing", ($"Wat ontbreekt voor {refNl}", $"What is missing for {refEn}"), Provenance.Real,
        [
            new("measure", ("Maat", "Measure"), ColumnKind.Text),
            new("periods", ("Jaren", "Years"), ColumnKind.Text),
            new("other_countries", ("Andere landen met een waarde (max.)", "Other countries with a value (max.)"), ColumnKind.Count),
            new("reason", ("Reden", "Reason"), ColumnKind.Text),
        ]) { Source = source };
        foreach (var g in r.Gaps)
            missing.Add(en ? g.Measure.LabelEn : g.Measure.LabelNl, string.Join(", ", g.Periods), g.MaxOtherCountries, en ? g.ReasonEn : g.ReasonNl);
        section.Table(missing);
        foreach (var n in r.Notes.Where(n => n.Id == "few_countries"))
            section.Paragraph(n.Nl, n.En);

        var sources = new ReportTable("europe_sources", ("Bronnen en kanttekeningen", "Sources and caveats"), Provenance.Real,
        [
            new("source", ("Bron", "Source"), ColumnKind.Text),
            new("citation", ("Verwijzing", "Citation"), ColumnKind.Text),
            new("licence", ("Licentie", "Licence"), ColumnKind.Text),
            new("caveat", ("Kanttekening", "Caveat"), ColumnKind.Text),
            new("intervals", ("Intervallen", "Intervals"), ColumnKind.Text),
        ]);
        foreach (var src in r.Sources)
        {
            var intervalText = string.Join("; ", r.Measures.Where(x => x.SourceId == src.Id).Select(x => en ? CountryIntervals.Method(x).En : CountryIntervals.Method(x).Nl).Distinct());
            sources.Add(src.Label, src.Citation + " " + src.Url, src.Licence, en ? src.CaveatEn : src.CaveatNl, intervalText);
        }
        section.Table(sources);
        context.Report.Sections.Add(section);
    }
}
