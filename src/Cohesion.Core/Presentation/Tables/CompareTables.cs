using Cohesion.Compare;
using Cohesion.Reporting;

using static Cohesion.Presentation.Tables.Columns;

namespace Cohesion.Presentation.Tables;

/// <summary>
/// The table converters of the European comparison (<see cref="CountryComparisonResult"/>, built in, and
/// <see cref="DesignComparisonResult"/>, on microdata): each field named, typed and computed once (ranks, medians,
/// intervals, source labels) for the JSON of <c>cohesion compare</c> and the dashboard's <c>/api/europe</c>, which
/// shows views of the same tables (<see cref="EuropeRows"/>, <see cref="EuropeMeasures"/>, <see cref="EuropeSources"/>).
/// A column a contract names otherwise in one output carries that name as its <see cref="ReportColumn.JsonName"/>.
/// </summary>
public static class CompareTables
{
    /// <summary>A row's own provenance (where rows of one table come from sources of their own).</summary>
    private static ReportColumn RowProvenance() => new("source_provenance", ("Herkomst", "Provenance"), ColumnKind.Text) { JsonName = ReportTable.ProvenanceColumn };

    /// <summary>A column of <paramref name="table"/> as a view shows it in JSON: always, under <paramref name="jsonName"/> if given.</summary>
    private static ReportColumn Of(ReportTable table, string id, string? jsonName = null) =>
        table.Columns.First(c => c.Id == id) with { Json = ColumnJson.Always, JsonName = jsonName ?? table.Columns.First(c => c.Id == id).JsonName };

    /// <summary>Every country value with its ranks, source and 95% interval (where the source gives what it needs).</summary>
    public static ReportTable Countries(CountryComparisonResult r, IEnumerable<CountryRow> rows)
    {
        var sources = r.Sources.ToDictionary(s => s.Id);
        return new ReportTable("countries", ("Landen", "Countries"), r.ValueProvenance,
        [
            Text("country", "Land", "Country"), Text("measure", "Maat", "Measure"), Year("year", "Jaar", "Year"), Num("value", "Waarde", "Value", 3),
            Count("rank", "Rang", "Rank"), Count("n_countries", "Landen", "Countries"), Text("source", "Bron", "Source"), Text("period", "Periode", "Period"),
            Text("unit", "Eenheid", "Unit"), Text("country_name_en", "Land (Engels)", "Country (English)"), Text("country_name_nl", "Land (Nederlands)", "Country (Dutch)"),
            Flag("european", "Europees", "European"), Count("rank_europe", "Rang Europa", "Rank Europe"), Count("n_europe", "Europese landen", "European countries"),
            Flag("reference", "Referentie", "Reference"), Flag("provisional", "Voorlopig", "Provisional"), Text("source_id", "Bron-id", "Source id"),
            Text("source_url", "Bron-URL", "Source URL"), Text("note", "Noot", "Note"), Count("sample_size", "Steekproef", "Sample size") with { Json = ColumnJson.WhenPresent },
            RowProvenance(), Hidden(Num("ci_lower", "95%-interval laag", "95% interval low", 3)), Hidden(Num("ci_upper", "95%-interval hoog", "95% interval high", 3)),
        ]).AddRows(rows.Select(x =>
        {
            var src = sources[x.Source.SourceId];
            var iv = CountryIntervals.For(x);
            return new object?[] { x.Country.Code, x.Measure.Id, x.Year, x.Value, x.Rank, x.NCountries, src.Label, x.Period, x.Measure.Scale.Unit,
                x.Country.NameEn, x.Country.NameNl, x.Country.Europe, x.RankEurope, x.NEurope, x.IsReference, x.Source.Provisional, src.Id,
                x.Source.Url, x.Source.Note, x.Source.N, src.Provenance.Code(), iv?.Lower, iv?.Upper };
        }));
    }

