using Cohesion.Statistics;

namespace Cohesion.Compare;

/// <summary>One country's value on a measure in a year, with its rank among all countries with a value for that
/// measure and year (1 = highest; ties share the better rank) and among the European ones.</summary>
public sealed record CountryRow(
    Country Country, CountryMeasure Measure, int Year, string Period, double Value, int Rank, int NCountries,
    int? RankEurope, int NEurope, CountryValue Source)
{
    public bool IsReference { get; init; }
}

/// <summary>A measure in one year: how many countries have a value, the European median (all European countries
/// with a value, the reference included), the median of the other European countries, and the reference's value
/// and ranks — or why it has none.</summary>
public sealed record MeasureYear(
    CountryMeasure Measure, int Year, string Period, int NCountries, int NEurope, double EuropeanMedian, double MedianOtherEuropean,
    double? ReferenceValue, int? ReferenceRank, int? ReferenceRankEurope, string? MissingEn, string? MissingNl)
{
    /// <summary>Reference minus the European median (NaN without a reference value).</summary>
    public double DifferenceFromMedian => ReferenceValue is { } v ? v - EuropeanMedian : double.NaN;
}

/// <summary>The reference country's change on a measure between two years where it has values (consecutive years,
/// and first to last when there are more than two), with the median of the other European countries in those years.</summary>
public sealed record ReferenceChange(
    CountryMeasure Measure, int From, int To, double FromValue, double ToValue, int? FromRank, int? ToRank,
    double MedianOtherFrom, double MedianOtherTo, bool FirstToLast)
{
    public double Change => ToValue - FromValue;
    public double MedianOtherChange => MedianOtherTo - MedianOtherFrom;
}

/// <summary>The reference country's trajectory on one measure against the median of the other European countries.</summary>
public sealed record Trajectory(CountryMeasure Measure, IReadOnlyList<(int Year, double? Reference, double MedianOther)> Points);

/// <summary>Measure-years without a value for the reference, grouped by measure and reason (periods listed).</summary>
public sealed record ReferenceGap(CountryMeasure Measure, IReadOnlyList<string> Periods, int MaxOtherCountries, string ReasonEn, string ReasonNl);

/// <summary>The result of the built-in comparison (<c>cohesion compare</c> without <c>--data</c>).</summary>
public sealed record CountryComparisonResult(
    Country Reference, IReadOnlyList<CountryMeasure> Measures, IReadOnlyList<CountryRow> Rows, IReadOnlyList<MeasureYear> Summaries,
    IReadOnlyList<ReferenceChange> Changes, IReadOnlyList<Trajectory> Trajectories, IReadOnlyList<CountryNote> Notes,
    IReadOnlyList<CountrySource> Sources, IReadOnlyList<MissingValue> Missing, IReadOnlyList<ReferenceGap> Gaps)
{
    /// <summary>The values are real published figures; ranks, medians and changes are derived from them.</summary>
    public Provenance ValueProvenance => Provenance.Real;
    public Provenance DerivedProvenance => Provenance.Derived;
}

/// <summary>Options of the built-in comparison.</summary>
public sealed record CountryComparisonOptions
{
    /// <summary>The reference country: a code (NL) or an English or Dutch name.</summary>
    public string Reference { get; init; } = "NL";
    /// <summary>Only these measures (ids); empty = all.</summary>
    public IReadOnlyList<string> Measures { get; init; } = [];
}

