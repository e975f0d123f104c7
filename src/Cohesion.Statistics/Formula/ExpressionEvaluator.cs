using System.Globalization;
using Cohesion.Statistics.Data;

namespace Cohesion.Statistics.Formula;

/// <summary>Evaluates the arithmetic inside <c>I(...)</c> column-wise: numbers, columns, + - * / ^, parentheses,
/// and log/exp/sqrt/abs calls. Missing in → NaN out.</summary>
internal static class ExpressionEvaluator
{
    public static double[] Evaluate(DataFrame data, string expr)
    {
        var p = new Parser(data, expr);
        var r = p.ParseSum();
        if (!p.AtEnd) throw new CohesionException($"I({expr}): unexpected text at character {p.Position + 1}");
        return r;
    }

    private sealed class Parser(DataFrame data, string s)
    {
        private int _i;
        public int Position => _i;
        public bool AtEnd { get { Skip(); return _i >= s.Length; } }
        private int N => data.RowCount;

        private void Skip() { while (_i < s.Length && char.IsWhiteSpace(s[_i])) _i++; }

        public double[] ParseSum()
        {
            var left = ParseProduct();
            while (true)
            {
                Skip();
                if (_i < s.Length && (s[_i] == '+' || s[_i] == '-'))
                {
                    char op = s[_i++];
                    var right = ParseProduct();
                    left = Combine(left, right, op == '+' ? (a, b) => a + b : (a, b) => a - b);
                }
                else return left;
            }
        }

        private double[] ParseProduct()
        {
            var left = ParsePower();
            while (true)
            {
                Skip();
                if (_i < s.Length && (s[_i] == '*' || s[_i] == '/'))
                {
                    char op = s[_i++];
                    var right = ParsePower();
                    left = Combine(left, right, op == '*' ? (a, b) => a * b : (a, b) => a / b);
                }
                else return left;
            }
        }

        private double[] ParsePower()
        {
            var b = ParseUnary();
            Skip();
            if (_i < s.Length && s[_i] == '^')
            {
                _i++;
                var e = ParsePower();
                return Combine(b, e, Math.Pow);
            }
            return b;
        }

        private double[] ParseUnary()
        {
            Skip();
            if (_i < s.Length && s[_i] == '-') { _i++; var v = ParseUnary(); return v.Select(x => -x).ToArray(); }
            return ParseAtom();
        }

        private double[] ParseAtom()
        {
            Skip();
            if (_i >= s.Length) throw new CohesionException($"I({s}): expression ends too early");
            if (s[_i] == '(')
            {
                _i++;
                var v = ParseSum();
                Skip();
                if (_i >= s.Length || s[_i] != ')') throw new CohesionException($"I({s}): missing ')'");
                _i++;
                return v;
            }
            if (char.IsDigit(s[_i]) || s[_i] == '.' && _i + 1 < s.Length && char.IsDigit(s[_i + 1]))
            {
                int start = _i;
                while (_i < s.Length && (char.IsDigit(s[_i]) || s[_i] is '.' or 'e' or 'E')) _i++;
                var c = double.Parse(s[start.._i], CultureInfo.InvariantCulture);
                var arr = new double[N];
                Array.Fill(arr, c);
                return arr;
            }
            int st = _i;
            if (s[_i] == '`')
            {
                int end = s.IndexOf('`', _i + 1);
                _i = end + 1;
                return (double[])data.Numeric(s[(st + 1)..end]).Values.Clone();
            }
            while (_i < s.Length && (char.IsLetterOrDigit(s[_i]) || s[_i] is '.' or '_')) _i++;
            var name = s[st.._i];
            if (name.Length == 0) throw new CohesionException($"I({s}): unexpected '{s[_i]}'");
            Skip();
            if (_i < s.Length && s[_i] == '(')
            {
                _i++;
                var arg = ParseSum();
                Skip();
                if (_i >= s.Length || s[_i] != ')') throw new CohesionException($"I({s}): missing ')'");
                _i++;
                Func<double, double> f = name switch
                {
                    "log" => Math.Log, "exp" => Math.Exp, "sqrt" => Math.Sqrt, "abs" => Math.Abs,
                    _ => throw new CohesionException($"I({s}): unknown function {name}()")
                };
                return arg.Select(f).ToArray();
            }
            return (double[])data.Numeric(name).Values.Clone();
        }

        private static double[] Combine(double[] a, double[] b, Func<double, double, double> op)
        {
            var r = new double[a.Length];
            for (int i = 0; i < a.Length; i++) r[i] = op(a[i], b[i]);
            return r;
        }
    }
}
