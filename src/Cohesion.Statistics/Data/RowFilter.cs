using System.Globalization;

namespace Cohesion.Statistics.Data;

/// <summary>
/// A row condition in R's syntax, as used by <c>subset(design, ...)</c>: comparisons of a column with a value
/// (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>), <c>%in% c(...)</c>, combined with
/// <c>&amp;</c>, <c>|</c>, <c>!</c> and parentheses. Values are numbers, quoted strings or bare words
/// (<c>stype == E</c> means the level "E"); a categorical column compares its level text. A missing value makes a
/// comparison NA, and NA rows are not selected (R's <c>subset.survey.design</c>: <c>r &amp; !is.na(r)</c>).
/// </summary>
public static class RowFilter
{
    /// <summary>Which rows satisfy <paramref name="expression"/>. Throws a <see cref="CohesionException"/> naming the
    /// column or the position for an unknown column or a malformed expression.</summary>
    public static bool[] Evaluate(DataFrame data, string expression)
    {
        if (string.IsNullOrWhiteSpace(expression)) throw new CohesionException("the subset expression is empty");
        var p = new Parser(data, expression);
        var v = p.ParseOr();
        p.ExpectEnd();
        var r = new bool[data.RowCount];
        for (int i = 0; i < r.Length; i++) r[i] = v[i] == True;
        return r;
    }

    private const sbyte True = 1, False = 0, Na = -1;

    private sealed class Parser(DataFrame data, string s)
    {
        private int _i;
        private int N => data.RowCount;

        private CohesionException Error(string what) =>
            new($"subset expression \"{s}\": {what} at character {Math.Min(_i, s.Length) + 1}", data.Source);

        private void Skip() { while (_i < s.Length && char.IsWhiteSpace(s[_i])) _i++; }
        private int SkipFrom(int i) { while (i < s.Length - 1 && char.IsWhiteSpace(s[i])) i++; return i; }
        private bool Peek(string t) { Skip(); return string.CompareOrdinal(s, _i, t, 0, t.Length) == 0; }
        private bool Accept(string t) { if (!Peek(t)) return false; _i += t.Length; return true; }

        public void ExpectEnd()
        {
            Skip();
            if (_i < s.Length) throw Error($"unexpected '{s[_i..]}'");
        }

        public sbyte[] ParseOr()
        {
            var left = ParseAnd();
            while (Accept("||") || Accept("|"))
            {
                var right = ParseAnd();
                for (int i = 0; i < N; i++)
                    left[i] = left[i] == True || right[i] == True ? True : left[i] == Na || right[i] == Na ? Na : False;
            }
            return left;
        }

        private sbyte[] ParseAnd()
        {
            var left = ParseNot();
            while (Accept("&&") || Accept("&"))
            {
                var right = ParseNot();
                for (int i = 0; i < N; i++)
                    left[i] = left[i] == False || right[i] == False ? False : left[i] == Na || right[i] == Na ? Na : True;
            }
            return left;
        }

        private sbyte[] ParseNot()
        {
            if (Peek("!") && !Peek("!="))
            {
                _i++;
                var v = ParseNot();
                for (int i = 0; i < N; i++) if (v[i] != Na) v[i] = v[i] == True ? False : True;
                return v;
            }
            if (Accept("("))
            {
                var v = ParseOr();
                if (!Accept(")")) throw Error("missing ')'");
                return v;
            }
            return ParseComparison();
        }

        private sbyte[] ParseComparison()
        {
            int at = _i;
            var left = ParseOperand();
            if (left.Column is null)
            {
                if (left.Text is { } word && double.IsNaN(left.Number) && at < s.Length && s[SkipFrom(at)] is not ('"' or '\''))
                    throw new CohesionException($"subset expression \"{s}\": no column '{word}' (columns: {string.Join(", ", data.ColumnNames.Take(30))})", data.Source, word);
                throw Error("a comparison must start with a column name");
            }
            if (Accept("%in%"))
            {
                Skip();
                if (!Accept("c(")) throw Error("expected c(...) after %in%");
                var values = new List<Operand>();
                if (!Accept(")"))
                {
                    do values.Add(ParseOperand()); while (Accept(","));
                    if (!Accept(")")) throw Error("missing ')' after the %in% values");
                }
                var r = new sbyte[N];
                Array.Fill(r, False);
                foreach (var v in values)
                {
                    var eq = Compare(left, "==", v);
                    for (int i = 0; i < N; i++) if (eq[i] == True) r[i] = True; else if (eq[i] == Na) r[i] = Na;
                }
                return r;
            }
            string? op = null;
            foreach (var o in new[] { "==", "!=", "<=", ">=", "<", ">" })
                if (Accept(o)) { op = o; break; }
            if (op is null) throw Error("expected a comparison (==, !=, <, <=, >, >=, %in%)");
            var right = ParseOperand();
            return Compare(left, op, right);
        }

