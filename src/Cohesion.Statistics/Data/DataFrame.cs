namespace Cohesion.Statistics.Data;

/// <summary>
/// A column-oriented table: numeric columns as <c>double[]</c> (NaN = missing), categorical columns as
/// <c>int[]</c> codes into a level list (-1 = missing). No per-row objects.
/// </summary>
public sealed class DataFrame
{
    private readonly List<Column> _columns = new();
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public DataFrame(int rowCount, string? source = null)
    {
        RowCount = rowCount;
        Source = source;
    }

    public DataFrame(IEnumerable<Column> columns, string? source = null)
    {
        Source = source;
        RowCount = -1;
        foreach (var c in columns) Add(c);
        if (RowCount < 0) RowCount = 0;
    }

    /// <summary>Where the data came from (a file path or catalogue name), for error messages.</summary>
    public string? Source { get; set; }
    public int RowCount { get; private set; }
    public IReadOnlyList<Column> Columns => _columns;
    public IEnumerable<string> ColumnNames => _columns.Select(c => c.Name);

    public void Add(Column column)
    {
        if (RowCount < 0) RowCount = column.Length;
        if (column.Length != RowCount)
            throw new ArgumentException($"column '{column.Name}' has {column.Length} rows, the frame has {RowCount}");
        if (_index.ContainsKey(column.Name))
            throw new CohesionException($"duplicate column name '{column.Name}'", Source, column.Name);
        _index[column.Name] = _columns.Count;
        _columns.Add(column);
    }

    /// <summary>Adds or replaces a column of the same length.</summary>
    public void Set(Column column)
    {
        if (_index.TryGetValue(column.Name, out var i))
        {
            if (column.Length != RowCount) throw new ArgumentException("length mismatch");
            _columns[i] = column;
        }
        else Add(column);
    }

    public bool Contains(string name) => _index.ContainsKey(name);
    public bool TryGet(string name, out Column column)
    {
        if (_index.TryGetValue(name, out var i)) { column = _columns[i]; return true; }
        column = null!;
        return false;
    }

    /// <summary>The column, or a <see cref="CohesionException"/> naming the source and the missing column.</summary>
    public Column this[string name]
    {
        get
        {
            if (_index.TryGetValue(name, out var i)) return _columns[i];
            throw new CohesionException($"no column '{name}'; available: {string.Join(", ", _columns.Select(c => c.Name).Take(40))}", Source, name);
        }
    }

    /// <summary>The numeric column for analysis. An infinite value (<c>Inf</c>, or a number beyond ±1.8e308 in the
    /// file) is an error naming the column and row: R's estimators return <c>Inf</c>/<c>NaN</c> for it, which is never
    /// a result; missing values are NaN and are handled by each estimator.</summary>
    public NumericColumn Numeric(string name) => this[name] switch
    {
        NumericColumn { FirstInfiniteRow: >= 0 } n => throw new CohesionException(
            $"value is not finite ({(n.Values[n.FirstInfiniteRow] > 0 ? "Inf" : "-Inf")}: infinity, or a number beyond ±1.8e308); infinite values cannot be analysed: leave the cell empty to make it missing",
            Source, name, n.FirstInfiniteRow + 1),
        NumericColumn n => n,
        CategoricalColumn c => throw new CohesionException(
            $"column is not numeric (first non-numeric value '{c.FirstNonNumericLevel() ?? "?"}' in row {c.FirstRowOfNonNumericLevel() + 1})",
            Source, name, c.FirstRowOfNonNumericLevel() + 1),
        var other => throw new CohesionException($"column is not numeric ({other.GetType().Name})", Source, name)
    };

    /// <summary>A categorical view of any column (numeric columns are turned into levels by distinct value).</summary>
    public CategoricalColumn Categorical(string name) => this[name] switch
    {
        CategoricalColumn c => c,
        NumericColumn n => n.ToCategorical(),
        var other => throw new CohesionException($"column cannot be used as categorical ({other.GetType().Name})", Source, name)
    };

    /// <summary>A new frame holding only the rows in <paramref name="rows"/> (in that order).</summary>
    public DataFrame Select(ReadOnlySpan<int> rows)
    {
        var f = new DataFrame(rows.Length, Source);
        foreach (var c in _columns) f.Add(c.Take(rows));
        return f;
    }
}

public abstract class Column(string name)
{
    public string Name { get; } = name;
    public abstract int Length { get; }
    public abstract bool IsMissing(int row);
    /// <summary>The number of missing values.</summary>
    public virtual int MissingCount()
    {
        int n = 0;
        for (int i = 0; i < Length; i++) if (IsMissing(i)) n++;
        return n;
    }
    public abstract Column Take(ReadOnlySpan<int> rows);
    public abstract Column Rename(string name);
    /// <summary>The value as text (for output and keys); empty for missing.</summary>
    public abstract string Format(int row);
}

public sealed class NumericColumn : Column
{
    public NumericColumn(string name, double[] values, IReadOnlyDictionary<double, string>? valueLabels = null, string? label = null) : base(name)
    {
        Values = values;
        ValueLabels = valueLabels;
        Label = label;
    }

