using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Regression;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// The model matrices of a mixed model as lme4's <c>lFormula</c>/<c>glFormula</c> build them: complete cases over
/// every variable the model uses (response, fixed and random terms, grouping factors, weights, offsets), the fixed
/// model matrix with aliased columns dropped (with a note), one <see cref="RandomBlock"/> per random term in lme4's
/// order (by number of levels, decreasing) with lme4's names, and lme4's identifiability checks.
/// </summary>
internal sealed class MixedDesign
{
    public required int N { get; init; }
    /// <summary>Fixed-effects model matrix, column-major N × P.</summary>
    public required double[] X { get; init; }
    public required string[] XNames { get; init; }
    public required RandomBlock[] Blocks { get; init; }
    public required string[] GroupNames { get; init; }
    /// <summary>Data-frame row of each observation used.</summary>
    public required int[] Rows { get; init; }
    public required List<string> Notes { get; init; }
    public int P => XNames.Length;
    public bool HasIntercept => Array.IndexOf(XNames, "(Intercept)") >= 0;

    /// <summary>Values of a data-frame column (or expression) at the rows used.</summary>
    public double[] Take(double[] all)
    {
        var r = new double[N];
        for (int i = 0; i < N; i++) r[i] = all[Rows[i]];
        return r;
    }

    /// <param name="candidate">Rows allowed before the complete-case rule (false: response, weight or offset missing).</param>
    /// <param name="checkObservationsVsEffects">lme4's check that there are more observations than random effects
    /// (only for models with a residual variance).</param>
    public static MixedDesign Build(DataFrame data, ModelFormula formula, bool[] candidate, bool checkObservationsVsEffects)
    {
        var extra = new List<string>();
        foreach (var rt in formula.RandomTerms)
        {
            foreach (var t in rt.Terms) foreach (var v in t.Variables) extra.AddRange(v.Columns);
            extra.AddRange(rt.Grouping);
        }
        var design = DesignMatrix.Build(data, formula.Terms, formula.Intercept, extra.Distinct(), candidate);
        int n = design.RowCount;
        if (n == 0) throw new CohesionException("no complete observations for the model", data.Source);
        var rows = design.Rows;
        var rowMask = new bool[data.RowCount];
        foreach (var r in rows) rowMask[r] = true;
        var notes = new List<string>();

        // fixed effects: drop aliased columns as lme4 does
        var xCols = Enumerable.Range(0, design.ColumnCount).ToList();
        if (design.ColumnCount > 0)
        {
            var qr = new QrDecomposition(design.Values, n, design.ColumnCount);
            if (qr.Rank < design.ColumnCount)
            {
                var dropped = qr.AliasedColumns().OrderBy(j => j).ToList();
                notes.Add($"fixed-effect model matrix is rank deficient so dropping {dropped.Count} column{(dropped.Count == 1 ? "" : "s")} / coefficient{(dropped.Count == 1 ? "" : "s")} ({string.Join(", ", dropped.Select(j => design.ColumnNames[j]))})");
                xCols = xCols.Where(j => !dropped.Contains(j)).ToList();
            }
        }
        int p = xCols.Count;
        double[] x;
        if (p == design.ColumnCount) x = design.Values;   // no column dropped: the design's own column-major values
        else
        {
            x = new double[n * p];
            for (int a = 0; a < p; a++) design.Column(xCols[a]).CopyTo(x.AsSpan(a * n, n));
        }
        var xNames = xCols.Select(j => design.ColumnNames[j]).ToArray();

        var blocks = new List<RandomBlock>();
        foreach (var rt in formula.RandomTerms)
        {
            var (codes, levelNames) = GroupingCodes(data, rt.Grouping, rows);
            var zd = DesignMatrix.Build(data, rt.Terms, rt.Intercept, null, rowMask);
            if (zd.RowCount != n) throw new CohesionException($"random term {rt}: missing values differ from the fixed part");
            if (zd.ColumnCount == 0) throw new CohesionException($"random term {rt} has no columns");
            blocks.Add(new RandomBlock { Group = GroupName(rt, formula.Text), TermNames = zd.ColumnNames, Codes = codes, LevelNames = levelNames, X = zd.Values });
        }
        // lme4 checks (checkNlevels, check.nobs.vs.nRE)
        foreach (var b in blocks)
        {
            if (b.Levels < 2) throw new ModelException($"grouping factor '{b.Group}' must have more than 1 sampled level (it has {b.Levels})");
            // models without a residual variance (binomial, Poisson) may have one level per observation (allow.n)
            int slack = checkObservationsVsEffects ? 0 : 1;
            if (b.Levels >= n + slack) throw new ModelException($"number of levels of grouping factor '{b.Group}' ({b.Levels}) must be < number of observations ({n})");
            if ((long)b.Levels * b.K >= n + slack)
                throw new ModelException($"number of observations (={n}) <= number of random effects (={b.Levels * b.K}) for term ({string.Join(" + ", b.TermNames)} | {b.Group}); the random-effects parameters and the residual variance are probably unidentifiable");
        }
        // lme4 order: by number of levels, decreasing (stable)
        var ordered = blocks.Select((b, i) => (b, i)).OrderByDescending(t => t.b.Levels).ThenBy(t => t.i).Select(t => t.b).ToArray();
        return new MixedDesign
        {
            N = n, X = x, XNames = xNames, Blocks = ordered, GroupNames = UniqueNames(ordered.Select(b => b.Group).ToList()),
            Rows = rows, Notes = notes,
        };
    }

