using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Neighbourhoods;
using Cohesion.Simulation;
using Cohesion.Statistics.Meta;

namespace Cohesion.Reporting;

/// <summary>
/// The results of a report run, typed: what each stage computed, for later stages and for callers that print a
/// summary. A stage that adds a result adds a property here (no string keys, no casts).
/// </summary>
public sealed class ReportResults
{
    /// <summary>Stage "measure": the national measurement.</summary>
    public MeasureResult? MeasureNational { get; set; }
    /// <summary>Stage "measure": the measurement by each grouping column.</summary>
    public Dictionary<string, MeasureResult> MeasureBy { get; } = new(StringComparer.Ordinal);
    /// <summary>Stage "measure": whether the survey is the built-in synthetic one (or real data).</summary>
    public Provenance MeasureProvenance { get; set; } = Provenance.Synthetic;
    /// <summary>Stage "measure": (indicator id, grouping column or null, group or null) of every cell equal to a
    /// published figure by construction (calibration targets: never a finding).</summary>
    public HashSet<(string Variable, string? By, string? Group)> CalibratedCells { get; } = new();
    /// <summary>Stage "europe": the Netherlands among European countries (the built-in comparison).</summary>
    public Compare.CountryComparisonResult? Europe { get; set; }
    /// <summary>Stage "population": one projection per scenario.</summary>
    public IReadOnlyList<PopulationProjection>? Population { get; set; }
    /// <summary>Stage "simulate": the main cohesion projection (the policy run is reported beside it).</summary>
    public CohesionProjectionResult? Simulation { get; set; }
    /// <summary>Stage "simulate": synthetic when the group models are fitted on the synthetic survey, else derived.</summary>
    public Provenance SimulationProvenance { get; set; } = Provenance.Synthetic;
    /// <summary>Stage "simulate": the societal scenarios of the main run (for their labels).</summary>
    public IReadOnlyList<Cohesion.Scenarios.CohesionScenario> SimulationSocietal { get; set; } = [];
    /// <summary>Stage "neighbourhoods": the main diversity–cohesion analysis.</summary>
    public NeighbourhoodReport? Neighbourhoods { get; set; }
    /// <summary>Stage "neighbourhoods": the real Amsterdam diversity–cohesion analysis (KWB 2019 + RIVM).</summary>
    public AmsterdamDiversityResult? Amsterdam { get; set; }
    /// <summary>Stage "meta": the overall and the moderated (by domain) model.</summary>
    public MetaFitSummary? MetaOverall { get; set; }
    public MetaFitSummary? MetaModerated { get; set; }
    /// <summary>Stage "meta": synthetic for the built-in study set, real for a user's own.</summary>
    public Provenance MetaProvenance { get; set; } = Provenance.Synthetic;
}
