using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cohesion.Data;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.Pipeline;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion measure</c>: the four dimensions of social cohesion (and their indicators) with design-based
/// estimates, nationally and per group, with disclosure control on every cell (issue 2).</summary>
public static class MeasureCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("measure",
            "Measure social cohesion on SCP's four dimensions (and their indicators) with design-based estimates (R survey's\n" +
            "svymean/svyby), nationally and per group. Sociale samenhang meten op de vier SCP-dimensies.\n" +
            "Without --data: the built-in SYNTHETIC Dutch survey (calibrated to published CBS/SCP figures), by education.\n" +
            "Cells resting on fewer than --min-n respondents are suppressed (CBS output rules).\n" +
            "Example: cohesion measure --by education3,sex --format json --out cohesion.json\n" +
            "Example: cohesion measure --data data/real/vu-election-panel-2021/wave0.csv --framework vu-election-panel-2021 --by education");
        var data = CommonOptions.Data("Survey microdata (file or catalogue name); default: the built-in synthetic Dutch survey");
        var framework = new Option<string?>("--framework")
        {
            Description = "Framework file (JSON or YAML) or the name of a built-in one in data/framework (cbs-ssw, vu-election-panel-2021, ess); default: cbs-ssw"
        };
        var by = new Option<string?>("--by") { Description = "Group by these columns (crossed, as svyby(~a+b)), e.g. education3 or education3,sex; default without --data: education3" };
        var weight = new Option<string?>("--weight") { Description = "Weight column (default: the framework's design section; none = equal weights)" };
        var strata = new Option<string?>("--strata") { Description = "Stratum column" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster column(s), a,b = two-stage (id=~a+b)" };
        var fpc = new Option<string?>("--fpc") { Description = "Finite population correction column(s), one per stage (population sizes or sampling fractions)" };
        var minN = new Option<int>("--min-n")
        {
            Description = $"Suppress cells with fewer unweighted respondents than this (default {DisclosureRule.DefaultMinCount}; 0 = no suppression)",
            DefaultValueFactory = _ => DisclosureRule.DefaultMinCount
        };
        var lonely = new Option<string>("--lonely-psu")
        {
            Description = "Strata with one PSU: fail|adjust|average|certainty|remove (R's survey.lonely.psu)", DefaultValueFactory = _ => "fail",
        };
        lonely.AcceptOnlyFromAmong("fail", "adjust", "average", "certainty", "remove");
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals (default 0.95)", DefaultValueFactory = _ => 0.95 };
        var ci = new Option<string>("--ci")
        {
            Description = "Confidence intervals: wald (estimate ± z·SE, as R's confint and the estimate verb) or logit (inside [0,1], as R's svyciprop(method=\"logit\"))",
            DefaultValueFactory = _ => "wald",
        };
        ci.AcceptOnlyFromAmong("wald", "logit");
        var reps = new Option<string?>("--replicates") { Description = "jk1|jkn|bootstrap|brr: replicate weights built from the design (as.svrepdesign) for the SEs" };
        reps.AcceptOnlyFromAmong("jk1", "jkn", "bootstrap", "brr");
        var bootReps = new Option<int>("--bootstrap-replicates") { Description = "Number of bootstrap replicates", DefaultValueFactory = _ => 50 };
        var mse = new Option<bool>("--mse") { Description = "Replicate variances around the full-sample estimate (R's mse=TRUE)" };
        var seed = CommonOptions.Seed();
        var complementary = new Option<bool>("--complementary") { Description = "Also suppress a second cell in a breakdown with a single suppressed cell (so it cannot be derived from the national figure)" };
        var indicators = new Option<bool>("--indicators") { Description = "Tables: also show the indicators (JSON and CSV always contain them)" };
        var supplied = new ReplicateWeightOptions();
        var imputation = new Option<string?>("--imputation") { Description = "Column numbering stacked imputations: each is measured, then every cell pooled by Rubin's rules (mitools::MIcombine); rows add df and fmi" };
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (Option o in (Option[])[data, framework, by, weight, strata, cluster, fpc, lonely, level, ci, reps, bootReps, mse, .. supplied.All, imputation, seed, minN, complementary, indicators, format, output]) cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            string? dataArg = parse.GetValue(data);
            bool builtIn = dataArg is null;
            string dataPath = dataArg ?? SurveyDefaultFile.DefaultPath;
            int min = parse.GetValue(minN);
            if (min < 0) throw new UsageException("--min-n must be 0 or more");
            double lev = parse.GetValue(level);
            if (!(lev > 0 && lev < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
            var fw = FrameworkLoader.Resolve(parse.GetValue(framework));
            var frame = DatasetLoader.Load(dataPath);
            var byCols = Split(parse.GetValue(by));
            if (builtIn && byCols.Count == 0) byCols = [.. MeasureRequest.BuiltInBy];
            var options = new MeasureOptions
            {
                By = byCols,
                Weight = parse.GetValue(weight), Strata = parse.GetValue(strata),
                Clusters = Split(parse.GetValue(cluster)), Fpc = Split(parse.GetValue(fpc)),
                Disclosure = new DisclosureRule(min, parse.GetValue(complementary)),
                Level = lev,
                Ci = parse.GetValue(ci) == "logit" ? CiMethod.Logit : CiMethod.Wald,
                Replicates = parse.GetValue(reps) is { } rt ? DesignOptions.ParseReplicateType(rt) : null,
                BootstrapReplicates = parse.GetValue(bootReps), Mse = parse.GetValue(mse), Seed = parse.GetValue(seed) ?? 1,
                LonelyPsu = Enum.Parse<Cohesion.Statistics.Survey.LonelyPsu>(parse.GetValue(lonely)!, ignoreCase: true),
                SuppliedReplicates = supplied.Read(parse, parse.GetValue(mse)), Imputation = parse.GetValue(imputation),
            };
            if (options.SuppliedReplicates is not null && (options.Strata is not null || options.Clusters.Count > 0 || options.Fpc.Count > 0 || options.Replicates is not null))
                throw new UsageException("--repweights replaces --strata, --cluster, --fpc and --replicates (supplied replicate weights carry the design)");
            var result = MeasureStep.Run(fw, frame, options);
            var notes = Notes(result, dataPath, frame);
            var fmt = parse.GetValue(format);
            bool showIndicators = parse.GetValue(indicators);
            OutputSink.Write(ctx, parse.GetValue(output), w =>
            {
                switch (fmt)
                {
                    case OutputFormat.Json: WriteJson(w, result, dataPath, notes); break;
                    case OutputFormat.Csv: WriteCsv(w, result, notes); break;
                    default: WriteTables(ctx, w, result, notes, showIndicators, frame); break;
                }
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<string> Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    /// <summary>Lines every output carries: what the data is (synthetic, unweighted), the design, the score rule, disclosure.</summary>
    private static List<string> Notes(MeasureResult r, string dataPath, DataFrame frame)
    {
        var notes = new List<string>();
        var meta = SurveyDefaultFile.ReadMetadataFor(dataPath);
        if (meta is { Synthetic: true })
            notes.Add($"{meta.CaptionEn ?? "Synthetic data"}. / {meta.CaptionNl ?? "Synthetische data"}.");
        if (r.Framework.DataNote is not null) notes.Add("Data: " + r.Framework.DataNote + ".");
        notes.Add($"Design: {r.Design.Describe()}; {frame.RowCount.ToString("N0", CultureInfo.InvariantCulture)} respondents; SE {(r.Design.Replicates is null && r.Design.SuppliedReplicates is null ? "Taylor-linearised" : "from replicate weights")} (as R survey), {100 * r.Level:0.##}% CI {(r.Imputations is not null ? "t on MIcombine's df" : r.Ci == CiMethod.Logit ? "logit (svyciprop)" : "normal (Wald)")}.");
        if (r.Imputations is { } m) notes.Add($"{m} stacked imputations pooled by Rubin's rules (mitools::MIcombine); {frame.RowCount.ToString("N0", CultureInfo.InvariantCulture)} rows in all.");
        var share = r.Framework.ScoreRule.MinShare == 0.5 ? "half" : r.Framework.ScoreRule.MinShare == 1 ? "all" : $"{100 * r.Framework.ScoreRule.MinShare:0.#}%";
        notes.Add($"Framework: {r.Framework.Id}. Dimension score = mean of a respondent's valid indicators (0/1; at least {share} present), a share in [0,1]; % = 100 × share, SE in percentage points.");
        notes.Add("Type: H = horizontaal/horizontal, V = verticaal/vertical; A = houding/attitude, B = gedrag/behaviour.");
        if (r.Disclosure.MinCount > 0) notes.Add(r.Disclosure.Footnote + ".");
        return notes;
    }

    private static string Pct(double v) => double.IsNaN(v) ? "" : (100 * v).ToString("0.0", CultureInfo.InvariantCulture);
    private static string Pp(double v) => double.IsNaN(v) ? "" : (100 * v).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Compact type code: H/V = horizontal/vertical, A/B = attitude/behaviour (legend in the notes).</summary>
    private static string TypeCode(CohesionFramework f, string dim)
    {
        var d = f.Dimension(dim);
        return (d.Axis == CohesionAxis.Horizontal ? "H" : "V") + "·" + (d.Kind == CohesionKind.Attitude ? "A" : "B");
    }

    private static string[] Cells(MeasureRow row, DisclosureRule rule) => row.Suppressed
        ? [rule.MarkFor(row.Suppression), "", "", row.N.ToString("N0", CultureInfo.InvariantCulture)]
        : [Pct(row.Estimate), Pp(row.StandardError), $"{Pct(row.CiLower)}–{Pct(row.CiUpper)}", row.N.ToString("N0", CultureInfo.InvariantCulture)];

    private static string Label(MeasureRow x) => $"{x.LabelNl}\n{x.LabelEn}";

    private static void WriteTables(CliContext ctx, TextWriter w, MeasureResult r, List<string> notes, bool showIndicators, DataFrame frame)
    {
        string[] valueHeaders = ["%", "SE", $"{100 * r.Level:0.##}% BI/CI", "n"];
        var national = r.Rows.Where(x => x.Group is null).ToList();
        TabularOutput.WriteTable(ctx, w, "Sociale samenhang in Nederland / Social cohesion in the Netherlands",
            ["Dimensie / Dimension", "Type", .. valueHeaders],
            national.Where(x => x.Level == MeasureLevel.Dimension)
                .Select(x => (IReadOnlyList<string>)[Label(x), TypeCode(r.Framework, x.Dimension), .. Cells(x, r.Disclosure)]).ToList());
        if (showIndicators)
            TabularOutput.WriteTable(ctx, w, "Indicatoren / Indicators",
                ["Indicator", "Dim.", .. valueHeaders],
                national.Where(x => x.Level == MeasureLevel.Indicator)
                    .Select(x => (IReadOnlyList<string>)[Label(x), TypeCode(r.Framework, x.Dimension), .. Cells(x, r.Disclosure)]).ToList());
        if (r.By.Count > 0)
        {
            var grouped = r.Rows.Where(x => x.Group is not null && (showIndicators || x.Level == MeasureLevel.Dimension))
                .OrderBy(x => x.Level).ThenBy(x => VariableOrder(r.Framework, x.Variable)).ToList();
            var rows = new List<IReadOnlyList<string>>();
            string? last = null;
            foreach (var x in grouped)
            {
                rows.Add([x.Variable == last ? "" : Label(x), GroupLabel(x, r.Framework, frame), .. Cells(x, r.Disclosure)]);
                last = x.Variable;
            }
            TabularOutput.WriteTable(ctx, w, $"Naar / By {string.Join(" × ", r.By)}",
                [showIndicators ? "Dimensie, indicator / Dimension, indicator" : "Dimensie / Dimension", string.Join(" × ", r.By), .. valueHeaders], rows);
        }
        foreach (var n in notes) w.WriteLine(n);
        w.Flush();
    }

    private static int VariableOrder(CohesionFramework f, string id)
    {
        int k = f.Dimensions.Select(d => d.Id).ToList().IndexOf(id);
        return k >= 0 ? k : 1000 + f.Indicators.Select(i => i.Id).ToList().IndexOf(id);
    }

    /// <summary>The group as shown in tables: the framework's label for the level, else the data's value label, else the level.</summary>
    private static string GroupLabel(MeasureRow x, CohesionFramework f, DataFrame frame) =>
        string.Join(" × ", x.GroupLevels.Select(g =>
        {
            if (f.Groups.TryGetValue(g.Column, out var display) && display.Labels.ContainsKey(g.Value)) return display.LabelOf(g.Value);
            var col = frame.Categorical(g.Column);
            int k = Array.IndexOf(col.Levels, g.Value);
            var label = k >= 0 ? col.LabelOf(k) : g.Value;
            return label == g.Value ? g.Value : $"{g.Value} ({label})";
        }));

    private static void WriteJson(TextWriter target, MeasureResult r, string dataPath, List<string> notes) =>
        Json.Write(target, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("estimates");
            foreach (var x in r.Rows)
            {
                w.WriteStartObject();
                w.WriteString("variable", x.Variable);
                if (x.Group is null) w.WriteNull("group"); else w.WriteString("group", x.Group);
                w.Number("estimate", x.Estimate);
                w.Number("se", x.StandardError);
                w.Number("ci_lower", x.CiLower);
                w.Number("ci_upper", x.CiUpper);
                w.WriteNumber("n", x.N);
                w.WriteString("level", x.Level == MeasureLevel.Dimension ? "dimension" : "indicator");
                w.WriteString("dimension", x.Dimension);
                w.WriteString("label_nl", x.LabelNl);
                w.WriteString("label_en", x.LabelEn);
                if (x.GroupLevels.Count > 0)
                {
                    w.WriteStartObject("groups");
                    foreach (var (c, v) in x.GroupLevels) w.WriteString(c, v);
                    w.WriteEndObject();
                }
                w.Number("deff", x.Deff);
                if (x.Df is { } df) w.Number("df", df);
                if (x.Fmi is { } fmi) w.Number("fmi", fmi);
                w.WriteBoolean("suppressed", x.Suppressed);
                if (x.Suppressed) w.WriteString("suppression", x.Suppression == SuppressionReason.Complementary ? "complementary" : $"fewer than {r.Disclosure.MinCount} respondents");
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("framework", r.Framework.Id);
            w.WriteString("data", Path.GetFileName(dataPath));
            w.WriteBoolean("synthetic", SurveyDefaultFile.ReadMetadataFor(dataPath)?.Synthetic ?? false);
            w.WriteString("design", r.Design.Describe());
            w.WriteNumber("respondents", r.Respondents);
            w.WriteStartArray("by");
            foreach (var b in r.By) w.WriteStringValue(b);
            w.WriteEndArray();
            w.WriteNumber("min_n", r.Disclosure.MinCount);
            if (r.Imputations is { } m) w.WriteNumber("imputations", m);
            w.WriteStartArray("notes");
            foreach (var n in notes) w.WriteStringValue(n);
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void WriteCsv(TextWriter w, MeasureResult r, List<string> notes)
    {
        var note = string.Join(" ", notes.Take(notes.Count));
        TabularOutput.WriteCsv(w,
            ["variable", "level", "dimension", "label_nl", "label_en", "group", "estimate", "se", "ci_lower", "ci_upper", "n", "deff", "suppressed", "note"],
            r.Rows.Select((x, i) => (IReadOnlyList<string>)[
                x.Variable, x.Level == MeasureLevel.Dimension ? "dimension" : "indicator", x.Dimension, x.LabelNl, x.LabelEn, x.Group ?? "",
                TabularOutput.Num(x.Estimate), TabularOutput.Num(x.StandardError), TabularOutput.Num(x.CiLower), TabularOutput.Num(x.CiUpper),
                x.N.ToString(CultureInfo.InvariantCulture), TabularOutput.Num(x.Deff), x.Suppressed ? "true" : "false", i == 0 ? note : ""]));
    }
}
