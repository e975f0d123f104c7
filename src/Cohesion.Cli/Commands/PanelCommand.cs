using System.CommandLine;
using Cohesion.Data;
using Cohesion.Presentation;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics;
using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Regression;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion panel</c>: OLS or fixed-effects regression (plm within estimator / fixest), optional
/// one-way clustered SEs and a Gelbach decomposition.</summary>
public static class PanelCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("panel",
            "Linear regression with absorbed fixed effects (plm 'within' / fixest): y ~ x1 + x2 | fe1 + fe2.\n" +
            "Without '|' it runs OLS (lm). --cluster gives cluster-robust SEs (plm vcovHC arellano 'sss'; a,b multiway as sandwich vcovCL); --se hc0..hc3 as vcovHC.\n" +
            "With --index id,time and --model within|random|between|fd|pooling it estimates plm's panel models (--effect, --random-method, --hausman, --test poolability).\n" +
            "Singleton fixed-effect groups are removed with a note; a regressor collinear with the fixed effects is an error (--drop-collinear drops it).\n" +
            "Lineaire regressie met vaste effecten; zonder '|' gewone kleinste kwadraten.\n" +
            "Example: cohesion panel --data panel.csv --formula \"cohesion ~ diversity + woz | buurt + year\" --cluster buurt\n" +
            "plm:      cohesion panel --data Grunfeld.csv --formula \"inv ~ value + capital\" --index firm,year --model random --hausman --format json\n" +
            "Gelbach:  cohesion panel --data panel.csv --formula \"cohesion ~ diversity + woz + income + rent | year\" --decompose \"ses=woz,income;housing=rent\"");
        var data = CommonOptions.Data("Data file (CSV) with one row per observation");
        data.Required = true;
        var formula = new Option<string>("--formula") { Description = "Model formula, e.g. \"y ~ x1 + factor(g) | fe1 + fe2\"", Required = true };
        var cluster = new Option<string?>("--cluster") { Description = "Column(s) defining clusters for cluster-robust standard errors; a,b = multiway (sandwich::vcovCL, Cameron-Gelbach-Miller)" };
        var clusterType = new Option<string>("--cluster-type") { Description = "Small-sample factor of clustered SEs: sss (default; plm 'sss', vcovCL type HC1) or hc0 (plm 'HC0': none; multiway: vcovCL HC0)", DefaultValueFactory = _ => "sss" };
        var se = new Option<string?>("--se") { Description = "Standard errors: iid, hc0, hc1, hc2 or hc3 (sandwich::vcovHC); default iid, or clustered with --cluster" };
        var robust = new Option<bool>("--robust") { Description = "Heteroskedasticity-robust (HC1) standard errors instead of classical ones (ignored with --cluster); same as --se hc1" };
        var weights = new Option<string?>("--weights") { Description = "Column of regression weights (weighted least squares as lm; with '|' weighted demeaning, as lm with dummies / fixest)" };
        var index = new Option<string?>("--index") { Description = "Panel index id,time (plm; id alone numbers the periods 1, 2, ... per individual in row order): with --model, estimates a plm panel model of the formula without '|'" };
        var model = new Option<string?>("--model") { Description = "plm model: within (default), random, between, fd or pooling (needs --index)" };
        var effect = new Option<string>("--effect") { Description = "individual (default), time or twoways", DefaultValueFactory = _ => "individual" };
        var randomMethod = new Option<string>("--random-method") { Description = "Random-effects variance components: swar (Swamy-Arora, default), walhus, amemiya or nerlove", DefaultValueFactory = _ => "swar" };
        var hausman = new Option<bool>("--hausman") { Description = "Hausman test of within against random effects (plm phtest)" };
        var test = new Option<string?>("--test") { Description = "poolability: F test of the effects, within against pooling (plm pFtest)" };
        var decompose = new Option<string?>("--decompose")
        {
            Description = "Gelbach (2016) decomposition of the first regressor's coefficient: groups of added controls as " +
                          "\"name=col1,col2;name2=col3\" (the base model is the formula without these columns)"
        };
        var dropCollinear = new Option<bool>("--drop-collinear")
        {
            Description = "Drop regressors collinear with the fixed effects with a note (fixest/plm behaviour) instead of stopping with an error"
        };
        var level = new Option<double>("--level") { Description = "Confidence level of the intervals", DefaultValueFactory = _ => 0.95 };
        var imputation = new Option<string?>("--imputation") { Description = "Column numbering stacked imputations: the model is fitted on each, coefficients pooled by Rubin's rules (mitools::MIcombine); rows add df and fmi" };
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        var dfComplete = CommonOptions.DfComplete();
        foreach (var o in new Option[] { data, formula, index, model, effect, randomMethod, hausman, test, cluster, clusterType, se, robust, weights, decompose, dropCollinear, level, imputation, dfComplete, format, outOpt })
            cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(data)!;
            double lvl = pr.GetValue(level);
            if (!(lvl > 0 && lvl < 1)) throw new UsageException("--level must be between 0 and 1");
            var clusters = pr.GetValue(cluster)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
            var adjustment = pr.GetValue(clusterType)!.Trim().ToLowerInvariant() switch
            {
                "sss" or "hc1" => ClusterAdjustment.Stata, "hc0" => ClusterAdjustment.None,
                var other => throw new UsageException($"--cluster-type must be sss or hc0, not '{other}'"),
            };
            StandardErrorType? seType = pr.GetValue(se)?.Trim().ToLowerInvariant() switch
            {
                null => null, "iid" or "classical" => StandardErrorType.Classical, "hc0" => StandardErrorType.HC0, "hc1" => StandardErrorType.HC1,
                "hc2" => StandardErrorType.HC2, "hc3" => StandardErrorType.HC3,
                var other => throw new UsageException($"--se must be iid, hc0, hc1, hc2 or hc3, not '{other}'"),
            };
            if (seType is not null && clusters.Length > 0) throw new UsageException("--se and --cluster are alternatives: clustered standard errors replace --se");
            if (pr.GetValue(test) is { } t && !t.Equals("poolability", StringComparison.OrdinalIgnoreCase)) throw new UsageException($"--test must be poolability, not '{t}'");
            var options = new RegressionOptions
            {
                Clusters = clusters, ClusterAdjustment = adjustment, ConfidenceLevel = lvl, DropCollinearWithFixedEffects = pr.GetValue(dropCollinear),
                Weights = pr.GetValue(weights),
                StandardErrors = clusters.Length > 0 ? StandardErrorType.Cluster : seType ?? (pr.GetValue(robust) ? StandardErrorType.HC1 : StandardErrorType.Classical),
            };
            var fmt = pr.GetValue(format);
            if (pr.GetValue(index) is not null || pr.GetValue(model) is not null || pr.GetValue(hausman) || pr.GetValue(test) is not null)
                return PanelModelOutput.Run(ctx, pr.GetValue(outOpt), fmt, path, pr.GetValue(formula)!, pr.GetValue(index), pr.GetValue(model) ?? "within",
                    pr.GetValue(effect)!, pr.GetValue(randomMethod)!, pr.GetValue(hausman), pr.GetValue(test) is not null, options,
                    seTypeGiven: seType is not null || pr.GetValue(robust), decompose: pr.GetValue(decompose) is not null);
            var frame = DatasetLoader.Load(path);
            var f = ModelFormula.Parse(pr.GetValue(formula)!);
            if (pr.GetValue(imputation) is { } imp)
            {
                if (pr.GetValue(decompose) is not null) throw new UsageException("--decompose is not pooled over imputations; drop --imputation or --decompose");
                Cohesion.SurveyAnalysis.PooledModel pooled;
                IReadOnlyList<RegressionResult> fits;
                try { (pooled, fits) = Cohesion.SurveyAnalysis.ImputedModels.Panel(frame, f, options, imp, lvl, CommonOptions.ReadDfComplete(pr, dfComplete, true)); }
                catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
                foreach (var note in fits[0].Notes) ctx.Err.WriteLine($"note: {note}");
                OutputSink.Write(ctx, pr.GetValue(outOpt), w => PooledOutput.Write(ctx, w, fmt, pooled, "coefficients", f.Text,
                    (fits[0].AbsorbedFactors.Count > 0 ? "Fixed effects (within)" : "OLS") + $" — {f.Text}",
                    j => { j.WriteString("model", fits[0].AbsorbedFactors.Count > 0 ? "within" : "ols"); j.WriteString("se_type", SeLabel(fits[0])); }));
                return ExitCodes.Ok;
            }
            CommonOptions.ReadDfComplete(pr, dfComplete, false);
            RegressionResult result;
            GelbachResult? gelbach = null;
            try
            {
                if (pr.GetValue(decompose) is { } spec)
                {
                    gelbach = Gelbach.Decompose(frame, f, Gelbach.ParseGroups(spec), options);
                    result = gelbach.Full;
                }
                else result = LinearModel.Fit(frame, f, options);
            }
            catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
            foreach (var note in result.Notes) ctx.Err.WriteLine($"note: {note}");
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => Write(ctx, w, fmt, result, gelbach, f));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, RegressionResult r, GelbachResult? g, ModelFormula f)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("n", r.N);
                    TableJson.WriteArray(j, "coefficients", FitTables.Coefficients(r.Coefficients, Provenance.Real));
                    j.WriteString("model", r.AbsorbedFactors.Count > 0 ? "within" : "ols");
                    j.WriteString("formula", f.Text);
                    j.WriteString("se_type", SeLabel(r));
                    if (r.Clusters is { } gc) { j.WriteString("cluster", r.ClusterColumn); j.WriteNumber("clusters", gc); }
                    if (r.ClusterCounts is { Count: > 1 } cc)
                    {
                        j.WriteStartArray("cluster_columns");
                        foreach (var c in r.ClusterColumnNames!) j.WriteStringValue(c);
                        j.WriteEndArray();
                        j.WriteStartArray("clusters_per_column");
                        foreach (var g in cc) j.WriteNumberValue(g);
                        j.WriteEndArray();
                    }
                    if (r.Weighted) j.WriteBoolean("weighted", true);
                    j.WriteNumber("df_residual", r.DfResidual);
                    j.WriteStartArray("absorbed");
                    foreach (var a in r.AbsorbedFactors) j.WriteStringValue(a);
                    j.WriteEndArray();
                    j.WriteNumber("absorbed_df", r.AbsorbedDf);
                    j.WriteNumber("singletons_removed", r.SingletonsRemoved);
                    j.Number(r.AbsorbedFactors.Count > 0 ? "r2_within" : "r2", r.RSquared);
                    j.Number("sigma", r.Sigma);
                    j.WriteStartArray("aliased");
                    foreach (var a in r.Aliased) j.WriteStringValue(a);
                    j.WriteEndArray();
                    j.WriteStartArray("notes");
                    foreach (var nt in r.Notes) j.WriteStringValue(nt);
                    j.WriteEndArray();
                    if (g is not null) WriteGelbachJson(j, g);
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(w, FitTables.Coefficients(r.Coefficients, Provenance.Real));
                if (g is not null)
                {
                    w.WriteLine();
                    TabularOutput.WriteCsv(w, ["group", "contribution", "se", "z", "p", "share"], GelbachRows(g, TabularOutput.Num));
                }
                break;
            default:
            {
                string title = (r.AbsorbedFactors.Count > 0 ? $"Fixed effects (within): {string.Join(" + ", r.AbsorbedFactors)}" : "OLS") + $" — {f.Text}";
                string caption = $"n = {r.N}, df = {r.DfResidual}, SE: {SeLabel(r)}, {(r.AbsorbedFactors.Count > 0 ? "within R²" : "R²")} = {TabularOutput.Fmt(r.RSquared)}" +
                                 (r.Aliased.Count > 0 ? $"; removed: {string.Join(", ", r.Aliased)}" : "");
                TabularOutput.WriteFitTable(ctx, w, title, ["term / term", "estimate / schatting", "se", "t", "p", "ci_lower", "ci_upper"],
                    FitTables.Coefficients(r.Coefficients, Provenance.Real),
                    caption);
                if (g is not null)
                {
                    var gcap = $"{g.Variable}: base {TabularOutput.Fmt(g.BaseEstimate, 6)} → full {TabularOutput.Fmt(g.FullEstimate, 6)}; total change {TabularOutput.Fmt(g.TotalChange, 6)} (se {TabularOutput.Fmt(g.TotalChangeSe)})";
                    TabularOutput.WriteTable(ctx, w, $"Gelbach decomposition of {g.Variable} / Gelbach-decompositie",
                        ["group / groep", "contribution / bijdrage", "se", "z", "p", "share / aandeel"], GelbachRows(g, v => TabularOutput.Fmt(v)), gcap);
                }
                break;
            }
        }
    }

    private static IEnumerable<IReadOnlyList<string>> GelbachRows(GelbachResult g, Func<double, string> fmt)
    {
        foreach (var c in g.Groups)
            yield return [c.Name, fmt(c.Contribution), fmt(c.StdError), fmt(c.Statistic), fmt(c.PValue), fmt(c.Share)];
        yield return ["total", fmt(g.TotalChange), fmt(g.TotalChangeSe), fmt(g.TotalChange / g.TotalChangeSe), fmt(g.TotalPValue), fmt(1.0)];
    }

    private static void WriteGelbachJson(System.Text.Json.Utf8JsonWriter j, GelbachResult g)
    {
        j.WriteStartObject("gelbach");
        j.WriteString("variable", g.Variable);
        j.Number("base_estimate", g.BaseEstimate);
        j.Number("base_se", g.BaseSe);
        j.Number("full_estimate", g.FullEstimate);
        j.Number("full_se", g.FullSe);
        j.Number("total_change", g.TotalChange);
        j.Number("total_change_se", g.TotalChangeSe);
        j.WriteStartArray("groups");
        foreach (var c in g.Groups)
        {
            j.WriteStartObject();
            j.WriteString("group", c.Name);
            j.WriteStartArray("columns");
            foreach (var t in c.Terms) j.WriteStringValue(t);
            j.WriteEndArray();
            j.Number("contribution", c.Contribution);
            j.Number("se", c.StdError);
            j.Number("statistic", c.Statistic);
            j.Number("p", c.PValue);
            j.Number("share", c.Share);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }

    internal static string SeLabel(RegressionResult r) => r.StandardErrors switch
    {
        StandardErrorType.Cluster when r.ClusterCounts is { Count: > 1 } cc =>
            $"cluster({string.Join(" + ", r.ClusterColumnNames!)}, G = {string.Join(" + ", cc)}, multiway{(r.ClusterAdjustment == ClusterAdjustment.None ? " HC0" : " HC1")})",
        StandardErrorType.Cluster when r.ClusterAdjustment == ClusterAdjustment.None => $"cluster({r.ClusterColumn}, G = {r.Clusters}, HC0)",
        StandardErrorType.Cluster => $"cluster({r.ClusterColumn}, G = {r.Clusters}, sss)",
        StandardErrorType.HC1 => "HC1",
        StandardErrorType.HC0 => "HC0",
        StandardErrorType.HC2 => "HC2",
        StandardErrorType.HC3 => "HC3",
        _ => "classical",
    };
}
