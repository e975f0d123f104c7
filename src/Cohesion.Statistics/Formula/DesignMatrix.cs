using Cohesion.Statistics.Data;

namespace Cohesion.Statistics.Formula;

/// <summary>
/// A model matrix as R's <c>model.matrix</c> builds it: column-major <see cref="Values"/> (n × p),
/// R-style column names (<c>(Intercept)</c>, <c>x</c>, <c>factor(g)b</c>, <c>x:gb</c>), rows with a missing value
/// in any used variable dropped (<c>na.omit</c>); <see cref="Rows"/> maps each design row to its data row.
/// Categorical variables use treatment contrasts (first level as reference) unless R's rule calls for full
/// indicator coding (a factor in an interaction whose margin without it is not in the model).
/// </summary>
public sealed class DesignMatrix
{
    public required double[] Values { get; init; }
    public required int RowCount { get; init; }
    public required string[] ColumnNames { get; init; }
    /// <summary>For each design row, its row index in the data frame.</summary>
    public required int[] Rows { get; init; }
    /// <summary>For each column, the index of the formula term it belongs to (-1 for the intercept).</summary>
    public required int[] TermIndex { get; init; }
    public int ColumnCount => ColumnNames.Length;

    public double this[int row, int col] => Values[col * RowCount + row];
    public ReadOnlySpan<double> Column(int col) => Values.AsSpan(col * RowCount, RowCount);

    /// <summary>Row-major copy (n × p), convenient for per-row kernels.</summary>
    public double[] ToRowMajor()
    {
        int n = RowCount, p = ColumnCount;
        var r = new double[n * p];
        for (int j = 0; j < p; j++)
        for (int i = 0; i < n; i++) r[i * p + j] = Values[j * n + i];
        return r;
    }

    /// <summary>
    /// Builds the matrix for the formula's fixed part. <paramref name="extraColumns"/> (e.g. the response, weights,
    /// grouping columns) also take part in the complete-case filter. <paramref name="rowFilter"/> restricts the
    /// candidate rows before the filter. With <paramref name="requireLevels"/> a factor left with a single level among
    /// the rows used is an error naming its column, as R's <c>model.matrix</c> ("contrasts can be applied only to factors
    /// with 2 or more levels"); without it such a factor contributes no column.
    /// </summary>
    public static DesignMatrix Build(DataFrame data, ModelFormula formula, IEnumerable<string>? extraColumns = null, bool[]? rowFilter = null, bool requireLevels = false)
        => Build(data, formula.Terms, formula.Intercept, extraColumns, rowFilter, requireLevels);

    public static DesignMatrix Build(DataFrame data, IReadOnlyList<Term> terms, bool intercept, IEnumerable<string>? extraColumns = null, bool[]? rowFilter = null,
        bool requireLevels = false)
    {
        // Evaluate every variable once over all rows.
        var evaluated = new Dictionary<string, EvaluatedVariable>(StringComparer.Ordinal);
        foreach (var t in terms)
            foreach (var v in t.Variables)
                if (!evaluated.ContainsKey(v.Name)) evaluated[v.Name] = Evaluate(data, v);

        // complete cases
        int n = data.RowCount;
        var keep = new bool[n];
        for (int i = 0; i < n; i++) keep[i] = rowFilter?[i] ?? true;
        foreach (var ev in evaluated.Values)
            for (int i = 0; i < n; i++)
                if (keep[i] && ev.IsMissing(i)) keep[i] = false;
        if (extraColumns is not null)
            foreach (var name in extraColumns)
            {
                var col = data[name];
                for (int i = 0; i < n; i++) if (keep[i] && col.IsMissing(i)) keep[i] = false;
            }
        var rows = new List<int>(n);
        for (int i = 0; i < n; i++) if (keep[i]) rows.Add(i);
        int m = rows.Count;

        // drop unused levels (model.frame(drop.unused.levels = TRUE))
        foreach (var ev in evaluated.Values) ev.RestrictLevels(rows);
        if (requireLevels && m > 0)
            foreach (var t in terms)
                foreach (var v in t.Variables)
                    if (evaluated[v.Name] is { IsCategorical: true, UsedLevels.Length: < 2 } one)
                        throw new CohesionException(
                            $"{v.Name} has only one level ('{one.Levels![one.UsedLevels![0]]}') among the {m} rows the model uses (rows with a missing value dropped); " +
                            "a factor needs 2 or more levels (R: contrasts can be applied only to factors with 2 or more levels)", data.Source, v.Expression);

        var names = new List<string>();
        var termIndex = new List<int>();
        var columns = new List<double[]>();
        if (intercept)
        {
            var one = new double[m];
            Array.Fill(one, 1.0);
            columns.Add(one);
            names.Add("(Intercept)");
            termIndex.Add(-1);
        }

        for (int ti = 0; ti < terms.Count; ti++)
        {
            var term = terms[ti];
            // per variable: list of (name suffix, values over kept rows)
            var parts = new List<List<(string Name, double[] Values)>>();
            foreach (var v in term.Variables)
            {
                var ev = evaluated[v.Name];
                if (!ev.IsCategorical)
                {
                    var vals = new double[m];
                    for (int r = 0; r < m; r++) vals[r] = ev.Numeric![rows[r]];
                    parts.Add([(v.Name, vals)]);
                    continue;
                }
                bool contrasts = UsesContrasts(term, v, terms, intercept);
                var list = new List<(string, double[])>();
                int start = contrasts ? 1 : 0;
                for (int l = start; l < ev.UsedLevels!.Length; l++)
                {
                    int code = ev.UsedLevels[l];
                    var vals = new double[m];
                    for (int r = 0; r < m; r++) vals[r] = ev.Codes![rows[r]] == code ? 1.0 : 0.0;
                    list.Add((v.Name + ev.Levels![code], vals));
                }
                parts.Add(list);
            }
            // Cartesian product, first variable varying fastest (as R); a term of one variable is its part as it is
            // (the product with the column of ones would copy every value unchanged)
            var combos = parts.Count == 1 ? parts[0] : new List<(string Name, double[] Values)> { ("", Ones(m)) };
            foreach (var part in parts.Count == 1 ? [] : parts)
            {
                var next = new List<(string, double[])>();
                foreach (var p in part)
                    foreach (var c in combos)
                    {
                        var vals = new double[m];
                        for (int r = 0; r < m; r++) vals[r] = c.Values[r] * p.Values[r];
                        next.Add((c.Name.Length == 0 ? p.Name : c.Name + ":" + p.Name, vals));
                    }
                combos = next;
            }
            foreach (var c in combos)
            {
                names.Add(c.Name);
                columns.Add(c.Values);
                termIndex.Add(ti);
            }
        }

        var values = new double[m * columns.Count];
        for (int j = 0; j < columns.Count; j++) columns[j].CopyTo(values, j * m);
        return new DesignMatrix
        {
            Values = values, RowCount = m, ColumnNames = names.ToArray(), Rows = rows.ToArray(), TermIndex = termIndex.ToArray()
        };
    }

