using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// Builds a national base population (1 January) by sex × single age × origin × education from a base
/// specification file (<c>data/demography/base/NAME.json</c>):
/// <list type="number">
/// <item>age × sex: the real WPP 2024 5-year tables at the two surrounding mid-years, interpolated linearly in time to
/// 1 January, graduated to single years (<see cref="Graduation"/>) and scaled to the published CBS total;</item>
/// <item>origin: <b>a documented approximation</b> — the national split by origin and age is not public here, so
/// the published origin totals are spread over age × sex by iterative proportional fitting of relative age
/// profiles (seeds) to the WPP age-sex margins and the origin totals (both margins hit exactly);</item>
/// <item>education: cohort final attainment from the scenario's education assumptions, reached along the same
/// attainment-by-age curves the projection uses (<see cref="EducationModel"/>); first-generation adults get the
/// education mix of immigrants of their group.</item>
/// </list>
/// </summary>
public static class BasePopulation
{
    /// <summary>WPP single-year population by sex on 1 January of <paramref name="year"/>: linear in time between the
    /// WPP mid-year tables (≈1 July of 1950, 1955, …, 2020 estimates; 2025, … median projection).</summary>
    public static double[][] WppAgeSex(WppNetherlands wpp, int year)
    {
        double t = year - 0.5; // 1 Jan of year = mid-year (year − 1) + 0.5
        int y0 = (int)Math.Floor(t / 5) * 5;
        int y1 = y0 + 5;
        double w = (t - y0) / 5.0;
        var r = new double[2][];
        for (int s = 0; s < 2; s++)
        {
            var a = wpp.PopulationSingle(y0, s);
            var b = wpp.PopulationSingle(y1, s);
            r[s] = new double[PopulationIndex.Ages];
            for (int x = 0; x < PopulationIndex.Ages; x++) r[s][x] = (1 - w) * a[x] + w * b[x];
        }
        return r;
    }

    /// <summary>Builds the base population for a scenario (flat array, <see cref="PopulationIndex"/>).</summary>
    public static double[] Build(BaseSpecification spec, Scenario education, WppNetherlands wpp)
    {
        var ageSex = WppAgeSex(wpp, spec.Year);
        double wppTotal = ageSex[0].Sum() + ageSex[1].Sum();
        double scale = spec.Total / wppTotal;
        int rows = 2 * PopulationIndex.Ages;
        var rowTotals = new double[rows];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++) rowTotals[PopulationIndex.SexAge(s, a)] = ageSex[s][a] * scale;

        // seed: relative prevalence by age; IPF to row (age-sex) and column (origin) totals
        var m = new double[rows * 7];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
                for (int o = 0; o < 7; o++) m[PopulationIndex.SexAge(s, a) * 7 + o] = Math.Max(spec.OriginAgeProfiles[o].ValueAt(a), 1e-9);
        Ipf(m, rowTotals, spec.OriginTotals, 7);

        var pop = new double[PopulationIndex.CellCount];
        var edu = new EducationModel(education);
        Span<double> mix = stackalloc double[3];
        for (int s = 0; s < 2; s++)
            for (int a = 0; a < PopulationIndex.Ages; a++)
                for (int o = 0; o < 7; o++)
                {
                    double n = m[PopulationIndex.SexAge(s, a) * 7 + o];
                    edu.AttainmentAt(spec.Year, a, o, s, firstGenerationAdultMix: true, mix);
                    for (int e = 0; e < 3; e++) pop[PopulationIndex.Index(s, a, o, e)] = n * mix[e];
                }
        return pop;
    }

    /// <summary>Iterative proportional fitting of a rows × cols matrix to row and column totals (row totals are
    /// met exactly at exit; column totals to relative 1e-12).</summary>
    public static void Ipf(double[] m, double[] rowTotals, double[] colTotals, int cols)
    {
        int rows = rowTotals.Length;
        double grandR = rowTotals.Sum(), grandC = colTotals.Sum();
        if (Math.Abs(grandR - grandC) > 1e-9 * grandR) throw new CohesionException($"IPF margins differ: rows {grandR}, columns {grandC}");
        var cs = new double[cols];
        for (int it = 0; it < 10000; it++)
        {
            Array.Clear(cs);
            for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) cs[j] += m[i * cols + j];
            double maxDev = 0;
            for (int j = 0; j < cols; j++)
            {
                double f = cs[j] > 0 ? colTotals[j] / cs[j] : 0;
                maxDev = Math.Max(maxDev, Math.Abs(cs[j] - colTotals[j]) / Math.Max(colTotals[j], 1));
                for (int i = 0; i < rows; i++) m[i * cols + j] *= f;
            }
            for (int i = 0; i < rows; i++)
            {
                double r = 0;
                for (int j = 0; j < cols; j++) r += m[i * cols + j];
                double f = r > 0 ? rowTotals[i] / r : 0;
                for (int j = 0; j < cols; j++) m[i * cols + j] *= f;
            }
            if (maxDev < 1e-13) return;
        }
        throw new ModelException("iterative proportional fitting of the base population did not converge");
    }
}
