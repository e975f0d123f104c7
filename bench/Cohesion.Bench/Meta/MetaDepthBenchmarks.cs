using BenchmarkDotNet.Attributes;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Meta;

namespace Cohesion.Bench.Meta;

/// <summary>
/// Issue 20: the general rma.mv engine on k = 2,000 effect sizes in 500 studies with an unstructured
/// <c>~ outcome | study</c> term (4 outcomes: 10 variance components) and a vcalc sampling covariance (ρ = 0.5).
/// Data: bench/scripts/meta/un_structure.R (un2000.csv in the working directory), or the same design drawn in-process.
/// </summary>
[MemoryDiagnoser]
public class MetaDepthBenchmarks
{
    private DataFrame _un = null!;

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [GlobalSetup]
    public void Setup()
    {
        if (File.Exists("un2000.csv")) { _un = CsvReader.Read("un2000.csv"); return; }
        var rng = new Random(7);
        int studies = 500, l = 4, k = studies * l;
        var outcome = new double[k]; var study = new double[k]; var x = new double[k]; var vi = new double[k]; var yi = new double[k];
        for (int s = 0; s < studies; s++)
        {
            double shared = 0.2 * Math.Sqrt(0.6) * Gauss(rng);
            for (int o = 0; o < l; o++)
            {
                int i = s * l + o;
                outcome[i] = o + 1; study[i] = s + 1; x[i] = Gauss(rng); vi[i] = 0.01 + 0.04 * rng.NextDouble();
                yi[i] = 0.2 + 0.1 * (o - 1) + 0.05 * x[i] + shared + 0.2 * Math.Sqrt(0.4) * Gauss(rng) + Math.Sqrt(vi[i]) * Gauss(rng);
            }
        }
        _un = new DataFrame([new NumericColumn("outcome", outcome), new NumericColumn("study", study), new NumericColumn("x", x),
            new NumericColumn("vi", vi), new NumericColumn("yi", yi)]);
    }

    [Benchmark(Description = "rma.mv UN (4 outcomes) + vcalc V, k=2,000 in 500 studies")]
    public double Unstructured2000() => MetaAnalysis.Run(_un, new MetaSpec
    {
        Yi = "yi", Vi = "vi", Random = "~ outcome | study", Struct = [VarianceStructure.UN], Rho = 0.5, Mods = "~ factor(outcome) + x"
    }).Mv!.Tau2[0];
}
