namespace Cohesion.Demography;

/// <summary>
/// The rates and counts applied in one projection year (1 Jan <see cref="Year"/> → 1 Jan Year+1). All ages
/// are the age on 1 January of the year (the cohort's start age); everyone aged a on 1 Jan is aged a+1
/// (100+ stays 100+) on the next 1 Jan. The projection step, per cell x = P(sex, a, origin, edu), is:
/// <list type="number">
/// <item>emigrants <c>Em = x · EmigrationRate[OriginSexAge(o,s,a)]</c>;</item>
/// <item>immigrants <c>Im = Immigrants[Index(s,a,o,e)]</c> (counts; they arrive on average mid-year);</item>
/// <item>deaths <c>D = (x − Em) · q + Im · q / 2</c> with <c>q = DeathProbability[SexAge(s,a)]</c>;</item>
/// <item>survivors <c>x − Em + Im − D</c> move to age a+1 and then change education with
/// <see cref="LowToMiddle"/> and <see cref="MiddleToHigh"/> (applied in that order, low→middle first);</item>
/// <item>women contribute births <c>Fertility[o·101 + a] · (x − Em/2 + Im/2 − D/2)</c> (the exposure counts
/// emigrants, immigrants and the dying for half a year); the children get origin
/// <see cref="PopulationIndex.ChildOrigin"/> of the mother, education low, are male with probability
/// <see cref="MaleBirthFraction"/> and survive to 1 January with probability <see cref="BirthSurvival"/>[sex].</item>
/// </list>
/// A microsimulation that applies these probabilities to individuals has the projection as its expectation.
/// </summary>
public sealed class ProjectionRates
{
    public ProjectionRates(int year)
    {
        Year = year;
    }

    /// <summary>The projection year: rates apply from 1 Jan Year to 1 Jan Year+1.</summary>
    public int Year { get; }

    /// <summary>Probability that a person aged a on 1 January dies before the next 1 January, by sex and age:
    /// index <see cref="PopulationIndex.SexAge"/>, length 202. Derived from the single-year life table as
    /// 1 − L(a+1)/L(a) (open age: 1 − T(100)/T(99)).</summary>
    public double[] DeathProbability { get; } = new double[PopulationIndex.Sexes * PopulationIndex.Ages];

    /// <summary>Probability that a child born in the year is alive on the next 1 January (L0 / l0), by sex.</summary>
    public double[] BirthSurvival { get; } = new double[PopulationIndex.Sexes];

    /// <summary>Births per woman-year of exposure by mother's origin and age on 1 January:
    /// index <c>origin * 101 + age</c>, length 707 (zero outside ages 14–49).</summary>
    public double[] Fertility { get; } = new double[PopulationIndex.Origins * PopulationIndex.Ages];

    /// <summary>Share of boys among births (105 boys per 100 girls → 0.5122).</summary>
    public double MaleBirthFraction { get; set; } = 105.0 / 205.0;

    /// <summary>Immigrant counts arriving during the year, by cell (<see cref="PopulationIndex.Index"/>, age on
    /// 1 January of the year of arrival), length 4242. Migrants arrive with the education mix of their origin group.</summary>
    public double[] Immigrants { get; } = new double[PopulationIndex.CellCount];

    /// <summary>Probability of emigrating during the year by origin, sex and age on 1 January:
    /// index <see cref="PopulationIndex.OriginSexAge"/>, length 1414.</summary>
    public double[] EmigrationRate { get; } = new double[PopulationIndex.Origins * PopulationIndex.Sexes * PopulationIndex.Ages];

    /// <summary>Probability that a surviving person with education low, aged a on 1 January, holds at least
    /// middle education on the next 1 January, by sex, age and origin: index <c>(sex * 101 + age) * 7 + origin</c>.</summary>
    public double[] LowToMiddle { get; } = new double[PopulationIndex.Sexes * PopulationIndex.Ages * PopulationIndex.Origins];

    /// <summary>Probability that a surviving person with middle education (including those who just moved up from
    /// low) aged a on 1 January holds high education (hbo/wo) on the next 1 January; same index as <see cref="LowToMiddle"/>.</summary>
    public double[] MiddleToHigh { get; } = new double[PopulationIndex.Sexes * PopulationIndex.Ages * PopulationIndex.Origins];

    /// <summary>The scenario's national TFR for the year (the level the fertility rates were solved to); NaN when the rates
    /// did not come from a scenario.</summary>
    public double TargetTfr { get; set; } = double.NaN;

    /// <summary>The scenario's life expectancy at birth by sex (the mortality was scaled to it); NaN when not from a scenario.</summary>
    public double[] TargetLifeExpectancy { get; } = [double.NaN, double.NaN];

    /// <summary>Net migration (immigrants − emigrants) by migration group of <see cref="Scenario.MigrationGroups"/>, as applied
    /// (after calibration); NaN when not from a scenario.</summary>
    public double[] NetMigration { get; } = [double.NaN, double.NaN, double.NaN, double.NaN];

    /// <summary>Index into <see cref="LowToMiddle"/> and <see cref="MiddleToHigh"/>.</summary>
    public static int EducationIndex(int sex, int age, int origin) => (sex * PopulationIndex.Ages + age) * PopulationIndex.Origins + origin;

    /// <summary>The period total fertility rate implied for all women of the given origin.</summary>
    public double TotalFertility(int origin)
    {
        double s = 0;
        for (int a = 0; a < PopulationIndex.Ages; a++) s += Fertility[origin * PopulationIndex.Ages + a];
        return s;
    }
}
