using System.CommandLine;
using System.Diagnostics;
using Cohesion.Reporting;
using Spectre.Console;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion report</c>: the main job — runs every stage on the built-in default (or a config) and
/// writes one self-contained HTML report plus every table as CSV and Parquet.</summary>
public static class ReportCommand
{
    public static Command Create(CliContext ctx)
    {
        var outDir = OutputOptions.Register(new Option<string>("--out") { Description = "Output folder (report.html, tables/, figures/, manifest.json)", DefaultValueFactory = _ => "report" }, OutputOptions.Kind.Folder);
        var lang = new Option<string>("--lang") { Description = "Report language: nl|en", DefaultValueFactory = _ => "nl" };
        lang.AcceptOnlyFromAmong("nl", "en");
        var config = new Option<string?>("--config") { Description = "JSON config naming your own data and scenarios (see README)" };
        var seed = CommonOptions.Seed();
        var cmd = new Command("report",
            "Run the main job: measure, population, simulate, neighbourhoods and meta on the built-in Dutch default (or --config),\n" +
            "and write one self-contained HTML report with every table as CSV and Parquet.\n" +
            "Voer alles uit en schrijf één zelfstandig HTML-rapport met alle tabellen als CSV en Parquet.\n" +
            "Example: cohesion report --out report --lang en")
        { outDir, lang, config, seed };
        cmd.SetAction(pr =>
        {
            var cfg = pr.GetValue(config) is { } path ? ReportConfig.Load(path) : new ReportConfig();
            if (pr.GetResult(lang) is { Implicit: false }) cfg = cfg with { Language = pr.GetValue(lang)! };
            if (pr.GetValue(seed) is { } s) cfg = cfg with { Seed = s };
            var runner = new ReportRunner(ReportStages.Default());
            var total = Stopwatch.StartNew();
            Report report = ctx.Interactive ? BuildWithProgressBar(ctx, runner, cfg) : BuildWithLog(ctx, runner, cfg);
            var sources = File.Exists(DefaultData.PathOf("SOURCES.md")) ? File.ReadAllText(DefaultData.PathOf("SOURCES.md")) : null;
            var dir = pr.GetValue(outDir)!;
            ReportRunner.Write(report, dir, cfg.Language, sources);
            if (report.Results.MeasureNational is { } national)
                PrintDimensions(ctx, national, cfg.Language);
            ctx.Out.WriteLine($"report: {Path.GetFullPath(Path.Combine(dir, "report.html"))}");
            ctx.Out.WriteLine($"tables: {report.Tables.Count()} (CSV and Parquet in {Path.Combine(dir, "tables")}); {total.Elapsed.TotalSeconds:F1} s");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The four dimensions today, as the report's first table shows them.</summary>
    private static void PrintDimensions(CliContext ctx, Cohesion.Framework.MeasureResult r, string lang)
    {
        // numbers as the report's language writes them (Dutch: decimal comma, thousands with a point)
        var ci = lang == "en" ? System.Globalization.CultureInfo.InvariantCulture : TableText.Nl;
        string P(double v) => (100 * v).ToString("0.0", ci);
        var rows = r.Rows.Where(x => x.Level == Cohesion.Framework.MeasureLevel.Dimension && x.Group is null)
            .Select(x => (IReadOnlyList<string>)[lang == "en" ? x.LabelEn : x.LabelNl, x.Suppressed ? "✕" : $"{P(x.Estimate)}%",
                x.Suppressed ? "" : $"{P(x.CiLower)}–{P(x.CiUpper)}", x.N.ToString("N0", ci)]);
        TabularOutput.WriteTable(ctx, ctx.Out, lang == "en" ? "Social cohesion: four dimensions" : "Sociale samenhang: vier dimensies",
            [lang == "en" ? "Dimension" : "Dimensie", "%", lang == "en" ? "95% CI" : "95%-BI", "n"], rows,
            lang == "en" ? "Built-in default: SYNTHETIC survey calibrated to published CBS/SCP figures (data/SOURCES.md)"
                         : "Ingebouwde standaard: SYNTHETISCHE steekproef, gekalibreerd op gepubliceerde CBS/SCP-cijfers (data/SOURCES.md)");
    }

    private static Report BuildWithLog(CliContext ctx, ReportRunner runner, ReportConfig cfg)
    {
        int last = -1;
        return runner.Build(cfg, (i, stage, f) =>
        {
            if (f == 0 && i != last) { ctx.Err.WriteLine($"[{i + 1}/{runner.Stages.Count}] {stage.Name.Get(cfg.Language)}…"); last = i; }
        });
    }

    private static Report BuildWithProgressBar(CliContext ctx, ReportRunner runner, ReportConfig cfg)
    {
        Report? report = null;
        ctx.Console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(p =>
            {
                var tasks = runner.Stages.Select(s => p.AddTask(s.Name.Get(cfg.Language), autoStart: false, maxValue: 1)).ToArray();
                report = runner.Build(cfg, (i, _, f) =>
                {
                    if (!tasks[i].IsStarted) tasks[i].StartTask();
                    tasks[i].Value = f;
                    if (f >= 1) tasks[i].StopTask();
                });
            });
        return report!;
    }
}
