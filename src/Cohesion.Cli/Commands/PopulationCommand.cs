using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;
using Cohesion.IO;
using Cohesion.Pipeline;
using Cohesion.Statistics;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion population</c>: the multi-state cohort-component projection under the NIDI/CBS scenarios.</summary>
public static class PopulationCommand
{
    public const string Note = PopulationStep.Note;

    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("population",
            "Project the Dutch population by age, sex, origin and education under the NIDI/CBS scenarios (cohort-component model).\n" +
            "Projecteer de Nederlandse bevolking naar leeftijd, geslacht, herkomst en opleiding onder de NIDI/CBS-scenario's.\n" +
            "Scenarios: " + string.Join(", ", ScenarioCatalog.Names) + " (midden = CBS prognosis), or all; editions 2020 (base 2019) and 2024 (base 2023).\n" +
            "Example: cohesion population --scenario all --edition 2024 --to 2050 --format json --out pop.json\n" +
            "Own scenario: copy data/demography/scenarios/2020/midden.json, edit, and run cohesion population --scenario-file my.json --pyramid p.svg --chart t.svg\n" +
            "Stochastic: cohesion population --scenario midden --stochastic 1000 --seed 1 --calibrate wpp2022 --to 2100 --format json --chart fan.svg");
        var scenario = new Option<string>("--scenario") { Description = "Scenario name or 'all'", DefaultValueFactory = _ => "midden" };
        var edition = new Option<int>("--edition") { Description = $"Scenario edition: 2024 (base 2023) or 2020 (base 2019); default {ScenarioCatalog.DefaultEdition}, as in the report, simulate and the dashboard", DefaultValueFactory = _ => ScenarioCatalog.DefaultEdition };
        var from = new Option<int?>("--from") { Description = "First year to report (default: the base year)" };
        var to = new Option<int?>("--to") { Description = "Last year to report (default 2050; at most the scenario's end year, 2070)" };
        var detail = new Option<bool>("--detail") { Description = "Add counts by age, sex, origin and education for every year" };
        var file = new Option<string?>("--scenario-file") { Description = "A scenario JSON file of your own (replaces --scenario/--edition)" };
        var pyramid = CommonOptions.OutputFile("--pyramid", "Write a population pyramid (SVG) of the last year; with several scenarios, one file per scenario (FILE-NAME.svg)");
        var pyramidYear = new Option<int?>("--pyramid-year") { Description = "Year of the pyramid (default: --to)" };
        var statline = new Option<string?>("--base-statline") { Description = "Start from a CBS StatLine 84910NED export (one region, e.g. a municipality) instead of the national base; net migration is scaled by the region's population share" };
        var chart = CommonOptions.OutputFile("--chart", "Write a chart of total population by year (SVG), all scenarios in one chart");
        var stochastic = new Option<string?>("--stochastic") { Description = $"Add N stochastic trajectories of TFR, e0 by sex and net migration around each variant (1–{StochasticSettings.MaxTrajectories}); quantiles of the total and the composition shares per year, a fan chart with --chart; --to may then reach {PopulationStep.StochasticLastYear}" };
        var seed = CommonOptions.Seed();
        var calibrate = new Option<string?>("--calibrate") { Description = "With --stochastic: wpp2022 = TFR and e0 intervals equal to the UN WPP 2022 intervals for the Netherlands, net migration deterministic (as in WPP 2022)" };
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        foreach (var o in new Option[] { scenario, edition, from, to, detail, file, statline, pyramid, pyramidYear, chart, stochastic, seed, calibrate, format, outOpt }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            int ed = pr.GetValue(edition);
            // a regional base fixes the year: without --edition, take the edition whose base year is the table's
            StatLine84910Table? regional = pr.GetValue(statline) is { } slPath ? StatLine84910Loader.Load(slPath) : null;
            if (regional is not null && pr.GetResult(edition) is null or { Implicit: true })
                ed = ScenarioCatalog.Editions.FirstOrDefault(e => ScenarioCatalog.Load("midden", e).BaseYear == regional.Year, ed);
            if (ed is not (2020 or 2024)) throw new UsageException($"--edition must be 2020 or 2024, not {ed}");
            string name = pr.GetValue(scenario)!;
            var scenarios = new List<Scenario>();
            if (pr.GetValue(file) is { } path) scenarios.Add(ScenarioLoader.Load(path));
            else if (name == "all") scenarios.AddRange(ScenarioCatalog.LoadAll(ed));
            else if (ScenarioCatalog.Names.Contains(name)) scenarios.Add(ScenarioCatalog.Load(name, ed));
            else throw new UsageException($"--scenario must be one of {string.Join(", ", ScenarioCatalog.Names)} or all, not '{name}'");

            var stoch = ReadStochastic(pr, stochastic, seed, calibrate);
            if (stoch is not null && pr.GetValue(statline) is not null) throw new UsageException("--stochastic runs from the national base; it cannot be combined with --base-statline");
            int toYear = pr.GetValue(to) ?? PopulationRequest.DefaultLastYear;
            foreach (var s in scenarios)
            {
                int lastYear = stoch is null ? s.EndYear : Math.Max(s.EndYear, PopulationStep.StochasticLastYear);
                if (toYear > lastYear) throw new UsageException($"--to {toYear} is beyond the last year {lastYear} of scenario '{s.Name}'{(stoch is null ? "" : " (with --stochastic)")}");
                if (toYear < s.BaseYear) throw new UsageException($"--to {toYear} is before the base year {s.BaseYear} of scenario '{s.Name}'");
            }
            int baseYear = scenarios.Max(s => s.BaseYear);
            int fromYear = pr.GetValue(from) ?? scenarios.Min(s => s.BaseYear);
            foreach (var s in scenarios)
                if (fromYear < s.BaseYear) throw new UsageException($"--from {fromYear} is before the base year {s.BaseYear} of scenario '{s.Name}'");
            if (fromYear > toYear) throw new UsageException($"--from {fromYear} is after --to {toYear}");
            int pyrYear = pr.GetValue(pyramidYear) ?? toYear;
            if (pr.GetValue(pyramid) is not null && (pyrYear < scenarios.Max(s => s.BaseYear) || pyrYear > toYear))
                throw new UsageException($"--pyramid-year {pyrYear} must lie between the base year and --to {toYear}");

            if (pr.GetValue(statline) is { } sl)
            {
                var table = regional!;
                foreach (var s in scenarios)
                    if (s.BaseYear != table.Year)
                        throw new CohesionException($"the table is for 1 January {table.Year}, scenario '{s.Name}' ({s.Edition}) starts on 1 January {s.BaseYear}; use a scenario with base year {table.Year}", sl, "Perioden");
                ctx.Err.WriteLine($"note: base population from {Path.GetFileName(sl)} (region {table.Region}, {table.Year}); generation and education splits follow the national base; net migration scaled by the region's population share");
            }
            var request = new PopulationRequest { Scenarios = scenarios, LastYear = toYear, RegionalBase = regional, Stochastic = stoch, FirstYear = fromYear };
            PopulationProjection[] results;
            StochasticProjection[]? fans = null;
            if (stoch is null) results = PopulationStep.Run(request);
            else
            {
                if (scenarios.Any(s => toYear > s.EndYear))
                    ctx.Err.WriteLine($"note: beyond {scenarios.Min(s => s.EndYear)} the scenario assumptions are held at their last values (deterministic and stochastic alike)");
                (results, fans) = PopulationStep.RunStochastic(request);
            }

            var fmt = pr.GetValue(format);
            bool det = pr.GetValue(detail);
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => Write(ctx, w, fmt, results, fans, stoch, fromYear, toYear, det));

