using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Synthetic;

namespace Cohesion.Trends;

/// <summary>The built-in real series: CBS national trends 2012–2024 (<c>data/real/cbs-ssw-national-trends</c>).</summary>
public static class CbsSeries
{
    public static string Folder => DefaultData.PathOf("real", "cbs-ssw-national-trends");
    public static string DefaultPath => Path.Combine(Folder, "nl_cohesion_trends_cbs.csv");
    public static string QuarterlyPath => Path.Combine(Folder, "nl_trust_parliament_politicians_quarterly_2018_2022.csv");
    /// <summary>The built-in estimation window: 2012 (first SSW year) to 2022 — volunteering jumps from 41% in 2022 to
    /// 49% in 2023 with a questionnaire change (SOURCE.md), so later years are not used for trends.</summary>
    public const int WindowFrom = 2012, WindowTo = 2022;
    /// <summary>True when <paramref name="path"/> holds the built-in series (same bytes), wherever it lies.</summary>
    public static bool IsBuiltIn(string path) =>
        File.Exists(path) && File.Exists(DefaultPath) && File.ReadAllBytes(path).AsSpan().SequenceEqual(File.ReadAllBytes(DefaultPath));

    /// <summary>The title of the built-in series' chart (CLI <c>--chart</c> and the dashboard).</summary>
    public const string ChartTitle = "Sociale samenhang in Nederland / social cohesion in the Netherlands, 2012–2024";
    /// <summary>The provenance line under the built-in series' chart.</summary>
    public const string ChartProvenance = "REAL (published CBS figures)";

    public const string Caption = "CBS Sociale samenhang en welzijn (SSW) and Kiesraad, published national figures (REAL; every row names its source page)";

    /// <summary>Trust in the Tweede Kamer and in politicians per quarter 2018–2022 (CBS, 15+), in percent.</summary>
    public static IReadOnlyList<(string Quarter, double Year, double Politicians, double TweedeKamer)> Quarterly(string? path = null)
    {
        path ??= QuarterlyPath;
        var f = DatasetLoader.Load(path);
        var q = f.Categorical("quarter");
        var pol = f.Numeric("trust_politicians_pct").Values;
        var tk = f.Numeric("trust_tweede_kamer_pct").Values;
        var rows = new List<(string, double, double, double)>();
        for (int i = 0; i < f.RowCount; i++)
        {
            var label = q.Levels[q.Codes[i]];
            if (label.Length != 6 || label[4] != 'Q' || !int.TryParse(label[..4], out int y) || label[5] is < '1' or > '4')
                throw new CohesionException($"quarter must look like 2018Q1, not '{label}'", path, "quarter", i + 1);
            rows.Add((label, y + (label[5] - '1') / 4.0, pol[i], tk[i]));
        }
        return rows;
    }
}

/// <summary>What <c>cohesion trends --series</c> (or the built-in run) does.</summary>
public sealed record SeriesTrendsRequest
{
    /// <summary>A tidy series file; null = the built-in CBS series.</summary>
    public string? Series { get; init; }
    public IReadOnlyList<int> Breaks { get; init; } = [];
    /// <summary>Estimate the societal change (composition vs within) as well.</summary>
    public bool Societal { get; init; }
    public int? From { get; init; }
    public int? To { get; init; }
    public int? Until { get; init; }
    public int RulesFrom { get; init; } = 2024;
    public IReadOnlyDictionary<string, string> Map { get; init; } = new Dictionary<string, string>();
    /// <summary>Survey and framework of the group models (null = the built-in synthetic survey and CBS framework).</summary>
    public string? Survey { get; init; }
    public CohesionFramework? Framework { get; init; }
    /// <summary>Already fitted group models to use instead (e.g. the report's).</summary>
    public GroupModels? Models { get; init; }
    public HistoricalPopulation? Population { get; init; }
    public string Name { get; init; } = "estimated";
}

public sealed record SeriesTrendsOutcome(SeriesResult Series, SocietalEstimate? Societal, bool BuiltIn, string SeriesPath);

public static class SeriesTrends
{
    public static SeriesTrendsOutcome Run(SeriesTrendsRequest q)
    {
        bool builtIn = q.Series is null;
        string path = q.Series ?? CbsSeries.DefaultPath;
        var points = PublishedSeries.Read(path);
        var display = builtIn || CbsSeries.IsBuiltIn(path) ? "data/real/cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv" : path;
        var series = PublishedSeries.Fit(points, q.Breaks, display);
        SocietalEstimate? societal = null;
        if (q.Societal)
        {
            var models = q.Models;
            if (models is null)
            {
                var fw = q.Framework ?? FrameworkLoader.LoadDefault();
                var surveyPath = q.Survey ?? SurveyDefaultFile.DefaultPath;
                models = GroupModels.Fit(fw, DatasetLoader.Load(surveyPath));
            }
            var meta = SurveyDefaultFile.ReadMetadata(q.Survey ?? SurveyDefaultFile.DefaultPath);
            var source = q.Survey is null
                ? "the built-in SYNTHETIC survey data/survey/nl-synthetic-ssw.csv (calibrated to CBS figures)"
                : meta?.Synthetic == true ? $"{q.Survey} (SYNTHETIC)" : q.Survey;
            var opts = new SocietalEstimationOptions
            {
                From = q.From ?? (builtIn ? CbsSeries.WindowFrom : null),
                To = q.To ?? (builtIn ? CbsSeries.WindowTo : null),
                RulesFrom = q.RulesFrom, RulesUntil = q.Until, Map = q.Map, Name = q.Name, ModelsDescription = source,
                SeriesDescription = builtIn || CbsSeries.IsBuiltIn(path)
                    ? "the real CBS national series data/real/cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv (CBS SSW and Kiesraad)"
                    : $"the series file {path}",
            };
            societal = SocietalEstimation.Estimate(series, models, q.Population ?? new HistoricalPopulation(), opts);
        }
        return new SeriesTrendsOutcome(series, societal, builtIn, display);
    }
}
