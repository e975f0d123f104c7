namespace Cohesion.Synthetic;

/// <summary>How a synthetic answer column is asked and coded.</summary>
public enum SurveyItemKind
{
    /// <summary>1 = ja/yes, 2 = nee/no.</summary>
    YesNo,
    /// <summary>CBS trust question: 1 = de meeste mensen zijn te vertrouwen, 2 = je kunt niet voorzichtig genoeg zijn.</summary>
    TrustPeople,
    /// <summary>1 heel veel, 2 tamelijk veel, 3 niet zo veel, 4 helemaal geen vertrouwen.</summary>
    Trust4,
    /// <summary>1 helemaal mee eens … 5 helemaal mee oneens.</summary>
    Agree5,
    /// <summary>1 (bijna) dagelijks, 2 wekelijks, 3 maandelijks, 4 minder dan maandelijks, 5 nooit.</summary>
    Frequency5,
    /// <summary>0–10 thermometer (0 very negative … 10 very positive).</summary>
    Scale010,
    /// <summary>1 ja gestemd, 2 niet gestemd; 997 = niet stemgerechtigd (under 18 or not a Dutch national).</summary>
    Voted,
}

/// <summary>One answer column of the synthetic survey: its dimension, coding, item non-response and overall level.</summary>
public sealed record SurveyItem(string Column, string Dimension, SurveyItemKind Kind, double Loading, double NonResponse, double? OverallLevel, string LevelSource);

/// <summary>A group of respondents a target refers to: <see cref="Column"/> in <see cref="Levels"/> (null = everyone).</summary>
public sealed record TargetGroup(string? Column, string[] Levels, string Label)
{
    public static readonly TargetGroup All = new(null, [], "all");
}

/// <summary>A published figure the synthetic survey must reproduce: the weighted share of the cohesive answer of
/// <see cref="Column"/> among valid answers in <see cref="Group"/>.</summary>
public sealed record CalibrationTarget(string Column, TargetGroup Group, double Value, string Source, bool Published = true);

/// <summary>The items of the synthetic survey and the figures it is calibrated to (MISSION.md §1).</summary>
public static class SurveyCalibrationTargets
{
    private const string Assumed = "assumed (plausible CBS order of magnitude, not a calibration target of MISSION.md §1)";

