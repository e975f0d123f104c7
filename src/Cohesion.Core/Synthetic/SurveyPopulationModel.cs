namespace Cohesion.Synthetic;

/// <summary>
/// The population and behaviour model behind the synthetic Dutch survey. All numbers here are documented
/// assumptions (rounded CBS orders of magnitude for the Netherlands, 15+, around 2022); the published figures
/// the data must reproduce are in <see cref="SurveyCalibrationTargets"/> and are hit by calibrating intercepts,
/// not by editing these tables.
/// </summary>
public static class SurveyPopulationModel
{
    /// <summary>Population aged 15+ the weights sum to.</summary>
    public const double Population15Plus = 14_950_000;

    /// <summary>The 12 provinces (sampling strata) with their population (millions, 2022, rounded) and code.</summary>
    public static readonly (string Name, string Code, double Millions)[] Provinces =
    [
        ("Groningen", "GR", 0.59), ("Fryslân", "FR", 0.65), ("Drenthe", "DR", 0.50), ("Overijssel", "OV", 1.17),
        ("Flevoland", "FL", 0.43), ("Gelderland", "GE", 2.10), ("Utrecht", "UT", 1.37), ("Noord-Holland", "NH", 2.95),
        ("Zuid-Holland", "ZH", 3.75), ("Zeeland", "ZE", 0.39), ("Noord-Brabant", "NB", 2.60), ("Limburg", "LI", 1.12)
    ];

    /// <summary>Age bands (lower bound inclusive, upper exclusive) with population shares among 15+.</summary>
    public static readonly (int From, int To, double Share)[] AgeBands =
    [
        (15, 25, 0.145), (25, 35, 0.150), (35, 45, 0.140), (45, 55, 0.160), (55, 65, 0.165), (65, 75, 0.135),
        (75, 85, 0.075), (85, 100, 0.030)
    ];

    /// <summary>Labels of the age groups written to the data (CBS SSW bands).</summary>
    public static string AgeGroup(int age) => age switch
    {
        < 25 => "15-24", < 35 => "25-34", < 45 => "35-44", < 55 => "45-54", < 65 => "55-64", < 75 => "65-74", _ => "75+"
    };

