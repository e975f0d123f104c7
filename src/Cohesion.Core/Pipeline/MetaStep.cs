using Cohesion.Data;
using Cohesion.Meta;
using Cohesion.Statistics.Meta;

namespace Cohesion.Pipeline;

/// <summary>
/// The built-in literature synthesis, defined once: the SYNTHETIC study set (correlations <c>ri</c> with sample sizes
/// <c>ni</c>, analysed as Fisher's z), a three-level model (effect sizes within studies) with domain as moderator,
/// and CR2 cluster-robust inference by study in the report and the dashboard. <c>cohesion meta</c> without
/// <c>--data</c>, the report's meta stage and the dashboard's forest plot all take these values.
/// </summary>
public static class MetaDefaults
{
    public const EffectMeasure Measure = EffectMeasure.ZCOR;
    public const string Ri = "ri";
    public const string Ni = "ni";
    public const string Random = "~ 1 | study/esid";
    public const string Mods = "~ domain";
    public const string Cluster = "study";
    public const string EffectLabel = "Fisher's z (ZCOR)";
    public const string ForestTitle = "Diversiteit en samenhang (SYNTHETISCH) / diversity and cohesion (SYNTHETIC)";

    /// <summary>The synthetic study set's file.</summary>
    public static string DataPath => SyntheticStudies.DefaultPath;

    /// <summary>The model of the built-in set: escalc ZCOR from ri/ni, the three-level model, optionally with
    /// moderators and CR2 inference clustered by study.</summary>
    public static MetaSpec Spec(string? mods = Mods, bool robust = false) => new()
    {
        Measure = Measure, Inputs = new Dictionary<string, string> { ["ri"] = Ri, ["ni"] = Ni },
        Random = Random, Mods = mods, Method = TauEstimator.REML, Test = MetaTest.Z,
        RobustCluster = robust ? Cluster : null, Cr2 = robust,
    };
}

/// <summary>What <see cref="MetaStep.Run"/> fitted, and on what.</summary>
public sealed record MetaStepResult(MetaFitSummary Fit, string DataPath, bool Synthetic);

/// <summary>Pipeline step "meta": a meta-analysis (metafor's rma / rma.mv) on a data file or, without one, on the
/// built-in synthetic study set.</summary>
public static class MetaStep
{
    /// <summary>Fits <paramref name="spec"/> on <paramref name="data"/> (null = the built-in synthetic studies). A
    /// user's mistake is reported with the file it concerns.</summary>
    public static MetaStepResult Run(MetaSpec spec, string? data = null)
    {
        string path = data ?? MetaDefaults.DataPath;
        return Run(spec, DatasetLoader.Load(path), path, synthetic: data is null);
    }

    /// <summary>Fits <paramref name="spec"/> on an already loaded <paramref name="frame"/> read from <paramref name="path"/>.</summary>
    public static MetaStepResult Run(MetaSpec spec, Cohesion.Statistics.Data.DataFrame frame, string path, bool synthetic)
    {
        try { return new MetaStepResult(MetaAnalysis.Run(frame, spec), path, synthetic); }
        catch (Cohesion.Statistics.CohesionException e) when (e.File is null) { throw e.WithFile(path); }
    }
}
