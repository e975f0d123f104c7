namespace Cohesion.Demography;

/// <summary>The demographic events of one projection year (1 Jan Year → 1 Jan Year+1) by cell of the person at
/// the start of the year (<see cref="PopulationIndex.Index"/>, age on 1 January). Births and deaths of the
/// children born in the year are held by the child's sex and origin (index <c>sex * 7 + origin</c>).</summary>
public sealed class YearFlows
{
    public YearFlows(int year) => Year = year;

    public int Year { get; }
    /// <summary>Deaths during the year of persons alive on 1 January or immigrating, by start cell.</summary>
    public double[] Deaths { get; } = new double[PopulationIndex.CellCount];
    public double[] Emigrants { get; } = new double[PopulationIndex.CellCount];
    public double[] Immigrants { get; } = new double[PopulationIndex.CellCount];
    /// <summary>Live births by the child's sex and origin, index <c>sex * 7 + origin</c>.</summary>
    public double[] Births { get; } = new double[PopulationIndex.Sexes * PopulationIndex.Origins];
    /// <summary>Births by the mother's origin (0–6).</summary>
    public double[] BirthsByMotherOrigin { get; } = new double[PopulationIndex.Origins];
    /// <summary>Deaths before 1 January of children born in the year, index <c>sex * 7 + origin</c>.</summary>
    public double[] InfantDeaths { get; } = new double[PopulationIndex.Sexes * PopulationIndex.Origins];

    public double TotalBirths => Sum(Births);
    /// <summary>All deaths in the year, including those of children born in the year.</summary>
    public double TotalDeaths => Sum(Deaths) + Sum(InfantDeaths);
    public double TotalEmigration => Sum(Emigrants);
    public double TotalImmigration => Sum(Immigrants);

    internal void Clear()
    {
        Array.Clear(Deaths); Array.Clear(Emigrants); Array.Clear(Immigrants);
        Array.Clear(Births); Array.Clear(BirthsByMotherOrigin); Array.Clear(InfantDeaths);
    }

    /// <summary>Compensated (Neumaier) sum, so that totals balance to the last bits.</summary>
    public static double Sum(ReadOnlySpan<double> v)
    {
        double s = 0, c = 0;
        foreach (var x in v)
        {
            double t = s + x;
            c += Math.Abs(s) >= Math.Abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }
        return s + c;
    }
}