    public static readonly string[] AgeGroups = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];

    /// <summary>Detailed education (highest attained) and its 3-level grouping.</summary>
    public static readonly string[] Education = ["primary", "vmbo_mbo1", "havo_vwo_mbo", "hbo", "wo"];
    public static readonly string[] Education3 = ["low", "middle", "high"];
    public static string Education3Of(int edu) => edu <= 1 ? "low" : edu == 2 ? "middle" : "high";

    /// <summary>Ordered-probit cut points of the education latent (standard normal gives 8/20/38/22/12 %).</summary>
    public static readonly double[] EducationCuts = [-1.405, -0.583, 0.412, 1.175];

    /// <summary>Education latent shift by age band (cohort: younger more educated; 15–24 still in school).</summary>
    public static readonly double[] EducationByAgeBand = [-0.30, 0.45, 0.35, 0.10, -0.05, -0.25, -0.55, -0.80];

    /// <summary>
    /// Detailed origin groups (by country of birth of the person or a parent) with population share among 15+,
    /// share first generation, canonical group (classic / asylum / labour) and education latent shift.
    /// </summary>
    public static readonly (string Id, double Share, double FirstGen, string Canonical, double EducationShift)[] Origins =
    [
        ("dutch", 0.755, 0, "dutch", 0),
        ("turkish", 0.023, 0.50, "classic", -0.25),
        ("moroccan", 0.022, 0.50, "classic", -0.30),
        ("surinamese_antillean", 0.028, 0.55, "classic", -0.10),
        ("indonesian", 0.020, 0.25, "classic", 0.00),
        ("middle_east_africa", 0.025, 0.80, "asylum", -0.20),
        ("central_eastern_european", 0.035, 0.80, "labour", -0.10),
        ("western_european", 0.045, 0.45, "labour", 0.15),
        ("scandinavian", 0.003, 0.60, "labour", 0.05),
        ("other_asia_americas", 0.044, 0.60, "labour", 0.10)
    ];

    /// <summary>Education latent shift of the second generation relative to the first.</summary>
    public const double SecondGenerationEducationShift = 0.25;

    /// <summary>Share female by age band.</summary>
    public static readonly double[] FemaleByAgeBand = [0.49, 0.50, 0.50, 0.50, 0.50, 0.51, 0.55, 0.64];

    /// <summary>Relative response propensity by age band and by 3-level education (non-response the weights undo).</summary>
    public static readonly double[] ResponseByAgeBand = [0.70, 0.75, 0.90, 1.00, 1.10, 1.20, 1.05, 0.80];
    public static readonly double[] ResponseByEducation3 = [0.80, 1.00, 1.20];

    /// <summary>Minimum expected sample size per origin group (smaller groups are over-sampled; weights correct it).</summary>
    public const int MinOriginSample = 500;

    /// <summary>Target mean number of respondents per sampled municipality (PSU) and minimum PSUs per province.</summary>
    public const int RespondentsPerPsu = 130;
    public const int MinPsusPerProvince = 6;

    /// <summary>Standard deviation of the municipality (PSU) effect on each dimension's latent propensity.</summary>
    public const double PsuEffectSd = 0.18;

    /// <summary>Correlation of the person-level latent factors of the four dimensions.</summary>
    public const double DimensionCorrelation = 0.35;

    /// <summary>
    /// Group effects (logit scale) on each dimension's latent propensity, before calibration. Education is the
    /// largest difference on every dimension (SCP's finding); origin and age effects are smaller and uneven.
    /// Order of arrays: <see cref="Education"/>, <see cref="Origins"/>, <see cref="AgeGroups"/>.
    /// </summary>
    public sealed record DimensionEffects(double[] Education, double[] Origin, double[] Age, double Female);

    /// <summary>
    /// Item-specific origin effects (logit scale) on top of the dimension's origin effect, for the institutional-trust
    /// items, after CBS (Schmeets and Exel, Statistische Trends 2021, "Vertrouwen van migranten in medemens en
    /// instituties"): people of non-Western origin have <b>more</b> trust than people of Dutch origin in the Tweede Kamer,
    /// the EU, civil servants, banks and large companies, and less in the police; the traditional groups (Turkish,
    /// Moroccan, Surinamese/Antillean) less than the Asian and Arab groups, and the least trust in the press (at most 29%);
    /// Surinamese/Antillean lower trust in judges, police and army; the first generation more than the second, which
    /// hardly differs from Dutch origin (<see cref="SecondGenerationItemFactor"/>). The directions are published, the sizes
    /// are <b>assumed</b>: chosen so that the raw (unadjusted) differences are a few points (traditional groups) to about
    /// ten points (Middle East/Africa, other Asia/Americas) despite the groups' lower education.
    /// Order: <see cref="Origins"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double[]> InstitutionalItemOriginEffects = new Dictionary<string, double[]>
    {
        //                                      dutch  tur   mor   sur   indo  mea   cee   west  scan  oaa
        ["q_trust_tweede_kamer"] =            [0, 0.90, 0.70, 0.80, 0.00, 1.00, 0.15, 0.00, 0.00, 0.85],
        ["q_trust_eu"] =                      [0, 0.90, 0.70, 0.80, 0.00, 1.00, 0.30, 0.00, 0.00, 0.85],
        ["q_trust_civil_servants"] =          [0, 0.90, 0.70, 0.75, 0.00, 1.00, 0.15, 0.00, 0.00, 0.85],
        ["q_trust_banks"] =                   [0, 0.75, 0.80, 0.85, 0.00, 1.00, 0.20, 0.00, 0.00, 0.85],
        ["q_trust_companies"] =               [0, 0.70, 0.70, 0.70, 0.00, 0.90, 0.20, 0.00, 0.00, 0.80],
        ["q_trust_police"] =                  [0, -0.35, -0.35, -0.50, 0.00, -0.20, 0.00, 0.00, 0.00, -0.10],
        ["q_trust_judges"] =                  [0, 0.00, 0.00, -0.35, 0.00, 0.10, 0.00, 0.00, 0.00, 0.10],
        ["q_trust_army"] =                    [0, 0.00, 0.00, -0.35, 0.00, 0.00, 0.00, 0.00, 0.00, 0.10],
        ["q_trust_press"] =                   [0, -0.90, -0.90, -0.90, 0.00, 0.10, 0.00, 0.00, 0.00, 0.40],
    };

    /// <summary>Share of the item-specific origin effect that the second generation keeps (CBS 2021: the second generation
    /// hardly differs from people of Dutch origin in institutional trust). Assumed.</summary>
    public const double SecondGenerationItemFactor = 0.3;

    public static readonly IReadOnlyDictionary<string, DimensionEffects> Effects = new Dictionary<string, DimensionEffects>
    {
        ["social_trust"] = new([-1.00, -0.60, 0.00, 0.55, 0.85], [0, -1.2, -1.0, -1.1, -0.1, -0.8, -0.6, -0.05, 0.3, -0.4],
            [-0.15, -0.05, 0, 0, 0.05, 0.10, 0.00], -0.05),
        ["social_participation"] = new([-0.70, -0.40, 0.00, 0.35, 0.55], [0, -0.35, -0.35, -0.30, 0.0, -0.45, -0.40, -0.05, 0.1, -0.25],
            [0.10, -0.20, 0.10, 0.10, 0.05, 0.20, -0.30], 0.05),
        ["institutional_trust"] = new([-0.90, -0.50, 0.00, 0.45, 0.75], [0, -0.15, -0.10, -0.25, 0.0, 0.10, 0.05, 0.05, 0.15, 0.00],
            [0.15, 0.00, -0.05, -0.10, -0.10, 0.00, 0.10], -0.05),
        ["political_participation"] = new([-1.10, -0.60, 0.00, 0.55, 0.95], [0, -0.45, -0.50, -0.45, -0.10, -0.50, -0.60, -0.10, 0.0, -0.30],
            [-0.12, -0.06, 0.00, 0.03, 0.06, 0.08, 0.00], -0.10),
    };
}
