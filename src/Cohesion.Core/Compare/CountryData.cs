using System.Globalization;
using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Compare;

/// <summary>A country: ISO 3166-1 alpha-2 code (Kosovo XK; Northern Ireland GB-NIR, which the EVS samples apart),
/// names in English and Dutch, and whether it counts as European for the European median.</summary>
public sealed record Country(string Code, string NameEn, string NameNl, bool Europe)
{
    /// <summary>The English name inside a sentence: "the Netherlands", "the United Kingdom", "Belgium".</summary>
    public string NameEnInText => NameEn.StartsWith("Netherlands") || NameEn.StartsWith("United ") || NameEn.StartsWith("Northern ")
        || NameEn.StartsWith("Dominican") || NameEn.StartsWith("Philippines") || NameEn.StartsWith("Palestinian") ? "the " + NameEn : NameEn;
}

/// <summary>The country list of <c>data/international/countries.json</c>: lookup by code or by English/Dutch name.</summary>
public sealed class CountryTable
{
    private readonly Dictionary<string, Country> _byKey = new(StringComparer.OrdinalIgnoreCase);

    public CountryTable(IEnumerable<Country> countries)
    {
        All = countries.ToList();
        foreach (var c in All)
        {
            _byKey.TryAdd(c.Code, c);
            _byKey.TryAdd(c.NameEn, c);
            _byKey.TryAdd(c.NameNl, c);
        }
    }

    public IReadOnlyList<Country> All { get; }

    public static string DefaultPath => DefaultData.PathOf("international", "countries.json");

    public static CountryTable LoadDefault() => Load(DefaultPath);

    public static CountryTable Load(string path)
    {
        if (!File.Exists(path)) throw new CohesionException("country table not found", path);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var list = doc.RootElement.GetProperty("countries").EnumerateArray().Select(e => new Country(
            e.GetProperty("code").GetString()!, e.GetProperty("name_en").GetString()!, e.GetProperty("name_nl").GetString()!,
            e.GetProperty("europe").GetBoolean())).ToList();
        return new CountryTable(list);
    }

    /// <summary>The country with this code or English/Dutch name (case-insensitive), or null.</summary>
    public Country? Find(string codeOrName) => _byKey.TryGetValue(codeOrName.Trim(), out var c) ? c : null;

    /// <summary>The country for a code used in a source file; unknown codes become a non-European country named by the code.</summary>
    public Country ForCode(string code) => Find(code) ?? new Country(code, code, code, false);
}

/// <summary>How a measure is scaled (the key of <c>scales</c> in <c>measures.json</c>).</summary>
public sealed record MeasureScale(string Id, string Unit, string En, string Nl);

/// <summary>One country-level measure: its shipped source, the survey and item behind it, its dimension and scale.</summary>
public sealed record CountryMeasure(
    string Id, string SourceId, string Column, string Survey, string Item, string Dimension, MeasureScale Scale, string LabelNl, string LabelEn);

/// <summary>A shipped source file with its citation, licence and caveat (shown wherever its values are used).</summary>
public sealed record CountrySource(
    string Id, string Label, string File, string TitleNl, string TitleEn, string Citation, string Url, string Licence, Provenance Provenance, string CaveatEn, string CaveatNl);

/// <summary>One published value: a country's value on a measure in a year (the first fieldwork year of the wave;
/// <see cref="Period"/> as the source writes it, e.g. <c>2018*</c> or <c>2017-2020</c>).</summary>
public sealed record CountryValue(
    string Measure, string Country, int Year, string Period, double Value, string SourceId, string? Url, string? Note, double? N = null,
    double? ResponseShare = null)
{
    /// <summary>Respondents who answered the item (<see cref="N"/> × <see cref="ResponseShare"/>), when both are known.</summary>
    public double? Answering => N is { } n && ResponseShare is { } r ? n * r : null;

    /// <summary>CBS marks provisional figures with an asterisk.</summary>
    public bool Provisional => Period.EndsWith('*');
}

/// <summary>A value the source lacks, with the reason (so that a missing value is said, not hidden).</summary>
public sealed record MissingValue(string Measure, string Country, int? Year, string ReasonEn, string ReasonNl);

/// <summary>A comparability caveat (English and Dutch).</summary>
public sealed record CountryNote(string Id, string En, string Nl);

