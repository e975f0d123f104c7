using System.Globalization;
using Cohesion.Statistics.Data;

namespace Cohesion.Statistics.Regression;

/// <summary>
/// Fast dense coding of a column used as a grouping factor (fixed effects, clusters, random-effect groups) over
/// selected rows, without building a sorted level list of millions of values: integer-valued numeric columns are
/// mapped through an offset array, other values through a hash map. Codes are 0..levels−1 in order of first
/// appearance among the rows.
/// </summary>
public static class FactorCodes
{
    public static int[] Encode(Column column, ReadOnlySpan<int> rows, out int levels, out string[] levelNames)
    {
        var codes = Encode(column, rows, out levels, out Func<string[]> names);
        levelNames = names();
        return codes;
    }

    /// <summary>The codes alone (the names of a million levels are not formatted when no one reads them).</summary>
    public static int[] Encode(Column column, ReadOnlySpan<int> rows, out int levels) => Encode(column, rows, out levels, out Func<string[]> _);

    private static int[] Encode(Column column, ReadOnlySpan<int> rows, out int levels, out Func<string[]> levelNames)
    {
        var codes = new int[rows.Length];
        var first = new List<int>();
        switch (column)
        {
            case CategoricalColumn cat:
            {
                var map = new int[cat.LevelCount];
                Array.Fill(map, -1);
                for (int i = 0; i < rows.Length; i++)
                {
                    int c = cat.Codes[rows[i]];
                    if (c < 0) throw new CohesionException("missing value in a grouping column", column: column.Name, row: rows[i] + 1);
                    if (map[c] < 0) { map[c] = first.Count; first.Add(c); }
                    codes[i] = map[c];
                }
                levels = first.Count;
                levelNames = () => first.Select(c => cat.Levels[c]).ToArray();
                return codes;
            }
            case NumericColumn num:
            {
                var v = num.Values;
                double min = double.PositiveInfinity, max = double.NegativeInfinity;
                bool integral = true;
                for (int i = 0; i < rows.Length; i++)
                {
                    double x = v[rows[i]];
                    if (double.IsNaN(x)) throw new CohesionException("missing value in a grouping column", column: column.Name, row: rows[i] + 1);
                    if (x < min) min = x;
                    if (x > max) max = x;
                    if (integral && x != Math.Floor(x)) integral = false;
                }
                var firstValues = new List<double>();
                if (rows.Length > 0 && integral && max - min < Math.Max(4.0 * rows.Length, 1 << 20))
                {
                    var map = new int[(int)(max - min) + 1];
                    Array.Fill(map, -1);
                    for (int i = 0; i < rows.Length; i++)
                    {
                        int k = (int)(v[rows[i]] - min);
                        if (map[k] < 0) { map[k] = firstValues.Count; firstValues.Add(v[rows[i]]); }
                        codes[i] = map[k];
                    }
                }
                else
                {
                    var map = new Dictionary<double, int>();
                    for (int i = 0; i < rows.Length; i++)
                    {
                        double x = v[rows[i]];
                        if (!map.TryGetValue(x, out int c)) { c = firstValues.Count; map[x] = c; firstValues.Add(x); }
                        codes[i] = c;
                    }
                }
                levels = firstValues.Count;
                levelNames = () => firstValues.Select(x => x.ToString("R", CultureInfo.InvariantCulture)).ToArray();
                return codes;
            }
            default:
                throw new CohesionException($"column cannot be used as a grouping factor ({column.GetType().Name})", column: column.Name);
        }
    }
}
