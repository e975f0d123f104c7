using System.CommandLine;
using Cohesion.Data;
using Cohesion.Presentation;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Mixed;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion mixed</c>: linear mixed model with lme4 semantics (REML by default, --ml for ML).</summary>
public static class MixedCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("mixed",
            "Mixed models as lme4: lmer (gaussian) and glmer (--family binomial|poisson): random intercepts (1|g), nested (1|gemeente/buurt), slopes (x|g), uncorrelated (x||g), crossed factors.\n" +
            "REML by default (--ml for ML); t tests with Satterthwaite (default) or Kenward-Roger df as lmerTest; GLMMs by Laplace or --nagq N. / Multilevelmodellen (lme4-semantiek).\n" +
            "Example: cohesion mixed --data survey.csv --formula \"trust ~ age + education + (1|gemeente/buurt)\" --family binomial\n" +
            "Example: cohesion mixed --data buurten.csv --formula \"cohesion ~ diversity + woz + (1|gemeente/buurt)\"");
        var data = CommonOptions.Data("Data file (CSV) with one row per observation");
        data.Required = true;
        var formula = new Option<string>("--formula") { Description = "Model formula with random terms, e.g. \"y ~ x + (1|g)\"", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML (linear models)" };
        var family = new Option<string>("--family") { Description = "gaussian (lmer, default), binomial (glmer, logit: 0/1, proportions with --weights, or cbind(successes, failures)) or poisson (glmer, log)", DefaultValueFactory = _ => "gaussian" };
        var nagq = new Option<int>("--nagq") { Description = "GLMM: 1 = Laplace (default), N > 1 = adaptive Gauss-Hermite with N points (one scalar random effect), 0 = glmer's nAGQ = 0", DefaultValueFactory = _ => 1 };
        var ddf = new Option<string>("--ddf") { Description = "Linear models: df of the t tests: satterthwaite (lmerTest, default), kenward-roger (pbkrtest; REML only) or none", DefaultValueFactory = _ => "satterthwaite" };
        var profile = new Option<bool>("--profile") { Description = "Profile-likelihood 95% intervals for the random-effect standard deviations, correlations and sigma (lme4's confint(method = \"profile\"))" };
        var weights = new Option<string?>("--weights") { Description = "Column of prior weights (lme4's weights)" };
        var maxEval = new Option<int>("--max-evaluations") { Description = "Budget of deviance evaluations before giving up (non-convergence)", DefaultValueFactory = _ => 20_000 };
        var ranef = CommonOptions.OutputFile("--ranef", "Also write the conditional modes of the random effects (lme4's ranef) to this CSV file: group,level,term,value");
        var imputation = new Option<string?>("--imputation") { Description = "Column numbering stacked imputations: the model is fitted on each, fixed effects pooled by Rubin's rules (mitools::MIcombine on fixef and vcov); variance components are averaged" };
        var level = new Option<double>("--level") { Description = "Confidence level of the pooled intervals (with --imputation)", DefaultValueFactory = _ => 0.95 };
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        var dfComplete = CommonOptions.DfComplete();
        foreach (var o in new Option[] { data, formula, family, nagq, ml, ddf, profile, weights, maxEval, ranef, imputation, dfComplete, level, format, outOpt }) cmd.Options.Add(o);
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(data)!;
            var fam = pr.GetValue(family)!.Trim().ToLowerInvariant() switch
            {
                "gaussian" => MixedFamily.Gaussian, "binomial" => MixedFamily.Binomial, "poisson" => MixedFamily.Poisson,
                var other => throw new UsageException($"--family must be gaussian, binomial or poisson, not '{other}'"),
            };
            var d = pr.GetValue(ddf)!.Trim().ToLowerInvariant() switch
            {
                "satterthwaite" => DenominatorDf.Satterthwaite, "kenward-roger" or "kr" => DenominatorDf.KenwardRoger, "none" => DenominatorDf.None,
                var other => throw new UsageException($"--ddf must be satterthwaite, kenward-roger or none, not '{other}'"),
            };
            if (pr.GetValue(nagq) is var q && (q < 0 || q > 100)) throw new UsageException("--nagq must be between 0 and 100");
            if (fam != MixedFamily.Gaussian && pr.GetValue(ml)) throw new UsageException("--ml applies to linear mixed models; GLMMs are always fitted by maximum likelihood");
            if (pr.GetValue(maxEval) < 10) throw new UsageException("--max-evaluations must be at least 10");
            var frame = DatasetLoader.Load(path);
            var f = ModelFormula.Parse(pr.GetValue(formula)!);
            var mixedOptions = new MixedOptions
            {
                Reml = !pr.GetValue(ml), MaxEvaluations = pr.GetValue(maxEval), Family = fam, Nagq = pr.GetValue(nagq), Ddf = d, Weights = pr.GetValue(weights),
            };
            if (pr.GetValue(imputation) is { } imp)
            {
                if (pr.GetValue(ranef) is not null) throw new UsageException("--ranef is not pooled over imputations; drop --imputation or --ranef");
                if (pr.GetValue(profile)) throw new UsageException("--profile is not pooled over imputations; drop --imputation or --profile");
                double lvl = pr.GetValue(level);
                if (!(lvl > 0 && lvl < 1)) throw new UsageException("--level must be between 0 and 1");
                Cohesion.SurveyAnalysis.PooledModel pooled;
                IReadOnlyList<MixedResult> fits;
                try { (pooled, fits) = Cohesion.SurveyAnalysis.ImputedModels.Mixed(frame, f, mixedOptions, imp, lvl, CommonOptions.ReadDfComplete(pr, dfComplete, true)); }
                catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
                OutputSink.Write(ctx, pr.GetValue(outOpt), w => PooledOutput.Write(ctx, w, pr.GetValue(format), pooled, "fixed", f.Text,
                    $"Linear mixed model ({(mixedOptions.Reml ? "REML" : "ML")}) — {f.Text} — fixed effects / vaste effecten", j =>
                    {
                        j.WriteBoolean("reml", mixedOptions.Reml);
                        TableJson.WriteArray(j, "random_mean", FitTables.MixedRandomMean(fits, Provenance.Real));
                        j.Number("residual_variance_mean", fits.Average(x => x.ResidualVariance));
                    }));
                return ExitCodes.Ok;
            }
            CommonOptions.ReadDfComplete(pr, dfComplete, false);
            MixedResult r;
            IReadOnlyList<ProfileInterval>? intervals = null;
            try
            {
                r = LinearMixedModel.Fit(frame, f, mixedOptions);
                if (pr.GetValue(profile)) intervals = MixedProfile.Intervals(r);
            }
            catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
            foreach (var note in r.Notes) ctx.Err.WriteLine(note.StartsWith("warning: ", StringComparison.Ordinal) ? note : $"note: {note}");
            if (!r.Converged) ctx.Err.WriteLine("warning: the model did not converge (see \"convergence\" in the JSON output)");
            var fmt = pr.GetValue(format);
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => Write(ctx, w, fmt, r, f, intervals));
            if (pr.GetValue(ranef) is { } ranefPath)
                Cohesion.IO.AtomicFile.WriteText(ranefPath, w =>
                {
                    w.WriteLine("group,level,term,value");
                    foreach (var m in r.Modes)
                        for (int l = 0; l < m.Levels.Count; l++)
                            for (int t = 0; t < m.Terms.Count; t++)
                                w.WriteLine($"{TabularOutput.Quote(m.Group)},{TabularOutput.Quote(m.Levels[l])},{TabularOutput.Quote(m.Terms[t])},{TabularOutput.Num(m.Values[l * m.Terms.Count + t])}");
                });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, MixedResult r, ModelFormula f, IReadOnlyList<ProfileInterval>? intervals)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j => FitJson.Mixed(j, r, f.Text, intervals));
                break;
            case OutputFormat.Csv:
            {
                // one long table: fixed effects, then variance components (lme4's as.data.frame(VarCorr) layout)
                var rows = new List<IReadOnlyList<string>>();
                string Opt(double? v) => v is { } x ? TabularOutput.Num(x) : "";
                foreach (var fe in r.Fixed)
                    rows.Add(["fixed", fe.Term, "", "", TabularOutput.Num(fe.Estimate), TabularOutput.Num(fe.StdError), TabularOutput.Num(fe.Statistic), Opt(fe.Df), Opt(double.IsNaN(fe.PValue) ? null : fe.PValue), "", ""]);
                foreach (var v in r.Random)
                {
                    var iv = intervals?.FirstOrDefault(x => x.Group == v.Group && x.Term == v.Term && x.Term2 == v.Term2);
                    rows.Add(["random", v.Term, v.Group, v.Term2 ?? "", TabularOutput.Num(v.Variance), TabularOutput.Num(v.Term2 is null ? v.Sd : v.Correlation ?? double.NaN), "", "", "", Opt(iv?.Lower), Opt(iv?.Upper)]);
                }
                if (r.Family == MixedFamily.Gaussian)
                {
                    var iv = intervals?.FirstOrDefault(x => x.Group == "Residual");
                    rows.Add(["random", "", "Residual", "", TabularOutput.Num(r.ResidualVariance), TabularOutput.Num(r.ResidualSd), "", "", "", Opt(iv?.Lower), Opt(iv?.Upper)]);
                }
                TabularOutput.WriteCsv(w, ["part", "term", "group", "term2", "estimate_or_variance", "se_or_sdcor", "statistic", "df", "p", "profile_lower", "profile_upper"], rows);
                break;
            }
            default:
            {
                bool glmm = r.Family != MixedFamily.Gaussian;
                string title = glmm
                    ? $"Generalized linear mixed model ({FitTables.FamilyName(r)}, {(r.Nagq > 1 ? $"adaptive Gauss-Hermite, {r.Nagq} points" : r.Nagq == 1 ? "Laplace" : "nAGQ = 0")}) — {f.Text}"
                    : $"Linear mixed model ({(r.Reml ? "REML" : "ML")}) — {f.Text}";
                string Opt(double? v, int digits = 4) => v is { } x ? TabularOutput.Fmt(x, digits) : "";
                TabularOutput.WriteFitTable(ctx, w, title + " — fixed effects / vaste effecten", ["term", "estimate / schatting", "se", glmm ? "z" : "t", "df", "p"],
                    FitTables.MixedFixed(r, Provenance.Real),
                    $"n = {r.N}; groups: {string.Join(", ", r.Groups.Select(g => $"{g.Group} {g.Levels}"))}; logLik = {TabularOutput.Fmt(r.LogLik, 8)}, AIC = {TabularOutput.Fmt(r.Aic, 8)}, BIC = {TabularOutput.Fmt(r.Bic, 8)}" +
                    (glmm ? "" : $"; df: {FitTables.DdfName(r)}") + (r.Converged ? "" : "; NOT CONVERGED / niet geconvergeerd"));
                string Ci(string g, string t, string? t2)
                {
                    var iv = intervals?.FirstOrDefault(x => x.Group == g && x.Term == t && x.Term2 == t2);
                    return iv is null ? "" : $"[{Opt(iv.Lower)}, {Opt(iv.Upper)}]";
                }
                var rows = r.Random.Select(v => (IReadOnlyList<string>)[v.Group, v.Term, v.Term2 ?? "", TabularOutput.Fmt(v.Variance), v.Term2 is null ? TabularOutput.Fmt(v.Sd) : "", v.Correlation is { } c ? TabularOutput.Fmt(c, 3) : "", Ci(v.Group, v.Term, v.Term2)]).ToList();
                if (!glmm) rows.Add(["Residual", "", "", TabularOutput.Fmt(r.ResidualVariance), TabularOutput.Fmt(r.ResidualSd), "", Ci("Residual", "", null)]);
                var headers = new List<string> { "group / groep", "term", "term2", "variance / variantie", "sd", "corr" };
                if (intervals is not null) headers.Add("profile 95% / profiel 95%");
                TabularOutput.WriteTable(ctx, w, "Random effects / toevallige effecten", headers,
                    intervals is null ? rows.Select(x => (IReadOnlyList<string>)x.Take(6).ToList()) : rows,
                    r.Singular ? "boundary (singular) fit" : null);
                break;
            }
        }
    }
}
