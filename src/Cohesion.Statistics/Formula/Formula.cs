namespace Cohesion.Statistics.Formula;

/// <summary>
/// A parsed model formula in the R dialect users of lm/lme4/fixest/metafor already speak:
/// <c>y ~ x1 + x2*f + factor(g) + log(z) + I(x^2)</c>, random terms <c>(1|g)</c>, <c>(x|g)</c>, <c>(1|a/b)</c>,
/// <c>(x||g)</c>, and absorbed fixed effects after a top-level bar: <c>y ~ x | fe1 + fe2</c> (fixest).
/// Terms are in R's order: by interaction degree, then by first appearance.
/// </summary>
public sealed record ModelFormula(
    string? Response,
    IReadOnlyList<Term> Terms,
    bool Intercept,
    IReadOnlyList<RandomTerm> RandomTerms,
    IReadOnlyList<string> AbsorbedFactors,
    string Text)
{
    public static ModelFormula Parse(string text) => FormulaParser.Parse(text);

    /// <summary>Expressions inside <c>offset(...)</c> terms (summed into the linear predictor with coefficient 1).</summary>
    public IReadOnlyList<string> Offsets { get; init; } = [];

    /// <summary>For a <c>cbind(successes, failures)</c> response, its two argument expressions; otherwise null.</summary>
    public (string Successes, string Failures)? BinomialResponse =>
        Response is null ? null : FormulaParser.SplitCbind(Response);

    /// <summary>Every data column the formula refers to (response, terms, random terms, absorbed factors).</summary>
    public IEnumerable<string> Columns()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (Response is not null) foreach (var c in FormulaParser.ColumnsOfExpression(Response)) if (seen.Add(c)) yield return c;
        foreach (var t in Terms) foreach (var v in t.Variables) foreach (var c in v.Columns) if (seen.Add(c)) yield return c;
        foreach (var r in RandomTerms)
        {
            foreach (var t in r.Terms) foreach (var v in t.Variables) foreach (var c in v.Columns) if (seen.Add(c)) yield return c;
            foreach (var g in r.Grouping) if (seen.Add(g)) yield return g;
        }
        foreach (var f in AbsorbedFactors) if (seen.Add(f)) yield return f;
        foreach (var o in Offsets) foreach (var c in FormulaParser.ColumnsOfExpression(o)) if (seen.Add(c)) yield return c;
    }

    public override string ToString() => Text;
}

/// <summary>One term: a single variable or an interaction (<c>a:b</c>) of several.</summary>
public sealed record Term(IReadOnlyList<Variable> Variables)
{
    public string Name => string.Join(":", Variables.Select(v => v.Name));
    public int Degree => Variables.Count;
    public bool SameAs(Term other) =>
        Variables.Count == other.Variables.Count && Variables.All(v => other.Variables.Any(o => o.Name == v.Name));
    public override string ToString() => Name;
}

/// <summary>
/// A variable in a term: a column, possibly transformed. <see cref="Function"/> is null for a plain column,
/// otherwise one of factor, as.factor, log, log1p, exp, sqrt, I. For <c>I(...)</c>, <see cref="Expression"/>
/// holds the arithmetic inside the parentheses.
/// </summary>
public sealed record Variable(string Name, string? Function, string Expression)
{
    /// <summary>The data columns this variable reads.</summary>
    public IReadOnlyList<string> Columns => FormulaParser.ColumnsOfExpression(Expression);
    /// <summary>True for <c>factor(x)</c>/<c>as.factor(x)</c>: always treated as categorical.</summary>
    public bool ForcedFactor => Function is "factor" or "as.factor";
    public override string ToString() => Name;
}

/// <summary>
/// A random-effects term <c>(lhs | grouping)</c>. <see cref="Grouping"/> is the list of columns whose
/// interaction defines the groups (<c>a:b</c> → [a, b]); a nested <c>(1|a/b)</c> is expanded by the parser into
/// <c>(1|a)</c> and <c>(1|a:b)</c> as lme4 does. <see cref="Correlated"/> is false for <c>||</c>.
/// </summary>
public sealed record RandomTerm(IReadOnlyList<Term> Terms, bool Intercept, IReadOnlyList<string> Grouping, bool Correlated)
{
    /// <summary>The grouping factor's name as lme4 prints it: inner factor first for nested terms (<c>b:a</c>).</summary>
    public string GroupName => string.Join(":", Grouping.Reverse());
    public override string ToString() =>
        $"({(Intercept ? "1" : "0")}{string.Concat(Terms.Select(t => " + " + t.Name))} {(Correlated ? "|" : "||")} {string.Join(":", Grouping)})";
}