/// <summary>
/// The Netherlands (or another reference country) among European countries on every shipped country-level measure:
/// value, rank (1 = highest among the countries with a value for that measure and year), number of countries, the
/// European median, the reference's change over time where waves exist, and the comparability caveats. Each measure
/// is ranked on its own scale; nothing is ranked across scales.
/// </summary>
public static class CountryComparison
{
    public static CountryComparisonResult Run(CountryData data, CountryComparisonOptions options)
    {
        var reference = ResolveReference(data, options.Reference);
        var measures = data.Measures.ToList();
        if (options.Measures.Count > 0)
        {
            foreach (var id in options.Measures)
                if (measures.All(m => m.Id != id))
                    throw new CohesionException($"unknown measure '{id}' (measures: {string.Join(", ", measures.Select(m => m.Id))})");
            measures = measures.Where(m => options.Measures.Contains(m.Id)).ToList();
        }

        var rows = new List<CountryRow>();
        var summaries = new List<MeasureYear>();
        foreach (var m in measures)
        {
            foreach (var group in data.Values.Where(v => v.Measure == m.Id).GroupBy(v => v.Year).OrderBy(g => g.Key))
            {
                var vals = group.ToList();
                var dup = vals.GroupBy(v => v.Country).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new CohesionException($"measure '{m.Id}' has two values for {dup.Key} in {group.Key}");
                var all = vals.Select(v => v.Value).ToArray();
                var europe = vals.Where(v => data.Countries.ForCode(v.Country).Europe).Select(v => v.Value).ToArray();
                var period = vals.GroupBy(v => v.Period).OrderByDescending(g => g.Count()).First().Key;
                foreach (var v in vals.OrderByDescending(v => v.Value).ThenBy(v => v.Country, StringComparer.Ordinal))
                {
                    var c = data.Countries.ForCode(v.Country);
                    rows.Add(new CountryRow(c, m, v.Year, v.Period, v.Value, Rank(v.Value, all), all.Length,
                        c.Europe ? Rank(v.Value, europe) : null, europe.Length, v) { IsReference = c.Code == reference.Code });
                }
                var refValue = vals.FirstOrDefault(v => v.Country == reference.Code);
                var others = vals.Where(v => v.Country != reference.Code && data.Countries.ForCode(v.Country).Europe).Select(v => v.Value).ToArray();
                string? whyEn = null, whyNl = null;
                if (refValue is null)
                {
                    var gap = data.Missing.FirstOrDefault(x => x.Measure == m.Id && x.Country == reference.Code && (x.Year is null || x.Year == group.Key));
                    (whyEn, whyNl) = gap is not null ? (gap.ReasonEn, gap.ReasonNl) : NoValueReason(vals[0].SourceId, reference);
                }
                summaries.Add(new MeasureYear(m, group.Key, period, all.Length, europe.Length, Median(europe), Median(others),
                    refValue?.Value, refValue is null ? null : Rank(refValue.Value, all),
                    refValue is not null && reference.Europe ? Rank(refValue.Value, europe) : null, whyEn, whyNl));
            }
        }
        if (!rows.Any(r => r.IsReference))
            throw new CohesionException($"--reference '{options.Reference}': {Cap(reference.NameEnInText)} has no value on any built-in measure");

        var changes = new List<ReferenceChange>();
        var trajectories = new List<Trajectory>();
        foreach (var m in measures)
        {
            var years = summaries.Where(s => s.Measure.Id == m.Id).ToList();
            var withRef = years.Where(s => s.ReferenceValue is not null).ToList();
            if (withRef.Count >= 2)
            {
                for (int i = 1; i < withRef.Count; i++) changes.Add(Change(m, withRef[i - 1], withRef[i], false));
                if (withRef.Count > 2) changes.Add(Change(m, withRef[0], withRef[^1], true));
            }
            if (years.Count >= 2 && withRef.Count >= 1)
                trajectories.Add(new Trajectory(m, years.Select(s => (s.Year, s.ReferenceValue, s.MedianOtherEuropean)).ToList()));
        }
        var sourceIds = rows.Select(r => r.Source.SourceId).ToHashSet();
        var gaps = summaries.Where(s => s.ReferenceValue is null && s.NCountries > 0).GroupBy(s => (s.Measure.Id, s.MissingEn))
            .Select(g => new ReferenceGap(g.First().Measure, g.Select(s => s.Period).ToList(), g.Max(s => s.NCountries), g.Key.MissingEn!, g.First().MissingNl!)).ToList();
        return new CountryComparisonResult(reference, measures, rows, summaries, changes, trajectories, Notes(data, reference, summaries, gaps),
            data.Sources.Where(s => sourceIds.Contains(s.Id)).ToList(), data.Missing.Where(x => measures.Any(m => m.Id == x.Measure)).ToList(), gaps);
    }

