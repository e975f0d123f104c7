using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Neighbourhoods;

/// <summary>One measure a buurt map can show: its id, NL/EN label (a synthetic one says so), unit and provenance.</summary>
public sealed record BuurtMapMeasure(string Id, string LabelNl, string LabelEn, string UnitNl, string UnitEn, Provenance Provenance)
{
    /// <summary>The unit as drawn in the map (Dutch / English).</summary>
    public string Unit => $"{UnitNl} / {UnitEn}";
}

/// <summary>
/// The measures of the dashboard's buurt map, real data first: the RIVM/CBS health monitor per buurt (the level of
/// each outcome of <see cref="RivmPanelAnalysis"/> in its last year, and its change since its first year; the same
/// layers as <c>cohesion neighbourhoods --analysis rivm-panel --map</c>), then the measures of the built-in
/// SYNTHETIC buurt panel, each labelled synthetic. The default is real: volunteering per buurt in the last year.
/// </summary>
public static class BuurtMapCatalog
{
    public const string DefaultMeasure = "volunteering";
    public const string SyntheticSuffix = " — synthetisch / synthetic";

    private static readonly (string Id, string Nl, string En, string UnitNl, string UnitEn)[] SyntheticMeasures =
    [
        ("cohesion", "Sociale samenhang", "Social cohesion", "score (0–10)", "score (0–10)"),
        ("diversity", "Diversiteit (fractionalisatie)", "Diversity (fractionalisation)", "index (0–1)", "index (0–1)"),
        ("income", "Gemiddeld inkomen", "Mean income", "× € 1.000 per ontvanger", "× €1,000 per recipient"),
        ("low_income", "Huishoudens met laag inkomen", "Low-income households", "% huishoudens", "% of households"),
        ("rental_share", "Huurwoningen", "Rented dwellings", "aandeel (0–1)", "share (0–1)"),
        ("turnover", "Verhuismobiliteit", "Residential turnover", "aandeel per jaar (0–1)", "share per year (0–1)"),
        ("neglect", "Verloedering", "Neglect", "index", "index"),
        ("migration_share", "Inwoners met migratieachtergrond", "Residents with a migration background", "aandeel (0–1)", "share (0–1)"),
    ];

    /// <summary>The synthetic measures' ids (columns of <see cref="SyntheticBuurtPanel"/>).</summary>
    public static IReadOnlyList<string> SyntheticIds => SyntheticMeasures.Select(m => m.Id).ToList();

    /// <summary>Every measure: the real layers of <paramref name="real"/> (levels, then changes), then the synthetic ones.</summary>
    public static IReadOnlyList<BuurtMapMeasure> Measures(RivmPanelResult real)
    {
        var list = new List<BuurtMapMeasure>();
        foreach (var layer in real.LevelMaps.Concat(real.ChangeMaps).OrderBy(l => l.Measure == DefaultMeasure ? 0 : 1))
        {
            var (unitNl, unitEn) = UnitOf(layer);
            list.Add(new BuurtMapMeasure(layer.Measure, StripReal(layer.TitleNl), StripReal(layer.TitleEn), unitNl, unitEn, Provenance.Real));
        }
        foreach (var m in SyntheticMeasures)
            list.Add(new BuurtMapMeasure(m.Id, $"{m.Nl} per buurt, {SyntheticBuurtPanel.LastYear}{SyntheticSuffix}",
                $"{m.En} by neighbourhood, {SyntheticBuurtPanel.LastYear}{SyntheticSuffix}", m.UnitNl, m.UnitEn, Provenance.Synthetic));
        return list;
    }

    /// <summary>The layer of one measure (its unit set), from the real panel result or the synthetic panel.</summary>
    public static MapLayer Layer(string id, RivmPanelResult real, Func<DataFrame> syntheticPanel)
    {
        var measure = Measures(real).FirstOrDefault(m => m.Id == id)
            ?? throw new CohesionException($"unknown map measure '{id}' (one of {string.Join(", ", Measures(real).Select(m => m.Id))})", column: "measure");
        if (measure.Provenance == Provenance.Real)
            return real.LevelMaps.Concat(real.ChangeMaps).First(l => l.Measure == id) with { Unit = measure.Unit };
        int year = SyntheticBuurtPanel.LastYear;
        var def = SyntheticMeasures.First(m => m.Id == id);
        return NeighbourhoodAnalyses.BuurtMap(syntheticPanel(), id, year,
            $"{def.Nl} per buurt, {year} — SYNTHETISCH", $"{def.En} by neighbourhood, {year} — SYNTHETIC",
            $"{SyntheticBuurtPanel.Label}; boundaries CBS buurten 2014 (simplified)", Provenance.Synthetic) with { Unit = measure.Unit, Period = year.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    private static (string Nl, string En) UnitOf(MapLayer layer) =>
        layer.Measure.Contains("_change_", StringComparison.Ordinal) ? ("procentpunt", "percentage points") : ("% volwassenen", "% of adults");

    private static string StripReal(string title)
    {
        int i = title.IndexOf(" — ", StringComparison.Ordinal);
        var head = i < 0 ? title : title[..i];
        return head + " — echte gegevens / real data (RIVM/CBS)";
    }
}
