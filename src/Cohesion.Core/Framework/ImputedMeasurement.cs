using Cohesion.Disclosure;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Imputation;
using Cohesion.SurveyAnalysis;

namespace Cohesion.Framework;

/// <summary>
/// Cohesion measured on stacked multiply imputed data: every imputation measured with the same framework, design and
/// groups, each cell pooled by Rubin's rules as <c>mitools::MIcombine</c> (estimate, SE, t interval on MIcombine's
/// degrees of freedom, fraction of missing information). A cell suppressed in any imputation stays suppressed.
/// </summary>
public static class ImputedMeasurement
{
    public static MeasureResult Run(CohesionFramework framework, DataFrame data, MeasureOptions options, string imputationColumn)
    {
        var sets = Imputations.Split(data, imputationColumn);
        var results = sets.Select(s => CohesionMeasurement.Run(framework, s.Frame, options)).ToList();
        var first = results[0];
        for (int m = 1; m < results.Count; m++)
            if (results[m].Rows.Count != first.Rows.Count ||
                results[m].Rows.Where((r, i) => r.Variable != first.Rows[i].Variable || r.Group != first.Rows[i].Group).Any())
                throw new CohesionException($"imputation '{sets[m].Name}' gives other groups than imputation '{sets[0].Name}'", data.Source, imputationColumn);
        var rows = new List<MeasureRow>(first.Rows.Count);
        for (int i = 0; i < first.Rows.Count; i++)
        {
            var cell = results.Select(r => r.Rows[i]).ToList();
            var reason = cell.Select(c => c.Suppression).FirstOrDefault(s => s != SuppressionReason.None);
            if (reason != SuppressionReason.None)
            {
                rows.Add(first.Rows[i] with { Estimate = double.NaN, StandardError = double.NaN, CiLower = double.NaN, CiUpper = double.NaN, WeightedN = double.NaN, Deff = double.NaN, Suppression = reason });
                continue;
            }
            var p = RubinsRules.Combine(cell.Select(c => c.Estimate).ToList(), cell.Select(c => c.StandardError * c.StandardError).ToList());
            var (lo, hi) = p.Interval(0, options.Level);
            rows.Add(first.Rows[i] with
            {
                Estimate = p.Estimates[0], StandardError = p.StandardError(0), CiLower = lo, CiUpper = hi, Deff = double.NaN,
                WeightedN = cell.Average(c => c.WeightedN), Df = p.Df[0], Fmi = p.Fmi[0],
            });
        }
        return first with { Rows = rows, Imputations = sets.Count };
    }
}
