using System.CommandLine;
using System.Globalization;
using Cohesion.SurveyAnalysis;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion glm</c>: design-based regression models (R's svyglm, svyolr for ordered outcomes) on a survey
/// design, a domain of it, or stacked imputations. Parses flags, calls <see cref="SurveyModelAnalysis"/>, prints.</summary>
public static class GlmCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("glm",
            "Design-based generalized linear models as R's svyglm (gaussian, binomial, quasibinomial, poisson, quasipoisson) and\n" +
            "proportional-odds models for ordered answers as svyolr (--family ordinal); Taylor-linearised or replicate SEs, t tests\n" +
            "on the design degrees of freedom; --subset fits a domain with the variance from the full design.\n" +
            "Ontwerpgebaseerde regressiemodellen (svyglm, svyolr) met standaardfouten uit het steekproefontwerp.\n" +
            "Example: cohesion glm --data survey.csv --formula \"trust ~ age + factor(education3)\" --family quasibinomial --weight w --strata stratum --cluster psu\n" +
            "Example: cohesion glm --data s.csv --formula \"trust4 ~ sex + age\" --family ordinal --weight w --repweights '^rw' --repweights-type JK1 --format json");
        var data = new Option<string>("--data") { Description = "Data file (CSV, Parquet, .sav, .dta, .xlsx) or catalogue name", Required = true };
        var formula = new Option<string>("--formula") { Description = "Model formula as in panel/mixed: y ~ x1 + factor(g) + x1:x2 + I(x^2) + log(z)", Required = true };
        var family = new Option<string>("--family") { Description = "gaussian|binomial|quasibinomial|poisson|quasipoisson|ordinal", DefaultValueFactory = _ => "gaussian" };
        DesignOptions.IgnoreCase(family, "gaussian", "binomial", "quasibinomial", "poisson", "quasipoisson", "ordinal");
        var subset = new Option<string?>("--subset") { Description = "Domain, an R condition such as \"region == 'north'\" or \"age >= 18 & sex == female\" (subset.survey.design: variance from the full design)" };
        var odds = new Option<bool>("--odds-ratios") { Description = "Add exp(coefficient) with its interval (odds ratios for binomial families, rate ratios for poisson)" };
        var levels = new Option<string?>("--levels") { Description = "--family ordinal: the order of the outcome's categories, separated by commas (or by ';' when names contain commas); default: numbers ascending, text sorted" };
        var design = new DesignOptions(weightRequired: true);
        var imputation = new Option<string?>("--imputation") { Description = "Column numbering stacked imputations: the model is fitted on each, then pooled by Rubin's rules (mitools::MIcombine); rows add df and fmi" };
        var dfComplete = CommonOptions.DfComplete();
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var seed = CommonOptions.Seed();
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (var o in new Option[] { data, formula, family, subset, odds, levels }) cmd.Options.Add(o);
        design.AddTo(cmd);
        foreach (var o in new Option[] { imputation, dfComplete, level, seed, format, output }) cmd.Options.Add(o);

        cmd.SetAction(r =>
        {
            var fam = r.GetValue(family)!.ToLowerInvariant();
            if (r.GetValue(levels) is not null && fam != "ordinal") throw new UsageException("--levels is used with --family ordinal");
            if (r.GetValue(odds) && fam == "gaussian")
                throw new UsageException("--odds-ratios needs a logit or log link (binomial, quasibinomial, ordinal; poisson and quasipoisson give rate ratios), not family gaussian");
            if (!(r.GetValue(level) > 0 && r.GetValue(level) < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
            var request = new GlmRequest
            {
                Data = r.GetValue(data)!, Formula = r.GetValue(formula)!, Family = fam, Subset = r.GetValue(subset),
                Levels = r.GetValue(levels) is { } lv
                    ? lv.Split(lv.Contains(';') ? ';' : ',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null,
                Design = design.Read(r, r.GetValue(seed) ?? 1), Imputation = r.GetValue(imputation), Level = r.GetValue(level),
                CompleteDf = CommonOptions.ReadDfComplete(r, dfComplete, r.GetValue(imputation) is not null),
            };
            var result = SurveyModelAnalysis.Run(request);
            bool ratios = r.GetValue(odds);
            OutputSink.Write(ctx, r.GetValue(output), w => Write(ctx, w, r.GetValue(format), result, request, ratios));
            foreach (var warning in result.Warnings) ctx.Err.WriteLine($"warning: {warning}");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, GlmResult result, GlmRequest q, bool ratios)
    {
        bool mi = result.Imputations is not null;
        bool rate = result.Family is "poisson" or "quasipoisson";
        string ratioName = rate ? "rate_ratio" : "odds_ratio", lowerName = rate ? "rr_lower" : "or_lower", upperName = rate ? "rr_upper" : "or_upper";
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteString("family", result.Family);
                    j.WriteString("formula", result.Formula);
                    j.WriteStartArray("coefficients");
                    foreach (var c in result.Coefficients)
                    {
                        j.WriteStartObject();
                        CoefficientJson.WriteFields(j, c, ratios && !c.IsThreshold ? x =>
                        {
                            x.Number(ratioName, Math.Exp(c.Estimate));
                            x.Number(lowerName, Math.Exp(c.CiLower));
                            x.Number(upperName, Math.Exp(c.CiUpper));
                        } : null);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.Number("dispersion", result.Dispersion);
                    j.WriteNumber("df_residual", result.DfResidual);
                    j.WriteNumber("n", result.N);
                    j.WriteString("variance", result.Replicates ? "replicate" : "taylor");
                    if (mi) j.WriteNumber("imputations", result.Imputations!.Value);
                    if (q.Subset is not null) j.WriteString("subset", q.Subset);
                    j.WriteStartArray("warnings");
                    foreach (var warning in result.Warnings) j.WriteStringValue(warning);
                    j.WriteEndArray();
                    j.WriteString("provenance", "derived");
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
            {
                var headers = new List<string> { "term", "estimate", "se", "statistic", "p", "ci_lower", "ci_upper" };
                if (ratios) headers.AddRange([ratioName, lowerName, upperName]);
                if (mi) headers.AddRange(["df", "fmi"]);
                TabularOutput.WriteCsv(w, headers, result.Coefficients.Select(c =>
                {
                    var l = new List<string> { c.Term, TabularOutput.Num(c.Estimate), TabularOutput.Num(c.StandardError), TabularOutput.Num(c.Statistic),
                        TabularOutput.Num(c.P), TabularOutput.Num(c.CiLower), TabularOutput.Num(c.CiUpper) };
                    if (ratios)
                        l.AddRange(c.IsThreshold ? ["", "", ""] : [TabularOutput.Num(Math.Exp(c.Estimate)), TabularOutput.Num(Math.Exp(c.CiLower)), TabularOutput.Num(Math.Exp(c.CiUpper))]);
                    if (mi) l.AddRange([TabularOutput.Num(c.Df ?? double.NaN), TabularOutput.Num(c.Fmi ?? double.NaN)]);
                    return (IReadOnlyList<string>)l;
                }));
                break;
            }
            default:
            {
                string pct = (q.Level * 100).ToString("0.##", CultureInfo.InvariantCulture);
                var headers = new List<string> { "term", "estimate", "SE", "t", "p", $"{pct}% CI lower", "upper" };
                if (ratios) headers.AddRange([ratioName.Replace('_', ' '), "lower", "upper"]);
                if (mi) headers.AddRange(["df", "fmi"]);
                var caption = string.Create(CultureInfo.InvariantCulture,
                    $"{(result.Family == "ordinal" ? "svyolr" : "svyglm")}, family {result.Family}; n = {result.N}; residual df {result.DfResidual}") +
                    (double.IsFinite(result.Dispersion) ? string.Create(CultureInfo.InvariantCulture, $"; dispersion {result.Dispersion:G6}") : "") +
                    (q.Subset is null ? "" : $"; domain {q.Subset}") +
                    (mi ? $"; {result.Imputations} imputations pooled by Rubin's rules (MIcombine)" : "") +
                    "\nDesign / ontwerp: " + q.Design.Describe();
                TabularOutput.WriteTable(ctx, w, $"{q.Formula} — {q.Data}", headers, result.Coefficients.Select(c =>
                {
                    var l = new List<string> { c.Term, TabularOutput.Fmt(c.Estimate, 6), TabularOutput.Fmt(c.StandardError, 4), TabularOutput.Fmt(c.Statistic, 4),
                        TabularOutput.Fmt(c.P, 3), TabularOutput.Fmt(c.CiLower, 5), TabularOutput.Fmt(c.CiUpper, 5) };
                    if (ratios)
                        l.AddRange(c.IsThreshold ? ["", "", ""] : [TabularOutput.Fmt(Math.Exp(c.Estimate), 5), TabularOutput.Fmt(Math.Exp(c.CiLower), 5), TabularOutput.Fmt(Math.Exp(c.CiUpper), 5)]);
                    if (mi) l.AddRange([TabularOutput.Fmt(c.Df ?? double.NaN, 4), TabularOutput.Fmt(c.Fmi ?? double.NaN, 3)]);
                    return (IReadOnlyList<string>)l;
                }), caption);
                break;
            }
        }
    }
}