    /// <summary>Per measure and year: the reference's value and ranks, the European medians, or why it has no value;
    /// with the measure's labels, scale, interval method, source labels and whether a trajectory is shown.</summary>
    public static ReportTable Summaries(CountryComparisonResult r, IEnumerable<MeasureYear> summaries, IReadOnlyCollection<string>? withTrajectory = null) =>
        new ReportTable("summary", ("Per maat en jaar", "By measure and year"), r.DerivedProvenance,
        [
            Text("measure", "Maat", "Measure"), Year("year", "Jaar", "Year"), Text("period", "Periode", "Period"), Text("country", "Land", "Country"),
            Num("value", "Waarde", "Value", 3), Count("rank", "Rang", "Rank"), Count("n_countries", "Landen", "Countries"), Count("rank_europe", "Rang Europa", "Rank Europe"),
            Count("n_europe", "Europese landen", "European countries"), Num("european_median", "Europese mediaan", "European median", 3),
            Num("median_other_european", "Mediaan andere Europese landen", "Median other European countries", 3), Num("difference_from_median", "Verschil met mediaan", "Difference from median", 3),
            Text("missing", "Ontbreekt", "Missing"),
            Hidden(Text("label_nl", "Label (Nederlands)", "Label (Dutch)")), Hidden(Text("label_en", "Label (Engels)", "Label (English)")),
            Hidden(Text("survey", "Survey", "Survey")), Hidden(Text("item", "Item", "Item")), Hidden(Text("unit", "Eenheid", "Unit")),
            Hidden(Text("scale_nl", "Schaal", "Scale (Dutch)")), Hidden(Text("scale_en", "Schaal (Engels)", "Scale")), Hidden(Text("missing_nl", "Ontbreekt", "Missing (Dutch)")),
            Hidden(Text("intervals_nl", "Intervallen", "Intervals (Dutch)")), Hidden(Text("intervals_en", "Intervallen (Engels)", "Intervals")),
            Hidden(Text("source", "Bron", "Source")), Hidden(Flag("trajectory", "Verloop", "Trajectory")),
        ]).AddRows(summaries.Select(s =>
        {
            var (methodEn, methodNl) = CountryIntervals.Method(s.Measure);
            return new object?[] { s.Measure.Id, s.Year, s.Period, r.Reference.Code, s.ReferenceValue, s.ReferenceRank, s.NCountries, s.ReferenceRankEurope, s.NEurope,
                s.EuropeanMedian, s.MedianOtherEuropean, s.DifferenceFromMedian, s.MissingEn,
                s.Measure.LabelNl, s.Measure.LabelEn, s.Measure.Survey, s.Measure.Item, s.Measure.Scale.Unit, s.Measure.Scale.Nl, s.Measure.Scale.En, s.MissingNl,
                methodNl, methodEn, SourceLabels(r, s.Measure.Id, s.Year), withTrajectory?.Contains(s.Measure.Id) ?? false };
        }));

    /// <summary>The labels of the sources of a measure's values (in one year, or in all years).</summary>
    public static string SourceLabels(CountryComparisonResult r, string measureId, int? year = null)
    {
        var ids = r.Rows.Where(x => x.Measure.Id == measureId && (year is null || x.Year == year)).Select(x => x.Source.SourceId).Distinct().ToList();
        return string.Join("; ", r.Sources.Where(s => ids.Contains(s.Id)).Select(s => s.Label));
    }

    public static ReportTable Changes(CountryComparisonResult r) =>
        new ReportTable("changes", ("Verandering", "Change"), r.DerivedProvenance,
        [
            Text("measure", "Maat", "Measure"), Text("country", "Land", "Country"), Year("from", "Van", "From"), Year("to", "Tot", "To"),
            Num("value_from", "Waarde van", "Value from", 3), Num("value_to", "Waarde tot", "Value to", 3), Num("change", "Verandering", "Change", 3),
            Count("rank_from", "Rang van", "Rank from"), Count("rank_to", "Rang tot", "Rank to"), Num("median_other_from", "Mediaan anderen van", "Median others from", 3),
            Num("median_other_to", "Mediaan anderen tot", "Median others to", 3), Num("median_other_change", "Verandering mediaan anderen", "Change of median others", 3),
            Flag("first_to_last", "Hele periode", "Whole period"),
        ]).AddRows(r.Changes.Select(c => new object?[] { c.Measure.Id, r.Reference.Code, c.From, c.To, c.FromValue, c.ToValue, c.Change, c.FromRank, c.ToRank,
            c.MedianOtherFrom, c.MedianOtherTo, c.MedianOtherChange, c.FirstToLast }));

