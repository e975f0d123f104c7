namespace Cohesion.Demography;

/// <summary>
/// A population scenario: the variant's assumptions (TFR, life expectancy, net migration by group) plus the
/// shared behavioural assumptions (fertility differentials by origin, emigration rates, the age-sex profile and
/// education of immigrants, cohort educational attainment). Loaded from a JSON file by <see cref="ScenarioLoader"/>;
/// see <c>data/demography/README.md</c> for the file format. Net migration groups: <c>dutch_and_second_generation</c>
/// (Dutch background plus the second generation, usually negative), <c>g1_classic</c>, <c>g1_asylum</c>, <c>g1_labour</c>.
/// </summary>
public sealed class Scenario
{
    public static readonly string[] MigrationGroups = ["dutch_and_second_generation", "g1_classic", "g1_asylum", "g1_labour"];

    public required string Name { get; init; }
    public required int Edition { get; init; }
    public string LabelNl { get; init; } = "";
    public string LabelEn { get; init; } = "";
    public string Description { get; init; } = "";
    /// <summary>The file the scenario was read from (for messages), or null.</summary>
    public string? SourceFile { get; init; }

    /// <summary>Name of the base population specification under <c>data/demography/base/</c> (e.g. <c>nl-2019</c>).</summary>
    public required string Base { get; init; }
    /// <summary>Year of the base population (1 January).</summary>
    public required int BaseYear { get; init; }
    /// <summary>Last year the assumptions cover (its rates carry the population to 1 Jan EndYear+1).</summary>
    public int EndYear { get; init; } = 2070;

    /// <summary>Total fertility rate (children per woman), national period value.</summary>
    public required TimeSeries Tfr { get; init; }
    public required TimeSeries E0Female { get; init; }
    public required TimeSeries E0Male { get; init; }
    /// <summary>Net migration (persons per year) by group in <see cref="MigrationGroups"/> order. With a
    /// <see cref="MigrationStart"/> the first-generation values are the long-run levels the path relaxes to.</summary>
    public required TimeSeries[] NetMigration { get; init; }

    /// <summary>Optional observed net migration of the base year from which first-generation net migration relaxes
    /// exponentially to its long-run level (see <see cref="Demography.MigrationStart"/>); null: the levels apply from the base year.</summary>
    public MigrationStart? MigrationStart { get; init; }

    /// <summary>Relative fertility by origin (multiplies the common age schedule; 7 values).</summary>
    public required double[] FertilityDifferentials { get; init; }
    /// <summary>Emigration probability at the peak age (about 25) by origin (7 values); the age-sex shape is
    /// the Rogers–Castro schedule in <see cref="MigrationProfile"/>.</summary>
    public required double[] EmigrationRates { get; init; }
    /// <summary>Education mix (low, middle, high) of adult immigrants by origin (7 × 3). Immigrants under 18 arrive as low.</summary>
    public required double[][] ImmigrantEducation { get; init; }
    /// <summary>Share of men among immigrants by origin (7 values).</summary>
    public required double[] ImmigrantMaleShare { get; init; }
    /// <summary>Peak age of the immigration age profile by origin (7 values).</summary>
    public required double[] ImmigrantPeakAge { get; init; }
    /// <summary>Final attainment (at age 30) of high education by birth cohort, Dutch background.</summary>
    public required TimeSeries CohortHighShare { get; init; }
    /// <summary>Women/men ratio of the high-education share by birth cohort (below 1 for older cohorts, above 1 for younger).</summary>
    public required TimeSeries FemaleHighRatio { get; init; }
    /// <summary>Final attainment of low education by birth cohort, Dutch background.</summary>
    public required TimeSeries CohortLowShare { get; init; }
    /// <summary>Multipliers of the cohort high-education share by origin for people educated in the Netherlands (7 values).</summary>
    public required double[] EducationHighFactor { get; init; }
    /// <summary>Multipliers of the cohort low-education share by origin (7 values).</summary>
    public required double[] EducationLowFactor { get; init; }

    /// <summary>Optional calibration: scale first-generation net migration so the total in <see cref="CalibrationYear"/>
    /// equals <see cref="CalibrationTotal"/> (solved by the engine; documented per scenario).</summary>
    public int? CalibrationYear { get; init; }
    public double? CalibrationTotal { get; init; }

