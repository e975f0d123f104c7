namespace Cohesion.Demography;

/// <summary>
/// The result of a projection: the population on 1 January of every year from the base year to the last year,
/// the events of each year and the rates that produced them. <c>Populations[k]</c> is the flat
/// <see cref="PopulationIndex"/> array for <c>Years[k]</c>; <c>Flows[k]</c> and <c>Rates[k]</c> describe the year
/// from 1 Jan Years[k] to 1 Jan Years[k+1] (one fewer than the populations). Immutable by convention: do not
/// write into the arrays.
/// </summary>
public sealed class PopulationProjection
{
    public required Scenario Scenario { get; init; }
    public required int[] Years { get; init; }
    public required double[][] Populations { get; init; }
    public required YearFlows[] Flows { get; init; }
    public required ProjectionRates[] Rates { get; init; }
    /// <summary>The factor applied to first-generation net migration (1 unless the scenario is calibrated).</summary>
    public double MigrationScale { get; init; } = 1.0;

    public int FirstYear => Years[0];
    public int LastYear => Years[^1];

    /// <summary>Population array on 1 January of <paramref name="year"/>.</summary>
    public double[] PopulationAt(int year)
    {
        int k = year - Years[0];
        if (k < 0 || k >= Years.Length) throw new ArgumentOutOfRangeException(nameof(year), $"year {year} is outside {FirstYear}–{LastYear}");
        return Populations[k];
    }

    /// <summary>Events of the year starting 1 Jan <paramref name="year"/> (null for the last year).</summary>
    public YearFlows? FlowsOf(int year)
    {
        int k = year - Years[0];
        return k >= 0 && k < Flows.Length ? Flows[k] : null;
    }

    public double Total(int year) => YearFlows.Sum(PopulationAt(year));

    public static double[] ByOrigin(ReadOnlySpan<double> pop)
    {
        var r = new double[PopulationIndex.Origins];
        for (int i = 0; i < pop.Length; i++) r[(i / PopulationIndex.Educations) % PopulationIndex.Origins] += pop[i];
        return r;
    }

    public static double[] ByEducation(ReadOnlySpan<double> pop)
    {
        var r = new double[PopulationIndex.Educations];
        for (int i = 0; i < pop.Length; i++) r[i % PopulationIndex.Educations] += pop[i];
        return r;
    }

    /// <summary>Counts by sex and age (index <see cref="PopulationIndex.SexAge"/>).</summary>
    public static double[] BySexAge(ReadOnlySpan<double> pop)
    {
        var r = new double[PopulationIndex.Sexes * PopulationIndex.Ages];
        const int block = PopulationIndex.Origins * PopulationIndex.Educations;
        for (int i = 0; i < pop.Length; i++) r[i / block] += pop[i];
        return r;
    }

    public static double Share65Plus(ReadOnlySpan<double> pop)
    {
        var sa = BySexAge(pop);
        double old = 0, all = 0;
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
            {
                double v = sa[PopulationIndex.SexAge(s, a)];
                all += v;
                if (a >= 65) old += v;
            }
        return all > 0 ? old / all : double.NaN;
    }

    /// <summary>Share with high education (hbo/wo) among persons aged <paramref name="minAge"/>–<paramref name="maxAge"/>.</summary>
    public static double HighEducationShare(ReadOnlySpan<double> pop, int minAge = 15, int maxAge = 74)
    {
        double hi = 0, all = 0;
        for (int i = 0; i < pop.Length; i++)
        {
            var (_, a, _, e) = PopulationIndex.Decompose(i);
            if (a < minAge || a > maxAge) continue;
            all += pop[i];
            if (e == PopulationIndex.High) hi += pop[i];
        }
        return all > 0 ? hi / all : double.NaN;
    }
}
