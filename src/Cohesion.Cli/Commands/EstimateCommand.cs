using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cohesion.SurveyAnalysis;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion estimate</c>: design-based means, proportions, totals, ratios and quantiles with their standard
/// errors, svyciprop intervals and the Rao–Scott test (R's svymean/svytotal/svyratio/svyquantile/svyciprop/svychisq/
/// svyby), optionally pooled over stacked imputations. Parses flags, calls <see cref="SurveyEstimation"/>, prints.</summary>
public static class EstimateCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("estimate",
            "Design-based estimates (mean, proportions of a categorical variable, total, ratio, quantiles) with Taylor-linearised or " +
            "replicate standard errors, as R's survey package; --test chisq for a two-way table; --imputation pools stacked imputations.\n" +
            "Ontwerpgebaseerde schattingen (gemiddelde, aandelen, totaal, ratio, kwantielen) met standaardfouten, als R's survey-pakket.\n" +
            "Example: cohesion estimate --data survey.csv --var trust,volunteer --by education3 --weight w --strata stratum --cluster psu\n" +
            "Example: cohesion estimate --data s.csv --var income --stat quantile --quantiles 0.25,0.5,0.75 --weight w --cluster psu\n" +
            "Example: cohesion estimate --data s.csv --var trust --by education3 --test chisq --weight w --repweights '^rw' --repweights-type JK1");
        var data = new Option<string>("--data") { Description = "Data file (CSV, Parquet, .sav, .dta, .xlsx) or catalogue name", Required = true };
        var vars = new Option<string>("--var") { Description = "Variable(s) to estimate, comma-separated; a non-numeric column gives one proportion per category", Required = true };
        var by = new Option<string?>("--by") { Description = "Domain column: one estimate per value (svyby; variance from the full design)" };
        var stat = new Option<string>("--stat") { Description = "mean|total|ratio|quantile", DefaultValueFactory = _ => "mean" };
        DesignOptions.IgnoreCase(stat, "mean", "total", "ratio", "quantile");
        var den = new Option<string?>("--denominator") { Description = "Denominator column of --stat ratio (ratio of weighted totals)" };
        var quantiles = new Option<string?>("--quantiles") { Description = "Probabilities of --stat quantile, comma-separated (default 0.5): svyquantile, qrule math, Woodruff interval" };
        var ci = new Option<string>("--ci") { Description = "Intervals: wald (estimate ± z·SE) or svyciprop's logit|beta|mean (proportions; t on the design df)", DefaultValueFactory = _ => "wald" };
        DesignOptions.IgnoreCase(ci, "wald", "logit", "beta", "mean");
        var test = new Option<string?>("--test") { Description = "chisq: Rao–Scott test of independence of --var and --by (svychisq, statistic F)" };
        DesignOptions.IgnoreCase(test, "chisq");
        var design = new DesignOptions(weightRequired: true);
        var imputation = new Option<string?>("--imputation") { Description = "Column numbering stacked imputations: each is analysed, then pooled by Rubin's rules (mitools::MIcombine); rows add df and fmi" };
        var dfComplete = CommonOptions.DfComplete();
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (var o in new Option[] { data, vars, by, stat, den, quantiles, ci, test }) cmd.Options.Add(o);
        design.AddTo(cmd);
        foreach (var o in new Option[] { imputation, dfComplete, level, seed, format, output }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var statName = r.GetValue(stat)!.ToLowerInvariant();
            var request = new EstimateRequest
            {
                Data = r.GetValue(data)!, Variables = DesignOptions.Split(r.GetValue(vars)), By = r.GetValue(by),
                Stat = Enum.Parse<EstimateStatistic>(statName, ignoreCase: true), Denominator = r.GetValue(den),
                Quantiles = ParseQuantiles(r.GetValue(quantiles), statName),
                Ci = Enum.Parse<IntervalMethod>(r.GetValue(ci)!, ignoreCase: true), ChiSquareTest = r.GetValue(test) is not null,
                Design = design.Read(r, r.GetValue(seed) ?? 1), Level = r.GetValue(level), Imputation = r.GetValue(imputation),
                CompleteDf = CommonOptions.ReadDfComplete(r, dfComplete, r.GetValue(imputation) is not null),
            };
            Check(request);
            var result = SurveyEstimation.Run(request);
            var fmt = r.GetValue(format);
            OutputSink.Write(ctx, r.GetValue(output), w => Write(ctx, w, fmt, result, request));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Flag combinations the Core would also reject, named by flag (exit code 2).</summary>
    private static void Check(EstimateRequest q)
    {
        if (q.Variables.Count == 0) throw new UsageException("--var needs at least one column");
        if (q.Stat == EstimateStatistic.Ratio && q.Denominator is null) throw new UsageException("--stat ratio needs --denominator COL");
        if (q.Stat != EstimateStatistic.Ratio && q.Denominator is not null) throw new UsageException("--denominator is only used with --stat ratio");
        if (!(q.Level > 0 && q.Level < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
        if (q.Ci != IntervalMethod.Wald && q.Stat != EstimateStatistic.Mean)
            throw new UsageException($"--ci {q.Ci.ToString().ToLowerInvariant()} (svyciprop) applies to means and proportions (--stat mean)");
        if (q.ChiSquareTest && q.By is null) throw new UsageException("--test chisq needs --by COL (the second variable of the table)");
        if (q.ChiSquareTest && q.Variables.Count != 1) throw new UsageException("--test chisq takes one --var (crossed with --by)");
        if (q.ChiSquareTest && q.Imputation is not null) throw new UsageException("--test chisq is not pooled over imputations; drop --imputation");
    }

    private static IReadOnlyList<double> ParseQuantiles(string? text, string stat)
    {
        if (text is null) return [0.5];
        if (stat != "quantile") throw new UsageException("--quantiles is used with --stat quantile");
        var list = new List<double>();
        foreach (var s in DesignOptions.Split(text))
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) || !(p >= 0 && p <= 1))
                throw new UsageException($"--quantiles: '{s}' is not a probability between 0 and 1");
            list.Add(p);
        }
        if (list.Count == 0) throw new UsageException("--quantiles needs at least one probability, e.g. 0.25,0.5,0.75");
        return list;
    }

    private static string StatName(EstimateRequest q) => q.Stat.ToString().ToLowerInvariant();

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, EstimateResult result, EstimateRequest q)
    {
        var rows = result.Rows;
        bool anyLevel = rows.Any(r => r.Level is not null);
        bool quant = rows.Any(r => r.Quantile is not null);
        bool mi = result.Imputations is not null;
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteStartArray("estimates");
                    foreach (var r in rows)
                    {
                        j.WriteStartObject();
                        j.WriteString("variable", r.Variable);
                        if (r.Level is not null) j.WriteString("level", r.Level);
                        if (r.Group is null) j.WriteNull("group"); else j.WriteString("group", r.Group);
                        if (r.Quantile is { } qq) j.WriteNumber("quantile", qq);
                        j.Number("estimate", r.Estimate);
                        j.Number("se", r.StandardError);
                        j.Number("ci_lower", r.CiLower);
                        j.Number("ci_upper", r.CiUpper);
                        j.WriteNumber("n", r.N);
                        if (r.Df is { } df) j.Number("df", df);
                        if (r.Fmi is { } fmi) j.Number("fmi", fmi);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    if (result.ChiSquare is { } c) WriteChisq(j, c);
                    if (mi) j.WriteNumber("imputations", result.Imputations!.Value);
                    j.WriteString("provenance", "derived");
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
            {
                var headers = new List<string> { "variable" };
                if (anyLevel) headers.Add("level");
                headers.Add("group");
                if (quant) headers.Add("quantile");
                headers.AddRange(["estimate", "se", "ci_lower", "ci_upper", "deff", "n", "weighted_n"]);
                if (mi) headers.AddRange(["df", "fmi"]);
                TabularOutput.WriteCsv(w, headers, rows.Select(r =>
                {
                    var l = new List<string> { r.Variable };
                    if (anyLevel) l.Add(r.Level ?? "");
                    l.Add(r.Group ?? "");
                    if (quant) l.Add(TabularOutput.Num(r.Quantile ?? double.NaN));
                    l.AddRange([TabularOutput.Num(r.Estimate), TabularOutput.Num(r.StandardError), TabularOutput.Num(r.CiLower),
                        TabularOutput.Num(r.CiUpper), TabularOutput.Num(r.Deff), r.N.ToString(CultureInfo.InvariantCulture), TabularOutput.Num(r.WeightedN)]);
                    if (mi) l.AddRange([TabularOutput.Num(r.Df ?? double.NaN), TabularOutput.Num(r.Fmi ?? double.NaN)]);
                    return (IReadOnlyList<string>)l;
                }));
                break;
            }
            default:
            {
                var headers = new List<string> { "variable" };
                if (anyLevel) headers.Add("level");
                if (q.By is not null) headers.Add($"{q.By}");
                if (quant) headers.Add("q");
                string pct = (q.Level * 100).ToString("0.##", CultureInfo.InvariantCulture);
                headers.AddRange([StatName(q), "SE", $"{pct}% CI lower", "upper", mi ? "df" : "deff", mi ? "fmi" : "n"]);
                var caption = "Design / ontwerp: " + q.Design.Describe();
                if (mi) caption += $"; {result.Imputations} imputations pooled by Rubin's rules (MIcombine)";
                if (q.Ci != IntervalMethod.Wald) caption += $"; intervals: svyciprop {q.Ci.ToString().ToLowerInvariant()}";
                if (result.ChiSquare is { } c)
                    caption += string.Create(CultureInfo.InvariantCulture,
                        $"\nRao–Scott test / toets ({q.Variables[0]} × {q.By}): F = {c.Statistic:G6}, df = {c.Ndf:G5}, {c.Ddf:G5}, p = {c.P:G4}");
                TabularOutput.WriteTable(ctx, w, $"{StatName(q)} — {q.Data}", headers, rows.Select(r =>
                {
                    var l = new List<string> { r.Variable };
                    if (anyLevel) l.Add(r.Level ?? "");
                    if (q.By is not null) l.Add(r.Group ?? "");
                    if (quant) l.Add(TabularOutput.Fmt(r.Quantile ?? double.NaN, 4));
                    l.AddRange([TabularOutput.Fmt(r.Estimate, 6), TabularOutput.Fmt(r.StandardError, 4),
                        TabularOutput.Fmt(r.CiLower, 6), TabularOutput.Fmt(r.CiUpper, 6),
                        mi ? TabularOutput.Fmt(r.Df ?? double.NaN, 4) : TabularOutput.Fmt(r.Deff, 3),
                        mi ? TabularOutput.Fmt(r.Fmi ?? double.NaN, 3) : r.N.ToString(CultureInfo.InvariantCulture)]);
                    return (IReadOnlyList<string>)l;
                }), caption);
                break;
            }
        }
    }

    private static void WriteChisq(Utf8JsonWriter j, Statistics.Survey.SurveyChiSquareTest c)
    {
        j.WriteStartObject("chisq");
        j.Number("statistic", c.Statistic);
        j.Number("ndf", c.Ndf);
        j.Number("ddf", c.Ddf);
        j.Number("p", c.P);
        j.WriteString("method", "Pearson's X^2: Rao & Scott adjustment (F)");
        j.WriteEndObject();
    }
}
