namespace Cohesion.Demography;

using static PopulationIndex;

/// <summary>The annual cohort-component step (see <see cref="ProjectionRates"/> for the equations). Column
/// arrays and spans, no allocation: the hot loop of every projection.</summary>
public static class ProjectionStep
{
    /// <summary>Projects <paramref name="pop"/> (1 Jan of <c>rates.Year</c>) one year ahead into
    /// <paramref name="next"/> and records the events in <paramref name="flows"/>. Per cohort and in total,
    /// next = pop + births − deaths + immigrants − emigrants holds exactly (up to floating-point rounding).</summary>
    public static void Advance(ReadOnlySpan<double> pop, ProjectionRates rates, Span<double> next, YearFlows flows)
    {
        if (pop.Length != CellCount || next.Length != CellCount) throw new ArgumentException("population arrays must have CellCount elements");
        flows.Clear();
        next.Clear();
        var deaths = flows.Deaths;
        var emig = flows.Emigrants;
        var imm = flows.Immigrants;
        var q = rates.DeathProbability;
        var mu = rates.EmigrationRate;
        var f = rates.Fertility;
        var immIn = rates.Immigrants;
        var lm = rates.LowToMiddle;
        var mh = rates.MiddleToHigh;
        Span<double> birthsByOrigin = stackalloc double[Origins];
        birthsByOrigin.Clear();

        for (int s = 0; s < Sexes; s++)
        {
            for (int a = 0; a < Ages; a++)
            {
                double qa = q[SexAge(s, a)];
                int target = a == MaxAge ? MaxAge : a + 1;
                for (int o = 0; o < Origins; o++)
                {
                    double mua = mu[OriginSexAge(o, s, a)];
                    double fa = s == Female ? f[o * Ages + a] : 0.0;
                    int src = Index(s, a, o, 0);
                    int dst = Index(s, target, o, 0);
                    double s0 = 0, s1 = 0, s2 = 0;
                    for (int e = 0; e < Educations; e++)
                    {
                        double x = pop[src + e];
                        double em = x * mua;
                        double im = immIn[src + e];
                        // survivors computed directly (never negative); deaths = the balance, equal to
                        // (x − Em)·q + Im·q/2 up to rounding
                        double surv = (x - em) * (1 - qa) + im * (1 - 0.5 * qa);
                        double d = x - em + im - surv;
                        emig[src + e] = em;
                        imm[src + e] = im;
                        deaths[src + e] = d;
                        if (e == 0) s0 = surv; else if (e == 1) s1 = surv; else s2 = surv;
                        if (fa != 0.0) birthsByOrigin[o] += fa * (x - 0.5 * em + 0.5 * im - 0.5 * d);
                    }
                    // education transitions among survivors: low → middle, then middle → high
                    int ei = ProjectionRates.EducationIndex(s, a, o);
                    double up1 = s0 * lm[ei];
                    double mid = s1 + up1;
                    double up2 = mid * mh[ei];
                    next[dst] += s0 - up1;
                    next[dst + 1] += mid - up2;
                    next[dst + 2] += s2 + up2;
                }
            }
        }

        // births: children get the origin mapped from the mother's, education low, and enter age 0
        double male = rates.MaleBirthFraction;
        for (int o = 0; o < Origins; o++)
        {
            double b = birthsByOrigin[o];
            flows.BirthsByMotherOrigin[o] = b;
            if (b == 0) continue;
            int child = ChildOrigin(o);
            for (int s = 0; s < Sexes; s++)
            {
                double bs = s == Male ? b * male : b - b * male;
                double survivors = bs * rates.BirthSurvival[s];
                flows.Births[s * Origins + child] += bs;
                flows.InfantDeaths[s * Origins + child] += bs - survivors;
                next[Index(s, 0, child, Low)] += survivors;
            }
        }
    }
}
