using System.Globalization;
using System.Text.RegularExpressions;
using Cohesion.Statistics.Data;

namespace Cohesion.Statistics.Survey;

/// <summary>Replicate weight columns shipped with the data, as R's <c>svrepdesign(repweights=, type=, rho=, scale=,
/// rscales=, mse=, combined.weights=)</c>.</summary>
public sealed record ReplicateColumns
{
    /// <summary>Regular expression selecting the replicate weight columns by name (R: <c>grep(repweights, names(data))</c>,
    /// a match anywhere in the name), in file order.</summary>
    public required string Pattern { get; init; }
    public required ReplicateType Type { get; init; }
    /// <summary>Fay's ρ (required for <see cref="ReplicateType.Fay"/>).</summary>
    public double? Rho { get; init; }
    /// <summary>Overall scale of the variance; default as R per type (BRR and Fay ignore it, as R).</summary>
    public double? Scale { get; init; }
    /// <summary>Per-replicate scales (one value, or one per replicate); required for JKn with full weights.</summary>
    public double[]? Rscales { get; init; }
    /// <summary>Variances around the full-sample estimate instead of the replicate mean (R's mse=TRUE).</summary>
    public bool Mse { get; init; }
    /// <summary>The columns are full weights (R's default <c>combined.weights=TRUE</c>); false: factors that multiply
    /// the sampling weight.</summary>
    public bool CombinedWeights { get; init; } = true;
}