/// <summary>Everything the built-in comparison reads: the country table, the measures and their sources, the values,
/// the known gaps and the caveats.</summary>
public sealed record CountryData(
    CountryTable Countries, IReadOnlyList<CountrySource> Sources, IReadOnlyList<CountryMeasure> Measures, IReadOnlyList<CountryValue> Values,
    IReadOnlyList<MissingValue> Missing, IReadOnlyList<CountryNote> Notes, IReadOnlyList<string> ExcludedSurveys)
{
    public static string DefaultConfigPath => DefaultData.PathOf("international", "measures.json");

    public CountryMeasure Measure(string id) => Measures.FirstOrDefault(m => m.Id == id) ?? throw new KeyNotFoundException($"no measure '{id}'");
    public CountrySource Source(string id) => Sources.First(s => s.Id == id);

    /// <summary>The built-in data: <c>data/international/measures.json</c> and the files it names under <c>data/</c>.</summary>
    public static CountryData LoadDefault() => Load(DefaultConfigPath, DefaultData.Directory, CountryTable.LoadDefault());

    public static CountryData Load(string configPath, string dataDirectory, CountryTable countries)
    {
        if (!File.Exists(configPath)) throw new CohesionException("measure configuration not found", configPath);
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        var root = doc.RootElement;
        var sources = root.GetProperty("sources").EnumerateArray().Select(s => (Reader: S(s, "reader"), Source: new CountrySource(
            S(s, "id"), S(s, "label"), S(s, "file"), S(s, "title_nl"), S(s, "title_en"), S(s, "citation"), S(s, "url"), S(s, "licence"),
            ProvenanceText.Parse(S(s, "provenance")), S(s, "caveat_en"), S(s, "caveat_nl")))).ToList();
        var scales = root.GetProperty("scales").EnumerateObject().ToDictionary(p => p.Name, p => new MeasureScale(p.Name, S(p.Value, "unit"), S(p.Value, "en"), S(p.Value, "nl")));
        var measures = new List<CountryMeasure>();
        foreach (var m in root.GetProperty("measures").EnumerateArray())
        {
            var id = S(m, "id");
            var scale = scales.TryGetValue(S(m, "scale"), out var sc) ? sc : throw new CohesionException($"measure '{id}': unknown scale '{S(m, "scale")}'", configPath);
            var survey = S(m, "survey");
            var sourceId = sources.First(x => Reads(x.Reader, survey)).Source.Id;
            measures.Add(new CountryMeasure(id, sourceId, S(m, "column"), survey, S(m, "item"), S(m, "dimension"), scale, S(m, "label_nl"), S(m, "label_en")));
        }
        var excluded = root.GetProperty("excluded_surveys").EnumerateArray().Select(e => e.GetString()!).ToList();
        var notes = root.GetProperty("notes").EnumerateArray().Select(n => new CountryNote(S(n, "id"), S(n, "en"), S(n, "nl"))).ToList();

        var values = new List<CountryValue>();
        var missing = new List<MissingValue>();
        foreach (var (reader, source) in sources)
        {
            var path = Path.Combine(dataDirectory, source.File);
            var frame = DatasetLoader.Load(path);
            switch (reader)
            {
                case "cbs80518ned_wide": ReadWide(frame, source, measures, countries, values, missing, root, path); break;
                case "cbs_pages_long": ReadPages(frame, source, measures, countries, values, path); break;
                case "trustsurveys": ReadTrustSurveys(frame, source, measures, countries, values, excluded, path); break;
                default: throw new CohesionException($"source '{source.Id}': unknown reader '{reader}'", configPath);
            }
        }
        return new CountryData(countries, sources.Select(s => s.Source).ToList(), measures, values, missing, notes, excluded);

        static bool Reads(string reader, string survey) => survey == "ESS" ? reader == "cbs80518ned_wide" : reader == "trustsurveys";
    }

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new CohesionException($"measure configuration: field '{name}' missing");

    /// <summary>First year of a period such as <c>2018*</c>, <c>2017-2020</c> or <c>2012</c>.</summary>
    internal static int YearOf(string period, string file, long row)
    {
        var digits = new string(period.TakeWhile(char.IsDigit).ToArray());
        if (digits.Length == 4 && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var y)) return y;
        throw new CohesionException($"period '{period}' does not start with a four-digit year", file, null, row);
    }

    private static string Text(DataFrame f, string column, int row)
    {
        var col = f[column];
        if (col is NumericColumn n) return double.IsNaN(n.Values[row]) ? "" : n.Values[row].ToString("R", CultureInfo.InvariantCulture);
        var c = f.Categorical(column);
        return c.Codes[row] < 0 ? "" : c.Levels[c.Codes[row]];
    }

    /// <summary>CBS 80518NED as transcribed: one row per country, one column per measure (mean_* and pct_*).</summary>
    private static void ReadWide(DataFrame f, CountrySource source, List<CountryMeasure> measures, CountryTable countries,
        List<CountryValue> values, List<MissingValue> missing, JsonElement root, string path)
    {
        var mine = measures.Where(m => m.Survey == "ESS" && f.Contains(m.Column)).ToList();
        var gaps = root.GetProperty("gaps").EnumerateArray().Where(g => S(g, "source") == source.Id).Select(g => (
            Countries: g.GetProperty("countries").EnumerateArray().Select(x => x.GetString()!).ToHashSet(),
            Columns: g.TryGetProperty("columns", out var cs) ? cs.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : null,
            En: S(g, "en"), Nl: S(g, "nl"))).ToList();
        int year = 0;
        for (int i = 0; i < f.RowCount; i++)
        {
            var code = Text(f, "country_iso2", i);
            var period = Text(f, "period", i);
            year = YearOf(period, path, i + 1);
            foreach (var m in mine)
            {
                double v = f.Numeric(m.Column).Values[i];
                if (double.IsNaN(v))
                {
                    var gap = gaps.FirstOrDefault(g => g.Countries.Contains(code) && (g.Columns is null || g.Columns.Contains(m.Column)));
                    missing.Add(new MissingValue(m.Id, code, year, gap.En ?? "no value in the source", gap.Nl ?? "geen waarde in de bron"));
                    continue;
                }
                values.Add(new CountryValue(m.Id, countries.ForCode(code).Code, year, period, v, source.Id, source.Url, null));
            }
        }
        // countries the source leaves out entirely (empty rows, rows not in the archived copy)
        foreach (var g in gaps.Where(g => g.Columns is null))
            foreach (var code in g.Countries)
                foreach (var m in mine)
                    missing.Add(new MissingValue(m.Id, code, year == 0 ? null : year, g.En, g.Nl));
    }

    /// <summary>The CBS pages file: measure, country, year, value, unit, source_url, note.</summary>
    private static void ReadPages(DataFrame f, CountrySource source, List<CountryMeasure> measures, CountryTable countries,
        List<CountryValue> values, string path)
    {
        var known = measures.Select(m => m.Id).ToHashSet();
        for (int i = 0; i < f.RowCount; i++)
        {
            var measure = Text(f, "measure", i);
            if (!known.Contains(measure)) throw new CohesionException($"measure '{measure}' is not declared in data/international/measures.json", path, "measure", i + 1);
            var period = Text(f, "year", i);
            var note = Text(f, "note", i);
            var url = Text(f, "source_url", i);
            values.Add(new CountryValue(measure, countries.ForCode(Text(f, "country", i)).Code, YearOf(period, path, i + 1), period,
                f.Numeric("value").Values[i], source.Id, url.Length == 0 ? null : url, note.Length == 0 ? null : note));
        }
    }

    /// <summary>df_trust.csv: country.name, wave, survey, n, p_response, trust, years. Surveys without a measure
    /// (the non-European barometers) are skipped.</summary>
    private static void ReadTrustSurveys(DataFrame f, CountrySource source, List<CountryMeasure> measures, CountryTable countries,
        List<CountryValue> values, IReadOnlyList<string> excluded, string path)
    {
        var bySurvey = measures.Where(m => m.SourceId == source.Id).ToDictionary(m => m.Column);
        var trust = f.Numeric("trust").Values;
        var n = f.Numeric("n").Values;
        var pResponse = f.Numeric("p_response").Values;
        for (int i = 0; i < f.RowCount; i++)
        {
            var survey = Text(f, "survey", i);
            if (!bySurvey.TryGetValue(survey, out var m))
            {
                if (!excluded.Contains(survey)) throw new CohesionException($"survey '{survey}' has no measure in data/international/measures.json", path, "survey", i + 1);
                continue;
            }
            var name = Text(f, "country.name", i);
            var country = countries.Find(name) ?? throw new CohesionException($"country '{name}' is not in data/international/countries.json", path, "country.name", i + 1);
            var period = Text(f, "years", i);
            if (double.IsNaN(trust[i])) continue;
            values.Add(new CountryValue(m.Id, country.Code, YearOf(period, path, i + 1), period, trust[i], source.Id, source.Url,
                $"wave {Text(f, "wave", i)}", double.IsNaN(n[i]) ? null : n[i], double.IsNaN(pResponse[i]) ? null : pResponse[i]));
        }
    }
}
