using Cohesion.Data;
using Cohesion.Neighbourhoods;

namespace Cohesion.Pipeline;

/// <summary>
/// Pipeline step "neighbourhoods": the buurt panel (built-in synthetic, a user's file, or assembled here from yearly
/// key-figure files) and its diversity–cohesion analyses. The analyses themselves are
/// <see cref="NeighbourhoodAnalyses"/> (built-in, own data, and the named real-data analyses).
/// </summary>
public static class NeighbourhoodsStep
{
    /// <summary>
    /// Assembles a buurt × year panel from one file per year (CBS key figures, or files with a code/buurt column and
    /// the standard count and rate columns), mapping codes through an optional crosswalk (<c>from,to,weight[,year]</c>).
    /// </summary>
    public static AssembledPanel AssembleYears(IReadOnlyList<(int Year, string Path)> files, string? crosswalkPath = null)
    {
        var years = new List<PanelYear>();
        foreach (var (year, path) in files)
        {
            var frame = DatasetLoader.Load(path);
            if (KwbKeyFigures.IsKwb(frame)) frame = KwbKeyFigures.Normalise(frame).Frame;
            else if (!frame.Contains("code") && frame.Contains("buurt")) frame.Add(frame["buurt"].Rename("code"));
            years.Add(new PanelYear(year, frame));
        }
        var cw = crosswalkPath is null ? null : Crosswalk.FromFrame(DatasetLoader.Load(crosswalkPath));
        return PanelAssembler.Assemble(years, cw);
    }
}