/// <summary>Builds a replicate-weight design from data columns, checking that the columns look like the declared kind
/// of replicates; errors name the column and row.</summary>
public static class ReplicateFrame
{
    /// <summary>The names of the columns <paramref name="pattern"/> selects, in file order.</summary>
    public static IReadOnlyList<string> MatchingColumns(DataFrame frame, string pattern)
    {
        Regex re;
        try { re = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
        catch (ArgumentException e) { throw new CohesionException($"replicate weight pattern '{pattern}' is not a valid regular expression: {e.Message}"); }
        return frame.ColumnNames.Where(n => re.IsMatch(n)).ToList();
    }

    /// <summary>R's <c>svrepdesign(data, repweights = pattern, weights = ~weight, type, ...)</c>.</summary>
    public static SurveyDesign CreateDesign(DataFrame frame, string weight, ReplicateColumns spec)
    {
        var names = MatchingColumns(frame, spec.Pattern);
        if (names.Count == 0)
            throw new CohesionException($"replicate weight pattern '{spec.Pattern}' matches no column (columns: {string.Join(", ", frame.ColumnNames.Take(30))})", frame.Source);
        if (names.Contains(weight))
            throw new CohesionException($"replicate weight pattern '{spec.Pattern}' also matches the sampling weight column; anchor it (e.g. '^{spec.Pattern.TrimStart('^')}')", frame.Source, weight);
        if (names.Count < 2)
            throw new CohesionException($"replicate weight pattern '{spec.Pattern}' matches only column '{names[0]}'; a replicate design needs at least two replicates", frame.Source, names[0]);
        var w = frame.Numeric(weight).Values;
        for (int i = 0; i < w.Length; i++)
            if (!(w[i] > 0) || !double.IsFinite(w[i]))
                throw new CohesionException(double.IsNaN(w[i]) ? "missing weight" : $"weight must be > 0, got {Fmt(w[i])}", frame.Source, weight, i + 1);
        var columns = new List<double[]>(names.Count);
        foreach (var name in names)
        {
            var col = frame[name] as NumericColumn
                ?? throw new CohesionException($"replicate weight column is not numeric (pattern '{spec.Pattern}')", frame.Source, name);
            Check(frame, name, col.Values, w, spec);
            columns.Add(col.Values);
        }
        if (spec.Rscales is { } rs)
        {
            if (rs.Length != 1 && rs.Length != names.Count)
                throw new CohesionException($"rscales has {rs.Length} values but pattern '{spec.Pattern}' selects {names.Count} replicate columns", frame.Source);
            foreach (var v in rs)
                if (!(v >= 0) || !double.IsFinite(v)) throw new CohesionException($"rscales must be non-negative numbers, got {Fmt(v)}", frame.Source);
        }
        if (spec.Type == ReplicateType.JKn && spec.Rscales is null && spec.CombinedWeights)
            throw new CohesionException("JKn replicate weights need rscales, (n_h − 1)/n_h for the stratum each replicate drops a PSU from (R: 'Must provide rscales for combined JKn weights')", frame.Source);
        try
        {
            return SurveyDesign.FromReplicateWeights(w, columns, spec.Type, spec.Scale, spec.Rscales, spec.Mse, spec.CombinedWeights, spec.Rho);
        }
        catch (CohesionException e) when (e.File is null) { throw e.WithFile(frame.Source ?? ""); }
    }

    /// <summary>Values present, finite and non-negative, and a shape that fits the declared type: BRR half-samples set
    /// about half of the rows to zero, Fay's weights are (2 − ρ)·w or ρ·w and never zero, a jackknife replicate drops
    /// (sets to zero) a minority of the rows.</summary>
    private static void Check(DataFrame frame, string name, double[] v, double[] w, ReplicateColumns spec)
    {
        int n = v.Length, zeros = 0;
        for (int i = 0; i < n; i++)
        {
            double x = v[i];
            if (double.IsNaN(x)) throw new CohesionException("missing replicate weight (R: 'Missing values not allowed in repweights')", frame.Source, name, i + 1);
            if (!double.IsFinite(x) || x < 0) throw new CohesionException($"replicate weight must be a non-negative number, got {Fmt(x)}", frame.Source, name, i + 1);
            if (x == 0) zeros++;
        }
        if (zeros == n) throw new CohesionException("replicate weight column is zero in every row", frame.Source, name);
        double share = (double)zeros / n;
        string Pct(double s) => (100 * s).ToString("0.#", CultureInfo.InvariantCulture) + "%";
        switch (spec.Type)
        {
            case ReplicateType.BRR when share < 0.2 || share > 0.8:
                throw new CohesionException(
                    $"does not look like BRR half-sample weights: {Pct(share)} of the rows have weight 0, a half-sample drops about half of them" +
                    (zeros == 0 ? " (no zeros: Fay weights? declare type Fay with rho)" : share < 0.2 ? " (few zeros: jackknife weights? declare type JK1 or JKn)" : ""),
                    frame.Source, name);
            case ReplicateType.Fay:
            {
                if (zeros > 0)
                    throw new CohesionException($"does not look like Fay weights: {zeros} row(s) have weight 0, but Fay's method keeps every row (weights ρ·w and (2 − ρ)·w); BRR or jackknife weights?",
                        frame.Source, name, Array.IndexOf(v, 0.0) + 1);
                if (spec.Rho is { } rho && spec.CombinedWeights)
                {
                    // uncalibrated Fay factors are rho or 2 - rho; calibrated ones vary, so only an all-two-valued column is checked
                    var factors = new HashSet<double>();
                    for (int i = 0; i < n && factors.Count <= 2; i++) factors.Add(Math.Round(v[i] / w[i], 6));
                    if (factors.Count == 2 && !factors.Contains(Math.Round(rho, 6)))
                        throw new CohesionException($"the Fay factors in this column are {string.Join(" and ", factors.Order().Select(Fmt))}, not rho = {Fmt(rho)} and 2 − rho", frame.Source, name);
                }
                break;
            }
            case ReplicateType.JK1 or ReplicateType.JKn when zeros == 0 || share > 0.5:
                throw new CohesionException(
                    zeros == 0
                        ? "does not look like jackknife weights: no row has weight 0, but each jackknife replicate drops a PSU (Fay weights? declare type Fay with rho)"
                        : $"does not look like jackknife weights: {Pct(share)} of the rows have weight 0, a jackknife replicate drops one PSU (BRR or bootstrap weights?)",
                    frame.Source, name);
        }
    }

    private static string Fmt(double v) => v.ToString("G10", CultureInfo.InvariantCulture);
}
