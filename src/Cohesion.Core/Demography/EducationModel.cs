namespace Cohesion.Demography;

/// <summary>
/// Cohort attainment of education (the educational-expansion assumption). For a person born in cohort c
/// (= year − age − 1 for age on 1 January) of origin o, final attainment (reached by age 28) is
/// high = H(c)·highFactor(o), low = L(c)·lowFactor(o), middle = the rest, where H and L are the scenario's
/// cohort series for Dutch background. Attainment builds up with age: the share of eventual "middle or higher"
/// reached by age a is F_m(a) = clamp((a − 16)/6, 0, 1) (mbo/havo/vwo diplomas at 17–22) and the share of eventual
/// "high" is F_h(a) = clamp((a − 20)/8, 0, 1) (hbo/wo at 21–28). The yearly transition probabilities that move a
/// cohort along these curves are <see cref="Transitions"/>; they are exactly what the projection applies.
/// </summary>
public sealed class EducationModel(Scenario s)
{
    public static double MiddleCurve(int age) => Math.Clamp((age - 16) / 6.0, 0, 1);
    public static double HighCurve(int age) => Math.Clamp((age - 20) / 8.0, 0, 1);

    /// <summary>Final attainment shares (low, middle, high) of cohort <paramref name="cohort"/> educated in the Netherlands.
    /// The cohort's high share H is split by sex with the women/men ratio ρ(c): men 2H/(1+ρ), women 2ρH/(1+ρ).</summary>
    public void CohortFinal(int cohort, int origin, int sex, Span<double> mix)
    {
        double rho = s.FemaleHighRatio.ValueAt(cohort);
        double sexFactor = sex == PopulationIndex.Female ? 2 * rho / (1 + rho) : 2 / (1 + rho);
        double hi = Math.Clamp(s.CohortHighShare.ValueAt(cohort) * s.EducationHighFactor[origin] * sexFactor, 0, 1);
        double lo = Math.Clamp(s.CohortLowShare.ValueAt(cohort) * s.EducationLowFactor[origin], 0, 1 - hi);
        mix[0] = lo; mix[2] = hi; mix[1] = Math.Max(0, 1 - lo - hi);
    }

    /// <summary>Attainment shares at age <paramref name="age"/> on 1 Jan <paramref name="year"/> (base population).
    /// With <paramref name="firstGenerationAdultMix"/>, first-generation people aged 28+ get the immigrants' mix.</summary>
    public void AttainmentAt(int year, int age, int origin, int sex, bool firstGenerationAdultMix, Span<double> mix)
    {
        Span<double> fin = stackalloc double[3];
        if (firstGenerationAdultMix && PopulationIndex.IsFirstGeneration(origin) && age >= 18)
        {
            var m = s.ImmigrantEducation[origin];
            fin[0] = m[0]; fin[1] = m[1]; fin[2] = m[2];
        }
        else CohortFinal(year - age - 1, origin, sex, fin);
        double atLeastMiddle = (1 - fin[0]) * MiddleCurve(age);
        double high = fin[2] * HighCurve(age);
        if (firstGenerationAdultMix && PopulationIndex.IsFirstGeneration(origin) && age >= 18)
        {
            atLeastMiddle = 1 - fin[0];
            high = fin[2];
        }
        mix[0] = 1 - atLeastMiddle; mix[1] = Math.Max(0, atLeastMiddle - high); mix[2] = high;
    }

    /// <summary>Transition probabilities from age a (1 Jan <paramref name="year"/>) to a+1 for the cohort
    /// c = year − a − 1: low→middle = (M(a+1) − M(a)) / (1 − M(a)), then middle→high =
    /// (H(a+1) − H(a)) / (M(a+1) − H(a)), with M(a) = (1 − low_c)·F_m(a) and H(a) = high_c·F_h(a).</summary>
    public void Transitions(int year, int age, int origin, int sex, out double lowToMiddle, out double middleToHigh)
    {
        lowToMiddle = 0; middleToHigh = 0;
        if (age < 16 || age >= 28) return;
        Span<double> fin = stackalloc double[3];
        CohortFinal(year - age - 1, origin, sex, fin);
        double m0 = (1 - fin[0]) * MiddleCurve(age), m1 = (1 - fin[0]) * MiddleCurve(age + 1);
        double h0 = fin[2] * HighCurve(age), h1 = fin[2] * HighCurve(age + 1);
        lowToMiddle = 1 - m0 > 0 ? Math.Clamp((m1 - m0) / (1 - m0), 0, 1) : 0;
        middleToHigh = m1 - h0 > 0 ? Math.Clamp((h1 - h0) / (m1 - h0), 0, 1) : 0;
    }
}
