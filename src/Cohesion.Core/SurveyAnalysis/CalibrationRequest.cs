using System.Globalization;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Survey;

namespace Cohesion.SurveyAnalysis;

/// <summary>
/// Calibration of a design to population totals, as R's <c>calibrate(design, ~ x1 + x2, population, calfun, bounds)</c>:
/// <see cref="Formula"/> is one-sided (<c>~ sex + agegroup + income</c>); the totals come from a table with columns
/// <c>term,total</c> whose terms are R's model-matrix column names (<c>(Intercept)</c>, <c>sexfemale</c>,
/// <c>factor(region)north</c>, <c>income</c>, …). Every model-matrix column needs a total and every total a column.
/// </summary>
public sealed record CalibrationRequest
{
    public required string Formula { get; init; }
    /// <summary>The population totals file (CSV or any format the data layer reads) with columns term and total.</summary>
    public string? PopulationFile { get; init; }
    /// <summary>Totals given directly (term → total); used when <see cref="PopulationFile"/> is null.</summary>
    public IReadOnlyList<(string Term, double Total)>? Totals { get; init; }
    public CalibrationFunction Function { get; init; } = CalibrationFunction.Linear;
    public double Lower { get; init; } = double.NegativeInfinity;
    public double Upper { get; init; } = double.PositiveInfinity;
    public int MaxIterations { get; init; } = 50;
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>The totals as (term, total, row in the file) — read once per request.</summary>
    public IReadOnlyList<(string Term, double Total, int Row)> ReadTotals()
    {
        if (PopulationFile is null)
            return (Totals ?? throw new CohesionException("calibration needs population totals")).Select((t, i) => (t.Term, t.Total, i + 1)).ToList();
        var table = DatasetLoader.Load(PopulationFile);
        string src = table.Source ?? PopulationFile;
        if (!table.Contains("term") || !table.Contains("total"))
            throw new CohesionException($"the population totals need the columns term and total (found: {string.Join(", ", table.ColumnNames)})", src);
        var terms = table["term"];
        var totals = table["total"] as NumericColumn ?? throw new CohesionException("population totals must be numbers", src, "total");
        var list = new List<(string, double, int)>();
        for (int i = 0; i < table.RowCount; i++)
        {
            if (terms.IsMissing(i)) throw new CohesionException("missing term name", src, "term", i + 1);
            if (double.IsNaN(totals.Values[i])) throw new CohesionException("missing population total", src, "total", i + 1);
            list.Add((terms.Format(i), totals.Values[i], i + 1));
        }
        return list;
    }

    /// <summary>Calibrates <paramref name="design"/> (on <paramref name="frame"/>'s rows) to the totals.</summary>
    public SurveyDesign Apply(DataFrame frame, SurveyDesign design)
    {
        ModelFormula f;
        try { f = ModelFormula.Parse(Formula.TrimStart().StartsWith('~') ? Formula : "~ " + Formula); }
        catch (CohesionException e) { throw new CohesionException($"calibration formula \"{Formula}\": {e.Message}"); }
        if (f.Response is not null) throw new CohesionException($"calibration formula \"{Formula}\" must be one-sided (~ x1 + x2)");
        foreach (var c in f.Columns()) _ = frame[c];
        var mm = DesignMatrix.Build(frame, f);
        if (mm.RowCount != frame.RowCount)
        {
            int row = Enumerable.Range(0, frame.RowCount).Except(mm.Rows).First();
            var col = f.Columns().First(c => frame[c].IsMissing(row));
            throw new CohesionException("missing value in a calibration variable (calibration needs every row)", frame.Source, col, row + 1);
        }
        var given = ReadTotals();
        string? src = PopulationFile;
        var byTerm = new Dictionary<string, (double Total, int Row)>(StringComparer.Ordinal);
        foreach (var (term, total, row) in given)
            if (!byTerm.TryAdd(term, (total, row)))
                throw new CohesionException($"population total for term '{term}' given twice", src, "term", row);
        string known = string.Join(", ", mm.ColumnNames);
        foreach (var (term, _, row) in given)
            if (!mm.ColumnNames.Contains(term))
                throw new CohesionException($"population total for unknown term '{term}': the calibration model's terms are {known}", src, "term", row);
        var pop = new double[mm.ColumnCount];
        for (int j = 0; j < pop.Length; j++)
        {
            if (!byTerm.TryGetValue(mm.ColumnNames[j], out var t))
                throw new CohesionException($"no population total for term '{mm.ColumnNames[j]}' of the calibration model (terms: {known})", src, "term");
            pop[j] = t.Total;
        }
        return GeneralCalibration.Calibrate(design, mm, pop, Function, Lower, Upper, MaxIterations, Epsilon);
    }

    public static CalibrationFunction ParseFunction(string name) => name.Trim().ToLowerInvariant() switch
    {
        "linear" => CalibrationFunction.Linear,
        "raking" => CalibrationFunction.Raking,
        "logit" => CalibrationFunction.Logit,
        _ => throw new CohesionException($"calibration function must be linear, raking or logit, not '{name}'"),
    };

    /// <summary>Parses bounds "L,U" (Inf and -Inf allowed).</summary>
    public static (double Lower, double Upper) ParseBounds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryParse(parts[0], out var l) || !TryParse(parts[1], out var u))
            throw new CohesionException($"calibration bounds '{text}': expected L,U, e.g. 0.5,2");
        return (l, u);
    }

    private static bool TryParse(string s, out double v)
    {
        switch (s.ToLowerInvariant())
        {
            case "inf" or "+inf": v = double.PositiveInfinity; return true;
            case "-inf": v = double.NegativeInfinity; return true;
            default: return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
        }
    }
}