        private sealed record Operand(Column? Column, string? Text, double Number);

        private Operand ParseOperand()
        {
            Skip();
            if (_i >= s.Length) throw Error("the expression ends too early");
            char c = s[_i];
            if (c is '"' or '\'')
            {
                int end = s.IndexOf(c, _i + 1);
                if (end < 0) throw Error("unterminated string");
                var text = s[(_i + 1)..end];
                _i = end + 1;
                return new Operand(null, text, double.NaN);
            }
            if (c == '`')
            {
                int end = s.IndexOf('`', _i + 1);
                if (end < 0) throw Error("unterminated `name`");
                var name = s[(_i + 1)..end];
                _i = end + 1;
                return new Operand(data[name], null, double.NaN);
            }
            int start = _i;
            if (c is '-' or '+') _i++;
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] is '.' or '_')) _i++;
            var word = s[start.._i];
            if (word.Length == 0) throw Error($"unexpected '{c}'");
            if (double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out var num))
                return new Operand(null, word, num);
            if (data.Contains(word)) return new Operand(data[word], null, double.NaN);
            if (word is "TRUE" or "FALSE") return new Operand(null, word, word == "TRUE" ? 1 : 0);
            return new Operand(null, word, double.NaN); // a bare level name
        }

        private sbyte[] Compare(Operand left, string op, Operand right)
        {
            var r = new sbyte[N];
            var col = left.Column!;
            if (right.Column is { } rc)
            {
                if (col is not NumericColumn a || rc is not NumericColumn b)
                    throw new CohesionException($"subset expression \"{s}\": comparing two columns needs numeric columns", data.Source, col.Name);
                for (int i = 0; i < N; i++) r[i] = Cmp(a.Values[i], b.Values[i], op);
                return r;
            }
            if (col is NumericColumn num)
            {
                double v = right.Number;
                if (double.IsNaN(v))
                {
                    // a numeric column with value labels can be compared with a label
                    var label = num.ValueLabels?.FirstOrDefault(kv => kv.Value == right.Text);
                    if (label is { Value: not null } l && (op is "==" or "!=")) v = l.Key;
                    else throw new CohesionException($"subset expression \"{s}\": column is numeric but '{right.Text}' is not a number", data.Source, col.Name);
                }
                for (int i = 0; i < N; i++) r[i] = Cmp(num.Values[i], v, op);
                return r;
            }
            var cat = (CategoricalColumn)col;
            if (op is not ("==" or "!="))
            {
                if (double.IsNaN(right.Number) || !cat.Levels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                    throw new CohesionException($"subset expression \"{s}\": '{op}' needs a numeric column; a categorical column takes == , != or %in%", data.Source, col.Name);
                var values = cat.Levels.Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
                for (int i = 0; i < N; i++) r[i] = cat.Codes[i] < 0 ? Na : Cmp(values[cat.Codes[i]], right.Number, op);
                return r;
            }
            string text = right.Text!;
            int level = Array.IndexOf(cat.Levels, text);
            if (level < 0 && cat.Labels is not null) level = Array.IndexOf(cat.Labels, text);
            if (level < 0 && !double.IsNaN(right.Number))
                level = Array.FindIndex(cat.Levels, l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x == right.Number);
            if (level < 0)
                throw new CohesionException($"subset expression \"{s}\": '{text}' is not a value of the column (values: {string.Join(", ", cat.Levels.Take(20))})", data.Source, col.Name);
            for (int i = 0; i < N; i++)
            {
                int c = cat.Codes[i];
                r[i] = c < 0 ? Na : (c == level) == (op == "==") ? True : False;
            }
            return r;
        }

        private static sbyte Cmp(double a, double b, string op)
        {
            if (double.IsNaN(a) || double.IsNaN(b)) return Na;
            bool t = op switch { "==" => a == b, "!=" => a != b, "<" => a < b, "<=" => a <= b, ">" => a > b, _ => a >= b };
            return t ? True : False;
        }
    }
}
