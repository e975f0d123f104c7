using System.Text.Json;
using Cohesion.Data;
using Cohesion.Pipeline;
using Cohesion.Reporting;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Simulation;

/// <summary><c>cohesion simulate --catalogue NAME [--db FILE]</c> (issue 16): the ensemble result as a catalogue table
/// with its manifest, read back equal.</summary>
public class EnsembleCatalogueTests
{
    [Fact]
    public void SimulateWritesTheEnsembleAndItReadsBackEqual()
    {
        var db = Path.Combine(Paths.TempDir(), "ens.duckdb");
        var r = CliRunner.Run("simulate", "--societal", "trends", "--stochastic", "6", "--calibrate", "wpp2022", "--seed", "3", "--to", "2028",
            "--catalogue", "ens_midden", "--db", db, "--format", "json");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("stored 'ens_midden'", r.Err);
        var json = JsonDocument.Parse(r.Out).RootElement;

        var stored = EnsembleCatalogue.Read("ens_midden", db);
        var t = stored.Table;
        Assert.Equal(EnsembleCatalogue.Columns, t.Columns.Select(c => c.Name).ToArray());
        var run = json.GetProperty("runs")[0];
        var years = run.GetProperty("years").EnumerateArray().ToArray();
        int perYear = years[0].GetProperty("dimensions").EnumerateObject().Count() + years[0].GetProperty("indicators").EnumerateObject().Count();
        Assert.Equal(years.Length * perYear, t.RowCount);
        var rows = stored.Rows().ToDictionary(b => (b.Year, b.Level, b.Id));
        Assert.All(rows.Keys, k => Assert.True(rows[k].Scenario == "midden" && rows[k].Societal == "trends"));
        Assert.True(stored.DemographicUncertainty);
        int checkedRows = 0;
        foreach (var y in years)
        foreach (var (level, group) in new[] { ("dimension", "dimensions"), ("indicator", "indicators") })
        foreach (var p in y.GetProperty(group).EnumerateObject())
        {
            var b = rows[(y.GetProperty("year").GetInt32(), level, p.Name)].Band;
            // the very doubles of the JSON output (round-trip formatting there, DOUBLE in DuckDB)
            Assert.Equal(p.Value.GetProperty("mean").GetDouble(), b.Mean);
            Assert.Equal(p.Value.GetProperty("lower").GetDouble(), b.Lower);
            Assert.Equal(p.Value.GetProperty("upper").GetDouble(), b.Upper);
            checkedRows++;
        }
        Assert.Equal(t.RowCount, checkedRows);
        for (int i = 0; i < t.RowCount; i++)
        {
            Assert.Equal("none", t["policy"].Format(i));
            Assert.Equal("reweight", t["method"].Format(i));
            Assert.Equal("synthetic", t["provenance"].Format(i));
        }

        var m = stored.Manifest;
        Assert.Equal(EnsembleCatalogue.Kind, (string?)m["kind"]);
        Assert.Equal(3UL, (ulong)m["seed"]!);
        Assert.Equal(6, (int)m["trajectories"]!);
        Assert.True((bool)m["demographic_uncertainty"]!);
        Assert.Equal("wpp2022", (string?)m["calibration"]);
        Assert.True((bool)m["coefficient_draws"]!);
        Assert.Equal(2028, (int)m["last_year"]!);
        Assert.Equal(RunManifest.CurrentVersion, (string?)m["version"]);
        Assert.Equal("synthetic", (string?)m["provenance"]);
        Assert.Equal(Provenance.Synthetic, stored.Provenance);
        Assert.Equal("trends", (string?)m["societal"]![0]);

        // listed as an ensemble; an imported data set without a manifest is not
        var csv = Path.Combine(Paths.TempDir(), "plain.csv");
        File.WriteAllText(csv, "a,b\n1,x\n2,y\n");
        new Catalogue(db).Import(csv, "plain");
        Assert.Equal(["ens_midden"], EnsembleCatalogue.List(db).Select(e => e.Name).ToArray());
        Assert.Null(new Catalogue(db).Manifest("plain"));
        Assert.Throws<CohesionException>(() => EnsembleCatalogue.Read("plain", db));

        // writing the same name again replaces table and manifest; dropping removes both
        var again = CliRunner.Run("simulate", "--societal", "trends", "--reps", "0", "--seed", "4", "--to", "2026", "--catalogue", "ens_midden", "--db", db, "--format", "json");
        Assert.True(again.ExitCode == 0, again.Err);
        var replaced = EnsembleCatalogue.Read("ens_midden", db);
        Assert.False((bool)replaced.Manifest["demographic_uncertainty"]!);
        Assert.Equal(4UL, (ulong)replaced.Manifest["seed"]!);
        Assert.Equal(3 * perYear, replaced.Table.RowCount);
        Assert.True(new Catalogue(db).Drop("ens_midden"));
        Assert.Empty(EnsembleCatalogue.List(db));
    }

    [Fact]
    public void CatalogueFlagsAreChecked()
    {
        var bad = CliRunner.Run("simulate", "--reps", "0", "--to", "2026", "--catalogue", "9bad name", "--format", "json");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--catalogue", bad.Err);
        var dbOnly = CliRunner.Run("simulate", "--reps", "0", "--to", "2026", "--db", "x.duckdb", "--format", "json");
        Assert.Equal(2, dbOnly.ExitCode);
        Assert.Contains("--db x.duckdb needs --catalogue", dbOnly.Err);
    }
}
