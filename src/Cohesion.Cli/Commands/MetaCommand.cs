using System.CommandLine;
using System.Globalization;
using Cohesion.Data;
using Cohesion.IO;
using Cohesion.Meta;
using Cohesion.Pipeline;
using Cohesion.Statistics;
using Cohesion.Statistics.Meta;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion meta</c>: random-effects and multilevel meta-analysis at metafor's standard (issue 3).</summary>
public static class MetaCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("meta",
            "Meta-analysis as metafor: effect sizes (escalc), random-effects / meta-regression (rma), multilevel models (rma.mv),\n" +
            "cluster-robust CR1/CR2, publication bias (Egger, trim-and-fill, PET-PEESE), permutation tests, forest and funnel plots.\n" +
            "Meta-analyse zoals metafor. Without --data: the built-in SYNTHETIC diversity-cohesion literature (140 studies),\n" +
            "three-level model with domain as moderator.\n" +
            "Example: cohesion meta --data studies.csv --measure ZCOR --ri r --ni n --random \"~ 1 | study/esid\" --mods \"~ domain\" --forest forest.svg");
        var data = CommonOptions.Data("Data file (CSV) with one row per effect size; default: the built-in synthetic literature");
        var yi = new Option<string?>("--yi") { Description = "Column with effect sizes" };
        var vi = new Option<string?>("--vi") { Description = "Column with sampling variances" };
        var sei = new Option<string?>("--sei") { Description = "Column with standard errors (instead of --vi)" };
        var measure = new Option<string?>("--measure") { Description = "Compute effect sizes (escalc): ZCOR|COR|UCOR (--ri --ni), SMD|MD|SMDH|ROM|CVR|VR (--m1i --sd1i --n1i --m2i --sd2i --n2i),\n" +
            "SMCR (--m1i --m2i --sd1i --ni --ri), SMCC|SMCRH|MC|ROMC (also --sd2i), OR|RR|RD|PHI|RTET|YUQ|YUY|AS (--ai --bi --ci --di or --ai --n1i --ci --n2i),\n" +
            "IRR|IRD (--x1i --t1i --x2i --t2i), IR|IRLN|IRS|IRFT (--xi --ti), PR|PLN|PLO|PAS|PFT (--xi --ni), MN|MNLN|SMN (--mi --sdi --ni)" };
        string[] inputNames = ["ri", "ni", "m1i", "sd1i", "n1i", "m2i", "sd2i", "n2i", "ai", "bi", "ci", "di", "xi", "mi", "ti", "sdi", "x1i", "t1i", "x2i", "t2i"];
        var inputs = inputNames.Select(n => (Name: n, Opt: new Option<string?>("--" + n) { Description = $"Column for escalc's {n}" })).ToArray();
        var method = new Option<string>("--method") { Description = "tau^2 estimator: DL|REML|ML|PM|HS|SJ|HE|EB|FE (multilevel: REML|ML); MH or PETO: Mantel-Haenszel / Peto pooling of tables (rma.mh, rma.peto); default REML", DefaultValueFactory = _ => "REML" };
        var test = new Option<string>("--test") { Description = "Test for coefficients: z|knha|t (default z)", DefaultValueFactory = _ => "z" };
        var mods = new Option<string?>("--mods") { Description = "Moderators as an R formula, e.g. \"~ year + factor(domain)\"" };
        var random = new Option<string?>("--random") { Description = "Random effects (rma.mv): \"~ 1 | study/esid\" (nested), \"list(~ 1 | study, ~ 1 | sample)\" (crossed), \"~ outcome | study\" (with --struct)" };
        var structure = new Option<string?>("--struct") { Description = "Variance structure of ~ inner | outer terms: CS|HCS|UN|AR|HAR|ID|DIAG (default CS; \"UN,CS\" for two terms)" };
        var vFile = new Option<string?>("--V") { Description = "CSV with the known k x k sampling covariance matrix (rows and columns in data row order, header V1..Vk)" };
        var rhoOpt = new Option<double?>("--rho") { Description = "Sampling correlation R within clusters of the outer grouping of --random (vcalc: R * sqrt(vi vj))" };
        var dfs = new Option<string>("--dfs") { Description = "Denominator df for t tests in rma.mv: residual (k - p) or contain (implies --test t)", DefaultValueFactory = _ => "residual" };
        var btt = new Option<string?>("--btt") { Description = "Coefficients for the Wald/F test: positions (\"2:3\", \"2,4\") or a moderator name" };
        var profile = new Option<bool>("--profile") { Description = "Confidence intervals of the variance components: profile likelihood (rma.mv) or Q-profile (tau^2)" };
        var influence = new Option<bool>("--influence") { Description = "Influence diagnostics (influence.rma.uni): rstudent, DFFITS, Cook's distance, cov ratio, tau2/QE without the study, hat, weight" };
        var robust = new Option<string?>("--robust") { Description = "Cluster-robust inference clustered by this column (CR1; with --cr2 the clubSandwich CR2 + Satterthwaite df)" };
        var cr2 = new Option<bool>("--cr2") { Description = "Use the bias-reduced CR2 estimator with Satterthwaite degrees of freedom" };
        var bias = new Option<bool>("--bias") { Description = "Publication bias: Egger's regression test, trim-and-fill (L0), PET-PEESE" };
        var perms = new Option<int?>("--permutations") { Description = "Permutation test with N iterations (exact when all permutations fit in N, as metafor)" };
        var seed = CommonOptions.Seed();
        var forest = CommonOptions.OutputFile("--forest", "Write a forest plot (SVG, or PNG when FILE ends in .png)");
        var funnel = CommonOptions.OutputFile("--funnel", "Write a contour-enhanced funnel plot (SVG, or PNG when FILE ends in .png)");
        var slab = new Option<string?>("--slab") { Description = "Column with study labels for the plots (default: slab/label/author/study)" };
        var level = new Option<double>("--level") { Description = "Confidence level in percent (default 95)", DefaultValueFactory = _ => 95 };
        var loo = new Option<bool>("--leave1out") { Description = "Also print leave-one-out refits (without each study; also with moderators)" };
        var writeSynthetic = CommonOptions.OutputFile("--write-synthetic", "Write the built-in SYNTHETIC literature data set (regenerated from its model; --seed changes the draw) to FILE and stop");
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        var output = CommonOptions.Out();
        foreach (Option o in new Option[] { data, yi, vi, sei, measure }) cmd.Options.Add(o);
        foreach (var (_, o) in inputs) cmd.Options.Add(o);
        foreach (Option o in new Option[] { method, test, mods, random, structure, vFile, rhoOpt, dfs, btt, profile, influence, robust, cr2, bias, perms, seed, forest, funnel, slab, level, loo, writeSynthetic, format, output }) cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            if (parse.GetValue(writeSynthetic) is string synthPath)
            {
                var csv = SyntheticStudies.GenerateCsv(parse.GetValue(seed) ?? SyntheticStudies.DefaultSeed);
                AtomicFile.WriteText(synthPath, w => w.Write(csv));
                ctx.Out.WriteLine($"SYNTHETIC literature data written to {Path.GetFullPath(synthPath)}");
                return ExitCodes.Ok;
            }
            string? dataPath = parse.GetValue(data);
            bool synthetic = dataPath is null;
            var frame = DatasetLoader.Load(synthetic ? MetaDefaults.DataPath : dataPath!);
            var inputMap = new Dictionary<string, string>();
            foreach (var (n, o) in inputs) if (parse.GetValue(o) is string col) inputMap[n] = col;
            string? measureText = parse.GetValue(measure);
            string? yiCol = parse.GetValue(yi), viCol = parse.GetValue(vi), seiCol = parse.GetValue(sei);
            string? modsText = parse.GetValue(mods), randomText = parse.GetValue(random);
            if (synthetic)
            {
                if (measureText is null && yiCol is null) { measureText = MetaDefaults.Measure.ToString(); inputMap["ri"] = MetaDefaults.Ri; inputMap["ni"] = MetaDefaults.Ni; }
                randomText ??= MetaDefaults.Random;
                modsText ??= MetaDefaults.Mods;
            }
            if (measureText is null && yiCol is null)
                throw new UsageException("give --yi with --vi or --sei, or --measure with its input columns (see cohesion meta --help)");
            if (measureText is not null && yiCol is not null) throw new UsageException("give either --yi/--vi or --measure, not both");
            if (yiCol is not null && viCol is null && seiCol is null && parse.GetValue(vFile) is null) throw new UsageException("--yi needs --vi, --sei or --V");
            if (viCol is not null && seiCol is not null) throw new UsageException("give --vi or --sei, not both");
            if (parse.GetValue(cr2) && parse.GetValue(robust) is null) throw new UsageException("--cr2 needs --robust COL");
            double lev = parse.GetValue(level);
            if (!(lev > 0 && lev < 100)) throw new UsageException("--level must be between 0 and 100");
            string methodText = parse.GetValue(method)!.Trim().ToUpperInvariant();
            TablePooling? pooling = methodText switch { "MH" => TablePooling.MH, "PETO" => TablePooling.Peto, _ => null };
            if (pooling is not null && measureText is null) throw new UsageException($"--method {methodText} pools tables: give --measure OR|RR|RD (or IRR|IRD) with the table columns");
            if (pooling is not null && (modsText is not null || randomText is not null)) throw new UsageException($"--method {methodText} is an equal-effects method without --mods or --random");
            string dfsText = parse.GetValue(dfs)!.Trim().ToLowerInvariant();
            if (dfsText is not ("residual" or "contain")) throw new UsageException($"--dfs must be residual or contain, got '{dfsText}'");
            if ((parse.GetValue(structure) is not null || parse.GetValue(vFile) is not null || parse.GetValue(rhoOpt) is not null || dfsText == "contain") && randomText is null)
                throw new UsageException("--struct, --V, --rho and --dfs contain need --random (rma.mv)");
            if (parse.GetValue(vFile) is not null && parse.GetValue(rhoOpt) is not null) throw new UsageException("give --V or --rho, not both");
            var spec = new MetaSpec
            {
                Yi = yiCol, Vi = viCol, Sei = seiCol,
                Measure = measureText is null ? null : EffectSizes.Parse(measureText),
                Inputs = inputMap, Mods = modsText, Random = randomText,
                Method = pooling is null ? MetaNames.ParseMethod(methodText) : TauEstimator.FE, Pooling = pooling, Test = MetaNames.ParseTest(parse.GetValue(test)!),
                Struct = parse.GetValue(structure) is string st ? st.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(RandomFormulas.ParseStruct).ToArray() : null,
                V = parse.GetValue(vFile) is string vPath ? SamplingCovariance.Load(vPath, frame.RowCount) : null,
                Rho = parse.GetValue(rhoOpt), ContainDfs = dfsText == "contain", Btt = parse.GetValue(btt),
                Profile = parse.GetValue(profile), Influence = parse.GetValue(influence), LeaveOneOut = parse.GetValue(loo),
                RobustCluster = parse.GetValue(robust), Cr2 = parse.GetValue(cr2), Bias = parse.GetValue(bias),
                Permutations = parse.GetValue(perms), Seed = parse.GetValue(seed) ?? 1, Level = lev / 100, Slab = parse.GetValue(slab)
            };
            MetaFitSummary result;
            try { result = MetaAnalysis.Run(frame, spec); }
            catch (CohesionException e) when (e.File is null) { throw e.WithFile(synthetic ? SyntheticStudies.DefaultPath : dataPath!); }
            IReadOnlyList<LeaveOneOutRow>? looRows = parse.GetValue(loo) && result.Uni is { InterceptOnly: true } ? MetaDiagnostics.LeaveOneOut(result.Uni) : null;

            string effectLabel = EffectLabel(spec);
            string sourceText = synthetic
                ? "SYNTHETIC data: built-in literature set shaped like SCP's 140-study diversity-cohesion meta-analysis (data/meta/synthetic_studies.csv; model in data/SOURCES.md) — not real studies / synthetische data, geen echte studies"
                : Path.GetFileName(dataPath!);
            string? forestPath = parse.GetValue(forest) ?? (synthetic ? "meta_forest.svg" : null);
            string? funnelPath = parse.GetValue(funnel);
            if (forestPath is not null)
                WritePlot(forestPath, MetaPlots.Forest(result, effectLabel, synthetic ? MetaDefaults.ForestTitle : null));
            if (funnelPath is not null)
                WritePlot(funnelPath, MetaPlots.Funnel(result, effectLabel));

            var fmt = parse.GetValue(format);
            OutputSink.Write(ctx, parse.GetValue(output), w =>
            {
                if (fmt == OutputFormat.Json)
                {
                    // escalc's effect sizes for every data row (null where missing), when computed from raw columns
                    var escalc = spec.Measure is null ? ((double[], double[])?)null
                        : result.Pooled is { } pooled ? (pooled.Yi, pooled.Vi) : MetaAnalysis.EffectSizesOf(frame, spec);
                    var info = new MetaJsonInfo(sourceText, synthetic, forestPath is null ? null : Path.GetFullPath(forestPath),
                        funnelPath is null ? null : Path.GetFullPath(funnelPath), result.Notes.Select(CliFlags.Render).ToList()) { LeaveOneOut = looRows, Escalc = escalc };
                    Json.Write(w, j => FitJson.Meta(j, result, info));
                }
                else
                {
                    w.WriteLine($"Data: {sourceText}");
                    w.WriteLine($"Effect size / effectmaat: {effectLabel}");
                    w.WriteLine();
                    w.Write(MetaReport.Render(result, CliFlags.Of));
                    if (looRows is not null) WriteLeaveOneOut(w, result, looRows);
                    if (forestPath is not null) w.WriteLine($"\nForest plot: {Path.GetFullPath(forestPath)}");
                    if (funnelPath is not null) w.WriteLine($"Funnel plot: {Path.GetFullPath(funnelPath)}");
                }
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string EffectLabel(MetaSpec spec) => spec.Measure switch
    {
        EffectMeasure.ZCOR => "Fisher's z (ZCOR)",
        EffectMeasure.COR => "Correlatie / correlation (COR)",
        EffectMeasure.SMD => "Hedges' g (SMD)",
        EffectMeasure.MD => "Verschil in gemiddelden / mean difference (MD)",
        EffectMeasure.OR => "Log odds ratio (OR)",
        EffectMeasure.RR => "Log risk ratio (RR)",
        EffectMeasure.RD => "Risicoverschil / risk difference (RD)",
        EffectMeasure.PLO => "Logit proportie / log odds (PLO)",
        EffectMeasure m => $"Effectgrootte / effect size ({m})",
        _ => "Effectgrootte / effect size (" + spec.Yi + ")"
    };

    private static void WritePlot(string path, string svg)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext == ".png")
        {
            var png = SvgPng.Render(svg);
            AtomicFile.WriteBytes(path, s => s.Write(png));
        }
        else AtomicFile.WriteText(path, w => w.Write(svg));
    }

    private static void WriteLeaveOneOut(TextWriter w, MetaFitSummary r, IReadOnlyList<LeaveOneOutRow> rows)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteLine();
        w.WriteLine("Leave-one-out / weglaten van één studie:");
        w.WriteLine($"{"omitted",-30} {"estimate",9} {"se",8} {"pval",8} {"ci.lb",9} {"ci.ub",9} {"Q",9} {"tau2",8} {"I2",7}");
        foreach (var x in rows)
            w.WriteLine(string.Format(inv, "{0,-30} {1,9:0.0000} {2,8:0.0000} {3,8:0.0000} {4,9:0.0000} {5,9:0.0000} {6,9:0.0000} {7,8:0.0000} {8,7:0.00}",
                r.Labels[x.Omitted].Length > 30 ? r.Labels[x.Omitted][..30] : r.Labels[x.Omitted], x.Estimate, x.Se, x.P, x.CiLower, x.CiUpper, x.Q, x.Tau2, x.I2));
    }
}
