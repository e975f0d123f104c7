using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Neighbourhoods;

/// <summary>What the user asked for: column names as given on the command line (null = default).</summary>
public sealed record DiversityRequest(
    string? Unit, IReadOnlyList<string>? Groups, string? Parent,
    string? GroupColumn = null, string? CountColumn = null, RegionLevel? Level = null);

/// <summary>A computed diversity analysis with everything needed to print it.</summary>
public sealed record DiversityReport(DiversityResult Result, string UnitColumn, string? ParentColumn, IReadOnlyList<string> Notes);

/// <summary>
/// Resolves a diversity request against a data frame and computes the indices. A CBS key-figures export is
/// recognised and normalised first (rows of one level, derived Dutch background), so that without --unit/--groups
/// it analyses buurten by the seven origin groups within their wijk.
/// </summary>
public static class DiversityRun
{
    public static DiversityReport Run(DataFrame frame, DiversityRequest request)
    {
        var notes = new List<string>();
        string? unit = request.Unit, parent = request.Parent;
        IReadOnlyList<string>? groups = request.Groups;
        if (KwbKeyFigures.IsKwb(frame))
        {
            var level = request.Level ?? RegionLevel.Buurt;
            var kwb = KwbKeyFigures.Normalise(frame, level);
            frame = kwb.Frame;
            notes.Add($"CBS key-figures table recognised: {frame.RowCount} {level.ToString().ToLowerInvariant()} rows; Dutch background derived as total − Western − non-Western");
            notes.AddRange(kwb.Notes);
            unit ??= "code";
            groups ??= KwbKeyFigures.OriginGroups;
            if (request.Parent is null && request.Unit is null)
                parent = level switch { RegionLevel.Buurt => "wijk", RegionLevel.Wijk => "gemeente", _ => null };
        }
        else if (request.Level is not null)
            throw new CohesionException("--level applies only to CBS key-figures (kerncijfers wijken en buurten) tables", frame.Source);

        if (unit is null) throw new CohesionException("--unit is required (the column naming the areal unit)", frame.Source);
        CompositionInput input;
        if (request.GroupColumn is not null || request.CountColumn is not null)
        {
            if (request.GroupColumn is null || request.CountColumn is null)
                throw new CohesionException("long input needs both --group-column and --count", frame.Source);
            input = CompositionReader.FromLong(frame, unit, request.GroupColumn, request.CountColumn, groups, parent);
        }
        else
        {
            if (groups is null) throw new CohesionException("--groups is required (the count columns, e.g. --groups dutch,western,other)", frame.Source);
            input = CompositionReader.FromWide(frame, unit, groups, parent);
        }
        notes.AddRange(input.Notes);
        var result = DiversityAnalysis.Compute(input.Table);
        notes.AddRange(result.Notes);
        return new DiversityReport(result, unit, parent, notes);
    }
}