    /// <summary>Values; <see cref="double.NaN"/> marks a missing value.</summary>
    public double[] Values { get; }
    /// <summary>Value labels as SPSS/Stata files carry them (code → label), if any.</summary>
    public IReadOnlyDictionary<double, string>? ValueLabels { get; }
    /// <summary>Variable label, if the source had one.</summary>
    public string? Label { get; }
    public override int Length => Values.Length;
    public override bool IsMissing(int row) => double.IsNaN(Values[row]);
    public override int MissingCount()
    {
        int n = 0;
        foreach (var v in Values) if (double.IsNaN(v)) n++;
        return n;
    }

    private int _firstInfinite = -2;
    /// <summary>The first row holding +Inf or −Inf, or −1 (computed once; the values are not changed after a column
    /// is built).</summary>
    public int FirstInfiniteRow
    {
        get
        {
            if (_firstInfinite != -2) return _firstInfinite;
            int found = -1;
            var v = Values;
            for (int i = 0; i < v.Length; i++)
                if (double.IsInfinity(v[i])) { found = i; break; }
            return _firstInfinite = found;
        }
    }
    public override Column Rename(string name) => new NumericColumn(name, Values, ValueLabels, Label);

    public override Column Take(ReadOnlySpan<int> rows)
    {
        var v = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++) v[i] = Values[rows[i]];
        return new NumericColumn(Name, v, ValueLabels, Label);
    }

    public override string Format(int row) =>
        double.IsNaN(Values[row]) ? "" : Values[row].ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Levels are the distinct non-missing values in ascending numeric order (as R's <c>factor()</c>);
    /// a level's text is its value label when there is one.</summary>
    public CategoricalColumn ToCategorical()
    {
        var distinct = new SortedSet<double>();
        foreach (var v in Values) if (!double.IsNaN(v)) distinct.Add(v);
        var keys = distinct.ToArray();
        var map = new Dictionary<double, int>(keys.Length);
        for (int i = 0; i < keys.Length; i++) map[keys[i]] = i;
        var codes = new int[Values.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = double.IsNaN(Values[i]) ? -1 : map[Values[i]];
        var levels = keys.Select(k => k.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[]? labels = ValueLabels is null ? null : keys.Select(k => ValueLabels.TryGetValue(k, out var l) ? l : k.ToString("R", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new CategoricalColumn(Name, codes, levels, labels);
    }
}

/// <summary>
/// A categorical column: codes into <see cref="Levels"/> (-1 = missing). <see cref="Labels"/> optionally gives a
/// display label per level (e.g. SPSS value labels); <see cref="Levels"/> are the codes/keys used in formulas.
/// </summary>
public sealed class CategoricalColumn : Column
{
    public CategoricalColumn(string name, int[] codes, string[] levels, string[]? labels = null) : base(name)
    {
        Codes = codes;
        Levels = levels;
        Labels = labels;
    }

    public int[] Codes { get; }
    public string[] Levels { get; }
    public string[]? Labels { get; }
    public override int Length => Codes.Length;
    public int LevelCount => Levels.Length;
    public override bool IsMissing(int row) => Codes[row] < 0;
    public override Column Rename(string name) => new CategoricalColumn(name, Codes, Levels, Labels);
    public string LabelOf(int level) => Labels?[level] ?? Levels[level];

    public override Column Take(ReadOnlySpan<int> rows)
    {
        var c = new int[rows.Length];
        for (int i = 0; i < rows.Length; i++) c[i] = Codes[rows[i]];
        return new CategoricalColumn(Name, c, Levels, Labels);
    }

    public override string Format(int row) => Codes[row] < 0 ? "" : Levels[Codes[row]];

    /// <summary>Builds a column from strings (null/empty = missing); levels sorted ordinally unless given.</summary>
    public static CategoricalColumn FromStrings(string name, IReadOnlyList<string?> values, IReadOnlyList<string>? levelOrder = null)
    {
        string[] levels = levelOrder?.ToArray()
            ?? values.Where(v => !string.IsNullOrEmpty(v)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray()!;
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < levels.Length; i++) map[levels[i]] = i;
        var codes = new int[values.Count];
        for (int i = 0; i < codes.Length; i++)
        {
            var v = values[i];
            if (string.IsNullOrEmpty(v)) { codes[i] = -1; continue; }
            if (!map.TryGetValue(v, out var code))
                throw new CohesionException($"value '{v}' is not one of the levels {string.Join(", ", levels)}", column: name, row: i + 1);
            codes[i] = code;
        }
        return new CategoricalColumn(name, codes, levels);
    }

    internal string? FirstNonNumericLevel()
    {
        foreach (var l in Levels)
            if (!double.TryParse(l, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _)) return l;
        return null;
    }

    internal int FirstRowOfNonNumericLevel()
    {
        var bad = FirstNonNumericLevel();
        if (bad is null) return 0;
        int code = Array.IndexOf(Levels, bad);
        return Math.Max(0, Array.IndexOf(Codes, code));
    }
}
