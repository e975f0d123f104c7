using BenchmarkDotNet.Attributes;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Bench.Framework;

/// <summary>
/// <c>cohesion measure</c>'s library path on the built-in synthetic survey (22,000 respondents) and on a tiled copy
/// of it (×10 = 220,000 and ×45 = 990,000 respondents, municipalities renumbered per copy): recode 23 indicators,
/// score 4 dimensions, and estimate all 27 variables nationally and by education3 with stratified-cluster
/// Taylor SEs. R counterpart: bench/scripts/framework/measure_svyby.R (same recodes, svymean + svyby).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser, MedianColumn]
public class MeasureBenchmark
{
    [Params(1, 10, 45)]
    public int Tiles;
    private DataFrame _data = null!;
    private CohesionFramework _framework = null!;

    [GlobalSetup]
    public void Setup()
    {
        _framework = FrameworkLoader.LoadDefault();
        _data = Tile(DatasetLoader.Load(SurveyDefaultFile.DefaultPath), Tiles);
    }

    [Benchmark]
    public int ScoreFramework() => FrameworkScorer.Score(_framework, _data).RowCount;

    [Benchmark]
    public int MeasureByEducation() =>
        CohesionMeasurement.Run(_framework, _data, new MeasureOptions { By = ["education3"] }).Rows.Count;

    /// <summary>The data repeated <paramref name="k"/> times; municipality codes are made distinct per copy.</summary>
    public static DataFrame Tile(DataFrame f, int k)
    {
        if (k == 1) return f;
        int n = f.RowCount;
        var rows = new int[n * k];
        for (int i = 0; i < rows.Length; i++) rows[i] = i % n;
        var t = f.Select(rows);
        var m = f.Categorical("municipality");
        var codes = new int[n * k];
        var levels = new string[m.LevelCount * k];
        for (int c = 0; c < k; c++)
        {
            for (int l = 0; l < m.LevelCount; l++) levels[c * m.LevelCount + l] = $"{m.Levels[l]}-{c}";
            for (int i = 0; i < n; i++) codes[c * n + i] = c * m.LevelCount + m.Codes[i];
        }
        t.Set(new CategoricalColumn("municipality", codes, levels));
        return t;
    }
}

/// <summary>Generating and calibrating the synthetic survey (22,000 respondents, 35 calibration targets).</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser, MedianColumn]
public class SyntheticSurveyBenchmark
{
    [Benchmark]
    public int Generate() => SurveyGenerator.Generate().Data.RowCount;
}
