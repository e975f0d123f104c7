using System.Globalization;
using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Imputation;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Survey;

/// <summary><c>cohesion impute</c> (chained equations, Cohesion's own method): what the method promises — observed values
/// untouched, PMM imputes observed values, categories stay valid, same seed same bytes — and that pooled analyses of
/// data missing completely at random recover the complete-data truth.</summary>
public class ImputeTests
{
    /// <summary>y = 2 + 3x + e with e ~ N(0, 1); g ∈ {a, b, c} depends on x; y and g 30% / 20% missing completely at random.</summary>
    private static (string Path, double[] YFull, string[] GFull) Simulated(int n = 600)
    {
        var rng = new Random(20240601);
        double N() { double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(); return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2); }
        var lines = new List<string> { "id,x,y,g,w,psu" };
        var yFull = new double[n];
        var gFull = new string[n];
        for (int i = 0; i < n; i++)
        {
            double x = N();
            double y = 2 + 3 * x + N();
            double u = rng.NextDouble();
            string g = x + 0.5 * N() < -0.4 ? "a" : x + 0.5 * N() < 0.5 ? "b" : "c";
            yFull[i] = y; gFull[i] = g;
            string ys = rng.NextDouble() < 0.3 ? "" : y.ToString("R", CultureInfo.InvariantCulture);
            string gs = rng.NextDouble() < 0.2 ? "" : g;
            _ = u;
            lines.Add($"{i + 1},{x.ToString("R", CultureInfo.InvariantCulture)},{ys},{gs},1,{i % 30}");
        }
        var path = Path.Combine(Paths.TempDir(), "sim.csv");
        File.WriteAllLines(path, lines);
        return (path, yFull, gFull);
    }

    [Fact]
    public void ObservedValuesStayAndImputationsAreObservedValuesOrValidCategories()
    {
        var (path, _, _) = Simulated();
        var data = DatasetLoader.Load(path);
        var result = ChainedEquations.Impute(data, ["y", "g", "x"], options: new ChainedEquationsOptions { Imputations = 3, Seed = 5 });
        var y = data.Numeric("y").Values;
        var g = data.Categorical("g");
        var observedY = new HashSet<double>(y.Where(v => !double.IsNaN(v)));
        Assert.Equal(["pmm", "polytomous", "pmm"], result.Variables.Select(v => v.Method));
        foreach (var set in result.Imputations)
        {
            var yi = set.Numeric("y").Values;
            var gi = set.Categorical("g");
            Assert.Equal(g.Levels, gi.Levels);
            for (int i = 0; i < data.RowCount; i++)
            {
                if (!double.IsNaN(y[i])) Assert.Equal(y[i], yi[i]);
                else Assert.Contains(yi[i], observedY); // predictive mean matching: a donor's observed value
                if (g.Codes[i] >= 0) Assert.Equal(g.Codes[i], gi.Codes[i]);
                else Assert.InRange(gi.Codes[i], 0, g.LevelCount - 1);
            }
        }
        // the imputations differ from each other (they are draws, not one fill)
        Assert.NotEqual(result.Imputations[0].Numeric("y").Values, result.Imputations[1].Numeric("y").Values);
    }

    [Fact]
    public void SameSeedGivesTheSameBytesAndAnotherSeedOtherImputations()
    {
        var (path, _, _) = Simulated(200);
        var dir = Paths.TempDir();
        string Run(int seed, string name)
        {
            var outPath = Path.Combine(dir, name);
            var r = CliRunner.Run("impute", "--data", path, "--vars", "y,g,x", "--m", "3", "--seed", seed.ToString(CultureInfo.InvariantCulture), "--out", outPath, "--format", "json");
            Assert.True(r.ExitCode == 0, r.Err);
            return File.ReadAllText(outPath);
        }
        var a = Run(11, "a.csv");
        var b = Run(11, "b.csv");
        var c = Run(12, "c.csv");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var header = a.Split('\n')[0];
        Assert.EndsWith(",.imp,.id", header);
        Assert.Equal(3 * 200 + 2, a.Split('\n').Length); // header, 600 rows, final newline
    }

    [Fact]
    public void PooledAnalysesOfMcarDataRecoverTheCompleteDataTruth()
    {
        var (path, yFull, gFull) = Simulated();
        var outPath = Path.Combine(Paths.TempDir(), "imp.csv");
        var imp = CliRunner.Run("impute", "--data", path, "--vars", "y,g,x", "--m", "10", "--seed", "3", "--out", outPath);
        Assert.True(imp.ExitCode == 0, imp.Err);
        // the mean of y: within two pooled SEs of the complete-data mean
        var est = CliRunner.Run("estimate", "--data", outPath, "--var", "y", "--weight", "w", "--cluster", "psu", "--imputation", ".imp", "--format", "json");
        Assert.True(est.ExitCode == 0, est.Err);
        var row = JsonDocument.Parse(est.Out).RootElement.GetProperty("estimates")[0];
        double mean = row.GetProperty("estimate").GetDouble(), se = row.GetProperty("se").GetDouble();
        Assert.InRange(yFull.Average(), mean - 2 * se, mean + 2 * se);
        Assert.InRange(row.GetProperty("fmi").GetDouble(), 0.01, 0.3); // 30% missing, x explains 90% of y: about 0.3 · 0.1 / 0.73
        // the slope of y on x: near 3
        var glm = CliRunner.Run("glm", "--data", outPath, "--formula", "y ~ x", "--weight", "w", "--cluster", "psu", "--imputation", ".imp", "--format", "json");
        Assert.True(glm.ExitCode == 0, glm.Err);
        var slope = JsonDocument.Parse(glm.Out).RootElement.GetProperty("coefficients")[1];
        Assert.InRange(3.0, slope.GetProperty("ci_lower").GetDouble(), slope.GetProperty("ci_upper").GetDouble());
        // the share of category a: within two SEs of the complete-data share
        var prop = CliRunner.Run("estimate", "--data", outPath, "--var", "g", "--weight", "w", "--cluster", "psu", "--imputation", ".imp", "--format", "json");
        var a = JsonDocument.Parse(prop.Out).RootElement.GetProperty("estimates").EnumerateArray().First(e => e.GetProperty("level").GetString() == "a");
        double share = gFull.Count(v => v == "a") / (double)gFull.Length;
        Assert.InRange(share, a.GetProperty("estimate").GetDouble() - 2 * a.GetProperty("se").GetDouble(), a.GetProperty("estimate").GetDouble() + 2 * a.GetProperty("se").GetDouble());
    }

    [Fact]
    public void BadInputIsNamed()
    {
        var (path, _, _) = Simulated(50);
        var outPath = Path.Combine(Paths.TempDir(), "x.csv");
        var unknown = CliRunner.Run("impute", "--data", path, "--vars", "y,zz", "--out", outPath);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("zz", unknown.Err);
        Assert.False(File.Exists(outPath));
        var m0 = CliRunner.Run("impute", "--data", path, "--vars", "y", "--m", "0", "--out", outPath);
        Assert.Equal(2, m0.ExitCode);
        var pred = CliRunner.Run("impute", "--data", path, "--vars", "x", "--predictors", "y", "--out", outPath);
        Assert.Equal(1, pred.ExitCode);
        Assert.Contains("column 'y'", pred.Err);
        var empty = Path.Combine(Paths.TempDir(), "empty.csv");
        File.WriteAllLines(empty, ["a,b", "1,", "2,", "3,"]);
        var none = CliRunner.Run("impute", "--data", empty, "--vars", "a,b", "--out", outPath);
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no observed values", none.Err);
    }
}
