using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Demography;

/// <summary>The standard age schedules the scenarios scale: WPP 2024 mortality (2015–2020, single years, by sex) and
/// the WPP fertility age shape (2015–2020) by age on 1 January, summing to 1.</summary>
public sealed class StandardSchedules
{
    public required double[][] Mortality { get; init; }
    public required double[] FertilityByStartAge { get; init; }

    public static StandardSchedules FromWpp(WppNetherlands wpp, int periodStart = 2015)
    {
        var mort = new[] { wpp.MortalitySingle(periodStart, Male), wpp.MortalitySingle(periodStart, Female) };
        return new StandardSchedules { Mortality = mort, FertilityByStartAge = FertilityStartAgeShape(wpp.Fertility5(periodStart)) };
    }

    /// <summary>ASFR by age at birth in 5-year groups 15–49 → single ages at birth (graduated so each group's total is
    /// kept) → by age on 1 January (a woman aged a on 1 Jan gives birth at a or a+1: f(a) = ½(g(a) + g(a+1))).
    /// Normalised to sum 1.</summary>
    public static double[] FertilityStartAgeShape(double[] asfr5)
    {
        var counts = asfr5.Select(v => v * 5).ToArray();
        var starts = Enumerable.Range(0, 7).Select(i => 15 + i * 5).ToArray();
        var single = Graduation.ToSingleYears(starts, counts, 50); // ages 15..49
        var byBirth = new double[Ages + 1];
        for (int i = 0; i < single.Length; i++) byBirth[15 + i] = single[i];
        var r = new double[Ages];
        for (int a = 0; a < Ages; a++) r[a] = 0.5 * (byBirth[a] + byBirth[a + 1]);
        double sum = r.Sum();
        for (int a = 0; a < Ages; a++) r[a] /= sum;
        return r;
    }
}
