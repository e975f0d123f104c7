using System.CommandLine;
using System.Globalization;
using Cohesion.Data;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.IO;
using Cohesion.Statistics.Survey;
using Cohesion.Synthetic;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;
using Cohesion.Presentation.Tables;
using Cohesion.Trends;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion trends</c>: estimates on stacked survey waves (svyby by year, svycontrast, svyglm trends), fits of
/// published series, and the societal change estimated from them (issue 10). All statistics live in
/// <see cref="WaveTrends"/>, <see cref="PublishedSeries"/> and <see cref="SocietalEstimation"/>.</summary>
public static class TrendsCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("trends",
            "Trends across survey waves and published series; societal change estimated from them.\n" +
            "Trends over golven en gepubliceerde reeksen; maatschappelijke verandering daaruit geschat.\n" +
            "Without --data/--series: the REAL CBS national series 2012–2024 (trust, volunteering, turnout), their logit trends and the\n" +
            "split of the 2012→2022 change into composition and within-group parts.\n" +
            "Example: cohesion trends --data waves.csv --year year --var trust,volunteer --by education3 --weight w --strata region --cluster psu\n" +
            "Example: cohesion trends --data panel.csv --year wave --var trust --weight w --cluster person --panel --format json\n" +
            "Example: cohesion trends --series my_series.csv --break 2020 --chart series.svg\n" +
            "Example: cohesion trends --series data/real/cbs-ssw-national-trends/nl_cohesion_trends_cbs.csv --to 2022 --export-societal estimated.json");
        var data = CommonOptions.Data("Stacked survey waves (one row per respondent and wave): file or catalogue name");
        var year = new Option<string?>("--year") { Description = "Column with the year (or wave number) of each row (numeric)" };
        var vars = new Option<string?>("--var") { Description = "Variable(s), comma-separated (0/1 indicators or scores); default: every dimension and indicator of --framework" };
        var by = new Option<string?>("--by") { Description = "Group column: estimates, contrasts and trends per group (svyby(~year + by))" };
        var weight = new Option<string?>("--weight") { Description = "Sampling weight column (default: equal weights)" };
        var strata = new Option<string?>("--strata") { Description = "Stratum column; nested in the year (each year a stratum without it) unless --panel" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster (PSU) column(s), comma-separated; nested in the strata. With --panel: the person followed across waves" };
        var panel = new Option<bool>("--panel") { Description = "The same people in several waves: --cluster names the person and is not nested in the year (paired differences)" };
        var reps = new Option<string?>("--replicates") { Description = "jk1|jkn|bootstrap|brr: replicate weights built from the design (as.svrepdesign) for the SEs" };
        reps.AcceptOnlyFromAmong("jk1", "jkn", "bootstrap", "brr");
        var bootReps = new Option<int>("--bootstrap-replicates") { Description = "Number of bootstrap replicates", DefaultValueFactory = _ => 50 };
        var mse = new Option<bool>("--mse") { Description = "Replicate variances around the full-sample estimate (R's mse=TRUE)" };
        var supplied = new ReplicateWeightOptions();
        var seed = CommonOptions.Seed();
        var lonely = new Option<string>("--lonely-psu") { Description = "Strata with one PSU: fail|adjust|average|certainty|remove", DefaultValueFactory = _ => "fail" };
        lonely.AcceptOnlyFromAmong("fail", "adjust", "average", "certainty", "remove");
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var minN = new Option<int?>("--min-n") { Description = $"Suppress wave cells on fewer respondents (default: 0 with --var, as estimate; {DisclosureRule.DefaultMinCount} for framework variables, as measure)" };
        var framework = new Option<string?>("--framework") { Description = "Framework (file or built-in name) for the variables without --var, and for the group models of --export-societal" };
        var series = new Option<string?>("--series") { Description = "A tidy series file: indicator, group, year, value (%), optional se (pp) or n, source" };
        var breaks = new Option<string?>("--break") { Description = "Break year(s), comma-separated: piecewise trends (a break year ends one segment and starts the next)" };
        var export = new Option<string?>("--export-societal") { Description = "Write the estimated societal change as a societal scenario (JSON) for simulate --societal FILE" };
        var from = new Option<int?>("--from") { Description = "Societal estimate: first year of the window (default: the series' first; built-in 2012)" };
        var to = new Option<int?>("--to") { Description = "Societal estimate: last year of the window (default: the series' last; built-in 2022)" };
        var until = new Option<int?>("--until") { Description = "Societal scenario: the trends run from 2024 until this year (default: per trend 2024 + the years its data span)" };
        var map = new Option<string?>("--map") { Description = "Series indicator → framework indicator, e.g. trust_others=trust_people,vol=volunteering" };
        var survey = new Option<string?>("--survey") { Description = "Survey the group models of the composition split are fitted on (default: the built-in synthetic survey)" };
        var chart = new Option<string?>("--chart") { Description = "Write the series as a StatLine-style line chart (SVG)" };
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (Option o in new Option[] { data, year, vars, by, weight, strata, cluster, panel, reps, bootReps, mse })
            cmd.Options.Add(o);
        foreach (var o in supplied.All) cmd.Options.Add(o);
        foreach (Option o in new Option[] { seed, lonely, level, minN, framework, series, breaks, export, from, to, until, map, survey, chart, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(pr =>
        {
            var fmt = pr.GetValue(format);
            var dataArg = pr.GetValue(data);
            var seriesArg = pr.GetValue(series);
            if (dataArg is not null && seriesArg is not null) throw new UsageException("give --data (survey waves) or --series (published series), not both");
            if (dataArg is not null)
            {
                foreach (var (name, set) in new[] { ("--break", pr.GetValue(breaks) is not null), ("--export-societal", pr.GetValue(export) is not null),
                             ("--from", pr.GetValue(from) is not null), ("--to", pr.GetValue(to) is not null), ("--until", pr.GetValue(until) is not null),
                             ("--map", pr.GetValue(map) is not null), ("--survey", pr.GetValue(survey) is not null), ("--chart", pr.GetValue(chart) is not null) })
                    if (set) throw new UsageException($"{name} belongs to --series (published series), not to --data");
                var yearCol = pr.GetValue(year) ?? throw new UsageException("--data needs --year COL (the column with each row's year or wave)");
                var clusters = Split(pr.GetValue(cluster));
                bool isPanel = pr.GetValue(panel);
                if (isPanel && clusters.Count == 0) throw new UsageException("--panel needs --cluster COL naming the person followed across waves");
                double lev = pr.GetValue(level);
                if (!(lev > 0 && lev < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
                var varList = Split(pr.GetValue(vars));
                int min = pr.GetValue(minN) ?? (varList.Count > 0 ? 0 : DisclosureRule.DefaultMinCount);
                if (min < 0) throw new UsageException("--min-n must be 0 or more");
                var sup = supplied.Read(pr, pr.GetValue(mse));
                if (sup is not null && (pr.GetValue(strata) is not null || clusters.Count > 0 || isPanel || pr.GetValue(reps) is not null))
                    throw new UsageException("--repweights replaces --strata, --cluster, --panel and --replicates (supplied replicate weights carry the design)");
                if (sup is not null && pr.GetValue(weight) is null) throw new UsageException("--repweights needs --weight COL (the full-sample weight)");
                var frame = DatasetLoader.Load(dataArg);
                var request = new WaveTrendsRequest
                {
                    Data = frame, Year = yearCol, Variables = varList, Framework = varList.Count == 0 ? FrameworkLoader.Resolve(pr.GetValue(framework)) : null,
                    By = pr.GetValue(by), Weight = pr.GetValue(weight), Strata = pr.GetValue(strata), Clusters = clusters, Panel = isPanel,
                    Replicates = pr.GetValue(reps) switch
                    {
                        null => null, "jk1" => ReplicateType.JK1, "jkn" => ReplicateType.JKn, "brr" => ReplicateType.BRR, _ => ReplicateType.Bootstrap
                    },
                    BootstrapReplicates = pr.GetValue(bootReps), Mse = pr.GetValue(mse), Seed = pr.GetValue(seed) ?? 1,
                    LonelyPsu = Enum.Parse<LonelyPsu>(pr.GetValue(lonely)!, ignoreCase: true), Level = lev, Disclosure = new DisclosureRule(min),
                    SuppliedReplicates = sup,
                };
                var result = WaveTrends.Run(request);
                var meta = SurveyDefaultFile.ReadMetadataFor(dataArg);
                string provenance = meta?.Synthetic == true ? "synthetic" : "real";
                OutputSink.Write(ctx, pr.GetValue(output), w => WaveOutput.Write(ctx, w, fmt, result, frame.Source ?? dataArg, provenance, lev));
                return ExitCodes.Ok;
            }

            foreach (var (name, set) in new[] { ("--year", pr.GetValue(year) is not null), ("--var", pr.GetValue(vars) is not null), ("--by", pr.GetValue(by) is not null),
                         ("--weight", pr.GetValue(weight) is not null), ("--strata", pr.GetValue(strata) is not null), ("--cluster", pr.GetValue(cluster) is not null),
                         ("--panel", pr.GetValue(panel)), ("--replicates", pr.GetValue(reps) is not null),
                         ("--repweights", pr.GetValue(supplied.RepWeights) is not null), ("--repweights-type", pr.GetValue(supplied.RepWeightsType) is not null) })
                if (set) throw new UsageException($"{name} belongs to --data (survey waves); with --series or the built-in series it has no meaning");
            var breakYears = new List<int>();
            foreach (var b in Split(pr.GetValue(breaks)))
                breakYears.Add(int.TryParse(b, NumberStyles.Integer, Inv, out int y) ? y : throw new UsageException($"--break '{b}' is not a year"));
            var exportPath = pr.GetValue(export);
            bool builtIn = seriesArg is null;
            var fw = FrameworkLoader.Resolve(pr.GetValue(framework));
            var outcome = SeriesTrends.Run(new SeriesTrendsRequest
            {
                Series = seriesArg, Breaks = breakYears, Societal = exportPath is not null || builtIn,
                From = pr.GetValue(from), To = pr.GetValue(to), Until = pr.GetValue(until), Map = ParseMap(pr.GetValue(map)),
                Survey = pr.GetValue(survey), Framework = fw,
            });
            string? scenarioJson = outcome.Societal is { } soc && exportPath is not null ? SocietalScenarioExport.ToJson(soc) : null;
            string? svg = pr.GetValue(chart) is null ? null : TrendCharts.Render(
                builtIn ? CbsSeries.ChartTitle : $"Reeksen / series — {Path.GetFileName(outcome.SeriesPath)}",
                TrendCharts.Panels(outcome.Series), builtIn ? CbsSeries.Caption : outcome.SeriesPath, builtIn ? CbsSeries.ChartProvenance : "published series (real)");
            // everything is computed: now write, each file whole or not at all
            OutputSink.Write(ctx, pr.GetValue(output), w => SeriesOutput.Write(ctx, w, fmt, outcome, exportPath));
            if (scenarioJson is not null) AtomicFile.WriteText(exportPath!, w => w.Write(scenarioJson));
            if (svg is not null) AtomicFile.WriteText(pr.GetValue(chart)!, w => w.Write(svg));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<string> Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static Dictionary<string, string> ParseMap(string? s)
    {
        var d = new Dictionary<string, string>();
        foreach (var part in Split(s))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1) throw new UsageException($"--map '{part}': expected SERIES=INDICATOR");
            d[part[..eq].Trim()] = part[(eq + 1)..].Trim();
        }
        return d;
    }

    internal static string Year(double y) => y.ToString("0.####", Inv);
}

/// <summary>Output of <c>trends --data</c>: JSON <c>{"waves","contrasts","trends","notes"}</c> as the issue's contract.</summary>
internal static class WaveOutput
{
    public static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, WaveTrendsResult r, string source, string provenance, double level)
    {
        var notes = new List<string> { $"Data / gegevens: {source} ({provenance.ToUpperInvariant()}).", $"Design / ontwerp: {r.DesignDescription}." };
        notes.AddRange(r.Notes);
        var prov = ProvenanceText.Parse(provenance);
        var waves = TrendTables.Waves(r, prov);
        var contrasts = TrendTables.Contrasts(r, prov);
        var fits = TrendTables.WaveTrendFits(r, prov);
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    TableJson.WriteArray(j, "waves", waves);
                    TableJson.WriteArray(j, "contrasts", contrasts);
                    TableJson.WriteArray(j, "trends", fits);
                    j.WriteStartArray("notes");
                    foreach (var n in notes) j.WriteStringValue(n);
                    j.WriteEndArray();
                    j.WriteString("provenance", provenance);
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
                TableCsv.WriteSections(w, ["variable", "group", "year", "from", "to", "estimate", "se", "ci_lower", "ci_upper", "n", "p", "scale"],
                [
                    new("wave", waves), new("contrast", contrasts, new Dictionary<string, string> { ["difference"] = "estimate" }),
                    new("trend", fits, new Dictionary<string, string> { ["slope"] = "estimate" }),
                ]);
                break;
            default:
            {
                TabularOutput.WriteTable(ctx, w, waves, $"{(level * 100).ToString("0.##", CultureInfo.InvariantCulture)}% CI (ci_lower – ci_upper)");
                TabularOutput.WriteTable(ctx, w, contrasts);
                TabularOutput.WriteTable(ctx, w, fits);
                foreach (var n in notes) w.WriteLine(n);
                break;
            }
        }
    }
}

/// <summary>Output of <c>trends --series</c> and the built-in run: JSON <c>{"series","trends","notes"}</c> as the issue's
/// contract, plus <c>"societal"</c> when the societal change was estimated.</summary>
internal static class SeriesOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, SeriesTrendsOutcome o, string? exported)
    {
        var r = o.Series;
        var notes = new List<string>
        {
            o.BuiltIn ? $"Data / gegevens: {CbsSeries.Caption}." : $"Data / gegevens: published series {o.SeriesPath} (real).",
            "Trends: lm(qlogis(value/100) ~ year, weights = n, 1/se^2 or none) per indicator × group" +
            (r.Breaks.Count > 0 ? $", piecewise at {string.Join(", ", r.Breaks)} (a break year ends one segment and starts the next)" : "") + "; slope in logit per year.",
        };
        if (o.Societal is { } s)
        {
            notes.Add($"Societal change (DERIVED): the observed change {s.From}–{s.To} split into composition and within-group parts through the group models of simulate " +
                      $"(fitted on {s.ModelsSource}); population: {s.PopulationMethod}.");
            if (exported is not null) notes.Add($"Societal scenario written to {exported} (simulate --societal {exported}).");
        }
        notes.AddRange(r.Notes);
        if (o.Societal is { } s2) notes.AddRange(s2.Notes);
        var points = TrendTables.SeriesPoints(r);
        var fits = TrendTables.SeriesFits(r);
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    TableJson.WriteArray(j, "series", points);
                    TableJson.WriteArray(j, "trends", fits);
                    j.WriteStartArray("notes");
                    foreach (var n in notes) j.WriteStringValue(n);
                    j.WriteEndArray();
                    j.WriteString("provenance", "real");
                    if (o.Societal is { } soc)
                    {
                        j.WriteStartObject("societal");
                        j.WriteString("provenance", "derived");
                        j.WriteString("name", soc.Name);
                        j.WriteNumber("from", soc.From);
                        j.WriteNumber("to", soc.To);
                        TableJson.WriteArray(j, "splits", TrendTables.SocietalSplits(soc));
                        TableJson.WriteArray(j, "rules", TrendTables.SocietalRules(soc));
                        j.WriteEndObject();
                    }
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
            {
                var sections = new List<TableCsv.Section> { new("series", points), new("trend", fits) };
                if (o.Societal is { } soc)
                {
                    sections.Add(new("split", TrendTables.SocietalSplits(soc), new Dictionary<string, string> { ["change"] = "value" }));
                    sections.Add(new("rule", TrendTables.SocietalRules(soc), new Dictionary<string, string> { ["logit_per_year"] = "slope" }));
                }
                TableCsv.WriteSections(w, ["indicator", "group", "year", "from", "to", "value", "slope", "se", "composition", "within", "source"], sections);
                break;
            }
            default:
            {
                var keys = r.Points.Select(p => (p.Indicator, p.Group)).Distinct().ToList();
                var years = r.Points.Select(p => p.Year).Distinct().Order().ToList();
                var headers = new List<string> { "indicator", "group" };
                headers.AddRange(years.Select(TrendsCommand.Year));
                TabularOutput.WriteTable(ctx, w, $"Reeksen / series (%) — {(o.BuiltIn ? "CBS, REAL" : o.SeriesPath)}", headers,
                    keys.Select(k =>
                    {
                        var row = new List<string> { k.Indicator, k.Group };
                        foreach (var y in years)
                        {
                            var p = r.Points.FirstOrDefault(x => x.Indicator == k.Indicator && x.Group == k.Group && x.Year == y);
                            row.Add(p is null ? "" : p.Value.ToString("0.#", Inv));
                        }
                        return (IReadOnlyList<string>)row;
                    }));
                TabularOutput.WriteTable(ctx, w, fits);
                if (o.Societal is { } soc)
                {
                    TabularOutput.WriteTable(ctx, w, TrendTables.SocietalSplits(soc));
                    TabularOutput.WriteTable(ctx, w, TrendTables.SocietalRules(soc));
                }
                foreach (var n in notes) w.WriteLine(n);
                break;
            }
        }
    }
}
