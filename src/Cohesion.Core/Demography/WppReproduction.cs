namespace Cohesion.Demography;

using static PopulationIndex;

/// <summary>
/// Re-runs the UN's own projection with this engine: the WPP 2024 population of 1 July 2020 (5-year groups graduated to
/// single years), WPP's death rates and fertility of each legacy 5-year period (July–June) and WPP's net migration by
/// age and sex, stepping from 1 July to 1 July. Net migration by age during a year is assigned to the cohort by its age on
/// 1 July (half of age a and half of age a+1 go to the cohort aged a at the start). Positive net migration enters as
/// immigrants; negative net migration as an emigration probability of the cohort. Origin and education are not used
/// (everyone Dutch background, low), so this checks the cohort-component mechanics on real data.
/// </summary>
public static class WppReproduction
{
    public const int BaseYear = 2020;

    public static double[] BasePopulation(WppNetherlands wpp)
    {
        var pop = new double[CellCount];
        for (int s = 0; s < Sexes; s++)
        {
            var single = wpp.PopulationSingle(BaseYear, s);
            for (int a = 0; a < Ages; a++) pop[Index(s, a, Dutch, Low)] = single[a];
        }
        return pop;
    }

    /// <summary>Net migration (persons) by sex and age during the year from 1 July <paramref name="year"/>.</summary>
    public static double[][] NetMigration(WppNetherlands wpp, int year)
    {
        var r = new double[2][];
        for (int s = 0; s < Sexes; s++)
        {
            r[s] = new double[Ages];
            for (int half = 0; half < 2; half++)
            {
                int cal = year + half; // July–Dec of year, Jan–June of year+1
                double[] byAge;
                if (wpp.HasNetMigrationSingle(cal)) byAge = wpp.NetMigrationSingle(cal, s);
                else
                {
                    int ps = (cal - 2020) / 5 * 5 + 2020;
                    var g = wpp.NetMigration5(ps, s);
                    byAge = new double[Ages];
                    for (int a = 0; a < Ages; a++) byAge[a] = a == 100 ? g[20] / 5 : g[a / 5] / 25; // uniform within the group, per year
                }
                for (int a = 0; a < Ages; a++) r[s][a] += 0.5 * byAge[a];
            }
        }
        return r;
    }

    public static ProjectionRates Rates(WppNetherlands wpp, int year, ReadOnlySpan<double> pop)
    {
        var r = new ProjectionRates(year);
        int ps = (year - 2020) / 5 * 5 + 2020;
        Span<double> q = stackalloc double[Ages];
        for (int s = 0; s < Sexes; s++)
        {
            var mx = wpp.MortalitySingle(ps, s);
            LifeTable.ProjectionProbabilities(s, mx, q, out double sb);
            q.CopyTo(r.DeathProbability.AsSpan(s * Ages, Ages));
            r.BirthSurvival[s] = sb;
        }
        var asfr = wpp.Fertility5(ps);
        var counts = asfr.Select(v => v * 5).ToArray();
        var single = Graduation.ToSingleYears([15, 20, 25, 30, 35, 40, 45], counts, 50);
        var byBirth = new double[Ages + 1];
        for (int i = 0; i < single.Length; i++) byBirth[15 + i] = single[i];
        for (int a = 0; a < Ages; a++) r.Fertility[Dutch * Ages + a] = 0.5 * (byBirth[a] + byBirth[a + 1]);

        var net = NetMigration(wpp, year);
        for (int s = 0; s < Sexes; s++)
        {
            for (int a = 0; a < Ages; a++)
            {
                double n = a == MaxAge ? net[s][a] : 0.5 * net[s][a] + 0.5 * net[s][a + 1];
                if (a == 0) n += 0.5 * net[s][0]; // children born during the year who migrate
                if (n >= 0) r.Immigrants[Index(s, a, Dutch, Low)] = n;
                else
                {
                    double p = pop[Index(s, a, Dutch, Low)];
                    r.EmigrationRate[OriginSexAge(Dutch, s, a)] = p > 0 ? Math.Min(1, -n / p) : 0;
                }
            }
        }
        return r;
    }

    /// <summary>Projects from 1 July 2020 to 1 July <paramref name="toYear"/>.</summary>
    public static PopulationProjection Run(WppNetherlands wpp, Scenario label, int toYear = 2050) =>
        ProjectionEngine.Project(label, BasePopulation(wpp), BaseYear, toYear, (y, pop) => Rates(wpp, y, pop));
}