    private static double[] Ones(int m)
    {
        var a = new double[m];
        Array.Fill(a, 1.0);
        return a;
    }

    /// <summary>R's rule: a factor F in term T is coded by contrasts if T without F is in the model
    /// (the empty term being the intercept); otherwise by full indicators.</summary>
    private static bool UsesContrasts(Term term, Variable factor, IReadOnlyList<Term> terms, bool intercept)
    {
        var rest = term.Variables.Where(v => v.Name != factor.Name).ToList();
        if (rest.Count == 0) return intercept;
        return terms.Any(t => t.Variables.Count == rest.Count && rest.All(r => t.Variables.Any(v => v.Name == r.Name)));
    }

    private sealed class EvaluatedVariable
    {
        public double[]? Numeric;
        public int[]? Codes;
        public string[]? Levels;
        public int[]? UsedLevels;
        public bool IsCategorical => Codes is not null;
        public bool IsMissing(int i) => Codes is not null ? Codes[i] < 0 : double.IsNaN(Numeric![i]) || double.IsInfinity(Numeric[i]);

        public void RestrictLevels(List<int> rows)
        {
            if (Codes is null) return;
            var used = new bool[Levels!.Length];
            foreach (var r in rows) used[Codes[r]] = true;
            UsedLevels = Enumerable.Range(0, Levels.Length).Where(l => used[l]).ToArray();
        }
    }

    private static EvaluatedVariable Evaluate(DataFrame data, Variable v)
    {
        if (v.ForcedFactor)
        {
            var cat = data.Categorical(v.Expression);
            return new EvaluatedVariable { Codes = cat.Codes, Levels = cat.Levels };
        }
        if (v.Function is null)
        {
            var col = data[v.Expression];
            if (col is CategoricalColumn c) return new EvaluatedVariable { Codes = c.Codes, Levels = c.Levels };
            return new EvaluatedVariable { Numeric = data.Numeric(v.Expression).Values };
        }
        double[] result;
        if (v.Function == "I")
            result = ExpressionEvaluator.Evaluate(data, v.Expression);
        else
        {
            var x = data.Numeric(v.Expression).Values;
            result = new double[x.Length];
            switch (v.Function)
            {
                case "log": for (int i = 0; i < x.Length; i++) result[i] = Math.Log(x[i]); break;
                case "log1p": for (int i = 0; i < x.Length; i++) result[i] = Math.Log(1 + x[i]); break;
                case "exp": for (int i = 0; i < x.Length; i++) result[i] = Math.Exp(x[i]); break;
                case "sqrt": for (int i = 0; i < x.Length; i++) result[i] = Math.Sqrt(x[i]); break;
                case "scale":
                {
                    double s = 0, ss = 0; int k = 0;
                    foreach (var xi in x) if (!double.IsNaN(xi)) { s += xi; k++; }
                    double mean = s / k;
                    foreach (var xi in x) if (!double.IsNaN(xi)) ss += (xi - mean) * (xi - mean);
                    double sd = Math.Sqrt(ss / (k - 1));
                    for (int i = 0; i < x.Length; i++) result[i] = (x[i] - mean) / sd;
                    break;
                }
                default: throw new CohesionException($"unsupported function {v.Function}()");
            }
        }
        // NaN (log of a negative number) is missing, as R's model.frame treats it; an infinite value (log(0),
        // exp(1000)) stops the fit, as R's lm does ("NA/NaN/Inf in 'x'")
        for (int i = 0; i < result.Length; i++)
            if (double.IsInfinity(result[i]))
                throw new CohesionException(
                    $"{v.Function}({v.Expression}) is not finite ({(result[i] > 0 ? "Inf" : "-Inf")}) in this row; drop or recode the row, or transform differently",
                    data.Source, v.Expression, i + 1);
        return new EvaluatedVariable { Numeric = result };
    }
}