    /// <summary>The published figures for this variant (documentation, and targets for the tests).</summary>
    public IReadOnlyDictionary<string, double> Published { get; init; } = new Dictionary<string, double>();

    /// <summary>A copy with first-generation net migration multiplied by <paramref name="factor"/>.</summary>
    public Scenario WithFirstGenerationMigrationScale(double factor)
    {
        var nets = NetMigration.Select((ts, i) => i == 0 ? ts : ts.Scale(factor)).ToArray();
        return Copy(nets);
    }

    /// <summary>A copy whose assumptions run to <paramref name="endYear"/> (each series stays at its last anchor's value
    /// after it, as every <see cref="TimeSeries"/> does); the calibration is kept.</summary>
    public Scenario WithEndYear(int endYear) =>
        Copy(NetMigration, endYear: endYear, keepCalibration: true);

    /// <summary>A copy with other fertility and life-expectancy paths; migration and its calibration unchanged.</summary>
    public Scenario WithVitalRates(TimeSeries tfr, TimeSeries e0Female, TimeSeries e0Male) =>
        Copy(NetMigration, tfr, e0Female, e0Male, keepCalibration: true);

    /// <summary>A copy with other fertility, life-expectancy and net-migration series (one stochastic trajectory); the
    /// calibration target is dropped (the caller applies the variant's solved factor).</summary>
    public Scenario WithTrajectory(TimeSeries tfr, TimeSeries e0Female, TimeSeries e0Male, TimeSeries[] netMigration) =>
        Copy(netMigration, tfr, e0Female, e0Male);

    private Scenario Copy(TimeSeries[] nets, TimeSeries? tfr = null, TimeSeries? e0Female = null, TimeSeries? e0Male = null,
        int? endYear = null, bool keepCalibration = false) => new()
    {
        Name = Name, Edition = Edition, LabelNl = LabelNl, LabelEn = LabelEn, Description = Description, SourceFile = SourceFile,
        Base = Base, BaseYear = BaseYear, EndYear = endYear ?? EndYear, Tfr = tfr ?? Tfr, E0Female = e0Female ?? E0Female, E0Male = e0Male ?? E0Male,
        NetMigration = nets, MigrationStart = MigrationStart,
        FertilityDifferentials = FertilityDifferentials, EmigrationRates = EmigrationRates, ImmigrantEducation = ImmigrantEducation,
        ImmigrantMaleShare = ImmigrantMaleShare, ImmigrantPeakAge = ImmigrantPeakAge, CohortHighShare = CohortHighShare, FemaleHighRatio = FemaleHighRatio,
        CohortLowShare = CohortLowShare, EducationHighFactor = EducationHighFactor, EducationLowFactor = EducationLowFactor,
        CalibrationYear = keepCalibration ? CalibrationYear : null, CalibrationTotal = keepCalibration ? CalibrationTotal : null, Published = Published,
    };
}

/// <summary>
/// The observed start of the net-migration path: total net migration <see cref="Total"/> in the base year
/// <see cref="Year"/> (all groups; the Dutch-background + second-generation group keeps its assumed value, the rest is
/// first generation, split over the three groups in proportion to their long-run levels). First-generation net migration
/// of group g in year t is <c>L_g + (S_g − L_g)·exp(−(t − Year)/RelaxationYears)</c>, with S_g the group's share of the
/// observed first-generation net and L_g its long-run level (times the calibration factor, which never scales the
/// observed start).
/// </summary>
public sealed record MigrationStart(int Year, double Total, double RelaxationYears)
{
    /// <summary>Weight of the observed start in year <paramref name="year"/>: exp(−(year − Year)/τ), 1 in the start year.</summary>
    public double Weight(int year) => year <= Year ? 1.0 : Math.Exp(-(year - Year) / RelaxationYears);

    /// <summary>Mean of <see cref="Weight"/> over <paramref name="from"/>..<paramref name="to"/>.</summary>
    public double MeanWeight(int from, int to)
    {
        double s = 0;
        for (int y = from; y <= to; y++) s += Weight(y);
        return s / (to - from + 1);
    }
}