            if (pr.GetValue(pyramid) is { } pyr)
                foreach (var p in results)
                {
                    string target = results.Length == 1 ? pyr : Path.ChangeExtension(pyr, null) + "-" + p.Scenario.Name + (Path.GetExtension(pyr) is { Length: > 0 } ext ? ext : ".svg");
                    string title = $"{p.Scenario.LabelNl} / {p.Scenario.LabelEn} ({p.Scenario.Edition}), 1 januari / 1 January {pyrYear}";
                    var svg = PopulationCharts.Pyramid(p.PopulationAt(pyrYear), title, "Bron/source: Cohesion cohort-component projection; " + "origin split approximated");
                    AtomicFile.WriteText(target, w => w.Write(svg));
                }
            if (pr.GetValue(chart) is { } fanChart && fans is not null)
            {
                var series = fans.Select(f => new PopulationCharts.FanSeries($"{f.Scenario.Name} ({f.Scenario.Edition})",
                    f.Years.Select(y => y.Year).ToArray(), f.Years.Select(y => y.Total.ToArray()).ToArray())).ToList();
                var fmtChart = ChartFormat.Dutch;
                var svg = PopulationCharts.Fan(series, fmtChart,
                    $"Bevolking op 1 januari, {fans[0].Trajectories} stochastische trajecten / population on 1 January, {fans[0].Trajectories} stochastic trajectories",
                    "Bron/source: Cohesion cohort-component projection; " + StochasticNote(stoch!) + " Banden/bands: 80% en/and 95%, lijn/line: mediaan/median.");
                AtomicFile.WriteText(fanChart, w => w.Write(svg));
            }
            else if (pr.GetValue(chart) is { } ch)
            {
                var series = results.Select(p =>
                {
                    var years = Enumerable.Range(fromYear, toYear - fromYear + 1).ToArray();
                    return ($"{p.Scenario.Name} ({p.Scenario.Edition})", years, years.Select(p.Total).ToArray());
                }).ToList();
                string editions = string.Join("/", results.Select(p => p.Scenario.Edition).Distinct());
                var svg = PopulationCharts.Totals(series, $"Bevolking op 1 januari (editie {editions}) / Population on 1 January ({editions} edition)", "Bron/source: Cohesion cohort-component projection of the NIDI/CBS scenarios");
                AtomicFile.WriteText(ch, w => w.Write(svg));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Exit code 2 with the flag and value named: <c>--stochastic</c> must be a whole number 1–100000;
    /// <c>--calibrate</c> must be wpp2022 and needs <c>--stochastic</c> (<see cref="StochasticSettings.Parse"/>).</summary>
    internal static StochasticSettings? ReadStochastic(ParseResult pr, Option<string?> stochastic, Option<int?> seed, Option<string?> calibrate)
    {
        int s = pr.GetValue(seed) ?? 1;
        StochasticSettings? settings;
        try { settings = StochasticSettings.Parse(pr.GetValue(stochastic), pr.GetValue(calibrate), (ulong)Math.Max(0, s)); }
        catch (CohesionException e) { throw new UsageException(e.Message); }
        if (settings is not null && s < 0) throw new UsageException($"--seed must be zero or positive, not {s}");
        return settings;
    }

    /// <summary>The stochastic model in one sentence (JSON note, table caption, chart).</summary>
    private static string StochasticNote(StochasticSettings s) => s.Describe();

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, PopulationProjection[] results, StochasticProjection[]? fans,
        StochasticSettings? stoch, int from, int to, bool detail)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                WriteJsonStreamed(w, j => PopulationJson.Write(j, results, fans, stoch is null ? Note : Note + " " + StochasticNote(stoch), from, to, detail), indented: !detail);
                break;
            case OutputFormat.Csv:
                if (fans is not null)
                {
                    if (detail) ctx.Err.WriteLine("note: with --stochastic the csv holds the quantiles; --detail is not written");
                    TabularOutput.WriteCsv(w, ["scenario", "edition", "year", "quantity", .. TrajectoryQuantiles.Names], fans.SelectMany(StochasticCsvRows));
                }
                else if (detail) WriteDetailCsv(w, results, from, to);
                else TabularOutput.WriteCsv(w, CsvHeaders, results.SelectMany(p => Years(from, to).Select(y => SummaryRow(p, y, TabularOutput.Num))));
                break;
            default:
                foreach (var p in results)
                {
                    var s = p.Scenario;
                    string caption = Note + $" Edition {s.Edition}." + (p.MigrationScale != 1.0 ? $" Calibrated factor on long-run first-generation migration: {p.MigrationScale:0.0000}." : "");
                    TabularOutput.WriteTable(ctx, w, $"{s.Name} — {s.LabelNl} / {s.LabelEn} (edition {s.Edition})",
                        ["year", "total k", "born k", "died k", "immig k", "emig k", "65+ %", "migr %", "g1 %", "hbo %"],
                        Years(from, to).Select(y => TableRow(p, y)), caption);
                    if (detail) ctx.Err.WriteLine("note: --detail is shown in json and csv formats only");
                    if (fans?.FirstOrDefault(f => ReferenceEquals(f.Scenario, s)) is { } fan)
                        TabularOutput.WriteTable(ctx, w, $"{s.Name}: {fan.Trajectories} stochastic trajectories / stochastische trajecten",
                            ["year", "total k 2.5%", "10%", "median", "90%", "97.5%", "65+ % median", "65+ % 80% interval"],
                            fan.Years.Select(StochasticTableRow), StochasticNote(stoch!));
                }
                break;
        }
    }

    private static IReadOnlyList<string> StochasticTableRow(StochasticYear y)
    {
        string K(double v) => (v / 1000).ToString("0", CultureInfo.InvariantCulture);
        string Pct(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture);
        return [y.Year.ToString(CultureInfo.InvariantCulture), K(y.Total.Q025), K(y.Total.Q10), K(y.Total.Q50), K(y.Total.Q90), K(y.Total.Q975),
            Pct(y.Share65Plus.Q50), $"{Pct(y.Share65Plus.Q10)}–{Pct(y.Share65Plus.Q90)}"];
    }

    private static IEnumerable<IReadOnlyList<string>> StochasticCsvRows(StochasticProjection f)
    {
        foreach (var y in f.Years)
            foreach (var (quantity, q) in Quantities(y))
                yield return [f.Scenario.Name, f.Scenario.Edition.ToString(CultureInfo.InvariantCulture), y.Year.ToString(CultureInfo.InvariantCulture), quantity,
                    .. q.ToArray().Select(TabularOutput.Num)];
    }

    /// <summary>Every quantity with quantiles: total, share_65plus, origin_*, education_* (shares of the whole population).</summary>
    private static IEnumerable<(string Name, TrajectoryQuantiles Q)> Quantities(StochasticYear y)
    {
        yield return ("total", y.Total);
        yield return ("share_65plus", y.Share65Plus);
        for (int o = 0; o < PopulationIndex.Origins; o++) yield return ("origin_" + PopulationIndex.OriginNames[o], y.OriginShares[o]);
        for (int e = 0; e < PopulationIndex.Educations; e++) yield return ("education_" + PopulationIndex.EducationNames[e], y.EducationShares[e]);
    }

    private static IEnumerable<int> Years(int from, int to) => Enumerable.Range(from, to - from + 1);

    private static readonly string[] CsvHeaders =
    [
        "scenario", "edition", "year", "total", "births", "deaths", "immigration", "emigration", "share_65plus",
        .. PopulationIndex.OriginNames.Select(o => "origin_" + o), .. PopulationIndex.EducationNames.Select(e => "education_" + e)
    ];

    private static IReadOnlyList<string> SummaryRow(PopulationProjection p, int year, Func<double, string> num)
    {
        var pop = p.PopulationAt(year);
        var f = p.FlowsOf(year)!;
        var row = new List<string>
        {
            p.Scenario.Name, p.Scenario.Edition.ToString(CultureInfo.InvariantCulture), year.ToString(CultureInfo.InvariantCulture),
            num(YearFlows.Sum(pop)), num(f.TotalBirths), num(f.TotalDeaths), num(f.TotalImmigration), num(f.TotalEmigration),
            num(PopulationProjection.Share65Plus(pop)),
        };
        row.AddRange(PopulationProjection.ByOrigin(pop).Select(num));
        row.AddRange(PopulationProjection.ByEducation(pop).Select(num));
        return row;
    }

    private static IReadOnlyList<string> TableRow(PopulationProjection p, int year)
    {
        var pop = p.PopulationAt(year);
        var f = p.FlowsOf(year)!;
        var bo = PopulationProjection.ByOrigin(pop);
        double total = bo.Sum();
        string I(double v) => (v / 1000).ToString("0.0", CultureInfo.InvariantCulture);
        string Pct(double v) => (100 * v).ToString("0.0", CultureInfo.InvariantCulture);
        return
        [
            year.ToString(CultureInfo.InvariantCulture), (total / 1000).ToString("0", CultureInfo.InvariantCulture), I(f.TotalBirths), I(f.TotalDeaths), I(f.TotalImmigration), I(f.TotalEmigration),
            Pct(PopulationProjection.Share65Plus(pop)), Pct((total - bo[0]) / total), Pct((bo[1] + bo[2] + bo[3]) / total),
            Pct(PopulationProjection.HighEducationShare(pop)),
        ];
    }

    /// <summary>Streams JSON straight into a file or stdout (the detail output runs to hundreds of MB; the shared
    /// <see cref="Json.Write"/> buffers it in memory). Detail output is written without indentation.</summary>
    private static void WriteJsonStreamed(TextWriter w, Action<Utf8JsonWriter> write, bool indented)
    {
        Stream? target = null;
        if (w is StreamWriter sw) { sw.Flush(); target = sw.BaseStream; }
        else if (ReferenceEquals(w, Console.Out)) { w.Flush(); target = Console.OpenStandardOutput(); }
        if (target is null)
        {
            Json.Write(w, write);
            return;
        }
        var options = Json.Options with { Indented = indented };
        using (var j = new Utf8JsonWriter(target, options)) write(j);
        target.Write("\n"u8);
        target.Flush();
    }

    private static void WriteDetailCsv(TextWriter w, PopulationProjection[] results, int from, int to)
    {
        w.WriteLine("scenario,edition,year,age,sex,origin,education,count");
        foreach (var p in results)
            foreach (int y in Years(from, to))
            {
                var pop = p.PopulationAt(y);
                string prefix = $"{TabularOutput.Quote(p.Scenario.Name)},{p.Scenario.Edition},{y},";
                for (int i = 0; i < pop.Length; i++)
                {
                    var (s, a, o, e) = PopulationIndex.Decompose(i);
                    w.Write(prefix);
                    w.Write(a.ToString(CultureInfo.InvariantCulture)); w.Write(',');
                    w.Write(PopulationIndex.SexNames[s]); w.Write(',');
                    w.Write(PopulationIndex.OriginNames[o]); w.Write(',');
                    w.Write(PopulationIndex.EducationNames[e]); w.Write(',');
                    w.WriteLine(N(pop[i]));
                }
            }
    }
}
