using Cohesion.Reporting;
using Cohesion.Reporting.Stages;
using Xunit;

namespace Cohesion.Tests.Reporting;

/// <summary>Issue 16 item 5: <c>simulation.stochastic N</c> adds bands incl. demographic uncertainty to the projection
/// section (off by default).</summary>
public class DemographicUncertaintyReportTests
{
    private static ReportSection Run(int stochastic, int reps = 20)
    {
        var report = new Report { Title = ("t", "t"), Manifest = new RunManifest { Seed = 3, Language = "nl" } };
        var config = new ReportConfig
        {
            Language = "nl",
            Simulation = new ReportConfig.SimulationSettings { Scenarios = ["midden"], Societal = ["trends"], Policy = null, Reps = reps, To = 2030, Stochastic = stochastic },
        };
        new SimulationStage().Run(new ReportContext { Config = config, Report = report });
        return Assert.Single(report.Sections);
    }

    [Fact]
    public void StochasticBandsAreLabelledAndWiderThanNone()
    {
        var section = Run(stochastic: 12, reps: 0);
        var fig = Assert.Single(section.Blocks.OfType<FigureBlock>(), f => f.TableId == "simulate_demographic_uncertainty");
        Assert.Contains("incl. demografische onzekerheid", fig.Caption.Nl);
        Assert.Contains("incl. demographic uncertainty", fig.Caption.En);
        Assert.Equal(Provenance.Synthetic, fig.Provenance);
        var table = section.Blocks.OfType<TableBlock>().Select(b => b.Table).Single(t => t.Id == "simulate_demographic_uncertainty");
        Assert.Equal(4, table.Rows.Count);
        int Col(string id) => table.Columns.ToList().FindIndex(c => c.Id == id);
        foreach (var row in table.Rows)
        {
            double lo = (double)row[Col("lower")]!, hi = (double)row[Col("upper")]!;
            double loD = (double)row[Col("lower_demographic")]!, hiD = (double)row[Col("upper_demographic")]!;
            Assert.Equal(lo, hi);                 // --reps 0: no coefficient band without the trajectories
            Assert.True(hiD - loD > 1e-5, $"{row[0]}: {loD}–{hiD}");
        }
        Assert.Contains("--stochastic 12 --calibrate wpp2022 --reps 0", table.Source!.En);
    }

    [Fact]
    public void OffByDefault()
    {
        Assert.Equal(0, new ReportConfig().Simulation.Stochastic);
        var section = Run(stochastic: 0);
        Assert.DoesNotContain(section.Blocks.OfType<FigureBlock>(), f => f.TableId == "simulate_demographic_uncertainty");
        Assert.Contains("simulation.stochastic must be", string.Join(" ", ReportConfigValidator.Problems(new ReportConfig
        {
            Simulation = new ReportConfig.SimulationSettings { Stochastic = -1 },
        })));
    }
}
