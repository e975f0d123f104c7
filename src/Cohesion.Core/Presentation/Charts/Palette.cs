namespace Cohesion.Presentation.Charts;

/// <summary>
/// The colours of every chart and map. <see cref="Categorical"/>: hues after Okabe &amp; Ito (distinguishable with the
/// common colour-vision deficiencies), darkened so that each has a contrast of at least 4.5:1 against white (usable for
/// text and direct labels, and ≥ 3:1 for lines). <see cref="Sequential"/>: ColorBrewer YlGnBu for maps and heat maps.
/// Change a colour here and every output follows.
/// </summary>
public static class ChartPalette
{
    public static readonly IReadOnlyList<string> Categorical = ["#0072B2", "#C44E00", "#007A5A", "#A8437D", "#8A6D00", "#6F4E9C", "#00798C", "#4D4D4D"];

    /// <summary>Text, axes and grid.</summary>
    public const string Text = "#1a1a1a";
    public const string Muted = "#535353";
    public const string Axis = "#333333";
    public const string Grid = "#e5e5e5";
    public const string Background = "#ffffff";

    /// <summary>Provenance labels on charts and maps: synthetic in orange, real and derived in green.</summary>
    public const string Synthetic = "#C44E00", Real = "#007A5A";

    /// <summary>The <paramref name="index"/>-th categorical colour (cycling).</summary>
    public static string Color(int index) => Categorical[index % Categorical.Count];

    private static readonly string[][] YlGnBu =
    [
        ["#edf8b1", "#7fcdbb", "#2c7fb8"],
        ["#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"],
        ["#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"],
        ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"],
        ["#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
        ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"],
        ["#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"],
    ];

    /// <summary>The YlGnBu palette with <paramref name="classes"/> colours (1–2 classes use the 3-class ends).</summary>
    public static string[] Sequential(int classes) => classes switch
    {
        <= 0 => [],
        1 => ["#7fcdbb"],
        2 => ["#edf8b1", "#2c7fb8"],
        <= 9 => YlGnBu[classes - 3],
        _ => throw new Cohesion.Statistics.CohesionException($"at most 9 map classes are supported, got {classes}")
    };
}
