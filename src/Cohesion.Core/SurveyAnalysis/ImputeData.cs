using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Imputation;

namespace Cohesion.SurveyAnalysis;

/// <summary>What <c>cohesion impute</c> does: impute the listed variables by chained equations and write the stacked
/// imputations (columns <c>.imp</c> = 1..m and <c>.id</c> = the input row) for <c>--imputation .imp</c>.</summary>
public sealed record ImputeRequest
{
    public required string Data { get; init; }
    public required IReadOnlyList<string> Variables { get; init; }
    public IReadOnlyList<string> Predictors { get; init; } = [];
    public required string Out { get; init; }
    public ChainedEquationsOptions Options { get; init; } = new();
}

public sealed record ImputeResult(ChainedEquationsResult Imputation, int Rows, string Source, string Out);

public static class ImputeData
{
    public const string ImputationColumn = ".imp";
    public const string RowColumn = ".id";

    public static ImputeResult Run(ImputeRequest q)
    {
        var frame = DatasetLoader.Load(q.Data);
        foreach (var c in new[] { ImputationColumn, RowColumn })
            if (frame.Contains(c)) throw new CohesionException($"the data already have a column '{c}' (stacked imputations?); impute the original data", frame.Source, c);
        ChainedEquationsResult result;
        try { result = ChainedEquations.Impute(frame, q.Variables, q.Predictors, q.Options); }
        catch (CohesionException ce) { throw ce.WithFile(frame.Source ?? q.Data); }
        TableWriter.Write(Stack(result.Imputations), q.Out);
        return new ImputeResult(result, frame.RowCount, frame.Source ?? q.Data, q.Out);
    }

    /// <summary>The imputed data sets one below the other, with the imputation number and the original row number.</summary>
    public static DataFrame Stack(IReadOnlyList<DataFrame> sets)
    {
        int n = sets[0].RowCount, m = sets.Count;
        var rows = Enumerable.Range(0, n * m).Select(r => r % n).ToArray();
        var stacked = new DataFrame(n * m, sets[0].Source);
        for (int j = 0; j < sets[0].Columns.Count; j++)
        {
            var parts = sets.Select(s => s.Columns[j]).ToList();
            stacked.Add(parts[0] switch
            {
                NumericColumn num => new NumericColumn(num.Name, parts.SelectMany(p => ((NumericColumn)p).Values).ToArray(), num.ValueLabels, num.Label),
                CategoricalColumn c => new CategoricalColumn(c.Name, parts.SelectMany(p => ((CategoricalColumn)p).Codes).ToArray(), c.Levels, c.Labels),
                var other => other.Take(rows),
            });
        }
        stacked.Add(new NumericColumn(ImputationColumn, Enumerable.Range(0, n * m).Select(r => (double)(r / n + 1)).ToArray()));
        stacked.Add(new NumericColumn(RowColumn, rows.Select(r => (double)(r + 1)).ToArray()));
        return stacked;
    }
}
