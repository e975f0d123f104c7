using System.Globalization;
using System.Text;

namespace Cohesion.Framework;

/// <summary>Comparison of a threshold rule.</summary>
public enum ThresholdOp { GreaterOrEqual, Greater, LessOrEqual, Less }

/// <summary>
/// How a raw answer becomes an indicator value in [0,1] (1 = the cohesive answer). Written as a short rule:
/// <list type="bullet">
/// <item><c>&gt;= 6</c> (also <c>&gt;</c>, <c>&lt;=</c>, <c>&lt;</c>): threshold, 1 when the comparison holds, else 0;</item>
/// <item><c>in [1, 2]</c>, <c>in [1..14]</c>, <c>in ["ja", "yes"]</c>: category set, 1 when the answer is in the set, else 0;</item>
/// <item><c>scale [0, 10]</c>: scale range rescaled linearly to [0,1]; a value outside the range is an error;</item>
/// <item>any rule followed by <c>reverse</c>: the value becomes 1 − value (e.g. <c>scale [1, 5] reverse</c>,
/// where 1 = "helemaal eens" is the cohesive end).</item>
/// </list>
/// Missing codes are removed before the rule applies; missing stays missing.
/// </summary>
public abstract record RecodeRule(bool Reverse)
{
    /// <summary>The indicator value of a numeric answer (not NaN, not a missing code).</summary>
    public double Apply(double x) => Reverse ? 1.0 - Raw(x) : Raw(x);

    protected abstract double Raw(double x);

    /// <summary>The indicator value of a text answer (categorical columns), or null when the rule needs numbers.</summary>
    public virtual double? ApplyText(string text) => null;

    /// <summary>The rule in its written form (round-trips through <see cref="Parse"/>).</summary>
    public abstract string Describe();

    protected string WithReverse(string s) => Reverse ? s + " reverse" : s;

    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Parses a written rule; throws <see cref="FormatException"/> with what is wrong.</summary>
    public static RecodeRule Parse(string text)
    {
        var s = text.Trim();
        bool reverse = false;
        if (s.EndsWith("reverse", StringComparison.OrdinalIgnoreCase) && (s.Length == 7 || s[^8] == ' ' || s[^8] == ']'))
        {
            reverse = true;
            s = s[..^7].TrimEnd();
        }
        if (s.Length == 0) throw new FormatException("empty rule; expected '>= k', 'in [..]' or 'scale [min, max]'");

        foreach (var (tok, op) in new[] { (">=", ThresholdOp.GreaterOrEqual), ("<=", ThresholdOp.LessOrEqual), (">", ThresholdOp.Greater), ("<", ThresholdOp.Less) })
        {
            if (!s.StartsWith(tok, StringComparison.Ordinal)) continue;
            var rest = s[tok.Length..].Trim();
            if (!TryNumber(rest, out var k)) throw new FormatException($"threshold '{tok}' needs a number, not '{rest}'");
            return new ThresholdRule(op, k, reverse);
        }
        if (s.StartsWith("in", StringComparison.OrdinalIgnoreCase) && s.Length > 2 && (s[2] == ' ' || s[2] == '['))
        {
            var items = ParseList(s[2..].Trim(), "in");
            if (items.Count == 0) throw new FormatException("category set 'in [..]' is empty");
            var numbers = new List<double>();
            var texts = new List<string>();
            foreach (var item in items)
            {
                if (item.Quoted) { texts.Add(item.Text); continue; }
                var range = item.Text.Split("..", StringSplitOptions.TrimEntries);
                if (range.Length == 2)
                {
                    if (!TryNumber(range[0], out var a) || !TryNumber(range[1], out var b) || a != Math.Floor(a) || b != Math.Floor(b) || b < a || b - a > 100000)
                        throw new FormatException($"range '{item.Text}' must be 'a..b' with integers a <= b");
                    for (double v = a; v <= b; v++) numbers.Add(v);
                }
                else if (TryNumber(item.Text, out var v)) numbers.Add(v);
                else texts.Add(item.Text);
            }
            return new CategorySetRule(numbers.Distinct().Order().ToArray(), texts.Distinct(StringComparer.Ordinal).ToArray(), reverse);
        }
        if (s.StartsWith("scale", StringComparison.OrdinalIgnoreCase))
        {
            var items = ParseList(s[5..].Trim(), "scale");
            if (items.Count != 2 || !TryNumber(items[0].Text, out var min) || !TryNumber(items[1].Text, out var max))
                throw new FormatException("scale range must be 'scale [min, max]' with two numbers");
            if (!(max > min)) throw new FormatException($"scale range [{Num(min)}, {Num(max)}]: max must be greater than min");
            return new ScaleRule(min, max, reverse);
        }
        throw new FormatException($"unknown rule '{text.Trim()}'; expected '>= k' ('>', '<=', '<'), 'in [a, b, ..]' or 'scale [min, max]', optionally followed by 'reverse'");
    }

