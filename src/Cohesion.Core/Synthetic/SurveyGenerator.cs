using Cohesion.Statistics.Data;
using M = Cohesion.Synthetic.SurveyPopulationModel;

namespace Cohesion.Synthetic;

/// <summary>A generated synthetic survey: the microdata and the calibration it achieved.</summary>
public sealed record SyntheticSurvey(DataFrame Data, IReadOnlyList<(CalibrationTarget Target, double Achieved)> Calibration, ulong Seed);

/// <summary>
/// Generates the built-in synthetic Dutch survey (adults 15+), deterministically from a seed:
/// <list type="number">
/// <item>Design: 12 provinces as strata (small provinces over-sampled), municipalities as PSUs within them.</item>
/// <item>Respondents: origin (small groups over-sampled), age band, generation, sex and education (ordered
/// probit on age cohort and origin) from <see cref="SurveyPopulationModel"/>; accepted with a response
/// propensity by age and education, so the raw sample is biased as real samples are.</item>
/// <item>Weights: inverse selection and response probabilities, raked to the model's population margins
/// (province, age band × sex, origin, education).</item>
/// <item>Answers: each item is 1{α + λ·θ + calibration shifts + ε > 0} with ε standard logistic and θ the
/// respondent's latent propensity on the item's dimension (education, origin, age and sex effects, a municipality
/// effect and a person factor correlated across dimensions); ordinal answers split that latent by fixed cut points.</item>
/// <item>Calibration: additive shifts on the logit scale (the overall intercept and one shift per targeted group)
/// are adjusted iteratively — shift += logit(target) − logit(achieved) — until every weighted share among valid
/// answers equals its target (within 0.02 pp, or the granularity of a small group: at most 0.11 pp for the default seed).</item>
/// </list>
/// </summary>
public static partial class SurveyGenerator
{
    public const ulong DefaultSeed = 20221;
    public const int DefaultRespondents = 22_000;

    public static SyntheticSurvey Generate(ulong seed = DefaultSeed, int respondents = DefaultRespondents)
    {
        var p = Respondents.Draw(seed, respondents);
        Rake(p);
        var answers = new Answers(p, seed);
        var achieved = answers.Calibrate(SurveyCalibrationTargets.All());
        return new SyntheticSurvey(p.ToFrame(answers), achieved, seed);
    }

    // ----- respondents and design -------------------------------------------------------------------------

    internal sealed class Respondents
    {
        public int N;
        public int[] Province = [], Psu = [], AgeBand = [], Age = [], Origin = [], Education = [];
        public bool[] Female = [], SecondGen = [];
        public double[] Weight = [];
        public string[] PsuNames = [];

        public static Respondents Draw(ulong seed, int n)
        {
            var rng = SurveyRandom.Fork(seed, "respondents");
            int H = M.Provinces.Length;
            double popTotal = M.Provinces.Sum(x => x.Millions);
            // allocation: half proportional, half equal → small provinces over-sampled
            var nh = new int[H];
            for (int h = 0; h < H; h++) nh[h] = (int)Math.Round(n * (0.5 * M.Provinces[h].Millions / popTotal + 0.5 / H));
            nh[Array.IndexOf(nh, nh.Max())] += n - nh.Sum();

            var originShare = M.Origins.Select(o => o.Share).ToArray();
            var boost = originShare.Select(s => Math.Max(1.0, M.MinOriginSample / (n * s))).ToArray();
            var originSample = originShare.Select((s, g) => s * boost[g]).ToArray();
            var ageShare = M.AgeBands.Select(a => a.Share).ToArray();
            double maxResponse = M.ResponseByAgeBand.Max() * M.ResponseByEducation3.Max();

            var r = new Respondents
            {
                N = n, Province = new int[n], Psu = new int[n], AgeBand = new int[n], Age = new int[n], Origin = new int[n],
                Education = new int[n], Female = new bool[n], SecondGen = new bool[n], Weight = new double[n]
            };
            var psuNames = new List<string>();
            int i = 0;
            for (int h = 0; h < H; h++)
            {
                int m = Math.Max(M.MinPsusPerProvince, (int)Math.Round((double)nh[h] / M.RespondentsPerPsu));
                var size = new double[m];
                for (int k = 0; k < m; k++) size[k] = 0.6 + 0.8 * rng.NextDouble();
                double sizeSum = size.Sum();
                int firstPsu = psuNames.Count;
                for (int k = 0; k < m; k++) psuNames.Add($"{M.Provinces[h].Code}-{k + 1:00}");
                int assigned = 0;
                for (int k = 0; k < m; k++)
                {
                    int take = k == m - 1 ? nh[h] - assigned : (int)Math.Round(nh[h] * size[k] / sizeSum);
                    take = Math.Min(take, nh[h] - assigned);
                    for (int t = 0; t < take; t++, i++)
                    {
                        r.Province[i] = h;
                        r.Psu[i] = firstPsu + k;
                        r.DrawPerson(i, rng, originSample, ageShare, maxResponse);
                        // inverse selection probability (province allocation and origin boost) and response propensity
                        double pi = (double)nh[h] / M.Provinces[h].Millions * boost[r.Origin[i]] * Response(r.AgeBand[i], r.Education[i]);
                        r.Weight[i] = 1.0 / pi;
                    }
                    assigned += take;
                }
            }
            r.PsuNames = psuNames.ToArray();
            return r;
        }

