using Cohesion.Neighbourhoods;
using Cohesion.Reporting;

using static Cohesion.Presentation.Tables.Columns;

namespace Cohesion.Presentation.Tables;

/// <summary>The table converters of the neighbourhood analyses: each field named, labelled and typed once, for the
/// JSON and console tables of <c>cohesion neighbourhoods</c> and the report's tables.</summary>
public static class NeighbourhoodTables
{

    /// <summary>The Amsterdam analysis: the diversity coefficient after each cumulative step of added controls.</summary>
    public static ReportTable AmsterdamSteps(AmsterdamDiversityResult r) =>
        new ReportTable("steps", ("Diversiteitscoëfficiënt bij toevoegen van controles (OLS, SE geclusterd per wijk)",
            "Diversity coefficient as controls are added (OLS, SE clustered by wijk)"), r.Provenance,
        [
            Text("outcome", "Uitkomst", "Outcome"), Text("diversity", "Diversiteitsmaat", "Diversity measure"),
            new("rivm_year", ("Jaar RIVM", "RIVM year"), ColumnKind.Year), Count("step", "Stap", "Step"), Text("added", "Toegevoegd", "Added"),
            Text("controls", "Controles", "Controls"), new("formula", ("Formule", "Formula"), ColumnKind.Text) { OnConsole = false },
            Num("estimate", "Schatting", "Estimate"), Num("se", "SE (geclusterd)", "SE (clustered)"), Num("statistic", "t", "t"),
            new("p", ("p", "p"), ColumnKind.PValue), Count("n", "n", "n"), Text("cluster", "Cluster", "Cluster"), Count("clusters", "Clusters", "Clusters"),
            Num("r2", "R²", "R²"),
        ]).AddRows(r.Steps.Select(s => new object?[] { s.Outcome, s.Diversity, s.RivmYear, s.Step, s.Added, s.Controls, s.Formula,
            s.Coefficient.Estimate, s.Coefficient.StdError, s.Coefficient.Statistic, s.Coefficient.PValue, s.N, "wijk", s.Clusters, s.RSquared }));

    /// <summary>The RIVM panel: buurt means per year beside the national (NL01) value.</summary>
    public static ReportTable RivmSummaries(RivmPanelResult r) =>
        new ReportTable("summaries", ("Buurtgemiddelden per jaar en de landelijke (NL01) waarde", "Buurt means per year and the national (NL01) value"), r.Provenance,
        [
            Text("indicator", "Indicator", "Indicator"), new("year", ("Jaar", "Year"), ColumnKind.Year), Count("buurten", "Buurten", "Buurten"),
            Num("mean", "Gemiddelde", "Mean"), Num("sd", "SD", "SD"), Num("national", "Landelijk", "National"),
        ]).AddRows(r.Summaries.Select(s => new object?[] { s.Indicator, s.Year, s.Buurten, s.Mean, s.Sd, s.National }));

    /// <summary>The maps an analysis can draw, with a summary of their values.</summary>
    public static ReportTable Maps(IEnumerable<MapLayer> maps, Provenance provenance) =>
        new ReportTable("maps", ("Kaarten (--map FILE --map-measure NAME)", "Maps (--map FILE --map-measure NAME)"), provenance,
        [
            Text("measure", "Maat", "Measure"), new("title_nl", ("Titel", "Title (Dutch)"), ColumnKind.Text) { OnConsole = false },
            Text("title_en", "Titel (Engels)", "Title"), Count("buurten", "Buurten", "Buurten"),
            new("mean", ("Gemiddelde", "Mean"), ColumnKind.Number, 4) { Json = ColumnJson.WhenPresent },
            new("min", ("Minimum", "Minimum"), ColumnKind.Number, 4) { Json = ColumnJson.WhenPresent, OnConsole = false },
            new("max", ("Maximum", "Maximum"), ColumnKind.Number, 4) { Json = ColumnJson.WhenPresent, OnConsole = false },
        ]).AddRows(maps.Select(m => new object?[] { m.Measure, m.TitleNl, m.TitleEn, m.Values.Count,
            m.Values.Count > 0 ? m.Values.Values.Average() : null, m.Values.Count > 0 ? m.Values.Values.Min() : null, m.Values.Count > 0 ? m.Values.Values.Max() : null }));

    /// <summary>Descriptives of the analysis variables.</summary>
    public static ReportTable Descriptives(IEnumerable<Descriptive> descriptives, Provenance provenance) =>
        new ReportTable("descriptives", ("Beschrijving", "Descriptives"), provenance,
        [
            Text("variable", "Variabele", "Variable"), Count("n", "n", "n"), Num("mean", "Gemiddelde", "Mean"), Num("sd", "SD", "SD"),
            Num("min", "Minimum", "Min"), Num("max", "Maximum", "Max"),
        ]).AddRows(descriptives.Select(d => new object?[] { d.Variable, d.N, d.Mean, d.Sd, d.Min, d.Max }));

    /// <summary>Diversity per unit: population, fractionalisation and (natural-log) entropy.</summary>
    public static ReportTable DiversityUnits(Cohesion.Statistics.Segregation.DiversityResult r, Provenance provenance)
    {
        var u = r.Units;
        return new ReportTable("diversity_units", ("Diversiteit per eenheid", "Diversity per unit"), provenance,
            [Text("unit", "Eenheid", "Unit"), Num("total", "Totaal", "Total"), Num("fractionalisation", "Fractionalisatie", "Fractionalisation"), Num("entropy", "Entropie", "Entropy")])
            .AddRows(Enumerable.Range(0, u.Count).Select(i => new object?[] { u.Unit[i], u.Total[i], u.Fractionalisation[i], u.Entropy[i] }));
    }

    /// <summary>Segregation per parent area: dissimilarity (first group against the rest) and Theil's H.</summary>
    public static ReportTable DiversityParents(Cohesion.Statistics.Segregation.DiversityResult r, Provenance provenance) =>
        new ReportTable("diversity_parents", ("Segregatie per gebied", "Segregation per parent area"), provenance,
        [
            Text("parent", "Gebied", "Parent area"), Num("dissimilarity", "Dissimilariteit", "Dissimilarity"), Num("theil_h", "Theil H", "Theil H"),
            Hidden(Count("units", "Eenheden", "Units")), Hidden(Num("total", "Totaal", "Total")),
        ]).AddRows(r.Parents.Select(p => new object?[] { p.Parent, p.Dissimilarity, p.TheilH, p.UnitCount, p.Total }));
}
