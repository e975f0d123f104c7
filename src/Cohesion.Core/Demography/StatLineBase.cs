namespace Cohesion.Demography;

/// <summary>A base population from a StatLine 84910NED table (e.g. a municipality), for running a scenario on it.</summary>
public static class StatLineBase
{
    /// <summary>
    /// Builds sex × single age × origin × education from the table: each of the four separable origin groups
    /// (<see cref="StatLine84910Table.OriginGroups"/>) is graduated to single years 0–94 (<see cref="Graduation"/>) and
    /// the 95+ group is spread over 95–100+ like the national base; the first/second generation split by sex and age
    /// and the education split follow the national base population of the same year (<paramref name="national"/>).
    /// These splits are documented approximations: the export holds generation totals only.
    /// </summary>
    public static double[] Build(StatLine84910Table table, double[] national)
    {
        var groups = table.OriginGroups();
        int[] first = [PopulationIndex.Dutch, PopulationIndex.G1Classic, PopulationIndex.G1Asylum, PopulationIndex.G1Labour];
        int[] second = [-1, PopulationIndex.G2Classic, PopulationIndex.G2Asylum, PopulationIndex.G2Labour];
        var pop = new double[PopulationIndex.CellCount];
        for (int s = 0; s < 2; s++)
        {
            var nsa = PopulationProjection.BySexAge(national);
            for (int g = 0; g < 4; g++)
            {
                var c = groups[g].AsSpan(s * StatLine84910Table.AgeGroups, StatLine84910Table.AgeGroups);
                var single = new double[PopulationIndex.Ages];
                Graduation.ToSingleYears(StatLine84910Table.AgeGroupStarts.AsSpan(0, 19), c[..19], 95).CopyTo(single, 0);
                double old = 0;
                for (int a = 95; a <= 100; a++) old += nsa[PopulationIndex.SexAge(s, a)];
                for (int a = 95; a <= 100; a++) single[a] = old > 0 ? c[19] * nsa[PopulationIndex.SexAge(s, a)] / old : c[19] / 6;
                for (int a = 0; a < PopulationIndex.Ages; a++)
                {
                    // split into generations and education as in the national base at this sex and age
                    int[] origins = second[g] < 0 ? [first[g]] : [first[g], second[g]];
                    double denom = 0;
                    foreach (int o in origins) for (int e = 0; e < 3; e++) denom += national[PopulationIndex.Index(s, a, o, e)];
                    foreach (int o in origins)
                        for (int e = 0; e < 3; e++)
                        {
                            double w = denom > 0 ? national[PopulationIndex.Index(s, a, o, e)] / denom : (o == first[g] && e == 0 ? 1 : 0);
                            pop[PopulationIndex.Index(s, a, o, e)] = single[a] * w;
                        }
                }
            }
        }
        return pop;
    }
}
