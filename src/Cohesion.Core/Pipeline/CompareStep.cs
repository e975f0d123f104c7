using Cohesion.Compare;
using Cohesion.Data;
using Cohesion.Statistics.Survey;
using Cohesion.Synthetic;

namespace Cohesion.Pipeline;

/// <summary>What <c>compare</c> is asked: the built-in comparison of the shipped country files (no <see cref="Data"/>),
/// or design-based estimates per country on microdata in the ESS layout. The property initialisers are the defaults.</summary>
public sealed record CompareRequest
{
    /// <summary>Reference country: a code (NL) or an English or Dutch name.</summary>
    public string Reference { get; init; } = "NL";
    /// <summary>Built in: only these measures (ids); empty = all.</summary>
    public IReadOnlyList<string> Measures { get; init; } = [];
    /// <summary>Microdata (file or catalogue name); null = the built-in comparison.</summary>
    public string? Data { get; init; }
    public string CountryColumn { get; init; } = "cntry";
    public IReadOnlyList<string> Variables { get; init; } = [];
    /// <summary>Weight column or product a*b; null = the ess framework's (anweight, else pspwght*pweight).</summary>
    public string? Weight { get; init; }
    public string? Strata { get; init; }
    public string? Cluster { get; init; }
    /// <summary>Replicate weights shipped with the data (svrepdesign); replace strata and clusters.</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
    public double Level { get; init; } = SurveyEstimator.DefaultLevel;
}

/// <summary>The result of <see cref="CompareStep.Run"/>: exactly one of <see cref="BuiltIn"/> and <see cref="Design"/>.
/// <see cref="DataProvenance"/> says what the microdata are (synthetic when its metadata says so), and
/// <see cref="Notes"/> are the design result's notes with the synthetic caption first.</summary>
public sealed record CompareStepResult(CountryComparisonResult? BuiltIn, DesignComparisonResult? Design, Provenance DataProvenance, IReadOnlyList<string> Notes);

/// <summary>Pipeline step "compare": the Netherlands among European countries (issue 11).</summary>
public static class CompareStep
{
    public static CompareStepResult Run(CompareRequest request)
    {
        if (request.Data is null)
        {
            var r = CountryComparison.Run(CountryData.LoadDefault(), new CountryComparisonOptions { Reference = request.Reference, Measures = request.Measures });
            return new CompareStepResult(r, null, Provenance.Real, r.Notes.Select(n => n.En).ToList());
        }
        var frame = DatasetLoader.Load(request.Data);
        var d = DesignComparison.Run(frame, new DesignComparisonOptions
        {
            CountryColumn = request.CountryColumn, Variables = request.Variables, Weight = request.Weight, Strata = request.Strata,
            Cluster = request.Cluster, SuppliedReplicates = request.SuppliedReplicates, Reference = request.Reference, LonelyPsu = request.LonelyPsu, Level = request.Level,
        });
        var meta = SurveyDefaultFile.ReadMetadataFor(request.Data);
        var notes = d.Notes.ToList();
        if (meta is { Synthetic: true }) notes.Insert(0, $"{meta.CaptionEn ?? "Synthetic data"}. / {meta.CaptionNl ?? "Synthetische data"}.");
        return new CompareStepResult(null, d, meta is { Synthetic: true } ? Provenance.Synthetic : Provenance.Real, notes);
    }
}
