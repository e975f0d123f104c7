using System.Globalization;
using System.Numerics;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using DuckDB.NET.Data;

namespace Cohesion.Data;

/// <summary>
/// Moves <see cref="DataFrame"/>s in and out of DuckDB: a query result becomes a frame (numbers, booleans and
/// decimals → numeric; text → categorical; dates and times → ISO text), and a frame becomes a table
/// (numeric → DOUBLE with NULL for NaN, categorical → VARCHAR) through DuckDB's appender.
/// </summary>
internal static class DuckDbFrames
{
    public static DuckDBConnection OpenInMemory()
    {
        var con = new DuckDBConnection("DataSource=:memory:");
        con.Open();
        return con;
    }

    public static void Execute(DuckDBConnection con, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        cmd.ExecuteNonQuery();
    }

    public static object? Scalar(DuckDBConnection con, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        var v = cmd.ExecuteScalar();
        return v is DBNull ? null : v;
    }

    private enum Kind { Double, Single, Integer, Decimal, Bool, Big, Text, Date, Other }

    /// <summary>Runs a query and returns its result as a frame.</summary>
    public static DataFrame Query(DuckDBConnection con, string sql, string source, params (string Name, object? Value)[] parameters)
    {
        using var cmd = con.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        using var r = cmd.ExecuteReader();
        int p = r.FieldCount;
        var kinds = new Kind[p];
        var names = new string[p];
        for (int j = 0; j < p; j++)
        {
            names[j] = r.GetName(j);
            var t = r.GetFieldType(j);
            kinds[j] = t == typeof(double) ? Kind.Double
                : t == typeof(float) ? Kind.Single
                : t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(sbyte) || t == typeof(byte)
                  || t == typeof(ushort) || t == typeof(uint) || t == typeof(ulong) ? Kind.Integer
                : t == typeof(decimal) ? Kind.Decimal
                : t == typeof(bool) ? Kind.Bool
                : t == typeof(BigInteger) ? Kind.Big
                : t == typeof(string) ? Kind.Text
                : t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(TimeOnly) ? Kind.Date
                : Kind.Other;
        }
        var values = new double[p][];
        var text = new ColumnBuilder?[p];
        int capacity = 1024, n = 0;
        for (int j = 0; j < p; j++)
        {
            if (kinds[j] is Kind.Text or Kind.Date or Kind.Other) text[j] = new ColumnBuilder(names[j], forceText: true, capacity);
            else values[j] = new double[capacity];
        }
        while (r.Read())
        {
            if (n == capacity)
            {
                capacity *= 2;
                for (int j = 0; j < p; j++) if (values[j] is not null) Array.Resize(ref values[j], capacity);
            }
            for (int j = 0; j < p; j++)
            {
                bool isNull = r.IsDBNull(j);
                switch (kinds[j])
                {
                    case Kind.Double: values[j][n] = isNull ? double.NaN : r.GetDouble(j); break;
                    case Kind.Single: values[j][n] = isNull ? double.NaN : r.GetFloat(j); break;
                    case Kind.Integer: values[j][n] = isNull ? double.NaN : Convert.ToDouble(r.GetValue(j), CultureInfo.InvariantCulture); break;
                    case Kind.Decimal: values[j][n] = isNull ? double.NaN : (double)r.GetDecimal(j); break;
                    case Kind.Bool: values[j][n] = isNull ? double.NaN : r.GetBoolean(j) ? 1 : 0; break;
                    case Kind.Big: values[j][n] = isNull ? double.NaN : (double)r.GetFieldValue<BigInteger>(j); break;
                    case Kind.Text: text[j]!.AddLevel(isNull ? null : r.GetString(j)); break;
                    default: text[j]!.AddLevel(isNull ? null : FormatOther(r.GetValue(j))); break;
                }
            }
            n++;
        }
        var frame = new DataFrame(n, source);
        for (int j = 0; j < p; j++)
        {
            if (text[j] is not null) frame.Add(text[j]!.Build());
            else frame.Add(new NumericColumn(names[j], values[j].Length == n ? values[j] : values[j].AsSpan(0, n).ToArray()));
        }
        return frame;
    }

    private static string? FormatOther(object v) => v switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.TimeOfDay == TimeSpan.Zero ? dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : dt.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString()
    };

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Creates <paramref name="table"/> with the frame's columns and appends its rows.</summary>
    public static void CreateTable(DuckDBConnection con, string table, DataFrame frame)
    {
        var defs = frame.Columns.Select(c => $"{Quote(c.Name)} {(c is NumericColumn ? "DOUBLE" : "VARCHAR")}");
        Execute(con, $"CREATE TABLE {Quote(table)} ({string.Join(", ", defs)})");
        Append(con, table, frame);
    }

    public static void Append(DuckDBConnection con, string table, DataFrame frame)
    {
        var cols = frame.Columns;
        int p = cols.Count;
        var numeric = new double[]?[p];
        var codes = new int[]?[p];
        var levels = new string[]?[p];
        for (int j = 0; j < p; j++)
        {
            switch (cols[j])
            {
                case NumericColumn nc: numeric[j] = nc.Values; break;
                case CategoricalColumn cc: codes[j] = cc.Codes; levels[j] = cc.Levels; break;
            }
        }
        using var appender = con.CreateAppender(table);
        for (int i = 0; i < frame.RowCount; i++)
        {
            var row = appender.CreateRow();
            for (int j = 0; j < p; j++)
            {
                if (numeric[j] is { } v)
                {
                    double x = v[i];
                    if (double.IsNaN(x)) row.AppendNullValue(); else row.AppendValue((double?)x);
                }
                else if (codes[j] is { } c)
                {
                    int code = c[i];
                    if (code < 0) row.AppendNullValue(); else row.AppendValue(levels[j]![code]);
                }
                else
                {
                    var s = cols[j].IsMissing(i) ? null : cols[j].Format(i);
                    if (s is null) row.AppendNullValue(); else row.AppendValue(s);
                }
            }
            row.EndRow();
        }
    }

    /// <summary>Turns a DuckDB failure into a <see cref="CohesionException"/> naming the file.</summary>
    public static CohesionException Wrap(Exception e, string file, string what) =>
        new($"{what}: {FirstLine(e.Message)}", file, inner: e);

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
