using System.Diagnostics;
using Cohesion.IO;

namespace Cohesion.Reporting;

/// <summary>One step of the main job (measure, population, simulate, neighbourhoods, meta): adds its
/// sections to the report and records its inputs in the manifest.</summary>
public interface IReportStage
{
    string Id { get; }
    Localized Name { get; }
    void Run(ReportContext context);
}

/// <summary>Shared state of a report run, passed to every stage.</summary>
public sealed class ReportContext
{
    public required ReportConfig Config { get; init; }
    public required Report Report { get; init; }
    public RunManifest Manifest => Report.Manifest;
    public string Language => Config.Language;
    /// <summary>Results a later stage may reuse (e.g. the population projection for the simulation).</summary>
    public ReportResults Results => Report.Results;
    /// <summary>Reports progress within the current stage (0..1).</summary>
    public Action<double> Progress { get; set; } = _ => { };
}

/// <summary>Runs the stages and writes the report folder: <c>report.html</c>, <c>tables/*.csv</c>,
/// <c>tables/*.parquet</c>, the downloads <c>tables/*.xlsx</c>, <c>tables/excel/*.csv</c> and <c>tables.xlsx</c> (one
/// sheet per table), <c>figures/*.svg</c>, <c>manifest.json</c>. The folder is assembled in a temporary
/// sibling and moved into place only when complete.</summary>
public sealed class ReportRunner(IReadOnlyList<IReportStage> stages)
{
    public IReadOnlyList<IReportStage> Stages => stages;

    /// <param name="onStage">Called with (stage index, stage, fraction done) as work progresses.</param>
    public Report Build(ReportConfig config, Action<int, IReportStage, double>? onStage = null)
    {
        ReportConfigValidator.Check(config, source: null);   // every setting, before step 1
        var manifest = new RunManifest { Seed = config.Seed, Language = config.Language };
        manifest.Parameters["min_cell_size"] = config.MinCellSize.ToString();
        var report = new Report { Title = ("Sociale samenhang in Nederland: nu en tot 2050", "Social cohesion in the Netherlands: today and to 2050"), Manifest = manifest };
        var ctx = new ReportContext { Config = config, Report = report };
        for (int i = 0; i < stages.Count; i++)
        {
            var stage = stages[i];
            int index = i;
            ctx.Progress = f => onStage?.Invoke(index, stage, Math.Clamp(f, 0, 1));
            onStage?.Invoke(i, stage, 0);
            var sw = Stopwatch.StartNew();
            stage.Run(ctx);
            manifest.TimingsSeconds[stage.Id] = Math.Round(sw.Elapsed.TotalSeconds, 3);
            onStage?.Invoke(i, stage, 1);
        }
        return report;
    }

    public static void Write(Report report, string outDir, string lang, string? sourcesMarkdown)
    {
        var final = Path.GetFullPath(outDir);
        var parent = Path.GetDirectoryName(final.TrimEnd(Path.DirectorySeparatorChar))!;
        Directory.CreateDirectory(parent);
        if (Directory.Exists(final) && Directory.EnumerateFileSystemEntries(final).Any() && !File.Exists(Path.Combine(final, "manifest.json")))
            throw new Cohesion.Statistics.CohesionException("output folder exists, is not empty and holds no earlier report; choose another --out", final, "--out");
        var staging = Path.Combine(parent, $".{Path.GetFileName(final.TrimEnd(Path.DirectorySeparatorChar))}.{Environment.ProcessId}.tmp");
        if (Directory.Exists(staging)) Directory.Delete(staging, true);
        Directory.CreateDirectory(staging);
        try
        {
            Directory.CreateDirectory(Path.Combine(staging, "tables"));
            Directory.CreateDirectory(Path.Combine(staging, "figures"));
            foreach (var t in report.Tables)
            {
                var csv = Path.Combine(staging, "tables", t.Id + ".csv");
                var pq = Path.Combine(staging, "tables", t.Id + ".parquet");
                ReportTableExporter.WriteCsv(t, csv);
                ReportTableExporter.WriteParquet(t, pq);
                report.Manifest.Outputs[$"tables/{t.Id}.csv"] = RunManifest.HashFile(csv);
                report.Manifest.Outputs[$"tables/{t.Id}.parquet"] = RunManifest.HashFile(pq);
                // the downloads of the HTML: the table for Excel (CSV in the report's language's conventions, xlsx)
                var excelCsv = Path.Combine(staging, "tables", "excel", t.Id + ".csv");
                var xlsx = Path.Combine(staging, "tables", t.Id + ".xlsx");
                Directory.CreateDirectory(Path.GetDirectoryName(excelCsv)!);
                ReportTableExporter.WriteExcelCsv(t, excelCsv, lang);
                ReportTableExporter.WriteXlsx([t], xlsx, lang);
                report.Manifest.Outputs[$"tables/excel/{t.Id}.csv"] = RunManifest.HashFile(excelCsv);
                report.Manifest.Outputs[$"tables/{t.Id}.xlsx"] = RunManifest.HashFile(xlsx);
            }
            var workbook = Path.Combine(staging, "tables.xlsx");
            ReportTableExporter.WriteXlsx(report.Tables, workbook, lang);
            report.Manifest.Outputs["tables.xlsx"] = RunManifest.HashFile(workbook);
            foreach (var (f, id) in report.Figures())
            {
                var name = $"figures/{id}.svg";
                File.WriteAllText(Path.Combine(staging, name), f.Svg);
                report.Manifest.Outputs[name] = RunManifest.HashFile(Path.Combine(staging, name));
            }
            File.WriteAllText(Path.Combine(staging, "report.html"), HtmlReportWriter.Render(report, lang, sourcesMarkdown));
            File.WriteAllText(Path.Combine(staging, "manifest.json"), report.Manifest.ToJson());
            if (!Directory.Exists(final)) Directory.Move(staging, final);
            else
            {
                // Replace only what a report owns; never delete a user's other files.
                foreach (var entry in new[] { "tables", "figures" })
                    if (Directory.Exists(Path.Combine(final, entry))) Directory.Delete(Path.Combine(final, entry), true);
                foreach (var entry in new[] { "tables", "figures" })
                    Directory.Move(Path.Combine(staging, entry), Path.Combine(final, entry));
                foreach (var file in new[] { "report.html", "manifest.json", "tables.xlsx" })
                    File.Move(Path.Combine(staging, file), Path.Combine(final, file), overwrite: true);
                Directory.Delete(staging, true);
            }
        }
        catch
        {
            try { Directory.Delete(staging, true); } catch { /* best effort */ }
            throw;
        }
    }
}
