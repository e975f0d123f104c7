using Cohesion.Scenarios;
using Cohesion.Statistics;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary>Societal and policy scenario files: the built-ins load; bad files name file and field.</summary>
public class ScenarioFileTests
{
    [Fact]
    public void EveryBuiltInScenarioLoadsAgainstTheDefaultFramework()
    {
        var fw = SimulationFixture.Framework;
        var societal = CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Societal);
        var policy = CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Policy);
        Assert.Contains("trends", societal);
        Assert.Contains("halve-education-gap-institutional-trust", policy);
        foreach (var n in societal)
        {
            var s = CohesionScenarioCatalog.Resolve(n, ScenarioKind.Societal, fw);
            Assert.Equal(n, s.Name);
            Assert.NotEmpty(s.Assumptions);
            Assert.NotEmpty(s.Rules);
        }
        foreach (var n in policy) Assert.Equal(ScenarioKind.Policy, CohesionScenarioCatalog.Resolve(n, ScenarioKind.Policy, fw).Kind);
        Assert.Equal("none", CohesionScenarioCatalog.ResolveSocietal("all", fw)[0].Name);
    }

    [Theory]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"trend\",\"indicators\":[\"trust_people\"],\"logit_per_year\":\"a lot\",\"from\":2024}]}", "rules[0].logit_per_year", "must be a number")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"trend\",\"indicators\":[\"trust_in_aliens\"],\"logit_per_year\":0.01,\"from\":2024}]}", "rules[0].indicators[0]", "unknown indicator 'trust_in_aliens'")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"trend\",\"dimension\":\"happiness\",\"logit_per_year\":0.01,\"from\":2024}]}", "rules[0].dimension", "unknown dimension")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rulez\":[]}", "rulez", "is not a known field")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"shift\",\"indicators\":[\"voted\"],\"logit\":0.1}]}", "rules[0].from", "is required")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"shift\",\"indicators\":[\"voted\"],\"logit\":0.1,\"from\":2024,\"groups\":{\"education\":[\"phd\"]}}]}", "rules[0].groups.education[0]", "'phd' is not one of")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"shift\",\"indicators\":[\"voted\"],\"logit\":12,\"from\":2024}]}", "rules[0].logit", "implausible")]
    [InlineData("{\"kind\":\"policy\",\"name\":\"x\",\"rules\":[{\"type\":\"close_gap\",\"dimension\":\"social_trust\",\"factor\":\"education\",\"reference\":\"high\",\"fraction\":1.5,\"from\":2025}]}", "rules[0].fraction", "between 0 and 1")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"trend\",\"indicators\":[\"voted\"],\"logit_per_year\":0.01,\"from\":2030,\"until\":2025}]}", "rules[0].until", "before 'from'")]
    [InlineData("{\"kind\":\"societal\",\"name\":\"x\",\"rules\":[{\"type\":\"jump\",\"indicators\":[\"voted\"]}]}", "rules[0].type", "must be \"trend\"")]
    [InlineData("{\"kind\":\"weather\",\"name\":\"x\",\"rules\":[]}", "kind", "must be \"societal\" or \"policy\"")]
    public void BadFileNamesFileAndField(string json, string field, string message)
    {
        var path = Path.Combine(Paths.TempDir(), "bad-scenario.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<CohesionException>(() => CohesionScenarioLoader.Load(path, SimulationFixture.Framework));
        Assert.Equal(path, ex.File);
        Assert.Contains($"field '{field}'", ex.Message);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void MalformedJsonAndWrongKindAreErrors()
    {
        var dir = Paths.TempDir();
        var broken = Path.Combine(dir, "broken.json");
        File.WriteAllText(broken, "{\"kind\": \"societal\", \"rules\": [");
        var ex = Assert.Throws<CohesionException>(() => CohesionScenarioLoader.Load(broken, SimulationFixture.Framework));
        Assert.Contains("not valid JSON", ex.Message);
        var policyAsSocietal = Path.Combine(dir, "p.json");
        File.WriteAllText(policyAsSocietal, "{\"kind\":\"policy\",\"name\":\"p\",\"rules\":[]}");
        var ex2 = Assert.Throws<CohesionException>(() => CohesionScenarioCatalog.Resolve(policyAsSocietal, ScenarioKind.Societal, SimulationFixture.Framework));
        Assert.Contains("field 'kind'", ex2.Message);
        Assert.Throws<CohesionException>(() => CohesionScenarioCatalog.Resolve("no-such-scenario", ScenarioKind.Policy, SimulationFixture.Framework));
    }
}
