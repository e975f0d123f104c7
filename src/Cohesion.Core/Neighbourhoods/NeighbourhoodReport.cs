using Cohesion.Statistics.Decomposition;
using Cohesion.Statistics.Mixed;

namespace Cohesion.Neighbourhoods;

/// <summary>A fitted mixed model with its name and formula.</summary>
public sealed record NamedMixed(string Name, string Formula, MixedResult Result);

/// <summary>A Gelbach decomposition with the model it decomposes.</summary>
public sealed record NamedDecomposition(string Name, string Formula, GelbachResult Result);

/// <summary>Summary statistics of one variable.</summary>
public sealed record Descriptive(string Variable, int N, double Mean, double Sd, double Min, double Max);

/// <summary>What a map of this analysis shows: values per area code at a level (buurt on the CBS 2014 division,
/// gemeente on 2015), restricted to some gemeenten (null = all), and where the values come from (drawn in the legend
/// and in every area's hover text). <see cref="Unit"/> (NL / EN, optional) is shown in the legend and the hover text.</summary>
public sealed record MapLayer(string Level, string Measure, string TitleNl, string TitleEn, IReadOnlyDictionary<string, double> Values,
    IReadOnlySet<string>? Gemeenten, string SourceNote, Provenance Provenance, string? Unit = null)
{
    /// <summary>The year or period of the values (e.g. "2020", "2016–2020"); null when not known.</summary>
    public string? Period { get; init; }
}

/// <summary>Everything one neighbourhood analysis produced, ready to print as tables or JSON.</summary>
public sealed record NeighbourhoodReport
{
    public required string Analysis { get; init; }
    public required string TitleNl { get; init; }
    public required string TitleEn { get; init; }
    public required string DataLabel { get; init; }
    public required bool Synthetic { get; init; }
    /// <summary>Synthetic for the built-in panel, real for the real-data analyses and a user's own data.</summary>
    public Provenance Provenance => Synthetic ? Provenance.Synthetic : Provenance.Real;
    public IReadOnlyList<Descriptive> Descriptives { get; init; } = [];
    public IReadOnlyList<NamedRegression> Regressions { get; init; } = [];
    public IReadOnlyList<NamedMixed> MixedModels { get; init; } = [];
    /// <summary>Per analysed outcome, the focus coefficient as control groups are added.</summary>
    public IReadOnlyList<(string Name, string Outcome, string Focus, IReadOnlyList<ControlStep> Steps)> StepTables { get; init; } = [];
    public IReadOnlyList<NamedDecomposition> Decompositions { get; init; } = [];
    public IReadOnlyDictionary<string, double>? Truth { get; init; }
    public DiversityReport? Diversity { get; init; }
    public MapLayer? Map { get; init; }
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Adds one diversity–cohesion (or focus–outcome) analysis to the report under a name prefix.</summary>
    public NeighbourhoodReport With(DiversityCohesionResult r, string prefix)
    {
        var p = prefix.Length == 0 ? "" : prefix + ": ";
        var decomps = Decompositions.ToList();
        decomps.Add(new NamedDecomposition($"{p}Gelbach decomposition of '{r.Spec.Diversity}' ({(r.Spec.Time is null ? "fixed effects" : "two-way fixed effects")})", r.GelbachModel, r.Gelbach));
        if (r.GelbachPooled is not null)
            decomps.Add(new NamedDecomposition($"{p}Gelbach decomposition of '{r.Spec.Diversity}' ({(r.Spec.Time is null ? "OLS" : "pooled OLS")})", r.Regressions[0].Formula, r.GelbachPooled));
        var mixed = MixedModels.ToList();
        if (r.Mixed is not null) mixed.Add(new NamedMixed($"{p}Linear mixed model (REML)", r.MixedFormula!, r.Mixed));
        return this with
        {
            Regressions = [.. Regressions, .. r.Regressions.Select(x => x with { Name = p + x.Name })],
            MixedModels = mixed,
            StepTables = [.. StepTables, (prefix, r.Spec.Outcome, r.Spec.Diversity, r.Steps)],
            Decompositions = decomps,
            Notes = [.. Notes, .. r.Notes.Select(n => p + n)],
        };
    }
}