    /// <summary>The reference country from a code or name; it must have a value on some built-in measure.</summary>
    public static Country ResolveReference(CountryData data, string reference)
    {
        var c = data.Countries.Find(reference);
        var withValues = data.Values.Select(v => v.Country).ToHashSet();
        if (c is null || !withValues.Contains(c.Code))
        {
            var europe = data.Countries.All.Where(x => x.Europe && withValues.Contains(x.Code)).Select(x => x.Code).OrderBy(x => x, StringComparer.Ordinal);
            throw new CohesionException(
                $"--reference '{reference}' is not a country with built-in data; use a country code such as NL (European countries with data: {string.Join(", ", europe)})");
        }
        return c;
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static (string En, string Nl) NoValueReason(string sourceId, Country c) => sourceId switch
    {
        "trustsurveys" => ($"no row for {c.NameEnInText} in this wave of the compiled file", $"geen rij voor {c.NameNl} in deze golf van het samengestelde bestand"),
        "cbs-pages" => ($"the CBS pages quote no value for {c.NameEnInText} in this year", $"de CBS-berichten noemen voor {c.NameNl} geen waarde in dit jaar"),
        _ => ($"no value for {c.NameEnInText} in the source", $"geen waarde voor {c.NameNl} in de bron"),
    };

    private static ReferenceChange Change(CountryMeasure m, MeasureYear a, MeasureYear b, bool firstToLast) =>
        new(m, a.Year, b.Year, a.ReferenceValue!.Value, b.ReferenceValue!.Value, a.ReferenceRank, b.ReferenceRank,
            a.MedianOtherEuropean, b.MedianOtherEuropean, firstToLast);

    /// <summary>Competition ranking, highest first: 1 + the number of strictly larger values.</summary>
    public static int Rank(double value, IReadOnlyList<double> values)
    {
        int larger = 0;
        foreach (var v in values) if (v > value) larger++;
        return larger + 1;
    }

    /// <summary>R's <c>median</c>: the middle value, or the mean of the two middle values; NaN for none.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.OrderBy(v => v).ToArray();
        int n = s.Length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /// <summary>The fixed caveats, then what this result lacks: missing reference values and thin comparisons.</summary>
    private static List<CountryNote> Notes(CountryData data, Country reference, List<MeasureYear> summaries, List<ReferenceGap> gaps)
    {
        var notes = new List<CountryNote>(data.Notes);
        // missing reference values, one note per measure and reason (periods listed)
        foreach (var g in gaps)
            notes.Add(new CountryNote("missing",
                $"{Cap(reference.NameEnInText)} has no value for {g.Measure.LabelEn} in {string.Join(", ", g.Periods)}: {g.ReasonEn} (other countries with a value: up to {g.MaxOtherCountries}).",
                $"{reference.NameNl} heeft geen waarde voor {g.Measure.LabelNl} in {string.Join(", ", g.Periods)}: {g.ReasonNl} (andere landen met een waarde: tot {g.MaxOtherCountries})."));
        foreach (var s in summaries.Where(s => s.ReferenceValue is not null && s.NCountries < 5))
            notes.Add(new CountryNote("few_countries",
                s.NCountries == 1
                    ? $"{s.Measure.LabelEn}, {s.Period}: only {reference.NameEnInText} has a value, so there is no comparison (rank 1 of 1)."
                    : $"{s.Measure.LabelEn}, {s.Period}: only {s.NCountries} countries have a value (those a CBS page quotes); the rank is not a European ranking.",
                s.NCountries == 1
                    ? $"{s.Measure.LabelNl}, {s.Period}: alleen {reference.NameNl} heeft een waarde, dus er valt niets te vergelijken (rang 1 van 1)."
                    : $"{s.Measure.LabelNl}, {s.Period}: slechts {s.NCountries} landen hebben een waarde (die een CBS-bericht noemt); de rang is geen Europese rangorde."));
        var gapCountries = data.Missing.Where(x => x.Country != reference.Code).Select(x => x.Country).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        if (gapCountries.Count > 0)
            notes.Add(new CountryNote("missing_countries",
                $"Countries without values in the ESS 2018 table: {string.Join(", ", gapCountries)} (empty in the source or not in the archived page copy).",
                $"Landen zonder waarden in de ESS-tabel van 2018: {string.Join(", ", gapCountries)} (leeg in de bron of niet in de gearchiveerde kopie)."));
        notes.Add(new CountryNote("excluded",
            $"Not used: {string.Join(", ", data.ExcludedSurveys)} in the trustsurveys file (no European countries, and the Netherlands is not in them).",
            $"Niet gebruikt: {string.Join(", ", data.ExcludedSurveys)} uit het trustsurveys-bestand (geen Europese landen, en Nederland doet er niet aan mee)."));
        foreach (var src in data.Sources)
            notes.Add(new CountryNote("source_" + src.Id, $"Source: {src.Citation} Licence: {src.Licence}. {src.CaveatEn}",
                $"Bron: {src.Citation} Licentie: {src.Licence}. {src.CaveatNl}"));
        return notes;
    }
}