    /// <summary>Evaluates an expression (a column name or arithmetic such as <c>log(x)</c>) over all rows.</summary>
    public static double[] Evaluate(DataFrame data, string expression) => LinearModel.EvaluateResponse(data, expression);

    /// <summary>Dense codes of the interaction of the grouping columns over the used rows (numbered by first
    /// appearance; the numbering does not affect the fit). Level names join the columns' values inner-first (b:a).</summary>
    private static (int[] Codes, string[] Levels) GroupingCodes(DataFrame data, IReadOnlyList<string> grouping, int[] rows)
    {
        var parts = new int[grouping.Count][];
        var names = new string[grouping.Count][];
        for (int j = 0; j < grouping.Count; j++) parts[j] = FactorCodes.Encode(data[grouping[j]], rows, out _, out names[j]);
        if (grouping.Count == 1) return (parts[0], names[0]);
        var codes = new int[rows.Length];
        var levels = new List<string>();
        var combined = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) combined[i] = parts[0][i];
        for (int j = 1; j < grouping.Count; j++)
        {
            var map = new Dictionary<(long, int), long>();
            for (int i = 0; i < rows.Length; i++)
            {
                var key = (combined[i], parts[j][i]);
                if (!map.TryGetValue(key, out long c)) { c = map.Count; map[key] = c; }
                combined[i] = c;
            }
        }
        var seen = new Dictionary<long, int>();
        for (int i = 0; i < rows.Length; i++)
        {
            if (!seen.TryGetValue(combined[i], out int c))
            {
                c = levels.Count;
                seen[combined[i]] = c;
                levels.Add(string.Join(":", Enumerable.Range(0, grouping.Count).Reverse().Select(j => names[j][parts[j][i]])));
            }
            codes[i] = c;
        }
        return (codes, levels.ToArray());
    }

    /// <summary>lme4's name of a grouping factor: nested <c>(1|a/b)</c> expands to <c>b:a</c>, an explicit interaction
    /// <c>(1|a:b)</c> keeps its written order <c>a:b</c>; deeper nesting <c>(1|a/b/c)</c> gives <c>c:(b:a)</c>.</summary>
    private static string GroupName(RandomTerm rt, string formulaText)
    {
        if (rt.Grouping.Count == 1) return rt.Grouping[0];
        var compact = string.Concat(formulaText.Where(c => !char.IsWhiteSpace(c))).Replace("`", "");
        if (!compact.Contains(string.Join("/", rt.Grouping), StringComparison.Ordinal)) return string.Join(":", rt.Grouping);
        // lme4 expands a/b/c to a + b:a + c:(b:a)
        string name = rt.Grouping[1] + ":" + rt.Grouping[0];
        for (int i = 2; i < rt.Grouping.Count; i++) name = rt.Grouping[i] + ":(" + name + ")";
        return name;
    }

    /// <summary>R's make.unique: repeated names get .1, .2, ...</summary>
    private static string[] UniqueNames(List<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var r = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            if (seen.TryGetValue(names[i], out int c)) { r[i] = $"{names[i]}.{c}"; seen[names[i]] = c + 1; }
            else { r[i] = names[i]; seen[names[i]] = 1; }
        }
        return r;
    }
}
