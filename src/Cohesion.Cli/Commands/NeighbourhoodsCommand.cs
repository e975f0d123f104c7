using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cohesion.Neighbourhoods;
using Cohesion.Pipeline;
using Cohesion.Presentation;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Regression;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion neighbourhoods</c>: the diversity–cohesion analysis of buurten (built-in synthetic national
/// panel, the real-data analyses, or the user's own panel), with an optional choropleth map.</summary>
public static class NeighbourhoodsCommand
{
    public static Command Create(CliContext ctx)
    {
        var data = new Option<string?>("--data") { Description = "Your own buurt panel (buurt × year) or cross-section; default: the built-in SYNTHETIC national panel" };
        var analysis = new Option<string?>("--analysis") { Description = "builtin (default, SYNTHETIC method demonstration) | rivm-panel (REAL national buurt panel 2012–2020: loneliness and volunteering on hardship, two-way FE) | amsterdam (REAL KWB 2019 diversity × RIVM volunteering/loneliness, stepwise controls, Gelbach) | amsterdam-civic (KWB 2019 indices + civic organisations 2016) | utrecht (Leefbaarometer) | rivm (2016 cross-section, all NL)" };
        var map = CommonOptions.OutputFile("--map", "Write a choropleth map (SVG) of the analysis' main measure");
        var mapClasses = new Option<int>("--map-classes") { Description = "Number of quantile classes on the map (3–9)", DefaultValueFactory = _ => 5 };
        var mapBreaks = new Option<string?>("--map-breaks") { Description = "Comma-separated class breaks instead of quantiles, e.g. 5,5.5,6,6.5" };
        var mapMeasure = new Option<string?>("--map-measure") { Description = "Column to map (built-in and --data: any numeric panel column, e.g. diversity; rivm-panel: volunteering_change_2016_2020 (default), lonely_change_2012_2020, volunteering, lonely)" };
        var outcome = new Option<string?>("--outcome") { Description = "--data: outcome column (default cohesion)" };
        var focus = new Option<string?>("--diversity") { Description = "--data: diversity column (default diversity; computed from the origin counts when absent)" };
        var unit = new Option<string?>("--unit") { Description = "--data: buurt column (default buurt)" };
        var time = new Option<string?>("--time") { Description = "--data: year column (default year; 'none' for a cross-section)" };
        var region = new Option<string?>("--region") { Description = "--data: gemeente column (default gemeente)" };
        var controls = new Option<string?>("--controls") { Description = "--data: control groups in order, e.g. \"ses=income,low_income;housing=rental_share;turnover=turnover\"" };
        var years = new Option<string?>("--years") { Description = "Assemble a panel from yearly CBS key-figure files (or files with a code/buurt column and standard count and rate columns): 2018=kwb2018.csv,2019=kwb2019.csv" };
        var crosswalk = new Option<string?>("--crosswalk") { Description = "With --years: code conversion file (from,to,weight[,year])" };
        var exportPanel = new Option<string?>("--export-panel") { Description = "Write the analysed (or assembled) panel as CSV" };
        var noMixed = new Option<bool>("--no-mixed") { Description = "Skip the linear mixed model" };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var output = CommonOptions.Out();
        var cmd = new Command("neighbourhoods",
            "Diversity and social cohesion in buurten (SCP, Samen verschillend): pooled OLS, two-way fixed effects clustered by buurt,\n" +
            "a mixed model (1|gemeente/buurt), the diversity coefficient as controls are added, and the Gelbach decomposition by\n" +
            "control group (SES, housing, neglect, turnover). Without --data: the built-in SYNTHETIC national panel (known true effects).\n" +
            "Diversiteit en sociale samenhang in buurten; zonder --data het ingebouwde SYNTHETISCHE landelijke buurtpanel.\n" +
            "Example: cohesion neighbourhoods --map cohesie.svg\n" +
            "Example: cohesion neighbourhoods --analysis rivm-panel --format json   (REAL: RIVM buurt panel 2012–2020)\n" +
            "Example: cohesion neighbourhoods --analysis amsterdam --format json    (REAL: KWB 2019 diversity × RIVM, Gelbach)\n" +
            "Example: cohesion neighbourhoods --data kerncijfers_mijn_gemeente.csv --map diversiteit.svg   (a CBS key-figures export)\n" +
            "Example: cohesion neighbourhoods --data panel.csv --outcome cohesion --controls \"ses=income;housing=rental_share\"")
        {
            data, analysis, map, mapClasses, mapBreaks, mapMeasure, outcome, focus, unit, time, region, controls, years, crosswalk, exportPanel, noMixed, seed, format, output
        };
        cmd.SetAction(pr =>
        {
            var name = pr.GetValue(analysis)?.ToLowerInvariant();
            var dataPath = pr.GetValue(data);
            var yearsSpec = pr.GetValue(years);
            if (name is not null && !NeighbourhoodAnalyses.Names.Contains(name))
                throw new UsageException($"--analysis must be one of {string.Join(", ", NeighbourhoodAnalyses.Names)}, not '{name}'");
            if (name is not null && name != "builtin" && (dataPath is not null || yearsSpec is not null))
                throw new UsageException("--analysis runs on the built-in real data; do not combine it with --data or --years");
            if (dataPath is not null && yearsSpec is not null) throw new UsageException("give either --data or --years, not both");
            int classes = pr.GetValue(mapClasses);
            if (classes is < 1 or > 9) throw new UsageException("--map-classes must be between 1 and 9");
            var breaks = pr.GetValue(mapBreaks)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : throw new UsageException($"--map-breaks: '{s}' is not a number")).ToArray();
            bool mixed = !pr.GetValue(noMixed);
            int seedValue = pr.GetValue(seed) ?? SyntheticBuurtPanel.DefaultSeed;
            var extraNotes = new List<string>();
            if (name is "rivm-panel" or "amsterdam")
                return RunReal(ctx, name, pr.GetValue(map), pr.GetValue(mapMeasure), classes, breaks, pr.GetValue(exportPanel), pr.GetValue(format), pr.GetValue(output));

            Statistics.Data.DataFrame? panel = null;
            NeighbourhoodReport report;
            if (dataPath is not null || yearsSpec is not null)
            {
                string source;
                if (yearsSpec is not null)
                {
                    var assembled = AssembleYears(yearsSpec, pr.GetValue(crosswalk));
                    panel = assembled.Frame;
                    extraNotes.AddRange(assembled.Notes);
                    source = "panel assembled from " + yearsSpec;
                }
                else
                {
                    panel = Data.DatasetLoader.Load(dataPath!);
                    source = dataPath!;
                }
                var spec = new DiversityCohesionSpec { Mixed = mixed };
                var t = pr.GetValue(time);
                spec = spec with
                {
                    Outcome = pr.GetValue(outcome) ?? spec.Outcome, Diversity = pr.GetValue(focus) ?? spec.Diversity,
                    Unit = pr.GetValue(unit) ?? spec.Unit, Region = pr.GetValue(region) ?? spec.Region,
                    Time = t is null ? spec.Time : t.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : t,
                    Controls = pr.GetValue(controls) is { } c ? Gelbach.ParseGroups(c) : spec.Controls,
                };
                if (!panel.Contains(spec.Outcome) && pr.GetValue(exportPanel) is not null && yearsSpec is not null)
                {
                    FrameCsv.Write(pr.GetValue(exportPanel)!, panel);
                    foreach (var n in extraNotes) ctx.Err.WriteLine($"note: {n}");
                    ctx.Err.WriteLine($"note: panel written to {pr.GetValue(exportPanel)}; no '{spec.Outcome}' column, so no models were fitted");
                    return ExitCodes.Ok;
                }
                report = KwbKeyFigures.IsKwb(panel) && pr.GetValue(outcome) is null && yearsSpec is null
                    ? NeighbourhoodAnalyses.OwnKwb(panel, source, mixed)
                    : NeighbourhoodAnalyses.OwnData(panel, spec, source);
            }
            else if (name is null or "builtin")
            {
                panel = SyntheticBuurtPanel.Generate(seedValue);
                report = NeighbourhoodAnalyses.BuiltIn(seedValue, mixed, panel);
            }
            else report = NeighbourhoodAnalyses.Run(name, seedValue, mixed);

            if (pr.GetValue(mapMeasure) is { } measure)
            {
                if (panel is null) throw new UsageException("--map-measure applies to the built-in panel and --data");
                var baseLayer = report.Map ?? throw new UsageException("this data has no buurt or gemeente codes to map");
                var layer = NeighbourhoodAnalyses.BuurtMap(panel, measure, report.Synthetic ? SyntheticBuurtPanel.LastYear : null,
                    report.Synthetic ? $"{measure} per buurt — SYNTHETISCH" : $"{measure} per buurt", report.Synthetic ? $"{measure} by neighbourhood — SYNTHETIC" : $"{measure} by neighbourhood",
                    baseLayer.SourceNote, report.Provenance, report.Analysis == "data" ? pr.GetValue(unit) ?? "buurt" : "buurt");
                report = report with { Map = layer };
            }
            if (pr.GetValue(exportPanel) is { } exportPath)
            {
                if (panel is null) throw new UsageException("--export-panel applies to the built-in panel, --data and --years");
                FrameCsv.Write(exportPath, panel);
                extraNotes.Add($"panel written to {exportPath}{(report.Synthetic ? " (SYNTHETIC)" : "")}");
            }
            string? mapNote = null;
            if (pr.GetValue(map) is { } mapPath)
            {
                var layer = report.Map ?? throw new UsageException(report.Analysis == "amsterdam-civic"
                    ? "the Amsterdam analysis uses the 2019 buurt division, for which no boundaries are included (they are 2014 buurten); no map"
                    : "this analysis has nothing to map");
                var s = NeighbourhoodMap.Write(mapPath, layer, classes, breaks);
                mapNote = $"map written to {mapPath}: {s.Areas} areas, {s.WithValue} with a value, {s.Missing} hatched (no value)" +
                          (s.ValuesWithoutArea > 0 ? $"; {s.ValuesWithoutArea} values had no area in the boundary file" : "");
                extraNotes.Add(mapNote);
            }
            report = report with { Notes = [.. report.Notes, .. extraNotes] };
            var fmt = pr.GetValue(format);
            OutputSink.Write(ctx, pr.GetValue(output), w =>
            {
                if (fmt == OutputFormat.Json) WriteJson(w, report, pr.GetValue(map));
                else WriteTables(ctx, w, report);
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The real-data analyses with their own contracts (<c>rivm-panel</c>, <c>amsterdam</c>).</summary>
    private static int RunReal(CliContext ctx, string name, string? mapPath, string? mapMeasure, int classes, double[]? breaks, string? exportPath, OutputFormat format, string? output)
    {
        var notes = new List<string>();
        if (name == "amsterdam")
        {
            if (mapPath is not null || mapMeasure is not null)
                throw new UsageException("the Amsterdam analysis uses the 2019 buurt division, for which no boundaries are included (they are 2014 buurten); no map");
            if (exportPath is not null) throw new UsageException("--export-panel applies to the built-in panel, --data, --years and rivm-panel");
            var a = AmsterdamDiversityAnalysis.Run();
            OutputSink.Write(ctx, output, w =>
            {
                if (format == OutputFormat.Json) NeighbourhoodsRealOutput.WriteAmsterdamJson(w, a, notes);
                else NeighbourhoodsRealOutput.WriteAmsterdamTables(ctx, w, a, notes);
            });
            return ExitCodes.Ok;
        }
        var panel = RivmPanelAnalysis.Panel();
        var maps = (IReadOnlyList<MapLayer>?)null;
        MapLayer? layer = null;
        if (mapMeasure is not null && mapPath is null) throw new UsageException("--map-measure needs --map FILE");
        var r = RivmPanelAnalysis.Run(panel);
        if (mapPath is not null)
        {
            maps = NeighbourhoodsRealOutput.Maps(r);
            var measure = mapMeasure ?? NeighbourhoodsRealOutput.DefaultPanelMap;
            layer = maps.FirstOrDefault(m => m.Measure == measure)
                    ?? throw new UsageException($"--map-measure: rivm-panel maps {string.Join(", ", maps.Select(m => m.Measure))}, not '{measure}'");
            var s = NeighbourhoodMap.Write(mapPath, layer, classes, breaks);
            notes.Add($"map of {layer.Measure} (REAL data) written to {mapPath}: {s.Areas} areas, {s.WithValue} with a value, {s.Missing} hatched (no value)" +
                      (s.ValuesWithoutArea > 0 ? $"; {s.ValuesWithoutArea} buurten of the 2020 division have no area in the 2014 boundaries" : ""));
        }
        if (exportPath is not null)
        {
            FrameCsv.Write(exportPath, panel);
            notes.Add($"panel written to {exportPath} (REAL data)");
        }
        OutputSink.Write(ctx, output, w =>
        {
            if (format == OutputFormat.Json) NeighbourhoodsRealOutput.WritePanelJson(w, r, mapPath, layer?.Measure, notes);
            else NeighbourhoodsRealOutput.WritePanelTables(ctx, w, r, notes);
        });
        return ExitCodes.Ok;
    }

    /// <summary>Parses <c>--years 2018=a.csv,2019=b.csv</c> and assembles the panel (<see cref="NeighbourhoodsStep.AssembleYears"/>).</summary>
    private static AssembledPanel AssembleYears(string spec, string? crosswalkPath)
    {
        var files = new List<(int, string)>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || !int.TryParse(part[..eq], out var year)) throw new UsageException($"--years: '{part}' must look like 2019=file.csv");
            files.Add((year, part[(eq + 1)..]));
        }
        return NeighbourhoodsStep.AssembleYears(files, crosswalkPath);
    }

    // ---------- JSON ----------

    private static void WriteJson(TextWriter target, NeighbourhoodReport r, string? mapPath)
    {
        Json.Write(target, j =>
        {
            j.WriteStartObject();
            j.WriteString("provenance", (r.Synthetic ? Provenance.Synthetic : Provenance.Real).Code());
            j.WriteString("analysis", r.Analysis);
            j.WriteBoolean("synthetic", r.Synthetic);
            j.WriteString("data_label", r.DataLabel);
            j.WriteStartObject("title");
            j.WriteString("nl", r.TitleNl);
            j.WriteString("en", r.TitleEn);
            j.WriteEndObject();
            TableJson.WriteArray(j, "descriptives", NeighbourhoodTables.Descriptives(r.Descriptives, r.Provenance));
            j.WriteStartArray("models");
            foreach (var m in r.Regressions) WriteRegression(j, m);
            j.WriteEndArray();
            j.WriteStartArray("mixed");
            foreach (var m in r.MixedModels) WriteMixed(j, m);
            j.WriteEndArray();
            j.WriteStartArray("steps");
            foreach (var (name, outcome, focus, steps) in r.StepTables)
            {
                j.WriteStartObject();
                j.WriteString("name", name);
                j.WriteString("outcome", outcome);
                j.WriteString("variable", focus);
                j.WriteStartArray("steps");
                foreach (var s in steps)
                {
                    j.WriteStartObject();
                    j.WriteString("added", s.Added); j.WriteString("formula", s.Formula);
                    j.Number("estimate", s.Estimate); j.Number("se", s.StdError); j.WriteNumber("n", s.N);
                    j.WriteEndObject();
                }
                j.WriteEndArray();
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("decompositions");
            foreach (var d in r.Decompositions) WriteDecomposition(j, d);
            j.WriteEndArray();
            if (r.Truth is not null)
            {
                j.WriteStartObject("truth");
                foreach (var (k, v) in r.Truth) j.Number(k, v);
                j.WriteEndObject();
            }
            if (r.Diversity is not null)
            {
                j.WritePropertyName("diversity");
                using var ms = new MemoryStream();
                var sw = new StringWriter();
                DiversityCommand.WriteJson(sw, r.Diversity);
                using var doc = JsonDocument.Parse(sw.ToString());
                doc.RootElement.WriteTo(j);
            }
            if (mapPath is not null) j.WriteString("map", mapPath);
            j.WriteStartArray("notes");
            foreach (var n in r.Notes) j.WriteStringValue(n);
            j.WriteEndArray();
            j.WriteEndObject();
        });
    }

    private static void WriteRegression(Utf8JsonWriter j, NamedRegression m)
    {
        var r = m.Result;
        j.WriteStartObject();
        j.WriteString("name", m.Name);
        j.WriteString("formula", m.Formula);
        j.WriteNumber("n", r.N);
        j.WriteStartArray("coefficients");
        foreach (var c in r.Coefficients) WriteCoefficient(j, c);
        j.WriteEndArray();
        j.WriteString("se_type", r.StandardErrors.ToString().ToLowerInvariant());
        if (r.Clusters is { } g) { j.WriteString("cluster", r.ClusterColumn); j.WriteNumber("clusters", g); }
        j.WriteNumber("df_residual", r.DfResidual);
        j.Number(r.AbsorbedFactors.Count > 0 ? "r2_within" : "r2", r.RSquared);
        j.WriteEndObject();
    }

    private static void WriteMixed(Utf8JsonWriter j, NamedMixed m)
    {
        var r = m.Result;
        j.WriteStartObject();
        j.WriteString("name", m.Name);
        j.WriteString("formula", m.Formula);
        j.WriteNumber("n", r.N);
        j.WriteStartArray("fixed");
        foreach (var f in r.Fixed)
        {
            j.WriteStartObject();
            j.WriteString("term", f.Term); j.Number("estimate", f.Estimate); j.Number("se", f.StdError);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteStartArray("random");
        foreach (var v in r.Random)
        {
            j.WriteStartObject();
            j.WriteString("group", v.Group); j.WriteString("term", v.Term);
            if (v.Term2 is null) j.WriteNull("term2"); else j.WriteString("term2", v.Term2);
            j.Number("variance", v.Variance); j.Number("sd", v.Sd);
            if (v.Correlation is { } c) j.Number("correlation", c); else j.WriteNull("correlation");
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.Number("residual_variance", r.ResidualVariance);
        j.Number("loglik", r.LogLik);
        j.WriteBoolean("reml", r.Reml);
        j.WriteEndObject();
    }

    private static void WriteDecomposition(Utf8JsonWriter j, NamedDecomposition d)
    {
        var g = d.Result;
        j.WriteStartObject();
        j.WriteString("name", d.Name);
        j.WriteString("formula", d.Formula);
        j.WriteString("variable", g.Variable);
        WriteGelbachFields(j, g);
        j.WriteEndObject();
    }

    internal static void WriteCoefficient(Utf8JsonWriter j, Coefficient c)
    {
        j.WriteStartObject();
        j.WriteString("term", c.Term);
        j.Number("estimate", c.Estimate); j.Number("se", c.StdError); j.Number("statistic", c.Statistic);
        j.Number("p", c.PValue); j.Number("ci_lower", c.CiLower); j.Number("ci_upper", c.CiUpper);
        j.WriteEndObject();
    }

    /// <summary>The estimates of a Gelbach decomposition and its groups (inside an open JSON object).</summary>
    internal static void WriteGelbachFields(Utf8JsonWriter j, GelbachResult g)
    {
        j.Number("base_estimate", g.BaseEstimate); j.Number("base_se", g.BaseSe);
        j.Number("full_estimate", g.FullEstimate); j.Number("full_se", g.FullSe);
        j.Number("total_change", g.TotalChange); j.Number("total_change_se", g.TotalChangeSe);
        j.WriteStartArray("groups");
        foreach (var c in g.Groups)
        {
            j.WriteStartObject();
            j.WriteString("group", c.Name);
            j.WriteStartArray("columns");
            foreach (var t in c.Terms) j.WriteStringValue(t);
            j.WriteEndArray();
            j.Number("contribution", c.Contribution); j.Number("se", c.StdError); j.Number("p", c.PValue); j.Number("share", c.Share);
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }

    // ---------- tables ----------

    private static string F(double v, int d = 4) => TabularOutput.Fmt(v, d);

    private static void WriteTables(CliContext ctx, TextWriter w, NeighbourhoodReport r)
    {
        w.WriteLine(r.TitleNl);
        w.WriteLine(r.TitleEn);
        w.WriteLine((r.Synthetic ? "*** " : "") + r.DataLabel + (r.Synthetic ? " ***" : ""));
        w.WriteLine();
        if (r.Descriptives.Count > 0)
            TabularOutput.WriteTable(ctx, w, NeighbourhoodTables.Descriptives(r.Descriptives, r.Provenance));
        if (r.Diversity is { } div)
        {
            var res = div.Result;
            var u = res.Units;
            TabularOutput.WriteTable(ctx, w, "Diversity per buurt (summary) / Diversiteit per buurt", ["measure", "units", "mean", "min", "max"],
            [
                ["fractionalisation", u.Count.ToString(), F(u.Fractionalisation.Average()), F(u.Fractionalisation.Min()), F(u.Fractionalisation.Max())],
                ["entropy / ln K", u.Count.ToString(), F(u.NormalisedEntropy.Average()), F(u.NormalisedEntropy.Min()), F(u.NormalisedEntropy.Max())],
            ]);
            var ps = res.Parents.Where(p => p.UnitCount > 1).OrderByDescending(p => p.TheilH).ToList();
            TabularOutput.WriteTable(ctx, w, $"Segregation per parent area, most segregated first / Segregatie ({ps.Count} with ≥ 2 units)",
                ["parent", "units", "total", $"D ({res.DissimilarityGroup} vs rest)", "Theil H", $"isolation {res.DissimilarityGroup}"],
                ps.Take(15).Select(p => (IReadOnlyList<string>)[p.Parent, p.UnitCount.ToString(), F(p.Total, 8), F(p.Dissimilarity), F(p.TheilH), F(p.Isolation[0])]));
            w.WriteLine("(all units and parents: cohesion diversity --data <KWB file> --format json)");
        }
        foreach (var m in r.Regressions)
        {
            var res = m.Result;
            var se = res.Clusters is { } g ? $"SE clustered by {res.ClusterColumn} (G = {g}, sss)" : $"SE {res.StandardErrors.ToString().ToLowerInvariant()}";
            TabularOutput.WriteTable(ctx, w, $"{m.Name}: {m.Formula}", ["term", "estimate", "se", "t", "p", "ci_lower", "ci_upper"] ,
                res.Coefficients.Where(c => !c.Term.StartsWith("factor(")).Select(c => (IReadOnlyList<string>)[c.Term, F(c.Estimate, 5), F(c.StdError), F(c.Statistic), F(c.PValue, 3), F(c.CiLower), F(c.CiUpper)]),
                $"n = {res.N}; {se}; {(res.AbsorbedFactors.Count > 0 ? "within " : "")}R² = {F(res.RSquared)}" + (res.Coefficients.Any(c => c.Term.StartsWith("factor(")) ? "; year dummies not shown" : ""));
        }
        foreach (var m in r.MixedModels)
        {
            var res = m.Result;
            TabularOutput.WriteTable(ctx, w, $"{m.Name}: {m.Formula}", ["term", "estimate", "se", "t"],
                res.Fixed.Where(f => !f.Term.StartsWith("factor(")).Select(f => (IReadOnlyList<string>)[f.Term, F(f.Estimate, 5), F(f.StdError), F(f.Statistic)]),
                $"n = {res.N}; " + string.Join("; ", res.Random.Select(v => $"sd({v.Group}) = {F(v.Sd)}")) + $"; residual sd = {F(res.ResidualSd)}; logLik = {F(res.LogLik, 8)}");
        }
        foreach (var (name, outcome, focus, steps) in r.StepTables)
            TabularOutput.WriteTable(ctx, w, $"{(name.Length > 0 ? name + ": " : "")}{outcome}: coefficient of {focus} as controls are added / coëfficiënt bij toevoegen van controles", ["step", "estimate", "se", "n"],
                steps.Select(s => (IReadOnlyList<string>)[s.Added, F(s.Estimate, 5), F(s.StdError), s.N.ToString()]));
        foreach (var d in r.Decompositions)
        {
            var g = d.Result;
            var rows = g.Groups.Select(c => (IReadOnlyList<string>)[c.Name, string.Join(",", c.Terms), F(c.Contribution, 5), F(c.StdError), F(c.PValue, 3), F(c.Share, 3)]).ToList();
            rows.Add(["total", "", F(g.TotalChange, 5), F(g.TotalChangeSe), F(g.TotalPValue, 3), "1"]);
            TabularOutput.WriteTable(ctx, w, d.Name, ["group", "columns", "contribution", "se", "p", "share"], rows,
                $"{g.Variable}: {F(g.BaseEstimate, 5)} without controls → {F(g.FullEstimate, 5)} with all; base − full = Σ contributions");
        }
        if (r.Truth is not null)
            TabularOutput.WriteTable(ctx, w, "True effects of the synthetic panel / Ware effecten (SYNTHETIC)", ["term", "truth", "two-way FE estimate"],
                r.Truth.Select(t => (IReadOnlyList<string>)[t.Key, F(t.Value), r.Regressions.Count > 1 && r.Regressions[1].Result.IndexOf(t.Key) >= 0 ? F(r.Regressions[1].Result[t.Key].Estimate) : "—"]));
        foreach (var n in r.Notes) w.WriteLine($"note: {n}");
        if (r.Synthetic) w.WriteLine($"*** {SyntheticBuurtPanel.Label} ***");
    }
}
