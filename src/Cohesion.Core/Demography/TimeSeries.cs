namespace Cohesion.Demography;

/// <summary>An assumption that varies by year, given as anchor years: linear between anchors, constant after the
/// last anchor. A scenario's series must have an anchor at or before its base year.</summary>
public sealed class TimeSeries
{
    private readonly int[] _years;
    private readonly double[] _values;

    public TimeSeries(IEnumerable<KeyValuePair<int, double>> anchors)
    {
        var sorted = anchors.OrderBy(kv => kv.Key).ToArray();
        if (sorted.Length == 0) throw new ArgumentException("a time series needs at least one anchor year");
        _years = sorted.Select(kv => kv.Key).ToArray();
        _values = sorted.Select(kv => kv.Value).ToArray();
    }

    public static TimeSeries Constant(int year, double value) => new([new(year, value)]);

    public IReadOnlyList<int> Years => _years;
    public IReadOnlyList<double> Values => _values;
    public int FirstYear => _years[0];

    public double ValueAt(int year)
    {
        if (year <= _years[0]) return _values[0];
        for (int i = 1; i < _years.Length; i++)
        {
            if (year <= _years[i])
            {
                double w = (double)(year - _years[i - 1]) / (_years[i] - _years[i - 1]);
                return _values[i - 1] + w * (_values[i] - _values[i - 1]);
            }
        }
        return _values[^1];
    }

    /// <summary>Mean over the years <paramref name="from"/>..<paramref name="to"/> inclusive.</summary>
    public double Mean(int from, int to)
    {
        double s = 0;
        for (int y = from; y <= to; y++) s += ValueAt(y);
        return s / (to - from + 1);
    }

    public TimeSeries Scale(double factor) => new(_years.Zip(_values, (y, v) => new KeyValuePair<int, double>(y, v * factor)));
}
