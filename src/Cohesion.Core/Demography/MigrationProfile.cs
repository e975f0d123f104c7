namespace Cohesion.Demography;

/// <summary>
/// Age profiles of migration: the Rogers–Castro (1981) model schedule
/// m(x) = a1·exp(−α1·x) + a2·exp(−α2·(x − μ2) − exp(−λ2·(x − μ2))) + c with the "fundamental" average parameters
/// a1 = 0.02, α1 = 0.1, a2 = 0.06, α2 = 0.1, λ2 = 0.4, c = 0.003 and the labour-force location μ2 per group.
/// </summary>
public static class MigrationProfile
{
    public static double RogersCastro(double x, double mu2, double c = 0.003) =>
        0.02 * Math.Exp(-0.1 * x) + 0.06 * Math.Exp(-0.1 * (x - mu2) - Math.Exp(-0.4 * (x - mu2))) + c;

    /// <summary>The constant of the immigrant count profile: 0.0003 rather than the rate schedule's 0.003, so that about 3%
    /// (not 30%) of immigrants are spread evenly over all ages; Dutch immigrants are young (few over 65).</summary>
    public const double ImmigrantConstant = 0.0003;

    /// <summary>Age distribution 0–100 (sums to 1) with location <paramref name="mu2"/>.</summary>
    public static double[] Distribution(double mu2)
    {
        var r = new double[PopulationIndex.Ages];
        double s = 0;
        for (int a = 0; a < r.Length; a++) s += r[a] = RogersCastro(a + 0.5, mu2, ImmigrantConstant);
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
