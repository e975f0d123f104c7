using Cohesion.Maps;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Neighbourhoods;

/// <summary>The true parameters of the synthetic panel's cohesion equation (what a correct FE model recovers).</summary>
public sealed record SyntheticPanelTruth
{
    /// <summary>Direct effect of diversity (fractionalisation, 0–1) on the cohesion score (0–10 scale).</summary>
    public double Diversity { get; init; } = -0.60;
    /// <summary>Per 1,000 EUR mean income per recipient.</summary>
    public double Income { get; init; } = 0.020;
    /// <summary>Per percentage point of low-income households.</summary>
    public double LowIncome { get; init; } = -0.030;
    /// <summary>Per unit share (0–1) of rented dwellings.</summary>
    public double RentalShare { get; init; } = -0.60;
    /// <summary>Per unit share (0–1) of dwellings owned by housing corporations.</summary>
    public double CorporationShare { get; init; } = -0.30;
    /// <summary>Per standard deviation of the neglect (verloedering) index.</summary>
    public double Neglect { get; init; } = -0.20;
    /// <summary>Per unit share (0–1) of residents who moved in during the year.</summary>
    public double Turnover { get; init; } = -2.00;
    /// <summary>SDs of the gemeente and buurt random intercepts and of the residual.</summary>
    public double GemeenteSd { get; init; } = 0.15;
    public double BuurtSd { get; init; } = 0.30;
    public double ResidualSd { get; init; } = 0.25;
    /// <summary>Buurt intercept shift per SD of latent deprivation (makes pooled OLS differ from FE).</summary>
    public double DeprivationIntercept { get; init; } = -0.40;

    /// <summary>Coefficient name (as the panel's column) → true value.</summary>
    public IReadOnlyDictionary<string, double> Coefficients => new Dictionary<string, double>
    {
        ["diversity"] = Diversity, ["income"] = Income, ["low_income"] = LowIncome, ["rental_share"] = RentalShare,
        ["corporation_share"] = CorporationShare, ["neglect"] = Neglect, ["turnover"] = Turnover,
    };
}

/// <summary>
/// The built-in synthetic national buurt panel (SYNTHETIC — no national buurt panel of cohesion is public).
/// Geography is real: the buurten, their names, gemeenten and centroids are the CBS 2014 buurt boundaries
/// (<c>data/real/cbs-boundaries-topojson</c>); buurten drawn with fewer than 200 inhabitants are left out (about
/// 11,000 remain, in about 400 gemeenten), observed 2012–2020. Everything else is drawn from the documented
/// generative model below, deterministically from the seed:
/// <list type="bullet">
/// <item>urbanity u_g per gemeente: log number of buurten and closeness to Amsterdam, Rotterdam, Den Haag, Utrecht
/// (standardised, plus noise); latent deprivation z_i ~ N(0,1) per buurt;</item>
/// <item>population ~ lognormal (median 1,100 × e^{0.5 u_g}); migration-background share logit = −1.7 + 0.9 u_g +
/// 0.6 z_i + 0.3 w_i + (0.02 + 0.03 z_i + 0.02 v_i)(year − 2012); its split over Western, Morocco, Antilles,
/// Suriname, Turkey, other non-Western from gemeente- and buurt-specific weights; counts per group rounded;
/// diversity = fractionalisation 1 − Σp² over the seven origin groups (as the WRR);</item>
/// <item>controls co-vary with deprivation between buurten and with the change in diversity within buurten
/// (Δ = diversity − the buurt's 2012 diversity): income, low-income share, WOZ, rental and corporation shares,
/// neglect, turnover (formulas in <see cref="Generate"/>);</item>
/// <item>cohesion (0–10 scale) = 6.4 + a_g + b_i − 0.4 z_i + c_t + Σ β·x + ε, with the β of
/// <see cref="SyntheticPanelTruth"/>, a_g ~ N(0, 0.15²), b_i ~ N(0, 0.30²), year effects c_t (a slow decline),
/// ε ~ N(0, 0.25²).</item>
/// </list>
/// Diverse buurten thus have lower cohesion partly because they are poorer, rent more, are more neglected and have
/// more turnover (SCP, <i>Samen verschillend</i>, 2024); controlling for those shrinks the diversity coefficient.
/// </summary>
public static class SyntheticBuurtPanel
{
    public const int FirstYear = 2012, LastYear = 2020, DefaultSeed = 20241206;
    /// <summary>Buurten drawn with fewer inhabitants are not observed (small-area estimates there are unreliable).</summary>
    public const double MinimumPopulation = 200;
    public const string Label = "SYNTHETIC data: a generated national buurt panel 2012–2020 with known true effects (real CBS 2014 buurt geography); not observations";
    public const string LabelNl = "SYNTHETISCHE gegevens: een gegenereerd landelijk buurtpanel 2012–2020 met bekende ware effecten (echte CBS-buurtindeling 2014); geen waarnemingen";
    public static readonly string[] Groups = KwbKeyFigures.OriginGroups;

