using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Data;

/// <summary>
/// Weight expressions that multiply columns, written <c>a*b</c> — e.g. the ESS weight <c>pspwght*pweight</c> for
/// rounds without <c>anweight</c>. <see cref="Ensure"/> adds the product as a numeric column named by the expression
/// (missing when any factor is missing), so the survey layer reads it like any other column.
/// </summary>
public static class ColumnProduct
{
    public static bool IsProduct(string expression) => expression.Contains('*');

    /// <summary>The factors of an expression (one for a plain column name).</summary>
    public static string[] Factors(string expression) =>
        expression.Split('*', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the data has every column the expression names.</summary>
    public static bool Available(DataFrame frame, string expression) => Factors(expression).All(frame.Contains);

    /// <summary>The column to read for <paramref name="expression"/>: a plain name unchanged; for a product, a numeric
    /// column holding it (added once). Throws naming the factor that is absent or not numeric.</summary>
    public static string Ensure(DataFrame frame, string expression)
    {
        if (!IsProduct(expression)) return expression;
        if (frame.Contains(expression)) return expression;
        var factors = Factors(expression);
        if (factors.Length < 2) throw new CohesionException($"'{expression}' is not a product of columns (write a*b)", frame.Source);
        var product = new double[frame.RowCount];
        Array.Fill(product, 1.0);
        foreach (var f in factors)
        {
            if (!frame.Contains(f)) throw new CohesionException($"the weight {expression} needs column '{f}', which the data does not have", frame.Source, f);
            if (frame[f] is not NumericColumn num) throw new CohesionException("a weight factor must be numeric", frame.Source, f);
            for (int i = 0; i < product.Length; i++) product[i] *= num.Values[i];
        }
        frame.Add(new NumericColumn(expression, product));
        return expression;
    }
}
