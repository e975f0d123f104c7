using System.CommandLine;
using Cohesion.Data;
using Cohesion.Neighbourhoods;
using Cohesion.Presentation;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion diversity</c>: diversity per unit and segregation per parent area from group counts.</summary>
public static class DiversityCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string>("--data") { Description = "Data file with counts per unit (wide: one column per group; long: --group-column/--count), or a CBS key-figures export", Required = true };
        var unit = new Option<string?>("--unit") { Description = "Column naming the unit (buurt, wijk, gemeente); rows of the same unit are summed" };
        var groups = new Option<string?>("--groups") { Description = "Comma-separated count columns (wide) or group values (long); dissimilarity compares the FIRST with all others" };
        var parent = new Option<string?>("--parent") { Description = "Column naming the parent area for segregation indices (default: the whole data set, 'all')" };
        var groupColumn = new Option<string?>("--group-column") { Description = "Long input: column holding the group of each row" };
        var count = new Option<string?>("--count") { Description = "Long input: column holding the count of each row" };
        var level = new Option<string?>("--level") { Description = "CBS key-figures input: buurt (default, parent wijk) | wijk (parent gemeente) | gemeente" };
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        var cmd = new Command("diversity",
            "Diversity (fractionalisation 1 − Σp², Shannon entropy −Σp ln p and entropy/ln K) per unit, and segregation per parent area:\n" +
            "dissimilarity D of the first group vs the rest, multi-group Theil's H, isolation and exposure per group.\n" +
            "Diversiteit per buurt en segregatie per wijk/gemeente uit aantallen per herkomstgroep.\n" +
            "Example: cohesion diversity --data buurten.csv --unit buurt --groups dutch,western,nonwestern --parent wijk --format json\n" +
            "Example: cohesion diversity --data data/real/kwb-amsterdam-2019/Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv")
        {
            data, unit, groups, parent, groupColumn, count, level, format, output
        };
        cmd.SetAction(pr =>
        {
            var path = pr.GetValue(data)!;
            var frame = DatasetLoader.Load(path);
            RegionLevel? lv = pr.GetValue(level) switch
            {
                null => null,
                var s when Enum.TryParse<RegionLevel>(s, true, out var l) && l != RegionLevel.Land => l,
                var s => throw new UsageException($"--level must be buurt, wijk or gemeente, not '{s}'")
            };
            var groupList = pr.GetValue(groups)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var report = DiversityRun.Run(frame, new DiversityRequest(pr.GetValue(unit), groupList, pr.GetValue(parent), pr.GetValue(groupColumn), pr.GetValue(count), lv));
            var fmt = pr.GetValue(format);
            OutputSink.Write(ctx, pr.GetValue(output), w =>
            {
                switch (fmt)
                {
                    case OutputFormat.Json: WriteJson(w, report); break;
                    case OutputFormat.Csv: WriteCsv(w, report); break;
                    default: WriteTables(ctx, w, report); break;
                }
            });
            if (fmt != OutputFormat.Table)
                foreach (var n in report.Notes) ctx.Err.WriteLine($"note: {n}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static void WriteJson(TextWriter w, DiversityReport report) => Json.Write(w, j => DiversityJson.Write(j, report));

    /// <summary>CSV in tidy long form (one number per row) so units and parents fit one rectangular file:
    /// scope (unit|parent), id, parent, measure, group, group2, value.</summary>
    private static void WriteCsv(TextWriter w, DiversityReport report)
    {
        var r = report.Result;
        var rows = new List<IReadOnlyList<string>>();
        var u = r.Units;
        for (int i = 0; i < u.Count; i++)
        {
            rows.Add(["unit", u.Unit[i], u.Parent[i], "total", "", "", TabularOutput.Num(u.Total[i])]);
            rows.Add(["unit", u.Unit[i], u.Parent[i], "fractionalisation", "", "", TabularOutput.Num(u.Fractionalisation[i])]);
            rows.Add(["unit", u.Unit[i], u.Parent[i], "entropy", "", "", TabularOutput.Num(u.Entropy[i])]);
            rows.Add(["unit", u.Unit[i], u.Parent[i], "entropy_normalised", "", "", TabularOutput.Num(u.NormalisedEntropy[i])]);
        }
        foreach (var p in r.Parents)
        {
            rows.Add(["parent", p.Parent, "", "total", "", "", TabularOutput.Num(p.Total)]);
            rows.Add(["parent", p.Parent, "", "dissimilarity", r.DissimilarityGroup, "", TabularOutput.Num(p.Dissimilarity)]);
            rows.Add(["parent", p.Parent, "", "theil_h", "", "", TabularOutput.Num(p.TheilH)]);
            for (int g = 0; g < r.Groups.Length; g++)
                rows.Add(["parent", p.Parent, "", "isolation", r.Groups[g], "", TabularOutput.Num(p.Isolation[g])]);
            for (int a = 0; a < r.Groups.Length; a++)
                for (int b = 0; b < r.Groups.Length; b++)
                    rows.Add(["parent", p.Parent, "", "exposure", r.Groups[a], r.Groups[b], TabularOutput.Num(p.ExposureOf(a, b))]);
        }
        TabularOutput.WriteCsv(w, ["scope", "id", "parent", "measure", "group", "group2", "value"], rows);
    }

    private static void WriteTables(CliContext ctx, TextWriter w, DiversityReport report)
    {
        var r = report.Result;
        var u = r.Units;
        TabularOutput.WriteTable(ctx, w, "Diversity per unit / Diversiteit per eenheid",
            ["unit", "parent", "total", "fractionalisation", "entropy", "entropy / ln K"],
            Enumerable.Range(0, u.Count).Select(i => (IReadOnlyList<string>)[u.Unit[i], u.Parent[i], TabularOutput.Fmt(u.Total[i], 8),
                TabularOutput.Fmt(u.Fractionalisation[i]), TabularOutput.Fmt(u.Entropy[i]), TabularOutput.Fmt(u.NormalisedEntropy[i])]));
        var headers = new List<string> { "parent", "units", "total", $"D ({r.DissimilarityGroup} vs rest)", "Theil H" };
        headers.AddRange(r.Groups.Select(g => $"isolation {g}"));
        TabularOutput.WriteTable(ctx, w, "Segregation per parent area / Segregatie per gebied", headers,
            r.Parents.Select(p => (IReadOnlyList<string>)new List<string> { p.Parent, p.UnitCount.ToString(), TabularOutput.Fmt(p.Total, 8),
                TabularOutput.Fmt(p.Dissimilarity), TabularOutput.Fmt(p.TheilH) }.Concat(p.Isolation.Select(x => TabularOutput.Fmt(x))).ToList()));
        const int maxExposureTables = 3;
        foreach (var p in r.Parents.Take(maxExposureTables))
        {
            var eh = new List<string> { "exposure of ↓ to →" };
            eh.AddRange(r.Groups);
            TabularOutput.WriteTable(ctx, w, $"Exposure / Blootstelling — {p.Parent}", eh,
                Enumerable.Range(0, r.Groups.Length).Select(a => (IReadOnlyList<string>)new List<string> { r.Groups[a] }
                    .Concat(Enumerable.Range(0, r.Groups.Length).Select(b => TabularOutput.Fmt(p.ExposureOf(a, b)))).ToList()));
        }
        if (r.Parents.Count > maxExposureTables)
            w.WriteLine($"(exposure matrices of the other {r.Parents.Count - maxExposureTables} parent areas: use --format json or csv)");
        foreach (var n in report.Notes) w.WriteLine($"note: {n}");
    }
}
