using System.Globalization;
using System.Text;

namespace Cohesion.Meta;

/// <summary>
/// SYNTHETIC study-level data shaped like SCP's meta-analysis of ~140 Dutch studies (since 2000) of ethnic diversity
/// and social cohesion in three domains. No replication data of those studies is public; this generator draws
/// from a documented model with known parameters (see data/SOURCES.md, section "meta"), deterministically per seed.
/// <para>Model (Fisher z scale): θᵢⱼ = μ[domain] + δ[outcome] + δ[measure] + uᵢ + wᵢⱼ with uᵢ ~ N(0, σ²_study),
/// wᵢⱼ ~ N(0, σ²_es); observed zᵢⱼ = θᵢⱼ + eᵢⱼ, eᵢⱼ ~ N(0, 1/(nᵢⱼ − 3)); reported rᵢⱼ = tanh(zᵢⱼ) rounded to 3 decimals.</para>
/// </summary>
public static class SyntheticStudies
{
    public const int DefaultSeed = 20201;
    public const int Studies = 140;
    public static readonly string[] Domains = ["neighbourhood", "school", "work"];
    /// <summary>Mean Fisher-z association per domain: small and negative, strongest in neighbourhoods.</summary>
    public static readonly double[] DomainMean = [-0.060, -0.030, -0.015];
    public static readonly double[] DomainShare = [0.50, 0.28, 0.22];
    public static readonly string[] Outcomes = ["generalised_trust", "neighbour_trust", "social_contact", "participation"];
    public static readonly double[] OutcomeShift = [0.0, -0.020, 0.015, 0.005];
    public static readonly string[] Measures = ["fractionalisation", "share_minorities", "share_nonwestern"];
    public static readonly double[] MeasureShift = [0.0, -0.005, -0.010];
    public const double Sigma2Study = 0.0016;   // σ_study = 0.04
    public const double Sigma2Es = 0.0009;      // σ_es = 0.03

    /// <summary>The data set as CSV text (header + one row per effect size).</summary>
    public static string GenerateCsv(int seed = DefaultSeed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        sb.Append("study,esid,author,year,domain,outcome,diversity_measure,ni,ri\n");
        int esid = 0;
        for (int s = 1; s <= Studies; s++)
        {
            double uDomain = rng.NextDouble();
            int d = uDomain < DomainShare[0] ? 0 : uDomain < DomainShare[0] + DomainShare[1] ? 1 : 2;
            int year = 2000 + rng.Next(23);
            // study sample size: log-normal, larger for neighbourhood surveys
            double logMedian = d == 0 ? Math.Log(1500) : d == 1 ? Math.Log(700) : Math.Log(500);
            int nStudy = (int)Math.Round(Math.Exp(logMedian + 0.8 * Gaussian(rng)));
            nStudy = Math.Clamp(nStudy, 60, 40000);
            int m = 1 + Poisson(rng, 2.6);
            m = Math.Min(m, 10);
            double u = Math.Sqrt(Sigma2Study) * Gaussian(rng);
            int measure = rng.Next(Measures.Length);
            string author = $"Synthetic study {s:D3}";
            for (int j = 0; j < m; j++)
            {
                esid++;
                int o = rng.Next(Outcomes.Length);
                // an effect size may use a subsample (e.g. one ethnic group)
                int n = rng.NextDouble() < 0.3 ? Math.Max(40, (int)Math.Round(nStudy * (0.3 + 0.5 * rng.NextDouble()))) : nStudy;
                double theta = DomainMean[d] + OutcomeShift[o] + MeasureShift[measure] + u + Math.Sqrt(Sigma2Es) * Gaussian(rng);
                double z = theta + Gaussian(rng) / Math.Sqrt(n - 3);
                double r = Math.Round(Math.Tanh(z), 3, MidpointRounding.ToEven);
                sb.Append(CultureInfo.InvariantCulture, $"{s},{esid},{author},{year},{Domains[d]},{Outcomes[o]},{Measures[measure]},{n},{r.ToString("0.000", CultureInfo.InvariantCulture)}\n");
            }
        }
        return sb.ToString();
    }

    private static double Gaussian(Random rng)
    {
        // Box–Muller, one draw per call (deterministic for a seed)
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static int Poisson(Random rng, double lambda)
    {
        double l = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }

    /// <summary>Path of the shipped file.</summary>
    public static string DefaultPath => DefaultData.PathOf("meta", "synthetic_studies.csv");
}
