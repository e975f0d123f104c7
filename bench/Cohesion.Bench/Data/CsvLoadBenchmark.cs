using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Cohesion.Data;
using Cohesion.Statistics.Data;

namespace Cohesion.Bench.Data;

/// <summary>
/// Loading 1,000,000 rows × 10 columns (6 doubles, 2 integers, 2 categorical strings; ~70 MB) from CSV, and the
/// same table from Parquet and from the DuckDB catalogue. The file is made once by <see cref="BenchData.EnsureCsv"/>
/// (fixed seed) and is the file bench/scripts/data/compare_r.sh gives to R.
/// Run: dotnet run -c Release --project bench/Cohesion.Bench -- --filter '*CsvLoad*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 7)]
public class CsvLoadBenchmark
{
    private string _csv = "", _parquet = "", _db = "";

    [GlobalSetup]
    public void Setup()
    {
        _csv = BenchData.EnsureCsv();
        _parquet = Path.ChangeExtension(_csv, ".parquet");
        if (!File.Exists(_parquet)) ParquetFile.Write(CsvReader.Read(_csv), _parquet);
        _db = Path.Combine(Path.GetDirectoryName(_csv)!, "bench.duckdb");
        var cat = new Catalogue(_db);
        if (!cat.Contains("bench1m")) cat.Import(_csv, "bench1m");
    }

    [Benchmark(Baseline = true)]
    public DataFrame Csv() => CsvReader.Read(_csv);

    [Benchmark]
    public DataFrame Parquet() => ParquetFile.Read(_parquet);

    [Benchmark]
    public DataFrame Catalogue() => new Catalogue(_db).Load("bench1m");
}

/// <summary>Importing the 1M × 10 CSV into the catalogue (read, hash, DuckDB appender, commit), replacing the
/// data set each time.</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class CatalogueImportBenchmark
{
    private string _csv = "", _db = "";

    [GlobalSetup]
    public void Setup()
    {
        _csv = BenchData.EnsureCsv();
        _db = Path.Combine(Path.GetDirectoryName(_csv)!, "bench_import.duckdb");
    }

    [Benchmark]
    public CatalogueEntry Import() => new Catalogue(_db).Import(_csv, "bench1m", replace: true);
}

public static class BenchData
{
    /// <summary>The 1M × 10 benchmark CSV in $COHESION_BENCH_DIR (default: the temp folder), made once.</summary>
    public static string EnsureCsv(int rows = 1_000_000)
    {
        var dir = Environment.GetEnvironmentVariable("COHESION_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "cohesion-bench");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"csv_{rows}x10.csv");
        if (File.Exists(path)) return path;
        var rng = new Random(12345);
        string[] regions = ["Noord", "Oost", "Zuid", "West", "Randstad"];
        var tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("id,weight,trust,age,income,score1,score2,stratum,region,municipality\n");
            for (int i = 0; i < rows; i++)
            {
                w.Write(i + 1); w.Write(',');
                w.Write((0.2 + rng.NextDouble() * 3).ToString("R", CultureInfo.InvariantCulture)); w.Write(',');
                w.Write(rng.Next(0, 2)); w.Write(',');
                w.Write(rng.Next(18, 95)); w.Write(',');
                w.Write(Math.Round(20000 + rng.NextDouble() * 80000, 2).ToString(CultureInfo.InvariantCulture)); w.Write(',');
                w.Write((rng.NextDouble() * 10).ToString("R", CultureInfo.InvariantCulture)); w.Write(',');
                w.Write((rng.NextDouble() - 0.5).ToString("F6", CultureInfo.InvariantCulture)); w.Write(',');
                w.Write(rng.Next(1, 201)); w.Write(',');
                w.Write(regions[rng.Next(regions.Length)]); w.Write(',');
                w.Write("GM"); w.Write(rng.Next(1, 400).ToString("D4", CultureInfo.InvariantCulture)); w.Write('\n');
            }
        }
        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