        private static double Response(int ageBand, int education) =>
            M.ResponseByAgeBand[ageBand] * M.ResponseByEducation3[EducationIndex3(education)];

        private void DrawPerson(int i, SurveyRandom rng, double[] originSample, double[] ageShare, double maxResponse)
        {
            while (true)
            {
                int g = rng.Choose(originSample);
                int a = rng.Choose(ageShare);
                var o = M.Origins[g];
                bool second = g != 0 && rng.NextDouble() >= o.FirstGen;
                bool female = rng.NextDouble() < M.FemaleByAgeBand[a];
                double z = M.EducationByAgeBand[a] + o.EducationShift + (second ? M.SecondGenerationEducationShift : 0) + rng.Normal();
                int e = 0;
                while (e < M.EducationCuts.Length && z > M.EducationCuts[e]) e++;
                var band = M.AgeBands[a];
                int age = band.From + (int)(rng.NextDouble() * (band.To - band.From));
                if (rng.NextDouble() * maxResponse > Response(a, e)) continue; // non-response
                Origin[i] = g; AgeBand[i] = a; SecondGen[i] = second; Female[i] = female; Education[i] = e; Age[i] = age;
                return;
            }
        }

        internal DataFrame ToFrame(Answers answers)
        {
            var f = new DataFrame(N, "built-in synthetic survey");
            f.Add(new NumericColumn("id", Enumerable.Range(1, N).Select(x => (double)x).ToArray()));
            f.Add(Cat("province", Province, M.Provinces.Select(x => x.Name).ToArray()));
            f.Add(Cat("municipality", Psu, PsuNames));
            f.Add(new NumericColumn("weight", Weight));
            f.Add(Cat("sex", Female.Select(x => x ? 1 : 0).ToArray(), ["male", "female"]));
            f.Add(new NumericColumn("age", Age.Select(x => (double)x).ToArray()));
            f.Add(Cat("age_group", Age.Select(x => Array.IndexOf(M.AgeGroups, M.AgeGroup(x))).ToArray(), M.AgeGroups));
            f.Add(Cat("education", Education, M.Education));
            f.Add(Cat("education3", Education.Select(EducationIndex3).ToArray(), M.Education3));
            f.Add(Cat("origin", Origin, M.Origins.Select(o => o.Id).ToArray()));
            f.Add(Cat("generation", Enumerable.Range(0, N).Select(i => Origin[i] == 0 ? 0 : SecondGen[i] ? 2 : 1).ToArray(), ["none", "first", "second"]));
            var origin7 = new[] { "dutch", "g1_classic", "g1_asylum", "g1_labour", "g2_classic", "g2_asylum", "g2_labour" };
            f.Add(Cat("origin7", Enumerable.Range(0, N).Select(i => Origin7Index(Origin[i], SecondGen[i])).ToArray(), origin7));
            foreach (var (name, values) in answers.Columns()) f.Add(new NumericColumn(name, values));
            return f;
        }

