namespace Cohesion;

/// <summary>
/// Where a number comes from (DESIGN.md, "Provenance travels with the data"): <see cref="Real"/> observations or
/// published figures (with source and licence), <see cref="Synthetic"/> generated data (with what it was
/// calibrated to), or <see cref="Derived"/> values computed from real inputs under stated assumptions (a
/// projection, a model). Real and synthetic values never share a table.
/// </summary>
public enum Provenance { Real, Synthetic, Derived }

public static class ProvenanceText
{
    /// <summary>The machine value used in JSON, CSV and API responses: <c>real</c>, <c>synthetic</c>, <c>derived</c>.</summary>
    public static string Code(this Provenance p) => p switch
    {
        Provenance.Real => "real",
        Provenance.Synthetic => "synthetic",
        _ => "derived",
    };

    /// <summary>The visible label (NL / EN) for badges, captions and tooltips.</summary>
    public static (string Nl, string En) Label(this Provenance p) => p switch
    {
        Provenance.Real => ("echte gegevens", "real data"),
        Provenance.Synthetic => ("SYNTHETISCH", "SYNTHETIC"),
        _ => ("afgeleid", "derived"),
    };

    public static Provenance Parse(string code) => code.Trim().ToLowerInvariant() switch
    {
        "real" => Provenance.Real,
        "synthetic" => Provenance.Synthetic,
        "derived" => Provenance.Derived,
        _ => throw new Statistics.CohesionException($"provenance must be real, synthetic or derived, not '{code}'"),
    };
}
