using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Loads a data set from a file path (format chosen by extension) or, when the argument is not an existing
/// file, from the catalogue by name. One entry point for every verb's <c>--data</c>.
/// </summary>
public static class DatasetLoader
{
    public static DataFrame Load(string pathOrName)
    {
        if (File.Exists(pathOrName))
        {
            var ext = Path.GetExtension(pathOrName).ToLowerInvariant();
            return ext switch
            {
                ".csv" or ".txt" or ".tsv" or ".tab" => CsvReader.Read(pathOrName),
                _ => throw new CohesionException($"unsupported file type '{ext}' (supported: .csv, .txt, .tsv)", pathOrName)
            };
        }
        if (Directory.Exists(pathOrName)) throw new CohesionException("is a directory, not a data file", pathOrName);
        throw new CohesionException("file not found (and no data set of that name in the catalogue)", pathOrName);
    }
}
