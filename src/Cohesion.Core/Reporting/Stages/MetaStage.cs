using Cohesion.Data;
using Cohesion.Meta;
using Cohesion.Statistics.Meta;
using Cohesion.Presentation.Charts;

namespace Cohesion.Reporting.Stages;

/// <summary>Report stage "meta": the literature synthesis — a three-level random-effects model (studies / effect
/// sizes) overall and with domain as moderator, CR2 cluster-robust inference by study (the same library call as
/// <c>cohesion meta</c>), and the forest plot.</summary>
public sealed class MetaStage : IReportStage
{
    /// <summary>The moderator and its levels in words (the forest plot's group headings).</summary>
    private static readonly Dictionary<string, (string Nl, string En)> DomainWords = new(StringComparer.Ordinal)
    {
        ["domain"] = ("domein", "domain"), ["neighbourhood"] = ("buurt", "neighbourhood"), ["school"] = ("school", "school"),
        ["work"] = ("werk", "work"), ["society"] = ("samenleving", "society"), ["municipality"] = ("gemeente", "municipality"),
    };

    public string Id => "meta";
    public Localized Name => ("Literatuursynthese", "Literature synthesis");

    /// <summary>The model specification the report uses; equals <c>cohesion meta</c>'s built-in default plus
    /// <c>--robust study --cr2</c>.</summary>
    public static MetaSpec Spec(ReportConfig.MetaSettings m, string? mods) => new()
    {
        Yi = m.Data is null ? null : m.Yi, Vi = m.Data is null ? null : m.Vi,
        Measure = m.Data is null || m.Yi is null ? Pipeline.MetaDefaults.Measure : null,
        Inputs = m.Data is null || m.Yi is null ? new Dictionary<string, string> { ["ri"] = m.Ri, ["ni"] = m.Ni } : new Dictionary<string, string>(),
        Random = m.Random, Mods = mods, Method = TauEstimator.REML, Test = MetaTest.Z,
        RobustCluster = m.Cluster, Cr2 = true
    };

