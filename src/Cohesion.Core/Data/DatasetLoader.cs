using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Loads a data set from a file path (format chosen by extension) or, when the argument is not an existing
/// file, from the catalogue by name. One entry point for every verb's <c>--data</c>.
/// <list type="table">
/// <item><term>.csv .txt .tsv .tab .dat</term><description><see cref="CsvReader"/> (delimiter detected); also gzipped (<c>.csv.gz</c>)</description></item>
/// <item><term>.parquet .pq</term><description><see cref="ParquetFile"/></description></item>
/// <item><term>.sav .zsav</term><description><see cref="SavReader"/> (SPSS)</description></item>
/// <item><term>.dta</term><description><see cref="DtaReader"/> (Stata 8–18)</description></item>
/// <item><term>.xlsx .xlsm .xls</term><description><see cref="XlsxReader"/>; <c>file.xlsx#Sheet</c> picks a sheet</description></item>
/// </list>
/// Value labels of SPSS/Stata variables are kept as <see cref="NumericColumn.ValueLabels"/> on numeric columns
/// (the codes stay the values; <see cref="DataFrame.Categorical"/> shows the labels as level labels).
/// </summary>
public static class DatasetLoader
{
    public static readonly IReadOnlyList<string> Extensions =
        [".csv", ".txt", ".tsv", ".tab", ".dat", ".csv.gz", ".txt.gz", ".tsv.gz", ".parquet", ".pq", ".sav", ".zsav", ".dta", ".xlsx", ".xlsm", ".xls"];

    /// <summary>Whether a file name ends in an extension this loader reads (an Excel <c>#Sheet</c> suffix allowed).</summary>
    public static bool IsSupportedFileName(string name)
    {
        var (file, _) = XlsxReader.SplitSheet(name);
        return Extensions.Any(e => file.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A file by path, else a catalogue data set by name (default catalogue).</summary>
    public static DataFrame Load(string pathOrName) => Load(pathOrName, catalogueDatabase: null);

    /// <summary>A file by path, else a data set by name from the catalogue at <paramref name="catalogueDatabase"/>
    /// (null: the default catalogue).</summary>
    public static DataFrame Load(string pathOrName, string? catalogueDatabase)
    {
        if (string.IsNullOrWhiteSpace(pathOrName)) throw new CohesionException("no data file or data set name given");
        var (file, _) = XlsxReader.SplitSheet(pathOrName);
        if (File.Exists(file)) return LoadFile(pathOrName);
        bool looksLikeName = !pathOrName.Contains('/') && !pathOrName.Contains('\\') && Path.GetExtension(pathOrName).Length == 0;
        var catalogue = looksLikeName ? new Catalogue(catalogueDatabase) : null;
        // a catalogue name wins over a folder of the same name in the working directory
        if (catalogue is not null && catalogue.Contains(pathOrName)) return catalogue.Load(pathOrName);
        if (Directory.Exists(pathOrName)) throw new CohesionException("is a directory, not a data file", pathOrName);
        if (catalogue is not null)
            throw new CohesionException($"no such file, and no data set of that name in the catalogue {catalogue.DatabasePath}", pathOrName);
        throw new CohesionException("file not found", pathOrName);
    }

    /// <summary>Reads a file by its extension.</summary>
    public static DataFrame LoadFile(string path)
    {
        var (file, sheet) = XlsxReader.SplitSheet(path);
        var ext = Path.GetExtension(file).ToLowerInvariant();
        BinaryCursor.RequireFile(file);
        if (sheet is not null && ext is not (".xlsx" or ".xlsm" or ".xls"))
            throw new CohesionException($"'#{sheet}' selects a sheet, which only Excel files have", file);
        if (ext == ".gz")
        {
            var inner = Path.GetExtension(Path.GetFileNameWithoutExtension(file)).ToLowerInvariant();
            if (inner is not (".csv" or ".txt" or ".tsv" or ".tab" or ".dat"))
                throw new CohesionException($"unsupported file type '{inner}.gz' (gzip is read for delimited text: .csv.gz, .txt.gz, .tsv.gz)", file);
            using var decompressed = GzipFile.ReadVerified(file);
            return CsvReader.Read(decompressed, file);
        }
        return ext switch
        {
            ".csv" or ".txt" or ".tsv" or ".tab" or ".dat" => CsvReader.Read(file),
            ".parquet" or ".pq" => ParquetFile.Read(file),
            ".sav" or ".zsav" => SavReader.Read(file),
            ".dta" => DtaReader.Read(file),
            ".xlsx" or ".xlsm" or ".xls" => XlsxReader.Read(path),
            _ => throw new CohesionException(
                $"unsupported file type '{(ext.Length == 0 ? "(no extension)" : ext)}' (supported: {string.Join(", ", Extensions)})", file)
        };
    }
}
