using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Tests.Infrastructure;
using Xunit;
using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Tests.Demography;

/// <summary>Mortality graduation, life table, e0 scaling, fertility shape and the stable growth rate against an
/// independent R implementation (tools/reference/demography.R → Fixtures/demography/lifetable.json); the growth rate
/// there is the dominant eigenvalue of the female Leslie matrix (R's eigen).</summary>
public class LifeTableReferenceTests
{
    private static readonly JsonElement Fx = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("demography", "lifetable.json"))).RootElement;
    private static double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    [Theory]
    [InlineData(Male, "male")]
    [InlineData(Female, "female")]
    public void LifeTableAndScalingMatchR(int sex, string name)
    {
        var r = Fx.GetProperty("lifetable").GetProperty(name);
        var std = TestEngine.Engine.Standard.Mortality[sex];
        var mx = Arr(r.GetProperty("mx"));
        for (int a = 0; a < Ages; a++) Approx.Equal(mx[a], std[a], 1e-10, $"single-year mx age {a}");
        Approx.Equal(r.GetProperty("e0").GetDouble(), LifeTable.LifeExpectancy(sex, std), 1e-10, "e0 of the standard");
        var scaled = new double[Ages];
        double k = LifeTable.ScaleToLifeExpectancy(sex, std, r.GetProperty("target").GetDouble(), scaled);
        Approx.Equal(r.GetProperty("k").GetDouble(), k, 1e-9, "proportional-hazards factor");
        var q = new double[Ages];
        LifeTable.ProjectionProbabilities(sex, scaled, q, out double sb);
        var rq = Arr(r.GetProperty("q"));
        for (int a = 0; a < Ages; a++) Approx.Equal(rq[a], q[a], 1e-8, $"q age {a}");
        Approx.Equal(r.GetProperty("birth_survival").GetDouble(), sb, 1e-10, "L0");
    }

    [Fact]
    public void FertilityShapeMatchesR()
    {
        var shape = Arr(Fx.GetProperty("fertility_shape"));
        var mine = TestEngine.Engine.Standard.FertilityByStartAge;
        for (int a = 0; a < Ages; a++) Approx.Equal(shape[a], mine[a], 1e-10, $"age {a}");
    }

    [Fact]
    public void ProjectedGrowthEqualsTheLeslieEigenvalueFromR()
    {
        var std = TestEngine.Engine.Standard;
        var r = new ProjectionRates(2000);
        var lt = Fx.GetProperty("lifetable");
        Span<double> m = stackalloc double[Ages];
        Span<double> q = stackalloc double[Ages];
        foreach (var (sex, name) in new[] { (Male, "male"), (Female, "female") })
        {
            LifeTable.ScaleToLifeExpectancy(sex, std.Mortality[sex], lt.GetProperty(name).GetProperty("target").GetDouble(), m);
            LifeTable.ProjectionProbabilities(sex, m, q, out double sb);
            q.CopyTo(r.DeathProbability.AsSpan(sex * Ages, Ages));
            r.BirthSurvival[sex] = sb;
        }
        double tfr = Fx.GetProperty("tfr").GetDouble();
        for (int a = 0; a < Ages; a++) r.Fertility[a] = tfr * std.FertilityByStartAge[a];
        var start = new double[CellCount];
        for (int a = 0; a < Ages; a++) { start[Index(Male, a, Dutch, Low)] = 1000; start[Index(Female, a, Dutch, Low)] = 1000; }
        var p = ProjectionEngine.Project(TestEngine.Midden2020, start, 2000, 4000, (_, _) => r);
        double lambda = Fx.GetProperty("lambda").GetDouble();
        Approx.Equal(lambda, p.Total(4000) / p.Total(3999), 1e-9, "growth factor vs R eigen()");
    }
}