    public static ReportTable Measures(CountryComparisonResult r) =>
        new ReportTable("measures", ("Maten", "Measures"), r.ValueProvenance,
        [
            Text("id", "Id", "Id"), Text("label_nl", "Label (Nederlands)", "Label (Dutch)"), Text("label_en", "Label (Engels)", "Label (English)"), Text("survey", "Survey", "Survey"),
            Text("item", "Item", "Item"), Text("dimension", "Dimensie", "Dimension"), Text("scale", "Schaal", "Scale"), Text("unit", "Eenheid", "Unit"),
            Text("definition_en", "Definitie (Engels)", "Definition"), Text("definition_nl", "Definitie", "Definition (Dutch)"),
        ]).AddRows(r.Measures.Select(m => new object?[] { m.Id, m.LabelNl, m.LabelEn, m.Survey, m.Item, m.Dimension, m.Scale.Id, m.Scale.Unit, m.Scale.En, m.Scale.Nl }));

    public static ReportTable MissingValues(CountryComparisonResult r) =>
        new ReportTable("missing_values", ("Ontbrekende waarden", "Missing values"), r.ValueProvenance,
        [
            Text("measure", "Maat", "Measure"), Text("country", "Land", "Country"), Year("year", "Jaar", "Year"),
            Text("reason_en", "Reden (Engels)", "Reason"), Text("reason_nl", "Reden", "Reason (Dutch)"),
        ]).AddRows(r.Missing.Select(m => new object?[] { m.Measure, m.Country, m.Year, m.ReasonEn, m.ReasonNl }));

    public static ReportTable Sources(CountryComparisonResult r) =>
        new ReportTable("sources", ("Bronnen", "Sources"), r.ValueProvenance,
        [
            Text("id", "Id", "Id"), Text("label", "Label", "Label"), Text("citation", "Bronvermelding", "Citation"), Text("url", "URL", "URL"),
            Text("licence", "Licentie", "Licence"), Text("file", "Bestand", "File"), RowProvenance(),
            Text("caveat_en", "Kanttekening (Engels)", "Caveat"), Text("caveat_nl", "Kanttekening", "Caveat (Dutch)"),
        ]).AddRows(r.Sources.Select(s => new object?[] { s.Id, s.Label, s.Citation, s.Url, s.Licence, "data/" + s.File, s.Provenance.Code(), s.CaveatEn, s.CaveatNl }));

    /// <summary>Measure-years without a value for the reference, by measure and reason.</summary>
    public static ReportTable Gaps(CountryComparisonResult r, IEnumerable<ReferenceGap> gaps) =>
        new ReportTable("gaps", ("Ontbreekt voor het referentieland", "Missing for the reference country"), r.ValueProvenance,
        [
            Text("measure", "Maat", "Measure"), Text("periods", "Jaren", "Years"), Count("other_countries", "Landen met waarde", "Countries with a value"),
            Text("reason_nl", "Reden", "Reason (Dutch)"), Text("reason_en", "Reden (Engels)", "Reason"),
        ]).AddRows(gaps.Select(g => new object?[] { g.Measure.Id, g.Periods, g.MaxOtherCountries, g.ReasonNl, g.ReasonEn }));

    /// <summary>The comparability caveats (the notes that are not a source's own).</summary>
    public static ReportTable Caveats(CountryComparisonResult r) =>
        new ReportTable("caveats", ("Kanttekeningen bij de vergelijkbaarheid", "Comparability caveats"), r.ValueProvenance,
            [Text("id", "Id", "Id"), Text("nl", "Nederlands", "Dutch"), Text("en", "Engels", "English")])
            .AddRows(r.Notes.Where(n => !n.Id.StartsWith("source_", StringComparison.Ordinal)).Select(n => new object?[] { n.Id, n.Nl, n.En }));

    // ---- the dashboard's views (/api/europe) ----

