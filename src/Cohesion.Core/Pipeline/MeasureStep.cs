using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Pipeline;

/// <summary>A measurement to ask for: survey data (default: the built-in synthetic survey), framework (default:
/// cbs-ssw) and the estimation options (groups, design, disclosure, intervals).</summary>
public sealed record MeasureRequest
{
    /// <summary>Without data and without groups, <c>cohesion measure</c> breaks the built-in survey down by these.</summary>
    public static readonly IReadOnlyList<string> BuiltInBy = ["education3"];

    /// <summary>Survey file or catalogue name; null = the built-in synthetic survey.</summary>
    public string? Data { get; init; }
    /// <summary>Framework file or built-in name; null = cbs-ssw.</summary>
    public string? Framework { get; init; }
    public MeasureOptions Options { get; init; } = new();
}

/// <summary>What <see cref="MeasureStep.Run(MeasureRequest)"/> measured, on what data.</summary>
public sealed record MeasureStepResult(MeasureResult Result, DataFrame Frame, string DataPath, bool BuiltIn, DataSetMetadata? Metadata)
{
    public CohesionFramework Framework => Result.Framework;
    public bool Synthetic => Metadata is { Synthetic: true };
}

/// <summary>Pipeline step "measure": the framework's indicators and dimensions estimated with the survey design,
/// nationally and by group, disclosure control on every cell (<see cref="CohesionMeasurement"/>).</summary>
public static class MeasureStep
{
    public static MeasureStepResult Run(MeasureRequest request)
    {
        bool builtIn = request.Data is null;
        string dataPath = request.Data ?? SurveyDefaultFile.DefaultPath;
        var framework = FrameworkLoader.Resolve(request.Framework);
        var frame = DatasetLoader.Load(dataPath);
        var options = builtIn && request.Options.By.Count == 0 ? request.Options with { By = MeasureRequest.BuiltInBy } : request.Options;
        return new MeasureStepResult(Run(framework, frame, options), frame, dataPath, builtIn, SurveyDefaultFile.ReadMetadataFor(dataPath));
    }

    /// <summary>The measurement on a framework and survey the caller has loaded; stacked imputations
    /// (<see cref="MeasureOptions.Imputation"/>) are measured one by one and pooled by Rubin's rules.</summary>
    public static MeasureResult Run(CohesionFramework framework, DataFrame frame, MeasureOptions options) =>
        options.Imputation is { } column
            ? ImputedMeasurement.Run(framework, frame, options with { Imputation = null }, column)
            : CohesionMeasurement.Run(framework, frame, options);
}
