using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Tests.Demography;

/// <summary>Accounting identities and the stable-population limit.</summary>
public class InvariantTests
{
    [Theory]
    [InlineData("midden", 2020)]
    [InlineData("asiel", 2024)]
    public void BalancingEquationHoldsEveryYearInTotalAndPerCohort(string name, int edition)
    {
        var p = TestEngine.Engine.Run(ScenarioCatalog.Load(name, edition), 2071);
        for (int k = 0; k < p.Flows.Length; k++)
        {
            var f = p.Flows[k];
            var now = p.Populations[k];
            var next = p.Populations[k + 1];
            double expected = YearFlows.Sum(now) + f.TotalBirths - f.TotalDeaths + f.TotalImmigration - f.TotalEmigration;
            Approx.Equal(expected, YearFlows.Sum(next), 1e-13, $"total {p.Years[k + 1]}");
            // per sex × cohort × origin (education moves people within the cohort, not out of it)
            for (int s = 0; s < Sexes; s++)
                for (int o = 0; o < Origins; o++)
                {
                    for (int a = 0; a < MaxAge - 1; a++)
                    {
                        double before = 0, after = 0;
                        for (int e = 0; e < Educations; e++)
                        {
                            int i = Index(s, a, o, e);
                            before += now[i] - f.Deaths[i] - f.Emigrants[i] + f.Immigrants[i];
                            after += next[Index(s, a + 1, o, e)];
                        }
                        Approx.Equal(before, after, 1e-12, $"cohort sex {s} age {a} origin {o} in {p.Years[k]}");
                    }
                    // age 0 on the next 1 January = births − infant deaths
                    double newborn = 0;
                    for (int e = 0; e < Educations; e++) newborn += next[Index(s, 0, o, e)];
                    Approx.Equal(f.Births[s * Origins + o] - f.InfantDeaths[s * Origins + o], newborn, 1e-12, "newborns");
                }
            for (int i = 0; i < CellCount; i++) Assert.True(next[i] >= 0, $"negative count {next[i]} in cell {Decompose(i)} in {p.Years[k + 1]}");
        }
    }

    [Fact]
    public void BirthsToFirstGenerationMothersAreSecondGenerationAndOthersDutch()
    {
        var p = TestEngine.Engine.Run(ScenarioCatalog.Load("midden", 2020), 2021);
        var f = p.Flows[0];
        double Child(int o) => f.Births[Male * Origins + o] + f.Births[Female * Origins + o];
        Approx.Equal(f.BirthsByMotherOrigin[G1Classic], Child(G2Classic), 1e-12);
        Approx.Equal(f.BirthsByMotherOrigin[G1Asylum], Child(G2Asylum), 1e-12);
        Approx.Equal(f.BirthsByMotherOrigin[G1Labour], Child(G2Labour), 1e-12);
        Approx.Equal(f.BirthsByMotherOrigin[Dutch] + f.BirthsByMotherOrigin[G2Classic] + f.BirthsByMotherOrigin[G2Asylum] + f.BirthsByMotherOrigin[G2Labour],
            Child(Dutch), 1e-12);
        foreach (int o in new[] { G1Classic, G1Asylum, G1Labour }) Assert.Equal(0, Child(o));
        // all newborns start with education low
        var next = p.PopulationAt(2020);
        for (int s = 0; s < Sexes; s++) for (int o = 0; o < Origins; o++) Assert.Equal(0, next[Index(s, 0, o, Middle)] + next[Index(s, 0, o, High)]);
    }

    [Fact]
    public void ImmigrantsArriveWithTheEducationMixOfTheirGroup()
    {
        var s = ScenarioCatalog.Load("midden", 2020);
        var p = TestEngine.Engine.Run(s, 2021);
        var imm = p.Rates[0].Immigrants;
        foreach (int o in new[] { G1Classic, G1Asylum, G1Labour })
        {
            var byEdu = new double[3];
            for (int sx = 0; sx < Sexes; sx++)
                for (int a = 18; a < Ages; a++)
                    for (int e = 0; e < 3; e++) byEdu[e] += imm[Index(sx, a, o, e)];
            double tot = byEdu.Sum();
            for (int e = 0; e < 3; e++) Approx.Equal(s.ImmigrantEducation[o][e], byEdu[e] / tot, 1e-12, $"origin {o} education {e}");
        }
    }

