using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.SurveyAnalysis;

/// <summary>Stacked multiply imputed data: one frame per value of the imputation column, in sorted order, as R's
/// <c>imputationList(split(d, d$COL))</c>.</summary>
public static class Imputations
{
    public static IReadOnlyList<(string Name, DataFrame Frame)> Split(DataFrame frame, string column)
    {
        var (codes, levels) = SurveyFrame.Domains(frame, column);
        for (int i = 0; i < codes.Length; i++)
            if (codes[i] < 0) throw new CohesionException("missing imputation number", frame.Source, column, i + 1);
        if (levels.Length < 2)
            throw new CohesionException($"the imputation column has {levels.Length} value(s); pooling needs at least two imputed data sets", frame.Source, column);
        var list = new List<(string, DataFrame)>(levels.Length);
        for (int m = 0; m < levels.Length; m++)
        {
            var rows = new List<int>();
            for (int i = 0; i < codes.Length; i++) if (codes[i] == m) rows.Add(i);
            list.Add((levels[m], frame.Select(rows.ToArray())));
        }
        return list;
    }
}
