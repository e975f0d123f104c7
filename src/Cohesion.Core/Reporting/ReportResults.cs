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
    /// <summary>Stage "europe": the Netherlands among European countries (the built-in comparison).</summary>
    public Compare.CountryComparisonResult? Europe { get; set; }
    /// <summary>Stage "population": one projection per scenario.</summary>
    public IReadOnlyList<PopulationProjection>? Population { get; set; }
    /// <summary>The survey, framework and group models of the projection, fitted once (by the trends stage or the
    /// simulation stage, whichever runs first) and reused by the other.</summary>
    public Pipeline.SimulationBasis? SimulationBasis { get; set; }
    /// <summary>Stage "trends": the built-in CBS series, their trends and the estimated societal change.</summary>
    public Cohesion.Trends.SeriesTrendsOutcome? Trends { get; set; }
    /// <summary>Stage "trends": the real VU panel, wave 0 vs wave 4 by education.</summary>
    public Cohesion.Trends.WaveTrendsResult? VuPanel { get; set; }
    /// <summary>Stage "simulate": the main cohesion projection (the policy run is reported beside it).</summary>
    public CohesionProjectionResult? Simulation { get; set; }
    /// <summary>Stage "neighbourhoods": the main diversity–cohesion analysis.</summary>
    public NeighbourhoodReport? Neighbourhoods { get; set; }
    /// <summary>Stage "meta": the overall and the moderated (by domain) model.</summary>
    public MetaFitSummary? MetaOverall { get; set; }
    public MetaFitSummary? MetaModerated { get; set; }
}