    /// <summary>The documented equations of <see cref="ProjectionRates"/>, re-implemented cell by cell, give the same
    /// next population as the engine: a microsimulation applying these rates has the projection as its expectation.</summary>
    [Fact]
    public void DocumentedEquationsReproduceTheStep()
    {
        var p = TestEngine.Engine.Run(ScenarioCatalog.Load("groei", 2020), 2031);
        int k = 7;
        var r = p.Rates[k];
        var pop = p.Populations[k];
        var next = new double[CellCount];
        double births0 = 0;
        var birthsByOrigin = new double[Origins];
        for (int i = 0; i < CellCount; i++)
        {
            var (s, a, o, e) = Decompose(i);
            double x = pop[i];
            double em = x * r.EmigrationRate[OriginSexAge(o, s, a)];
            double im = r.Immigrants[i];
            double q = r.DeathProbability[SexAge(s, a)];
            double d = (x - em) * q + im * q / 2;
            double surv = x - em + im - d;
            if (s == Female) birthsByOrigin[o] += r.Fertility[o * Ages + a] * (x - em / 2 + im / 2 - d / 2);
            int to = Math.Min(a + 1, MaxAge);
            int ei = ProjectionRates.EducationIndex(s, a, o);
            double lm = r.LowToMiddle[ei], mh = r.MiddleToHigh[ei];
            // transition matrix on (low, middle, high): low→middle with lm, then middle (old + new) → high with mh
            double[] dest = e switch
            {
                Low => [1 - lm, lm * (1 - mh), lm * mh],
                Middle => [0, 1 - mh, mh],
                _ => [0, 0, 1],
            };
            for (int e2 = 0; e2 < 3; e2++) next[Index(s, to, o, e2)] += surv * dest[e2];
        }
        for (int o = 0; o < Origins; o++)
        {
            births0 += birthsByOrigin[o];
            for (int s = 0; s < Sexes; s++)
            {
                double share = s == Male ? r.MaleBirthFraction : 1 - r.MaleBirthFraction;
                next[Index(s, 0, ChildOrigin(o), Low)] += birthsByOrigin[o] * share * r.BirthSurvival[s];
            }
        }
        var engineNext = p.Populations[k + 1];
        for (int i = 0; i < CellCount; i++) Approx.Equal(next[i], engineNext[i], 1e-11, $"cell {i}");
        Approx.Equal(births0, p.Flows[k].TotalBirths, 1e-12, "births");
    }

    /// <summary>A closed one-origin population with constant rates converges to the intrinsic growth rate r that solves
    /// the discrete Euler–Lotka equation 1 = Σ_a λ^−(a+1) ℓ(a) φ(a), solved here by bisection.</summary>
    [Theory]
    [InlineData(1.4, 82.0)]
    [InlineData(2.4, 75.0)]
    public void ClosedPopulationWithConstantRatesConvergesToLotkasR(double tfr, double e0)
    {
        var std = TestEngine.Engine.Standard;
        var r = new ProjectionRates(2000);
        Span<double> mx = stackalloc double[Ages];
        Span<double> q = stackalloc double[Ages];
        for (int s = 0; s < Sexes; s++)
        {
            LifeTable.ScaleToLifeExpectancy(s, std.Mortality[s], e0 + (s == Female ? 2 : -2), mx);
            LifeTable.ProjectionProbabilities(s, mx, q, out double sb);
            q.CopyTo(r.DeathProbability.AsSpan(s * Ages, Ages));
            r.BirthSurvival[s] = sb;
        }
        for (int a = 0; a < Ages; a++) r.Fertility[Dutch * Ages + a] = tfr * std.FertilityByStartAge[a];
        // an arbitrary (non-stable) start: the WPP 1950 age structure
        var start = new double[CellCount];
        for (int s = 0; s < Sexes; s++)
        {
            var single = TestEngine.Engine.Wpp.PopulationSingle(1950, s);
            for (int a = 0; a < Ages; a++) start[Index(s, a, Dutch, Low)] = single[a];
        }
        var proj = ProjectionEngine.Project(TestEngine.Midden2020, start, 2000, 5000, (_, _) => r);
        double growth = Math.Log(proj.Total(5000) / proj.Total(4999));

        // Euler–Lotka, independently: ℓ(a) from the death probabilities, φ(a) = daughters per woman aged a on 1 January
        double fem = 1 - r.MaleBirthFraction;
        var ell = new double[Ages];
        var phi = new double[Ages];
        ell[0] = 1;
        for (int a = 0; a < Ages; a++)
        {
            double qa = r.DeathProbability[SexAge(Female, a)];
            phi[a] = r.Fertility[a] * (1 - qa / 2) * fem * r.BirthSurvival[Female];
            if (a + 1 < Ages) ell[a + 1] = ell[a] * (1 - qa);
        }
        double Lotka(double rr) { double v = 0; for (int a = 0; a < Ages; a++) v += Math.Exp(-rr * (a + 1)) * ell[a] * phi[a]; return v - 1; }
        double lo = -0.2, hi = 0.2;
        for (int it = 0; it < 200; it++) { double mid = (lo + hi) / 2; if (Lotka(mid) > 0) lo = mid; else hi = mid; }
        double rLotka = (lo + hi) / 2;
        Assert.True(Math.Abs(growth - rLotka) < 1e-9, $"projected growth {growth:E6} vs Lotka r {rLotka:E6}");
        Assert.True(tfr < 2 ? rLotka < 0 : rLotka > 0);
    }
}
