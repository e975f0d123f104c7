namespace Cohesion.Demography;

/// <summary>
/// Age profiles of migration: the Rogers–Castro (1981) model schedule
/// m(x) = a1·exp(−α1·x) + a2·exp(−α2·(x − μ2) − exp(−λ2·(x − μ2))) + c with α1 = 0.1, a2 = 0.06, α2 = 0.1, λ2 = 0.4,
/// the childhood level a1, the constant c and the labour-force location μ2 per group.
/// <para>Emigration intensity: the "fundamental" average parameters (a1 = 0.02, c = 0.003, μ2 = 22).</para>
/// <para>Immigrant counts: childhood level a1 = <see cref="ImmigrantChildLevel"/> (0.01) and μ2 from the scenario
/// (<c>immigrant_peak_age</c>, 20; asylum 18), constant <see cref="ImmigrantConstant"/>. These two were fitted to the real
/// WPP 2024 net migration by single age for the Netherlands (see <c>data/demography/README.md</c>): with the fundamental
/// a1 = 0.02 and μ2 = 22 the projected net migration had 38% children under 10 and 26% aged 20–24 (WPP: 17% and 43%),
/// too few young adults, hence too few births and 2050 totals systematically below the published ones.</para>
/// </summary>
public static class MigrationProfile
{
    /// <summary>The Rogers–Castro schedule at age <paramref name="x"/>.</summary>
    public static double RogersCastro(double x, double mu2, double c = 0.003, double childLevel = FundamentalChildLevel) =>
        childLevel * Math.Exp(-0.1 * x) + 0.06 * Math.Exp(-0.1 * (x - mu2) - Math.Exp(-0.4 * (x - mu2))) + c;

    /// <summary>The childhood level a1 of the fundamental schedule (children migrating with their parents).</summary>
    public const double FundamentalChildLevel = 0.02;

    /// <summary>The childhood level a1 of the immigrant count profile: half the fundamental value. With the location
    /// μ2 = 20 it gives net migration with 21% under 10, 15% aged 18–19 and 43% aged 20–24 (WPP 2024, 2024–2049: 17%,
    /// 14%, 43%).</summary>
    public const double ImmigrantChildLevel = 0.01;

    /// <summary>The constant of the immigrant count profile: 0.0003 rather than the rate schedule's 0.003, so that about 3%
    /// (not 30%) of immigrants are spread evenly over all ages; Dutch immigrants are young (few over 65).</summary>
    public const double ImmigrantConstant = 0.0003;

    /// <summary>Age distribution of immigrants 0–100 by age on 1 January (sums to 1) with location <paramref name="mu2"/>.</summary>
    public static double[] Distribution(double mu2)
    {
        var r = new double[PopulationIndex.Ages];
        double s = 0;
        for (int a = 0; a < r.Length; a++) s += r[a] = RogersCastro(a + 0.5, mu2, ImmigrantConstant, ImmigrantChildLevel);
        for (int a = 0; a < r.Length; a++) r[a] /= s;
        return r;
    }

    /// <summary>Relative emigration intensity by age, 1 at its maximum (location μ2 = 22).</summary>
    public static double[] RelativeIntensity(double mu2 = 22)
    {
        var r = new double[PopulationIndex.Ages];
        double max = 0;
        for (int a = 0; a < r.Length; a++) max = Math.Max(max, r[a] = RogersCastro(a + 0.5, mu2));
        for (int a = 0; a < r.Length; a++) r[a] /= max;
        return r;
    }
}