        private static CategoricalColumn Cat(string name, int[] codes, string[] levels) => new(name, codes, levels);

        public static int Origin7Index(int origin, bool second)
        {
            if (origin == 0) return 0;
            int canon = M.Origins[origin].Canonical switch { "classic" => 0, "asylum" => 1, _ => 2 };
            return 1 + canon + (second ? 3 : 0);
        }

        public string Level(string column, int i) => column switch
        {
            "education" => M.Education[Education[i]],
            "education3" => M.Education3[EducationIndex3(Education[i])],
            "origin" => M.Origins[Origin[i]].Id,
            "age_group" => M.AgeGroup(Age[i]),
            _ => throw new ArgumentException($"no target column '{column}'")
        };
    }

    internal static int EducationIndex3(int education) => education <= 1 ? 0 : education == 2 ? 1 : 2;

    /// <summary>Rakes the weights to the model's population margins: province, age band × sex, origin, education.</summary>
    private static void Rake(Respondents r)
    {
        int n = r.N;
        double total = M.Population15Plus;
        double provTotal = M.Provinces.Sum(x => x.Millions);
        var margins = new List<(int[] Cell, double[] Target)>();
        margins.Add((r.Province, M.Provinces.Select(x => total * x.Millions / provTotal).ToArray()));
        int A = M.AgeBands.Length;
        var ageSex = new int[n];
        for (int i = 0; i < n; i++) ageSex[i] = r.AgeBand[i] * 2 + (r.Female[i] ? 1 : 0);
        var ageSexT = new double[2 * A];
        for (int a = 0; a < A; a++)
        {
            ageSexT[2 * a] = total * M.AgeBands[a].Share * (1 - M.FemaleByAgeBand[a]);
            ageSexT[2 * a + 1] = total * M.AgeBands[a].Share * M.FemaleByAgeBand[a];
        }
        margins.Add((ageSex, ageSexT));
        margins.Add((r.Origin, M.Origins.Select(o => total * o.Share).ToArray()));
        margins.Add((r.Education, PopulationEducationShares().Select(s => total * s).ToArray()));

        var w = r.Weight;
        for (int iter = 0; iter < 200; iter++)
        {
            double maxDev = 0;
            foreach (var (cell, target) in margins)
            {
                var sum = new double[target.Length];
                for (int i = 0; i < n; i++) sum[cell[i]] += w[i];
                for (int k = 0; k < target.Length; k++) maxDev = Math.Max(maxDev, Math.Abs(sum[k] / target[k] - 1));
                for (int i = 0; i < n; i++) w[i] *= target[cell[i]] / sum[cell[i]];
            }
            if (maxDev < 1e-10) break;
        }
        for (int i = 0; i < n; i++) w[i] = Math.Round(w[i], 4);
    }

    /// <summary>The population education distribution implied by the model (age × origin × generation mixture of
    /// the ordered probit).</summary>
    public static double[] PopulationEducationShares()
    {
        var shares = new double[M.Education.Length];
        for (int a = 0; a < M.AgeBands.Length; a++)
            foreach (var o in M.Origins)
                foreach (var (gen2, pg) in new[] { (false, o.Id == "dutch" ? 1.0 : o.FirstGen), (true, o.Id == "dutch" ? 0.0 : 1 - o.FirstGen) })
                {
                    double mass = M.AgeBands[a].Share * o.Share * pg;
                    if (mass == 0) continue;
                    double mu = M.EducationByAgeBand[a] + o.EducationShift + (gen2 ? M.SecondGenerationEducationShift : 0);
                    double prev = 0;
                    for (int e = 0; e < shares.Length; e++)
                    {
                        double cum = e < M.EducationCuts.Length ? Cohesion.Statistics.Probability.NormalCdf(M.EducationCuts[e] - mu) : 1.0;
                        shares[e] += mass * (cum - prev);
                        prev = cum;
                    }
                }
        return shares;
    }
}
