namespace Cohesion.Demography;

/// <summary>
/// A change of a population scenario's demographic inputs for a sensitivity analysis: the TFR and life expectancy
/// (both sexes) shifted by a growing amount, from zero in the base year to the full shift in <see cref="FullByYear"/>
/// and constant after it (so the known base year is not changed), and first-generation net migration multiplied by
/// <see cref="MigrationFactor"/> (on top of any calibration of the scenario; the observed start of the migration
/// path is not scaled, as with the calibration).
/// </summary>
public sealed record DemographicVariation(double TfrShift, double E0Shift, double MigrationFactor, int FullByYear)
{
    public static readonly DemographicVariation None = new(0, 0, 1, 2050);

    public bool IsNone => TfrShift == 0 && E0Shift == 0 && MigrationFactor == 1;

    /// <summary>The scenario with the shifted TFR and e0 paths (migration is scaled by the engine, see <see cref="ProjectionEngine.RunVaried"/>).</summary>
    public Scenario Apply(Scenario s)
    {
        if (!(MigrationFactor >= 0) || !double.IsFinite(TfrShift) || !double.IsFinite(E0Shift))
            throw new ArgumentException("a demographic variation needs finite shifts and a non-negative migration factor");
        if (TfrShift == 0 && E0Shift == 0) return s;
        return s.WithVitalRates(Shift(s.Tfr, TfrShift, s), Shift(s.E0Female, E0Shift, s), Shift(s.E0Male, E0Shift, s));
    }

    private TimeSeries Shift(TimeSeries series, double delta, Scenario s)
    {
        if (delta == 0) return series;
        int from = s.BaseYear, by = Math.Max(FullByYear, from + 1);
        var anchors = new List<KeyValuePair<int, double>>();
        for (int y = Math.Min(series.FirstYear, from); y <= s.EndYear + 1; y++)
        {
            double w = y <= from ? 0 : Math.Min(1.0, (double)(y - from) / (by - from));
            anchors.Add(new(y, series.ValueAt(y) + w * delta));
        }
        return new TimeSeries(anchors);
    }
}