    /// <summary>The default boundary file the geography comes from.</summary>
    public static string BoundaryFile => DefaultData.PathOf("real", "cbs-boundaries-topojson", "Buurt_2014_layer_q1e3.json");

    public static DataFrame Generate(int seed = DefaultSeed, SyntheticPanelTruth? truth = null, Topology? buurten = null)
    {
        truth ??= new SyntheticPanelTruth();
        buurten ??= Topology.Load(BoundaryFile);
        var rng = new Gaussian(seed);

        // geography: buurten with a centroid, grouped by gemeente (code BUgggg....)
        var feats = buurten.Features.Where(f => f.Code.StartsWith("BU") && f.Code.Length >= 6).ToList();
        var centroid = feats.Select(buurten.Centroid).ToArray();
        var gemCodes = feats.Select(f => "GM" + f.Code[2..6]).ToArray();
        var gemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var gemOf = new int[feats.Count];
        for (int i = 0; i < feats.Count; i++)
        {
            if (!gemIndex.TryGetValue(gemCodes[i], out var g)) { g = gemIndex.Count; gemIndex[gemCodes[i]] = g; }
            gemOf[i] = g;
        }
        int ng = gemIndex.Count;
        var nb = new double[ng];
        var glon = new double[ng];
        var glat = new double[ng];
        for (int i = 0; i < feats.Count; i++)
        {
            var (lon, lat) = centroid[i];
            if (double.IsNaN(lon)) continue;
            nb[gemOf[i]]++;
            glon[gemOf[i]] += lon;
            glat[gemOf[i]] += lat;
        }
        (double Lon, double Lat)[] cities = [(4.90, 52.37), (4.48, 51.92), (4.30, 52.08), (5.12, 52.09)];
        var logNb = new double[ng];
        var closeness = new double[ng];
        for (int g = 0; g < ng; g++)
        {
            glon[g] /= Math.Max(nb[g], 1); glat[g] /= Math.Max(nb[g], 1);
            logNb[g] = Math.Log(Math.Max(nb[g], 1));
            double d = cities.Min(c => Math.Sqrt(Math.Pow((glon[g] - c.Lon) * 68.6, 2) + Math.Pow((glat[g] - c.Lat) * 111.2, 2)));
            closeness[g] = -Math.Log(5 + d);
        }
        Standardise(logNb); Standardise(closeness);
        var urbanity = new double[ng];
        var gemEffect = new double[ng];
        var gemWeights = new double[ng * 6];
        double[] baseWeights = [0.40, 0.12, 0.03, 0.11, 0.10, 0.24]; // western, morocco, antilles, suriname, turkey, other nw
        for (int g = 0; g < ng; g++)
        {
            urbanity[g] = 0.6 * logNb[g] + 0.6 * closeness[g] + 0.4 * rng.Next();
            gemEffect[g] = truth.GemeenteSd * rng.Next();
            for (int k = 0; k < 6; k++) gemWeights[g * 6 + k] = baseWeights[k] * Math.Exp(0.5 * rng.Next() + (k == 0 ? -0.25 : 0.15) * urbanity[g]);
        }
        var yearEffect = new double[LastYear - FirstYear + 1];
        for (int t = 0; t < yearEffect.Length; t++) yearEffect[t] = -0.02 * t + 0.03 * rng.Next();

        // columns
        int years = yearEffect.Length;
        var cols = new ColumnsBuilder(feats.Count * years);
        var shares = new double[7];
        var counts = new double[7];
        var w = new double[6];
        for (int i = 0; i < feats.Count; i++)
        {
            int g = gemOf[i];
            double u = urbanity[g];
            double z = rng.Next(), wi = rng.Next(), vi = rng.Next();
            double pop0 = 1100 * Math.Exp(0.5 * u + 0.9 * rng.Next());
            double buurtEffect = truth.BuurtSd * rng.Next() + truth.DeprivationIntercept * z;
            double slope = 0.02 + 0.03 * z + 0.02 * vi;
            for (int k = 0; k < 6; k++) w[k] = gemWeights[g * 6 + k] * Math.Exp(0.4 * rng.Next() + (k == 0 ? -0.3 : 0.2) * z);
            double wsum = w.Sum();
            double woz0 = 230 * Math.Exp(0.15 * u - 0.2 * z + 0.15 * rng.Next());
            double div2012 = double.NaN;
            if (pop0 < MinimumPopulation || double.IsNaN(centroid[i].Lon)) continue; // too small to be observed
            for (int t = 0; t < years; t++)
            {
                int year = FirstYear + t;
                double pop = Math.Round(pop0 * Math.Exp(0.004 * t + 0.02 * rng.Next()));
                double m = Logistic(-1.7 + 0.9 * u + 0.6 * z + 0.3 * wi + slope * t);
                shares[0] = 1 - m;
                for (int k = 0; k < 6; k++) shares[k + 1] = m * w[k] / wsum;
                double total = 0;
                for (int k = 0; k < 7; k++) { counts[k] = Math.Round(pop * shares[k]); total += counts[k]; }
                double div = DiversityIndex.Fractionalisation(counts);
                double ent = DiversityIndex.Entropy(counts);
                if (t == 0) div2012 = div;
                double delta = div - div2012;
                double income = 31 + 3.0 * u - 4.0 * z + 0.45 * t - 12 * delta + 1.0 * rng.Next();
                double lowIncome = Math.Max(0.5, 8 + 0.8 * u + 3.5 * z + 15 * delta + 1.0 * rng.Next());
                double woz = woz0 * (1 + 0.04 * Math.Max(0, t - 2)) * Math.Exp(-0.3 * delta + 0.02 * rng.Next());
                double rental = Logistic(-0.4 + 0.7 * u + 0.9 * z + 3.0 * delta + 0.15 * rng.Next());
                double corporation = rental * Logistic(0.1 + 0.9 * z + 2.0 * delta + 0.2 * rng.Next());
                double neglect = 0.3 * u + 0.6 * z + 3.0 * delta + 0.6 * rng.Next();
                double turnover = Math.Clamp(0.08 + 0.02 * u + 0.015 * z + 0.15 * delta + 0.012 * rng.Next(), 0.01, 0.45);
                double cohesion = 6.4 + gemEffect[g] + buurtEffect + yearEffect[t]
                                  + truth.Diversity * div + truth.Income * income + truth.LowIncome * lowIncome
                                  + truth.RentalShare * rental + truth.CorporationShare * corporation
                                  + truth.Neglect * neglect + truth.Turnover * turnover + truth.ResidualSd * rng.Next();
                cols.Add(feats[i].Code, feats[i].Name ?? feats[i].Code, gemCodes[i], year, total, counts, div, ent / Math.Log(7), m,
                    woz, income, lowIncome, rental, corporation, neglect, turnover, u, cohesion);
            }
        }
        return cols.Build();
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static void Standardise(double[] v)
    {
        double mean = v.Average();
        double sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / Math.Max(v.Length - 1, 1));
        for (int i = 0; i < v.Length; i++) v[i] = sd > 0 ? (v[i] - mean) / sd : 0;
    }

