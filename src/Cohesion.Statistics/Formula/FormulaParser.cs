using System.Text;

namespace Cohesion.Statistics.Formula;

/// <summary>Recursive-descent parser for <see cref="ModelFormula"/>. Errors are <see cref="CohesionException"/>s
/// quoting the formula and the position.</summary>
internal sealed class FormulaParser
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
        { "factor", "as.factor", "log", "log1p", "exp", "sqrt", "I", "scale" };

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;

    private FormulaParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    public static ModelFormula Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new CohesionException("empty formula");
        return new FormulaParser(text.Trim()).ParseFormula();
    }

    private ModelFormula ParseFormula()
    {
        int tilde = _tokens.FindIndex(t => t.Kind == TokenKind.Op && t.Text == "~");
        if (tilde < 0) throw Error("a formula needs '~', e.g. \"y ~ x1 + x2\"", 0);
        string? response = null;
        if (tilde > 0)
        {
            int start = _tokens[0].Position, end = _tokens[tilde].Position;
            response = _text[start..end].Trim();
            var cols = ColumnsOfExpression(response);
            if (cols.Count == 0) throw Error("the response must name a column", 0);
            if (response.StartsWith("cbind(", StringComparison.Ordinal) && SplitCbind(response) is null)
                throw Error("cbind() takes two arguments: cbind(successes, failures)", 0);
        }
        _pos = tilde + 1;
        var acc = new TermAccumulator();
        var randoms = new List<RandomTerm>();
        ParseSum(acc, randoms, topLevel: true);
        var absorbed = new List<string>();
        if (Peek is { Kind: TokenKind.Op, Text: "|" })
        {
            _pos++;
            do
            {
                var id = Expect(TokenKind.Ident, "a fixed-effect column name after '|'");
                absorbed.Add(id.Text);
                if (Peek is { Kind: TokenKind.Op, Text: "^" or ":" })
                    throw Error("combined fixed effects (a^b) are not supported; make a combined column", Peek.Position);
            } while (TryOp("+"));
        }
        if (Peek is not null) throw Error($"unexpected '{Peek.Text}'", Peek.Position);
        return new ModelFormula(response, acc.Ordered(), acc.Intercept, randoms, absorbed, _text) { Offsets = _offsets };
    }

    private readonly List<string> _offsets = new();

    /// <summary>The two argument expressions of <c>cbind(a, b)</c> (top-level comma), or null.</summary>
    internal static (string Successes, string Failures)? SplitCbind(string response)
    {
        var r = response.Trim();
        if (!r.StartsWith("cbind(", StringComparison.Ordinal) || !r.EndsWith(')')) return null;
        var inner = r[6..^1];
        int depth = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '(') depth++;
            else if (inner[i] == ')') depth--;
            else if (inner[i] == ',' && depth == 0)
            {
                var a = inner[..i].Trim();
                var b = inner[(i + 1)..].Trim();
                if (a.Length == 0 || b.Length == 0 || b.Contains(',')) return null;
                return (a, b);
            }
        }
        return null;
    }

    private void ParseSum(TermAccumulator acc, List<RandomTerm>? randoms, bool topLevel)
    {
        bool subtract = false;
        if (TryOp("-")) subtract = true;
        else TryOp("+");
        while (true)
        {
            if (Peek is null) throw Error("formula ends too early", _text.Length);
            ParseProductInto(acc, randoms, subtract);
            if (TryOp("+")) { subtract = false; continue; }
            if (TryOp("-")) { subtract = true; continue; }
            break;
        }
    }

    /// <summary>product := interaction ('*' interaction)*, expanded to all sub-interactions.</summary>
    private void ParseProductInto(TermAccumulator acc, List<RandomTerm>? randoms, bool subtract)
    {
        // intercept markers and random terms
        if (Peek is { Kind: TokenKind.Number })
        {
            var n = _tokens[_pos++];
            if (n.Text is "0") { acc.Intercept = subtract; return; }
            if (n.Text is "1") { acc.Intercept = !subtract; return; }
            throw Error($"a number in a formula can only be 0 or 1 (intercept), not {n.Text}", n.Position);
        }
        if (Peek is { Kind: TokenKind.Ident, Text: "offset" } && _pos + 1 < _tokens.Count && _tokens[_pos + 1] is { Kind: TokenKind.Op, Text: "(" })
        {
            // offset(expr): a known part of the linear predictor, not a model-matrix column
            if (randoms is null) throw Error("offset() must be a top-level term of the formula", Peek.Position);
            if (subtract) throw Error("an offset cannot be subtracted", Peek.Position);
            int open = _pos + 1, depth = 0, close = -1;
            for (int i = open; i < _tokens.Count; i++)
            {
                if (_tokens[i] is { Kind: TokenKind.Op, Text: "(" }) depth++;
                else if (_tokens[i] is { Kind: TokenKind.Op, Text: ")" } && --depth == 0) { close = i; break; }
            }
            if (close < 0) throw Error("unbalanced parentheses", Peek.Position);
            string inside = _text[(_tokens[open].Position + 1).._tokens[close].Position].Trim();
            if (inside.Length == 0 || ColumnsOfExpression(inside).Count == 0) throw Error("offset() needs a column expression, e.g. offset(log(exposure))", Peek.Position);
            _offsets.Add(inside);
            _pos = close + 1;
            return;
        }
        if (Peek is { Kind: TokenKind.Op, Text: "(" } && IsRandomGroup())
        {
            if (randoms is null) throw Error("random-effect terms cannot be nested", Peek.Position);
            if (subtract) throw Error("a random-effect term cannot be subtracted", Peek.Position);
            randoms.AddRange(ParseRandom());
            return;
        }
        var factors = new List<List<Term>> { ParseInteraction() };
        while (TryOp("*")) factors.Add(ParseInteraction());
        // expand a*b*c: all non-empty subsets of the product factors, each the interaction of its parts
        var expanded = new List<Term>();
        int m = factors.Count;
        for (int mask = 1; mask < (1 << m); mask++)
        {
            var combos = new List<List<Variable>> { new() };
            for (int j = 0; j < m; j++)
            {
                if ((mask & (1 << j)) == 0) continue;
                var next = new List<List<Variable>>();
                foreach (var c in combos)
                    foreach (var t in factors[j])
                    {
                        var merged = new List<Variable>(c);
                        foreach (var v in t.Variables) if (!merged.Any(x => x.Name == v.Name)) merged.Add(v);
                        next.Add(merged);
                    }
                combos = next;
            }
            foreach (var c in combos) expanded.Add(new Term(c));
        }
        foreach (var t in expanded)
            if (subtract) acc.Remove(t); else acc.Add(t);
    }

    /// <summary>interaction := atom (':' atom)*; an atom in parentheses may be a sum, so the result is a list.</summary>
    private List<Term> ParseInteraction()
    {
        var result = ParseAtom();
        while (TryOp(":"))
        {
            var right = ParseAtom();
            var next = new List<Term>();
            foreach (var l in result)
                foreach (var r in right)
                {
                    var merged = new List<Variable>(l.Variables);
                    foreach (var v in r.Variables) if (!merged.Any(x => x.Name == v.Name)) merged.Add(v);
                    next.Add(new Term(merged));
                }
            result = next;
        }
        return result;
    }

    private List<Term> ParseAtom()
    {
        var t = Peek ?? throw Error("formula ends too early", _text.Length);
        if (t is { Kind: TokenKind.Op, Text: "(" })
        {
            _pos++;
            var inner = new TermAccumulator();
            ParseSum(inner, null, topLevel: false);
            ExpectOp(")");
            return inner.Ordered().ToList();
        }
        if (t.Kind != TokenKind.Ident) throw Error($"expected a column name, found '{t.Text}'", t.Position);
        _pos++;
        if (Peek is { Kind: TokenKind.Op, Text: "(" })
        {
            if (!Functions.Contains(t.Text))
                throw Error($"unknown function '{t.Text}()'; supported: {string.Join(", ", Functions)}", t.Position);
            int open = _pos;
            int depth = 0, close = -1;
            for (int i = open; i < _tokens.Count; i++)
            {
                if (_tokens[i] is { Kind: TokenKind.Op, Text: "(" }) depth++;
                else if (_tokens[i] is { Kind: TokenKind.Op, Text: ")" } && --depth == 0) { close = i; break; }
            }
            if (close < 0) throw Error("unbalanced parentheses", t.Position);
            string inside = _text[(_tokens[open].Position + 1).._tokens[close].Position].Trim();
            _pos = close + 1;
            if (t.Text != "I" && ColumnsOfExpression(inside) is var cols && (cols.Count != 1 || cols[0] != inside))
                throw Error($"{t.Text}() takes a single column name", t.Position);
            string name = $"{t.Text}({inside})";
            return [new Term([new Variable(name, t.Text, inside)])];
        }
        return [new Term([new Variable(t.Text, null, t.Text)])];
    }

    private bool IsRandomGroup()
    {
        int depth = 0;
        for (int i = _pos; i < _tokens.Count; i++)
        {
            var tk = _tokens[i];
            if (tk is { Kind: TokenKind.Op, Text: "(" }) depth++;
            else if (tk is { Kind: TokenKind.Op, Text: ")" }) { if (--depth == 0) return false; }
            else if (depth == 1 && tk is { Kind: TokenKind.Op, Text: "|" or "||" }) return true;
        }
        return false;
    }

    private IEnumerable<RandomTerm> ParseRandom()
    {
        ExpectOp("(");
        var lhs = new TermAccumulator();
        ParseSum(lhs, null, topLevel: false);
        bool correlated;
        if (TryOp("|")) correlated = true;
        else if (TryOp("||")) correlated = false;
        else throw Error("expected '|' in a random-effect term", Peek?.Position ?? _text.Length);
        var first = Expect(TokenKind.Ident, "a grouping column").Text;
        var chain = new List<string> { first };
        bool nested = false, crossed = false;
        while (Peek is { Kind: TokenKind.Op, Text: "/" or ":" })
        {
            var op = _tokens[_pos++].Text;
            if (op == "/") nested = true; else crossed = true;
            chain.Add(Expect(TokenKind.Ident, "a grouping column").Text);
        }
        ExpectOp(")");
        if (nested && crossed) throw Error("mixing '/' and ':' in one grouping is not supported", 0);
        var terms = lhs.Ordered();
        IEnumerable<RandomTerm> Make(IReadOnlyList<string> g)
        {
            if (correlated) return [new RandomTerm(terms, lhs.Intercept, g, true)];
            // (x || g) = (1|g) + (0 + x|g): independent terms, as lme4 expands it
            var list = new List<RandomTerm>();
            if (lhs.Intercept) list.Add(new RandomTerm([], true, g, false));
            foreach (var t in terms) list.Add(new RandomTerm([t], false, g, false));
            return list;
        }
        if (!nested) return Make(chain);
        var expanded = new List<RandomTerm>();
        for (int i = 1; i <= chain.Count; i++) expanded.AddRange(Make(chain.Take(i).ToList()));
        return expanded;
    }

    // ---- tokens -----------------------------------------------------------------------------------------

    private enum TokenKind { Ident, Number, Op }
    private sealed record Token(TokenKind Kind, string Text, int Position);

    private Token? Peek => _pos < _tokens.Count ? _tokens[_pos] : null;

    private bool TryOp(string op)
    {
        if (Peek is { Kind: TokenKind.Op } t && t.Text == op) { _pos++; return true; }
        return false;
    }

    private void ExpectOp(string op)
    {
        if (!TryOp(op)) throw Error($"expected '{op}'", Peek?.Position ?? _text.Length);
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Peek is { } t && t.Kind == kind) { _pos++; return t; }
        throw Error($"expected {what}", Peek?.Position ?? _text.Length);
    }

    private CohesionException Error(string message, int position) =>
        new($"formula \"{_text}\": {message} (at character {position + 1})");

    private static List<Token> Tokenize(string s)
    {
        var list = new List<Token>();
        int i = 0;
        while (i < s.Length)
        {
            char c = s[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c == '`')
            {
                int end = s.IndexOf('`', i + 1);
                if (end < 0) throw new CohesionException($"formula \"{s}\": unterminated backtick");
                list.Add(new Token(TokenKind.Ident, s[(i + 1)..end], i));
                i = end + 1;
                continue;
            }
            if (char.IsLetter(c) || c == '.' && i + 1 < s.Length && !char.IsDigit(s[i + 1]) || c == '_')
            {
                int start = i;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '.' or '_')) i++;
                list.Add(new Token(TokenKind.Ident, s[start..i], start));
                continue;
            }
            if (char.IsDigit(c) || c == '.')
            {
                int start = i;
                while (i < s.Length && (char.IsDigit(s[i]) || s[i] is '.' or 'e' or 'E')) i++;
                list.Add(new Token(TokenKind.Number, s[start..i], start));
                continue;
            }
            if (c == '|' && i + 1 < s.Length && s[i + 1] == '|') { list.Add(new Token(TokenKind.Op, "||", i)); i += 2; continue; }
            if ("~+-*:/|()^,".Contains(c)) { list.Add(new Token(TokenKind.Op, c.ToString(), i)); i++; continue; }
            throw new CohesionException($"formula \"{s}\": unexpected character '{c}' (at character {i + 1})");
        }
        return list;
    }

    /// <summary>Column names referred to in an arithmetic expression such as <c>x^2</c> or <c>log(a/b)</c>.</summary>
    internal static IReadOnlyList<string> ColumnsOfExpression(string expr)
    {
        var cols = new List<string>();
        var sb = new StringBuilder();
        int i = 0;
        while (i < expr.Length)
        {
            char c = expr[i];
            if (c == '`')
            {
                int end = expr.IndexOf('`', i + 1);
                if (end < 0) break;
                var name = expr[(i + 1)..end];
                if (!cols.Contains(name)) cols.Add(name);
                i = end + 1;
                continue;
            }
            if (char.IsLetter(c) || c == '_' || c == '.' && i + 1 < expr.Length && !char.IsDigit(expr[i + 1]))
            {
                int start = i;
                while (i < expr.Length && (char.IsLetterOrDigit(expr[i]) || expr[i] is '.' or '_')) i++;
                var name = expr[start..i];
                int j = i;
                while (j < expr.Length && char.IsWhiteSpace(expr[j])) j++;
                bool isCall = j < expr.Length && expr[j] == '(';
                if (!isCall && !cols.Contains(name)) cols.Add(name);
                continue;
            }
            i++;
        }
        return cols;
    }

    private sealed class TermAccumulator
    {
        private readonly List<Term> _terms = new();
        public bool Intercept { get; set; } = true;

        public void Add(Term t)
        {
            if (!_terms.Any(x => x.SameAs(t))) _terms.Add(t);
        }

        public void Remove(Term t) => _terms.RemoveAll(x => x.SameAs(t));

        /// <summary>R's order: by degree, stable within a degree; within an interaction the variables follow their
        /// first appearance in the formula (R labels <c>sex + edu + edu:sex</c>'s interaction <c>sex:edu</c>).</summary>
        public IReadOnlyList<Term> Ordered()
        {
            var first = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in _terms)
                foreach (var v in t.Variables)
                    first.TryAdd(v.Name, first.Count);
            return _terms.Select(t => t.Degree < 2 ? t : new Term(t.Variables.OrderBy(v => first[v.Name]).ToList()))
                .OrderBy(t => t.Degree).ToList();
        }
    }
}
