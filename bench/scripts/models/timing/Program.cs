using System.Diagnostics;
using Cohesion.Bench.Models;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;

// Usage: dotnet run -c Release -- fe|lmm N [repeats]
// Prints median wall-clock and process-CPU seconds of the fit (data generation excluded, as in the R scripts).
string what = args[0];
int n = int.Parse(args[1]);
int reps = args.Length > 2 ? int.Parse(args[2]) : 5;
var data = what == "fe" ? ModelsBenchData.Panel(n) : ModelsBenchData.Multilevel(n);
var wall = new List<double>();
var cpu = new List<double>();
string summary = "";
for (int r = 0; r < reps + 1; r++)
{
    GC.Collect();
    var proc = Process.GetCurrentProcess();
    var c0 = proc.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    if (what == "fe")
    {
        var f = LinearModel.Fit(data, ModelsBenchData.PanelFormula(), new RegressionOptions { Cluster = "unit" });
        summary = $"rows={f.N} b1={f.Coefficients[0].Estimate:R} se1={f.Coefficients[0].StdError:R} b10={f.Coefficients[9].Estimate:R} iterations={f.DemeanIterations}";
    }
    else
    {
        var f = LinearMixedModel.Fit(data, ModelsBenchData.MultilevelFormula);
        summary = $"b1={f.Fixed[1].Estimate:R} se1={f.Fixed[1].StdError:R} var_g={f.Random[0].Variance:R} var_res={f.ResidualVariance:R} logLik={f.LogLik:R} evaluations={f.Evaluations}";
    }
    sw.Stop();
    proc.Refresh();
    if (r == 0) continue; // warm-up
    wall.Add(sw.Elapsed.TotalSeconds);
    cpu.Add((proc.TotalProcessorTime - c0).TotalSeconds);
}
static double Median(List<double> v) { var s = v.Order().ToArray(); return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]); }
Console.WriteLine($"cohesion {what} n={n} median_elapsed_s={Median(wall):F3} median_cpu_s={Median(cpu):F3} elapsed={string.Join(",", wall.Select(w => w.ToString("F3")))}");
Console.WriteLine(summary);
