using System.Text.Json;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Neighbourhoods;
using Cohesion.Synthetic;
using Cohesion.Tests.Demography;
using Cohesion.Tests.Infrastructure;
using Cohesion.Validation;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>The comparisons of the validation section: each row's kind and provenance, and tool values recomputed
/// independently (the generator's recorded calibration, the KWB file read by R, hand-counted VU shares).</summary>
public class ValidationChecksTests
{
    private static readonly Lazy<Statistics.Data.DataFrame> Survey = new(() => Cohesion.Data.DatasetLoader.Load(SurveyDefaultFile.DefaultPath));

    [Fact]
    public void CalibrationRowsEqualTheGeneratorsAchievedValuesAndAreLabelledCalibrated()
    {
        var rows = ValidationChecks.SurveyCalibration(Survey.Value, FrameworkLoader.LoadDefault()).ToList();
        using var meta = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(SurveyDefaultFile.DefaultPath, ".meta.json")));
        var published = meta.RootElement.GetProperty("calibration_targets").EnumerateArray().Where(t => t.GetProperty("published").GetBoolean()).ToList();
        Assert.Equal(published.Count, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(ValidationKind.Calibrated, rows[i].Kind);
            Assert.Equal(Provenance.Synthetic, rows[i].ToolProvenance);
            Assert.Equal(published[i].GetProperty("target").GetDouble(), rows[i].Published);
            Assert.Equal(published[i].GetProperty("achieved").GetDouble(), rows[i].Tool, 5e-7); // meta rounds to 6 decimals
        }
        Assert.Contains(rows, r => r.FigureEn.Contains("most people can be trusted", StringComparison.OrdinalIgnoreCase) || r.FigureEn.Contains("trust", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void PopulationTotalsAreCalibratedOnlyWhereAFactorWasSolved()
    {
        var engine = TestEngine.Engine;
        var p2020 = engine.Run(ScenarioCatalog.Load("midden", 2020), 2051);
        var p2024 = engine.Run(ScenarioCatalog.Load("midden", 2024), 2051);
        var rows = ValidationChecks.PopulationTotals([p2020, p2024]).ToList();
        Assert.Equal(2, rows.Count);
        var r2020 = rows.Single(r => r.FigureEn.Contains("2020 edition"));
        Assert.Equal(p2020.Scenario.Published["total_2050"], r2020.Published);
        Assert.Equal(p2020.Total(2050), r2020.Tool);
        Assert.Equal(p2020.Scenario.CalibrationTotal is null && p2020.MigrationScale == 1 ? ValidationKind.IndependentCheck : ValidationKind.Calibrated, r2020.Kind);
        var r2024 = rows.Single(r => r.FigureEn.Contains("2024 edition"));
        Assert.Equal(p2024.Scenario.CalibrationTotal is not null || p2024.MigrationScale != 1 ? ValidationKind.Calibrated : ValidationKind.IndependentCheck, r2024.Kind);
        Assert.All(rows, r => Assert.Equal(Provenance.Derived, r.ToolProvenance));
    }

    [Fact]
    public void WppReproductionIsAnIndependentCheckWithinHalfAPercent()
    {
        var wpp = TestEngine.Engine.Wpp;
        var rows = ValidationChecks.WppReproductionTotals(wpp, WppReproduction.Run(wpp, TestEngine.Midden2020, 2050)).ToList();
        Assert.Equal([2030, 2040, 2050], rows.Select(r => int.Parse(r.FigureEn.Split(' ')[1].TrimEnd(','))));
        Assert.Equal(18_958_500, rows[^1].Published, 0.1 * 1000);
        Assert.All(rows, r => { Assert.Equal(ValidationKind.IndependentCheck, r.Kind); Assert.InRange(Math.Abs(r.RelativeDifference), 0, 0.005); });
    }

    [Fact]
    public void EducationGradientComparesTheSyntheticSurveyWithTheRealVuPanel()
    {
        var vuPath = DefaultData.PathOf("real", "vu-election-panel-2021", "wave0.csv");
        var vu = Cohesion.Data.DatasetLoader.Load(vuPath);
        var vuFramework = FrameworkLoader.Load(DefaultData.PathOf("framework", "vu-election-panel-2021.json"));
        var rows = ValidationChecks.EducationGradient(Survey.Value, FrameworkLoader.LoadDefault(), vu, vuFramework).ToList();
        Assert.Equal(ValidationChecks.SharedInstitutions.Length, rows.Count);
        Assert.All(rows, r => { Assert.Equal(ValidationKind.IndependentCheck, r.Kind); Assert.Equal("pp", r.Unit); });
        // the real gap by hand: F2_4 (Tweede Kamer) >= 6 among education 6–7 minus among 1–3, valid answers 0–10 only
        var edu = vu.Numeric("education").Values;
        var tk = vu.Numeric("F2_4").Values;
        double Share(Func<double, bool> inGroup)
        {
            var sel = Enumerable.Range(0, vu.RowCount).Where(i => inGroup(edu[i]) && tk[i] >= 0 && tk[i] <= 10).ToList();
            return sel.Count(i => tk[i] >= 6) / (double)sel.Count;
        }
        double expected = 100 * (Share(e => e is 6 or 7) - Share(e => e is >= 1 and <= 3));
        Assert.Equal(expected, rows[0].Published, 1e-9);
        Assert.True(expected > 0); // the higher educated trust parliament more, in the real panel too
    }

    [Fact]
    public void AmsterdamTotalsOfTheKwbBuurtenMatchTheCbsPopulationTable()
    {
        var kwb = KwbKeyFigures.Load(AmsterdamDiversityAnalysis.KwbPath).Frame;
        var table = StatLine84910Loader.Load(DefaultData.PathOf("real", "cbs-pop-migration-amsterdam-2019", "84910NED_Amsterdam_2019_sex_age_migration.csv"));
        var rows = ValidationChecks.AmsterdamTotals(kwb, table).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(862_965, rows[0].Published);
        Assert.Equal(161_884, rows[1].Published);
        Assert.Equal(308_231, rows[2].Published);
        var reference = JsonDocument.Parse(File.ReadAllText(Paths.Fixture("neighbourhoods", "kwb_amsterdam_reference.json"))).RootElement;
        Assert.Equal(reference.GetProperty("population_buurten").GetDouble(), rows[0].Tool);
        Assert.Equal(reference.GetProperty("western_buurten").GetDouble(), rows[1].Tool);
        Assert.Equal(reference.GetProperty("nonwestern_buurten").GetDouble(), rows[2].Tool);
        Assert.All(rows, r => { Assert.Equal(ValidationKind.RealData, r.Kind); Assert.InRange(Math.Abs(r.RelativeDifference), 0, 0.01); });
    }
}
