using System.CommandLine;
using Cohesion.Data;
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
            "Linear mixed model as lme4::lmer: random intercepts (1|g), nested (1|gemeente/buurt), slopes (x|g), uncorrelated (x||g), crossed factors.\n" +
            "REML by default; --ml for maximum likelihood. / Lineair multilevelmodel (lme4-semantiek).\n" +
            "Example: cohesion mixed --data buurten.csv --formula \"cohesion ~ diversity + woz + (1|gemeente/buurt)\"");
        var data = CommonOptions.Data("Data file (CSV) with one row per observation");
        data.Required = true;
        var formula = new Option<string>("--formula") { Description = "Model formula with random terms, e.g. \"y ~ x + (1|g)\"", Required = true };
        var ml = new Option<bool>("--ml") { Description = "Fit by maximum likelihood instead of REML" };
        var maxEval = new Option<int>("--max-evaluations") { Description = "Budget of deviance evaluations before giving up (non-convergence)", DefaultValueFactory = _ => 20_000 };
        var ranef = CommonOptions.OutputFile("--ranef", "Also write the conditional modes of the random effects (lme4's ranef) to this CSV file: group,level,term,value");
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        cmd.Options.Add(data); cmd.Options.Add(formula); cmd.Options.Add(ml); cmd.Options.Add(maxEval); cmd.Options.Add(ranef); cmd.Options.Add(format); cmd.Options.Add(outOpt);
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(data)!;
            var frame = DatasetLoader.Load(path);
            var f = ModelFormula.Parse(pr.GetValue(formula)!);
            if (pr.GetValue(maxEval) < 10) throw new UsageException("--max-evaluations must be at least 10");
            MixedResult r;
            try { r = LinearMixedModel.Fit(frame, f, new MixedOptions { Reml = !pr.GetValue(ml), MaxEvaluations = pr.GetValue(maxEval) }); }
            catch (CohesionException ex) when (ex.File is null) { throw ex.WithFile(path); }
            foreach (var note in r.Notes) ctx.Err.WriteLine($"note: {note}");
            var fmt = pr.GetValue(format);
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => Write(ctx, w, fmt, r, f));
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

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, MixedResult r, ModelFormula f)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j =>
                {
                    j.WriteStartObject();
                    j.WriteNumber("n", r.N);
                    j.WriteStartArray("fixed");
                    foreach (var fe in r.Fixed)
                    {
                        j.WriteStartObject();
                        j.WriteString("term", fe.Term);
                        j.Number("estimate", fe.Estimate);
                        j.Number("se", fe.StdError);
                        j.Number("statistic", fe.Statistic);
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.WriteStartArray("random");
                    foreach (var v in r.Random)
                    {
                        j.WriteStartObject();
                        j.WriteString("group", v.Group);
                        j.WriteString("term", v.Term);
                        if (v.Term2 is null) j.WriteNull("term2"); else j.WriteString("term2", v.Term2);
                        j.Number("variance", v.Variance);
                        j.Number("sd", v.Sd);
                        if (v.Correlation is { } c) j.Number("correlation", c); else j.WriteNull("correlation");
                        j.WriteEndObject();
                    }
                    j.WriteEndArray();
                    j.Number("residual_variance", r.ResidualVariance);
                    j.Number("loglik", r.LogLik);
                    j.WriteBoolean("reml", r.Reml);
                    j.WriteString("formula", f.Text);
                    j.Number(r.Reml ? "reml_criterion" : "deviance", r.Criterion);
                    j.Number("aic", r.Aic);
                    j.WriteStartObject("groups");
                    foreach (var (g, n) in r.Groups) j.WriteNumber(g, n);
                    j.WriteEndObject();
                    j.WriteStartArray("theta");
                    foreach (var t in r.Theta) j.NumberValue(t);
                    j.WriteEndArray();
                    j.WriteBoolean("singular", r.Singular);
                    j.WriteStartArray("notes");
                    foreach (var nt in r.Notes) j.WriteStringValue(nt);
                    j.WriteEndArray();
                    j.WriteEndObject();
                });
                break;
            case OutputFormat.Csv:
            {
                // one long table: fixed effects, then variance components (lme4's as.data.frame(VarCorr) layout)
                var rows = new List<IReadOnlyList<string>>();
                foreach (var fe in r.Fixed)
                    rows.Add(["fixed", fe.Term, "", "", TabularOutput.Num(fe.Estimate), TabularOutput.Num(fe.StdError), TabularOutput.Num(fe.Statistic)]);
                foreach (var v in r.Random)
                    rows.Add(["random", v.Term, v.Group, v.Term2 ?? "", TabularOutput.Num(v.Variance), TabularOutput.Num(v.Term2 is null ? v.Sd : v.Correlation ?? double.NaN), ""]);
                rows.Add(["random", "", "Residual", "", TabularOutput.Num(r.ResidualVariance), TabularOutput.Num(r.ResidualSd), ""]);
                TabularOutput.WriteCsv(w, ["part", "term", "group", "term2", "estimate_or_variance", "se_or_sdcor", "statistic"], rows);
                break;
            }
            default:
            {
                string title = $"Linear mixed model ({(r.Reml ? "REML" : "ML")}) — {f.Text}";
                TabularOutput.WriteTable(ctx, w, title + " — fixed effects / vaste effecten", ["term", "estimate / schatting", "se", "t"],
                    r.Fixed.Select(fe => (IReadOnlyList<string>)[fe.Term, TabularOutput.Fmt(fe.Estimate, 6), TabularOutput.Fmt(fe.StdError), TabularOutput.Fmt(fe.Statistic)]),
                    $"n = {r.N}; groups: {string.Join(", ", r.Groups.Select(g => $"{g.Group} {g.Levels}"))}; logLik = {TabularOutput.Fmt(r.LogLik, 8)}, AIC = {TabularOutput.Fmt(r.Aic, 8)}");
                var rows = r.Random.Select(v => (IReadOnlyList<string>)[v.Group, v.Term, v.Term2 ?? "", TabularOutput.Fmt(v.Variance), v.Term2 is null ? TabularOutput.Fmt(v.Sd) : "", v.Correlation is { } c ? TabularOutput.Fmt(c, 3) : ""]).ToList();
                rows.Add(["Residual", "", "", TabularOutput.Fmt(r.ResidualVariance), TabularOutput.Fmt(r.ResidualSd), ""]);
                TabularOutput.WriteTable(ctx, w, "Random effects / toevallige effecten", ["group / groep", "term", "term2", "variance / variantie", "sd", "corr"], rows,
                    r.Singular ? "boundary (singular) fit" : null);
                break;
            }
        }
    }
}
