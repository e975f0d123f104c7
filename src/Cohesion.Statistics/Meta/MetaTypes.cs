namespace Cohesion.Statistics.Meta;

/// <summary>τ² estimators of metafor's <c>rma.uni</c>. FE is the fixed-effect (equal-effects) model.</summary>
public enum TauEstimator { DL, REML, ML, PM, HS, SJ, HE, EB, FE }

/// <summary>Tests for the fixed effects: z (normal), knha (Knapp–Hartung), t (t with k − p df, no rescaling).</summary>
public enum MetaTest { Z, Knha, T }

public static class MetaNames
{
    public static TauEstimator ParseMethod(string s) => s.ToUpperInvariant() switch
    {
        "DL" => TauEstimator.DL, "REML" => TauEstimator.REML, "ML" => TauEstimator.ML, "PM" => TauEstimator.PM,
        "HS" => TauEstimator.HS, "SJ" => TauEstimator.SJ, "HE" => TauEstimator.HE, "EB" => TauEstimator.EB,
        "FE" or "EE" or "CE" => TauEstimator.FE,
        _ => throw new CohesionException($"unknown method '{s}' (use DL, REML, ML, PM, HS, SJ, HE, EB or FE)")
    };

    public static MetaTest ParseTest(string s) => s.ToLowerInvariant() switch
    {
        "z" => MetaTest.Z, "knha" or "hksj" => MetaTest.Knha, "t" => MetaTest.T,
        _ => throw new CohesionException($"unknown test '{s}' (use z, knha or t)")
    };

    public static string Name(this MetaTest t) => t switch { MetaTest.Z => "z", MetaTest.Knha => "knha", _ => "t" };
}

/// <summary>One row of the coefficient table, as metafor's <c>coef(summary(fit))</c>.</summary>

/// <summary>Cluster-robust inference for every coefficient (metafor's <c>robust()</c>).</summary>
public sealed record RobustResult(string Type, int Clusters, double[] Estimate, double[] Se, double[] Df, double[] Statistic, double[] P, double[] CiLower, double[] CiUpper, double[] Vcov);