    private sealed class ColumnsBuilder(int capacity)
    {
        private readonly List<string> _buurt = new(capacity), _name = new(capacity), _gemeente = new(capacity);
        private readonly List<double>[] _num = Enumerable.Range(0, NumericNames.Length).Select(_ => new List<double>(capacity)).ToArray();

        public static readonly string[] NumericNames =
        [
            "year", "population", "dutch", "western", "morocco", "antilles", "suriname", "turkey", "other_nonwestern",
            "diversity", "entropy_normalised", "migration_share", "woz", "income", "low_income", "rental_share",
            "corporation_share", "neglect", "turnover", "urbanity", "cohesion"
        ];

        public void Add(string buurt, string name, string gemeente, int year, double population, double[] counts, params double[] rest)
        {
            _buurt.Add(buurt); _name.Add(name); _gemeente.Add(gemeente);
            int j = 0;
            _num[j++].Add(year);
            _num[j++].Add(population);
            foreach (var c in counts) _num[j++].Add(c);
            foreach (var r in rest) _num[j++].Add(r);
            if (j != NumericNames.Length) throw new InvalidOperationException("column count mismatch");
        }

        public DataFrame Build()
        {
            var f = new DataFrame(_buurt.Count, "built-in synthetic buurt panel");
            f.Add(CategoricalColumn.FromStrings("buurt", _buurt));
            f.Add(CategoricalColumn.FromStrings("buurt_name", _name));
            f.Add(CategoricalColumn.FromStrings("gemeente", _gemeente));
            for (int j = 0; j < NumericNames.Length; j++) f.Add(new NumericColumn(NumericNames[j], _num[j].ToArray()));
            return f;
        }
    }

    /// <summary>Standard normal draws (Box–Muller on a seeded <see cref="Random"/>, whose seeded algorithm is fixed).</summary>
    private sealed class Gaussian(int seed)
    {
        private readonly Random _r = new(seed);
        private double? _spare;

        public double Next()
        {
            if (_spare is { } s) { _spare = null; return s; }
            double u1 = 1.0 - _r.NextDouble(), u2 = _r.NextDouble();
            double rad = Math.Sqrt(-2 * Math.Log(u1));
            _spare = rad * Math.Sin(2 * Math.PI * u2);
            return rad * Math.Cos(2 * Math.PI * u2);
        }
    }
}
