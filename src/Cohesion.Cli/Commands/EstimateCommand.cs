using System.CommandLine;
using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion estimate</c>: design-based means, proportions, totals and ratios with their standard errors
/// (R's svymean/svytotal/svyratio/svyby). Parses flags, calls <see cref="SurveyEstimator"/>, prints.</summary>
public static class EstimateCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("estimate",
            "Design-based estimates (mean, proportions of a categorical variable, total, ratio) with Taylor-linearised or " +
            "replicate standard errors, as R's survey package.\n" +
            "Ontwerpgebaseerde schattingen (gemiddelde, aandelen, totaal, ratio) met standaardfouten, als R's survey-pakket.\n" +
            "Example: cohesion estimate --data survey.csv --var trust,volunteer --by education3 --weight w --strata stratum --cluster psu");
        var data = new Option<string>("--data") { Description = "Data file (CSV, Parquet, .sav, .dta, .xlsx) or catalogue name", Required = true };
        var vars = new Option<string>("--var") { Description = "Variable(s) to estimate, comma-separated; a non-numeric column gives one proportion per category", Required = true };
        var by = new Option<string?>("--by") { Description = "Domain column: one estimate per value (svyby; variance from the full design)" };
        var stat = new Option<string>("--stat")
        {
            Description = "mean|total|ratio", DefaultValueFactory = _ => "mean",
        };
        stat.AcceptOnlyFromAmong("mean", "total", "ratio");
        var den = new Option<string?>("--denominator") { Description = "Denominator column of --stat ratio (ratio of weighted totals)" };
        var weight = new Option<string>("--weight") { Description = "Sampling weight column (> 0)", Required = true };
        var strata = new Option<string?>("--strata") { Description = "Stratum column (first stage)" };
        var cluster = new Option<string?>("--cluster") { Description = "Cluster column per stage, comma-separated (a,b = two-stage id=~a+b); clusters are nested in strata" };
        var fpc = new Option<string?>("--fpc") { Description = "Finite population correction per stage, comma-separated: population sizes, or sampling fractions when all values are <= 1" };
        var reps = new Option<string?>("--replicates") { Description = "jk1|jkn|bootstrap|brr: build replicate weights from the design (as.svrepdesign) and use them for the SEs" };
        reps.AcceptOnlyFromAmong("jk1", "jkn", "bootstrap", "brr");
        var rake = new Option<string[]>("--rake")
        {
            Description = "Rake to population margins: COL=LEVEL:TOTAL,LEVEL:TOTAL (repeat per margin)",
            AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [],
        };
        var lonely = new Option<string>("--lonely-psu")
        {
            Description = "Strata with one PSU: fail|adjust|average|certainty|remove (R's survey.lonely.psu)", DefaultValueFactory = _ => "fail",
        };
        lonely.AcceptOnlyFromAmong("fail", "adjust", "average", "certainty", "remove");
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var bootReps = new Option<int>("--bootstrap-replicates") { Description = "Number of bootstrap replicates", DefaultValueFactory = _ => 50 };
        var mse = new Option<bool>("--mse") { Description = "Replicate variances around the full-sample estimate (R's mse=TRUE)" };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (var o in new Option[] { data, vars, by, stat, den, weight, strata, cluster, fpc, reps, rake, lonely, level, bootReps, mse, seed, format, output })
            cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var request = new EstimateRequest
            {
                Data = r.GetValue(data)!, Variables = Split(r.GetValue(vars)), By = r.GetValue(by), Stat = r.GetValue(stat)!,
                Denominator = r.GetValue(den), Weight = r.GetValue(weight)!, Strata = r.GetValue(strata),
                Clusters = Split(r.GetValue(cluster)), Fpc = Split(r.GetValue(fpc)), Replicates = r.GetValue(reps),
                Rake = r.GetValue(rake) ?? [], LonelyPsu = Enum.Parse<LonelyPsu>(r.GetValue(lonely)!, ignoreCase: true),
                Level = r.GetValue(level), BootstrapReplicates = r.GetValue(bootReps), Mse = r.GetValue(mse), Seed = r.GetValue(seed) ?? 1,
            };
            var rows = Run(request);
            var fmt = r.GetValue(format);
            OutputSink.Write(ctx, r.GetValue(output), w => Write(ctx, w, fmt, rows, request));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal sealed record EstimateRequest
    {
        public required string Data { get; init; }
        public required string[] Variables { get; init; }
        public string? By { get; init; }
        public string Stat { get; init; } = "mean";
        public string? Denominator { get; init; }
        public required string Weight { get; init; }
        public string? Strata { get; init; }
        public string[] Clusters { get; init; } = [];
        public string[] Fpc { get; init; } = [];
        public string? Replicates { get; init; }
        public string[] Rake { get; init; } = [];
        public LonelyPsu LonelyPsu { get; init; }
        public double Level { get; init; } = 0.95;
        public int BootstrapReplicates { get; init; } = 50;
        public bool Mse { get; init; }
        public int Seed { get; init; } = 1;
    }

    internal sealed record Row(string Variable, string? Level, string? Group, SurveyEstimate Estimate);

    internal static List<Row> Run(EstimateRequest q)
    {
        if (q.Variables.Length == 0) throw new UsageException("--var needs at least one column");
        if (q.Stat == "ratio" && q.Denominator is null) throw new UsageException("--stat ratio needs --denominator COL");
        if (q.Stat != "ratio" && q.Denominator is not null) throw new UsageException("--denominator is only used with --stat ratio");
        if (q.Fpc.Length > 0 && q.Fpc.Length != Math.Max(1, q.Clusters.Length))
            throw new UsageException($"--fpc needs one column per stage: {Math.Max(1, q.Clusters.Length)} stage(s) but {q.Fpc.Length} fpc column(s)");
        if (!(q.Level > 0 && q.Level < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
        var frame = DatasetLoader.Load(q.Data);
        try
        {
            return Estimate(frame, q);
        }
        catch (CohesionException ce)
        {
            throw ce.WithFile(frame.Source ?? q.Data);
        }
    }

    private static List<Row> Estimate(DataFrame frame, EstimateRequest q)
    {
        var design = SurveyFrame.CreateDesign(frame, new SurveyColumns
        {
            Weight = q.Weight, Strata = q.Strata, Clusters = q.Clusters, Fpc = q.Fpc, LonelyPsu = q.LonelyPsu,
        });
        if (q.Replicates is { } rt)
        {
            var type = rt switch { "jk1" => ReplicateType.JK1, "jkn" => ReplicateType.JKn, "brr" => ReplicateType.BRR, _ => ReplicateType.Bootstrap };
            design = design.WithReplicates(type, q.BootstrapReplicates, q.Seed, q.Mse);
        }
        if (q.Rake.Length > 0) design = design.Rake(q.Rake.Select(s => ParseMargin(frame, s)).ToArray());

        int[]? dom = null;
        string[] groups = [null!];
        if (q.By is { } byCol) (dom, groups) = SurveyFrame.Domains(frame, byCol);
        int D = dom is null ? 1 : groups.Length;
        if (dom is not null && D == 0) throw new CohesionException("the domain column has no values", column: q.By);

        var rows = new List<Row>();
        foreach (var v in q.Variables)
        {
            var col = frame[v];
            if (q.Stat == "ratio")
            {
                var y = frame.Numeric(v).Values;
                var x = frame.Numeric(q.Denominator!).Values;
                var est = SurveyEstimator.RatioBy(design, y, x, dom, D, q.Level);
                Check(est, frame, v, q.By, groups, y, x);
                for (int d = 0; d < D; d++) rows.Add(new Row($"{v}/{q.Denominator}", null, dom is null ? null : groups[d], est[d]));
            }
            else if (col is CategoricalColumn cat)
            {
                RejectMixed(cat);
                var est = q.Stat == "total"
                    ? SurveyEstimator.CategoryTotalsBy(design, cat.Codes, cat.LevelCount, dom, D, q.Level)
                    : SurveyEstimator.ProportionsBy(design, cat.Codes, cat.LevelCount, dom, D, q.Level);
                Check(est.Select(e => e.Length > 0 ? e[0] : null).ToArray(), frame, v, q.By, groups, null, null, cat);
                for (int d = 0; d < D; d++)
                    for (int k = 0; k < cat.LevelCount; k++)
                        rows.Add(new Row(v, cat.Levels[k], dom is null ? null : groups[d], est[d][k]));
            }
            else
            {
                var y = frame.Numeric(v).Values;
                var est = q.Stat == "total" ? SurveyEstimator.TotalBy(design, y, dom, D, q.Level) : SurveyEstimator.MeanBy(design, y, dom, D, q.Level);
                Check(est, frame, v, q.By, groups, y, null);
                for (int d = 0; d < D; d++) rows.Add(new Row(v, null, dom is null ? null : groups[d], est[d]));
            }
        }
        return rows;
    }

    /// <summary>A column holding numbers and a few text values is a numeric variable with bad values, not a
    /// categorical one: name the first offending value and row instead of estimating proportions of it.</summary>
    private static readonly NumberFormatInfo DecimalComma = new() { NumberDecimalSeparator = ",", NumberGroupSeparator = "." };

    private static void RejectMixed(CategoricalColumn c)
    {
        bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                                   || double.TryParse(s, NumberStyles.Float, DecimalComma, out _);
        var numeric = c.Levels.Select(IsNumber).ToArray();
        int nNum = numeric.Count(b => b);
        if (nNum == 0 || nNum == numeric.Length) return;
        for (int i = 0; i < c.Codes.Length; i++)
            if (c.Codes[i] >= 0 && !numeric[c.Codes[i]])
                throw new CohesionException(
                    $"non-numeric value '{c.Levels[c.Codes[i]]}' in a column of numbers (a categorical variable needs text categories only)",
                    column: c.Name, row: i + 1);
    }

    /// <summary>An all-missing variable or an empty domain is the user's to fix: say which.</summary>
    private static void Check(SurveyEstimate?[] est, DataFrame frame, string v, string? by, string[] groups, double[]? y, double[]? x, CategoricalColumn? cat = null)
    {
        bool anyValue = false;
        int n = frame.RowCount;
        for (int i = 0; i < n && !anyValue; i++)
            anyValue = cat is not null ? cat.Codes[i] >= 0 : !double.IsNaN(y![i]) && (x is null || !double.IsNaN(x[i]));
        if (!anyValue)
            throw new CohesionException(x is null ? "the variable has no non-missing values" : "no row has both the variable and the denominator non-missing", column: v);
        for (int d = 0; d < est.Length; d++)
            if (est[d] is null || est[d]!.N == 0)
                throw new CohesionException(
                    by is null ? "no usable observations" : $"domain '{groups[d]}' of column '{by}' has no non-missing values of '{v}' (empty domain)",
                    column: v);
    }

    /// <summary>Parses <c>COL=LEVEL:TOTAL,LEVEL:TOTAL</c>.</summary>
    internal static CalibrationMargin ParseMargin(DataFrame frame, string spec)
    {
        int eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1) throw new UsageException($"--rake '{spec}': expected COL=LEVEL:TOTAL,LEVEL:TOTAL");
        var col = spec[..eq].Trim();
        var totals = new List<(string, double)>();
        foreach (var part in spec[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int c = part.LastIndexOf(':');
            if (c <= 0 || !double.TryParse(part[(c + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var t))
                throw new UsageException($"--rake '{spec}': '{part}' is not LEVEL:TOTAL with a numeric total");
            totals.Add((part[..c].Trim(), t));
        }
        return SurveyFrame.Margin(frame, col, totals);
    }

    private static string[] Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, List<Row> rows, EstimateRequest q)
    {
        bool anyLevel = rows.Any(r => r.Level is not null);
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteStartArray("estimates");
                    foreach (var r in rows)
                    {
                        var e = r.Estimate;
                        j.WriteStartObject();
                        j.WriteString("variable", r.Variable);
                        if (r.Level is not null) j.WriteString("level", r.Level);
                        if (r.Group is null) j.WriteNull("group"); else j.WriteString("group", r.Group);
                        j.Number("estimate", e.Estimate);
                        j.Number("se", e.StandardError);
                        j.Number("ci_lower", e.CiLower);
                        j.Number("ci_upper", e.CiUpper);
                        j.WriteNumber("n", e.N);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
            {
                var headers = new List<string> { "variable" };
                if (anyLevel) headers.Add("level");
                headers.AddRange(["group", "estimate", "se", "ci_lower", "ci_upper", "deff", "n", "weighted_n"]);
                TabularOutput.WriteCsv(w, headers, rows.Select(r =>
                {
                    var e = r.Estimate;
                    var l = new List<string> { r.Variable };
                    if (anyLevel) l.Add(r.Level ?? "");
                    l.AddRange([r.Group ?? "", TabularOutput.Num(e.Estimate), TabularOutput.Num(e.StandardError), TabularOutput.Num(e.CiLower),
                        TabularOutput.Num(e.CiUpper), TabularOutput.Num(e.Deff), e.N.ToString(CultureInfo.InvariantCulture), TabularOutput.Num(e.WeightedN)]);
                    return (IReadOnlyList<string>)l;
                }));
                break;
            }
            default:
            {
                var headers = new List<string> { "variable" };
                if (anyLevel) headers.Add("level");
                if (q.By is not null) headers.Add($"{q.By}");
                string pct = (q.Level * 100).ToString("0.##", CultureInfo.InvariantCulture);
                headers.AddRange([q.Stat, "SE", $"{pct}% CI lower", "upper", "deff", "n"]);
                TabularOutput.WriteTable(ctx, w, $"{q.Stat} — {q.Data}", headers, rows.Select(r =>
                {
                    var e = r.Estimate;
                    var l = new List<string> { r.Variable };
                    if (anyLevel) l.Add(r.Level ?? "");
                    if (q.By is not null) l.Add(r.Group ?? "");
                    l.AddRange([TabularOutput.Fmt(e.Estimate, 6), TabularOutput.Fmt(e.StandardError, 4),
                        TabularOutput.Fmt(e.CiLower, 6), TabularOutput.Fmt(e.CiUpper, 6), TabularOutput.Fmt(e.Deff, 3),
                        e.N.ToString(CultureInfo.InvariantCulture)]);
                    return (IReadOnlyList<string>)l;
                }), DescribeDesign(q));
                break;
            }
        }
    }

    private static string DescribeDesign(EstimateRequest q)
    {
        var parts = new List<string> { $"weights {q.Weight}" };
        if (q.Strata is not null) parts.Add($"strata {q.Strata}");
        if (q.Clusters.Length > 0) parts.Add($"clusters {string.Join(" > ", q.Clusters)}");
        if (q.Fpc.Length > 0) parts.Add($"fpc {string.Join(", ", q.Fpc)}");
        if (q.Rake.Length > 0) parts.Add($"raked on {string.Join(", ", q.Rake.Select(r => r.Split('=')[0]))}");
        parts.Add(q.Replicates is null ? "Taylor-linearised SE" : $"{q.Replicates} replicate SE");
        return "Design / ontwerp: " + string.Join("; ", parts);
    }
}
