using Cohesion.Reporting;
using Cohesion.Trends;

using static Cohesion.Presentation.Tables.Columns;

namespace Cohesion.Presentation.Tables;

/// <summary>The table converters of the trends results (<see cref="WaveTrendsResult"/>, <see cref="SeriesResult"/>,
/// <see cref="SocietalEstimate"/>): each field named, labelled and typed once, for the JSON and CSV of
/// <c>cohesion trends</c>.</summary>
public static class TrendTables
{

    public static ReportTable Waves(WaveTrendsResult r, Provenance provenance) =>
        new ReportTable("waves", ("Schattingen per golf", "Estimates per wave"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Text("group", "Groep", "Group"), new("year", ("Jaar", "Year"), ColumnKind.Year),
            Num("estimate", "Schatting", "Estimate"), Num("se", "SE", "SE"), Num("ci_lower", "Ondergrens", "Lower bound"),
            Num("ci_upper", "Bovengrens", "Upper bound"), new("n", ("n", "n"), ColumnKind.Count),
            new("suppressed", ("Onderdrukt", "Suppressed"), ColumnKind.Text) { Json = ColumnJson.WhenPresent },
        ]).AddRows(r.Waves.Select(x => new object?[] { x.Variable, x.Group, x.Year, x.Estimate, x.StandardError, x.CiLower, x.CiUpper, x.N, x.Suppressed }));

    public static ReportTable Contrasts(WaveTrendsResult r, Provenance provenance) =>
        new ReportTable("contrasts", ("Verschillen tussen golven (svycontrast)", "Differences between waves (svycontrast)"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Text("group", "Groep", "Group"), new("from", ("Van", "From"), ColumnKind.Year), new("to", ("Tot", "To"), ColumnKind.Year),
            Num("difference", "Verschil", "Difference"), Num("se", "SE", "SE"), new("p", ("p", "p"), ColumnKind.PValue),
        ]).AddRows(r.Contrasts.Select(c => new object?[] { c.Variable, c.Group, c.From, c.To, c.Difference, c.StandardError, c.P }));

    public static ReportTable WaveTrendFits(WaveTrendsResult r, Provenance provenance) =>
        new ReportTable("trends", ("Lineaire trend per golf-eenheid (svyglm)", "Linear trend per unit of the year column (svyglm)"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Text("group", "Groep", "Group"), Num("slope", "Helling", "Slope", 5),
            Num("se", "SE", "SE", 5), new("p", ("p", "p"), ColumnKind.PValue), Text("scale", "Schaal", "Scale"),
        ]).AddRows(r.Trends.Select(t => new object?[] { t.Variable, t.Group, t.Slope, t.StandardError, t.P, t.Scale }));

    public static ReportTable SeriesPoints(SeriesResult r) =>
        new ReportTable("series", ("Gepubliceerde reeksen (%)", "Published series (%)"), Provenance.Real,
        [
            Text("indicator", "Indicator", "Indicator"), Text("group", "Groep", "Group"), new("year", ("Jaar", "Year"), ColumnKind.Year),
            Num("value", "Waarde (%)", "Value (%)", 1), new("source", ("Bron", "Source"), ColumnKind.Text) { OnConsole = false },
        ]).AddRows(r.Points.Select(p => new object?[] { p.Indicator, p.Group, p.Year, p.Value, p.Source }));

    public static ReportTable SeriesFits(SeriesResult r) =>
        new ReportTable("trends", ("Trend op logitschaal (per jaar)", "Trend on the logit scale (per year)"), Provenance.Real,
        [
            Text("indicator", "Indicator", "Indicator"), Text("group", "Groep", "Group"), new("from", ("Van", "From"), ColumnKind.Year), new("to", ("Tot", "To"), ColumnKind.Year),
            Num("slope", "Helling (logit/jaar)", "Slope (logit/year)"), Num("se", "SE", "SE"), Text("scale", "Schaal", "Scale"),
            new("points", ("Jaren", "Years"), ColumnKind.Count) { Json = ColumnJson.Never }, new("weights", ("Gewichten", "Weights"), ColumnKind.Text) { Json = ColumnJson.Never },
        ]).AddRows(r.Trends.Select(t => new object?[] { t.Indicator, t.Group, t.From, t.To, t.Slope, t.StandardError, t.Scale, t.Points, t.Weighting }));

    public static ReportTable SocietalSplits(SocietalEstimate s) =>
        new ReportTable("splits", ($"Samenstelling vs binnen groepen, {s.From}–{s.To} (procentpunten)", $"Composition vs within groups, {s.From}–{s.To} (percentage points)"), Provenance.Derived,
        [
            Text("indicator", "Indicator", "Indicator"), Text("series", "Reeks", "Series"), Text("group", "Groep", "Group"),
            new("from", ("Van", "From"), ColumnKind.Year), new("to", ("Tot", "To"), ColumnKind.Year),
            Share("observed_from", "Waargenomen (van)", "Observed (from)"), Share("observed_to", "Waargenomen (tot)", "Observed (to)"),
            Share("change", "Verandering", "Change"), Share("composition", "Samenstelling", "Composition"), Share("within", "Binnen groepen", "Within groups"),
            Num("logit_within", "Logit binnen groepen", "Logit within groups"),
            new("source", ("Bron", "Source"), ColumnKind.Text) { Json = ColumnJson.Never, OnConsole = false },
        ]).AddRows(s.Splits.Select(x => new object?[] { x.Indicator, x.SeriesIndicator, x.SeriesGroup, x.FromYear, x.ToYear, x.ObservedFrom, x.ObservedTo,
            x.Change, x.Composition, x.Within, x.LogitWithin, x.Source }));

    public static ReportTable SocietalRules(SocietalEstimate s) =>
        new ReportTable("rules", ($"Geschatte trends binnen groepen, scenario '{s.Name}' (logit per jaar)", $"Estimated within-group trends, scenario '{s.Name}' (logit per year)"), Provenance.Derived,
        [
            Text("indicator", "Indicator", "Indicator"), Text("series", "Reeks", "Series"), Text("group", "Groep", "Group"),
            Text("applies_to", "Geldt voor", "Applies to"), Num("logit_per_year", "Logit per jaar", "Logit per year"), Num("se", "SE", "SE"),
            new("from", ("Van", "From"), ColumnKind.Year), new("to", ("Tot", "To"), ColumnKind.Year), new("points", ("Jaren", "Years"), ColumnKind.Count),
            new("applies_from", ("Geldt vanaf", "Applies from"), ColumnKind.Year), new("applies_until", ("Geldt tot", "Applies until"), ColumnKind.Year),
            Text("method", "Methode", "Method"), new("source", ("Bronnen", "Sources"), ColumnKind.Text) { Json = ColumnJson.Never, OnConsole = false },
        ]).AddRows(s.Trends.Select(t => new object?[] { t.Indicator, t.SeriesIndicator, t.Group.Name,
            t.ExcludeEducation.Count > 0 ? $"everyone except education {string.Join(", ", t.ExcludeEducation)}" : t.Group.Describe(),
            t.LogitPerYear, t.StandardError, t.FromYear, t.ToYear, t.Points, s.RulesFrom, t.Until, t.Method, string.Join("; ", t.Sources) }));
}