    private static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    private readonly record struct ListItem(string Text, bool Quoted);

    private static List<ListItem> ParseList(string s, string what)
    {
        if (s.Length < 2 || s[0] != '[' || s[^1] != ']') throw new FormatException($"'{what}' needs a list in brackets, e.g. {what} [1, 2]");
        var body = s[1..^1];
        var items = new List<ListItem>();
        var sb = new StringBuilder();
        bool quoted = false, inQuote = false;
        char quoteChar = '"';
        for (int i = 0; i <= body.Length; i++)
        {
            char c = i < body.Length ? body[i] : ',';
            if (inQuote)
            {
                if (c == quoteChar) inQuote = false;
                else if (i == body.Length) throw new FormatException($"unterminated quote in '{what}' list");
                else sb.Append(c);
                continue;
            }
            if (c == '"' || c == '\'')
            {
                if (quoted || sb.ToString().Trim().Length > 0) throw new FormatException($"misplaced quote in '{what}' list");
                sb.Clear();
                inQuote = true; quoted = true; quoteChar = c;
                continue;
            }
            if (c == ',')
            {
                var t = quoted ? sb.ToString() : sb.ToString().Trim();
                if (t.Length > 0 || quoted) items.Add(new ListItem(t, quoted));
                else if (i < body.Length || items.Count > 0) throw new FormatException($"empty element in '{what}' list");
                sb.Clear();
                quoted = false;
                continue;
            }
            if (quoted && !char.IsWhiteSpace(c)) throw new FormatException($"text after a quoted value in '{what}' list");
            sb.Append(c);
        }
        return items;
    }
}

/// <summary><c>&gt;= k</c> and friends: 1 when the comparison holds.</summary>
public sealed record ThresholdRule(ThresholdOp Op, double Value, bool Reverse = false) : RecodeRule(Reverse)
{
    protected override double Raw(double x) => Op switch
    {
        ThresholdOp.GreaterOrEqual => x >= Value ? 1 : 0,
        ThresholdOp.Greater => x > Value ? 1 : 0,
        ThresholdOp.LessOrEqual => x <= Value ? 1 : 0,
        _ => x < Value ? 1 : 0
    };

    public override string Describe() => WithReverse(Op switch
    {
        ThresholdOp.GreaterOrEqual => ">= ",
        ThresholdOp.Greater => "> ",
        ThresholdOp.LessOrEqual => "<= ",
        _ => "< "
    } + Num(Value));
}

/// <summary><c>in [..]</c>: 1 when the answer is one of the listed codes (numbers) or texts.</summary>
public sealed record CategorySetRule(double[] Numbers, string[] Texts, bool Reverse = false) : RecodeRule(Reverse)
{
    protected override double Raw(double x) => Array.BinarySearch(Numbers, x) >= 0 ? 1 : 0;

    public override double? ApplyText(string text)
    {
        double raw;
        if (Array.IndexOf(Texts, text) >= 0) raw = 1;
        else if (Numbers.Length > 0 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) raw = Raw(v);
        else raw = 0;
        return Reverse ? 1 - raw : raw;
    }

    public override string Describe() =>
        WithReverse("in [" + string.Join(", ", Numbers.Select(Num).Concat(Texts.Select(t => "\"" + t + "\""))) + "]");

    public bool Equals(CategorySetRule? other) =>
        other is not null && Reverse == other.Reverse && Numbers.AsSpan().SequenceEqual(other.Numbers) && Texts.AsSpan().SequenceEqual(other.Texts);

    public override int GetHashCode() => HashCode.Combine(Reverse, Numbers.Length, Texts.Length);
}

/// <summary><c>scale [min, max]</c>: (x − min)/(max − min); values outside the range are rejected by the scorer.</summary>
public sealed record ScaleRule(double Min, double Max, bool Reverse = false) : RecodeRule(Reverse)
{
    protected override double Raw(double x) => (x - Min) / (Max - Min);
    public bool InRange(double x) => x >= Min && x <= Max;
    public override string Describe() => WithReverse($"scale [{Num(Min)}, {Num(Max)}]");
}