    public void Run(ReportContext context)
    {
        var m = context.Config.Meta;
        bool synthetic = m.Data is null;
        var provenance = synthetic ? Provenance.Synthetic : Provenance.Real;
        string path = m.Data ?? Pipeline.MetaDefaults.DataPath;
        var frame = DatasetLoader.Load(path);
        if (File.Exists(path)) context.Manifest.AddInput(path);
        context.Manifest.Parameters["meta.model"] = $"rma.mv(random = {m.Random}, mods = {m.Mods}), REML, robust CR2 by {m.Cluster}";

        var overall = Pipeline.MetaStep.Run(Spec(m, null), frame, path, synthetic).Fit;
        context.Progress(0.5);
        var byDomain = Pipeline.MetaStep.Run(Spec(m, m.Mods), frame, path, synthetic).Fit;
        context.Results.MetaOverall = overall;
        context.Results.MetaModerated = byDomain;
        context.Results.MetaProvenance = provenance;

        var section = new ReportSection("meta", ("Literatuur: diversiteit en samenhang", "Literature: diversity and cohesion"));
        if (synthetic)
            section.Synthetic(
                "De studies zijn synthetisch: een gegenereerde dataset met de vorm van SCP's meta-analyse van 140 Nederlandse studies (replicatiedata zijn niet openbaar). Het model staat in data/SOURCES.md.",
                "The studies are synthetic: a generated data set shaped like SCP's meta-analysis of 140 Dutch studies (no replication data are public). Its model is in data/SOURCES.md.");
        section.Paragraph(
            $"Drieniveaumodel (effectgroottes binnen studies, REML) op k = {overall.K} effectgroottes; clusterrobuuste (CR2) standaardfouten per studie met Satterthwaite-vrijheidsgraden, zoals metafor met clubSandwich.",
            $"Three-level model (effect sizes within studies, REML) on k = {overall.K} effect sizes; cluster-robust (CR2) standard errors by study with Satterthwaite degrees of freedom, as metafor with clubSandwich.");

        var coef = new ReportTable("meta_coefficients", ("Geschatte verbanden (Fisher z)", "Estimated associations (Fisher z)"), provenance,
        [
            new ReportColumn("model", ("Model", "Model"), ColumnKind.Text),
            new ReportColumn("term", ("Term", "Term"), ColumnKind.Text),
            new ReportColumn("estimate", ("Schatting", "Estimate"), ColumnKind.Number, 4),
            new ReportColumn("se", ("SE", "SE"), ColumnKind.Number, 4),
            new ReportColumn("ci_lower", ("95%-BI laag", "95% CI low"), ColumnKind.Number, 4),
            new ReportColumn("ci_upper", ("95%-BI hoog", "95% CI high"), ColumnKind.Number, 4),
            new ReportColumn("p", ("p", "p"), ColumnKind.PValue),
            new ReportColumn("robust_se", ("Robuuste SE (CR2)", "Robust SE (CR2)"), ColumnKind.Number, 4),
            new ReportColumn("robust_df", ("df (Satterthwaite)", "df (Satterthwaite)"), ColumnKind.Number, 1),
            new ReportColumn("robust_p", ("Robuuste p", "Robust p"), ColumnKind.PValue),
        ]) { Source = ($"cohesion meta --robust {m.Cluster} --cr2 --format json", $"cohesion meta --robust {m.Cluster} --cr2 --format json") };
        foreach (var (name, fit) in new[] { ("overall", overall), ("domain", byDomain) })
            for (int i = 0; i < fit.Coefficients.Count; i++)
            {
                var c = fit.Coefficients[i];
                var r = fit.Robust;
                coef.Add(name, c.Term, c.Estimate, c.StdError, c.CiLower, c.CiUpper, c.PValue,
                    r?.Se[i] ?? double.NaN, r?.Df[i] ?? double.NaN, r?.P[i] ?? double.NaN);
            }
        section.Table(coef);

        var het = new ReportTable("meta_heterogeneity", ("Heterogeniteit", "Heterogeneity"), provenance,
        [
            new ReportColumn("model", ("Model", "Model"), ColumnKind.Text),
            new ReportColumn("component", ("Component", "Component"), ColumnKind.Text),
            new ReportColumn("value", ("Waarde", "Value"), ColumnKind.Number, 5),
            new ReportColumn("p", ("p", "p"), ColumnKind.PValue),
        ]);
        foreach (var (name, fit) in new[] { ("overall", overall), ("domain", byDomain) })
        {
            for (int i = 0; i < fit.Sigma2.Length; i++) het.Add(name, $"sigma2 ({fit.Sigma2Names[i]})", fit.Sigma2[i], null);
            het.Add(name, $"Q (df = {fit.QDf})", fit.Q, fit.QP);
        }
        section.Table(het);
        // correlations are read as r: the plot is drawn on the r scale (metafor's transf = transf.ztor); the table keeps Fisher z
        bool fisherZ = m.Data is null || m.Yi is null;
        var fmt = ChartFormat.For(context.Language);
        if (fisherZ)
            section.Paragraph(
                "De forestplot toont correlaties r: het model rekent op Fisher z, en elke schatting en elk interval is voor de grafiek terug getransformeerd met r = tanh(z). De tabellen hierboven blijven in Fisher z.",
                "The forest plot shows correlations r: the model works on Fisher z, and every estimate and interval is back-transformed for the plot with r = tanh(z). The tables above stay in Fisher z.");
        section.Figure(fisherZ
                ? ("Forestplot als correlatie r (drieniveaumodel op Fisher z, domein als moderator; terug getransformeerd)", "Forest plot as correlation r (three-level model on Fisher z, domain as moderator; back-transformed)")
                : ("Forestplot (drieniveaumodel, domein als moderator)", "Forest plot (three-level model, domain as moderator)"),
            MetaPlots.Forest(byDomain, fisherZ ? fmt.Text("correlatie r (terug getransformeerd uit Fisher z)", "correlation r (back-transformed from Fisher z)") : fmt.Text("effectgrootte", "effect size"),
                synthetic ? fmt.Text("Diversiteit en samenhang (SYNTHETISCH)", "Diversity and cohesion (SYNTHETIC)") : null,
                format: fmt, transform: fisherZ ? Math.Tanh : null, words: id => DomainWords.TryGetValue(id, out var w) ? fmt.Text(w.Nl, w.En) : null),
            provenance, "meta_coefficients");
        context.Report.Sections.Add(section);
    }
}