    public static readonly SurveyItem[] Items =
    [
        new("q_trust_people", "social_trust", SurveyItemKind.TrustPeople, 1.0, 0.020, 0.66, "CBS SSW 2022 (seed: 66%)"),
        new("q_home_nl", "social_trust", SurveyItemKind.Agree5, 0.8, 0.010, 0.84, "seed: 84% feel at home in NL"),
        new("q_other_groups", "social_trust", SurveyItemKind.Scale010, 0.8, 0.020, null, "not calibrated (no published figure)"),
        new("q_volunteer", "social_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.412, "CBS SSW 2022: 41.2%"),
        new("q_association", "social_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.55, Assumed),
        new("q_contact_neighbours", "social_participation", SurveyItemKind.Frequency5, 0.7, 0.005, 0.60, Assumed),
        new("q_contact_family", "social_participation", SurveyItemKind.Frequency5, 0.5, 0.005, 0.80, Assumed),
        new("q_contact_friends", "social_participation", SurveyItemKind.Frequency5, 0.6, 0.005, 0.74, Assumed),
        new("q_trust_tweede_kamer", "institutional_trust", SurveyItemKind.Trust4, 1.2, 0.015, 0.29, "seed: 29% trust the Tweede Kamer"),
        new("q_trust_government", "institutional_trust", SurveyItemKind.Trust4, 1.2, 0.015, 0.27, Assumed),
        new("q_trust_judges", "institutional_trust", SurveyItemKind.Trust4, 1.0, 0.020, 0.78, "CBS 2025 (2024): 78%"),
        new("q_trust_police", "institutional_trust", SurveyItemKind.Trust4, 1.0, 0.015, 0.79, "CBS 2025 (2024): 79%"),
        new("q_trust_army", "institutional_trust", SurveyItemKind.Trust4, 0.9, 0.025, 0.68, "CBS 2025 (2024): 68%"),
        new("q_trust_press", "institutional_trust", SurveyItemKind.Trust4, 1.0, 0.020, 0.42, Assumed),
        new("q_trust_eu", "institutional_trust", SurveyItemKind.Trust4, 1.0, 0.030, 0.40, Assumed),
        new("q_trust_civil_servants", "institutional_trust", SurveyItemKind.Trust4, 1.0, 0.025, 0.57, Assumed),
        new("q_trust_banks", "institutional_trust", SurveyItemKind.Trust4, 0.9, 0.020, 0.45, Assumed),
        new("q_trust_companies", "institutional_trust", SurveyItemKind.Trust4, 0.9, 0.030, 0.35, Assumed),
        new("q_voted", "political_participation", SurveyItemKind.Voted, 1.0, 0.010, 0.84, Assumed + "; self-reported turnout exceeds the official 78.7% (2021)"),
        new("q_contact_politician", "political_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.07, Assumed),
        new("q_petition", "political_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.22, Assumed),
        new("q_demonstration", "political_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.04, Assumed),
        new("q_online_political", "political_participation", SurveyItemKind.YesNo, 1.0, 0.005, 0.12, Assumed),
    ];

    private static TargetGroup Edu(string level) => new("education", [level], "education " + level);
    private static TargetGroup Edu3(string level) => new("education3", [level], "education " + level);
    private static TargetGroup Origin(string level) => new("origin", [level], "origin " + level);
    private static TargetGroup Age(string label, params string[] groups) => new("age_group", groups, "age " + label);

    /// <summary>Every figure of MISSION.md §1 the data reproduces (besides the overall levels in <see cref="Items"/>).</summary>
    public static readonly CalibrationTarget[] Published =
    [
        new("q_trust_people", TargetGroup.All, 0.66, "CBS SSW 2022; seed"),
        new("q_trust_people", Edu("primary"), 0.40, "CBS via NRC 2023-05-08"),
        new("q_trust_people", Edu("hbo"), 0.80, "CBS via NRC 2023-05-08"),
        new("q_trust_people", Edu("wo"), 0.89, "CBS via NRC 2023-05-08"),
        new("q_trust_people", Origin("turkish"), 0.36, "CBS 2021"),
        new("q_trust_people", Origin("surinamese_antillean"), 0.38, "CBS 2021"),
        new("q_trust_people", Origin("moroccan"), 0.42, "CBS 2021"),
        new("q_trust_people", Origin("scandinavian"), 0.75, "CBS 2021"),
        new("q_home_nl", TargetGroup.All, 0.84, "seed"),
        new("q_trust_tweede_kamer", TargetGroup.All, 0.29, "seed; CBS ~30% in 2022"),
        new("q_trust_police", TargetGroup.All, 0.79, "CBS 2025 (2024)"),
        new("q_trust_judges", TargetGroup.All, 0.78, "CBS 2025 (2024)"),
        new("q_trust_army", TargetGroup.All, 0.68, "CBS 2025 (2024)"),
        new("q_volunteer", TargetGroup.All, 0.412, "CBS SSW 2022"),
        new("q_volunteer", Edu3("high"), 0.519, "CBS SSW 2022"),
        new("q_volunteer", Edu3("low"), 0.312, "CBS SSW 2022"),
        new("q_volunteer", Age("25-35", "25-34"), 0.342, "CBS SSW 2022"),
        new("q_volunteer", Age("35-55", "35-44", "45-54"), 0.446, "CBS SSW 2022"),
        new("q_volunteer", Age("65-75", "65-74"), 0.484, "CBS SSW 2022"),
        new("q_volunteer", Age("75+", "75+"), 0.345, "CBS SSW 2022"),
    ];

    /// <summary>All targets the generator calibrates: the published ones plus the assumed overall levels of the
    /// other items.</summary>
    public static IReadOnlyList<CalibrationTarget> All()
    {
        var list = new List<CalibrationTarget>(Published);
        foreach (var item in Items)
            if (item.OverallLevel is { } level && !Published.Any(p => p.Column == item.Column && p.Group.Column is null))
                list.Add(new CalibrationTarget(item.Column, TargetGroup.All, level, item.LevelSource, Published: false));
        return list;
    }
}