    /// <summary>The country rows as the Europe view lists them (with their intervals).</summary>
    public static ReportTable EuropeRows(ReportTable countries) =>
        countries.Select("europe_rows", countries.Title,
        [
            Of(countries, "measure"), Of(countries, "country"), Of(countries, "country_name_nl", "name_nl"), Of(countries, "country_name_en", "name_en"),
            Of(countries, "year"), Of(countries, "period"), Of(countries, "value"), Of(countries, "ci_lower"), Of(countries, "ci_upper"), Of(countries, "rank"),
            Of(countries, "n_countries"), Of(countries, "rank_europe"), Of(countries, "n_europe"), Of(countries, "reference"), Of(countries, "source"),
            Of(countries, "source_provenance"),
        ]);

    /// <summary>The measures the Europe view offers, each in its year.</summary>
    public static ReportTable EuropeMeasures(ReportTable summaries) =>
        summaries.Select("europe_measures", summaries.Title,
        [
            Of(summaries, "measure", "id"), Of(summaries, "label_nl"), Of(summaries, "label_en"), Of(summaries, "survey"), Of(summaries, "item"), Of(summaries, "unit"),
            Of(summaries, "scale_nl"), Of(summaries, "scale_en"), Of(summaries, "year"), Of(summaries, "period"), Of(summaries, "n_countries"), Of(summaries, "n_europe"),
            Of(summaries, "value"), Of(summaries, "rank"), Of(summaries, "rank_europe"), Of(summaries, "european_median"), Of(summaries, "difference_from_median"),
            Of(summaries, "missing_nl"), Of(summaries, "missing", "missing_en"), Of(summaries, "intervals_nl"), Of(summaries, "intervals_en"), Of(summaries, "source"),
            Of(summaries, "trajectory"),
        ]);

    public static ReportTable EuropeSources(ReportTable sources) =>
        sources.Select("europe_sources", sources.Title,
        [
            Of(sources, "id"), Of(sources, "label"), Of(sources, "citation"), Of(sources, "url"), Of(sources, "licence"), Of(sources, "caveat_nl"),
            Of(sources, "caveat_en"), Of(sources, "source_provenance"),
        ]);

    // ---- on microdata ----

    public static ReportTable Estimates(DesignComparisonResult r, Provenance provenance) =>
        new ReportTable("estimates", ("Schattingen per land", "Estimates by country"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Text("country", "Land", "Country"), Num("estimate", "Schatting", "Estimate", 3), Num("se", "SE", "SE", 3),
            Count("n", "n", "n"), Num("ci_lower", "Ondergrens", "Lower bound", 3), Num("ci_upper", "Bovengrens", "Upper bound", 3), Flag("reference", "Referentie", "Reference"),
        ]).AddRows(r.Estimates.Select(e => new object?[] { e.Variable, e.Country, e.Estimate, e.StandardError, e.N, e.CiLower, e.CiUpper, e.Country == r.Reference }));

    public static ReportTable Differences(DesignComparisonResult r, Provenance provenance) =>
        new ReportTable("differences", ($"Verschil met {r.Reference}", $"Difference from {r.Reference}"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Text("country", "Land", "Country"), Num("difference", "Verschil", "Difference", 3), Num("se", "SE", "SE", 3),
            new("p", ("p", "p"), ColumnKind.PValue), Num("ci_lower", "Ondergrens", "Lower bound", 3), Num("ci_upper", "Bovengrens", "Upper bound", 3), Num("z", "z", "z", 3),
        ]).AddRows(r.Differences.Select(d => new object?[] { d.Variable, d.Country, d.Difference, d.StandardError, d.P, d.CiLower, d.CiUpper, d.Z }));

    public static ReportTable Variables(DesignComparisonResult r, Provenance provenance) =>
        new ReportTable("variables", ("Variabelen", "Variables"), provenance,
        [
            Text("id", "Id", "Id"), Text("kind", "Soort", "Kind"), Text("label_nl", "Label", "Label (Dutch)"), Text("label_en", "Label (Engels)", "Label"), Text("column", "Kolom", "Column"),
        ]).AddRows(r.Variables.Select(v => new object?[] { v.Id, v.Kind.ToString().ToLowerInvariant(), v.LabelNl, v.LabelEn, v.Column }));
}
