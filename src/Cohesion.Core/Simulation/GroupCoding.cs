using Cohesion.Demography;

namespace Cohesion.Simulation;

/// <summary>
/// The groups the projection's models distinguish: sex (2) × age band (7) × education (3) × origin (7) = 294
/// model groups, and their map from the demography engine's single-year cells. Age bands follow the survey's
/// <c>age_group</c> (15–24, …, 75+); people under <see cref="MinAge"/> are outside the survey population.
/// Level orders put the reference category first: male, 15–24, low, dutch.
/// </summary>
public static class GroupCoding
{
    public const int MinAge = 15;
    public static readonly string[] Sexes = ["male", "female"];
    public static readonly string[] AgeBands = ["15-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"];
    public static readonly string[] Educations = ["low", "middle", "high"];
    public static readonly string[] Origins = ["dutch", "g1_classic", "g1_asylum", "g1_labour", "g2_classic", "g2_asylum", "g2_labour"];

    /// <summary>The model's factor names, as they appear in formulas.</summary>
    public const string SexFactor = "sex", AgeFactor = "ageband", EducationFactor = "education3", OriginFactor = "origin7";

    public static int GroupCount => Sexes.Length * AgeBands.Length * Educations.Length * Origins.Length;

    public static int AgeBand(int age) => age < 25 ? 0 : age >= 75 ? 6 : (age - 15) / 10;

    /// <summary>Model group index: ((sex · 7 + band) · 3 + education) · 7 + origin.</summary>
    public static int Group(int sex, int band, int education, int origin) =>
        ((sex * AgeBands.Length + band) * Educations.Length + education) * Origins.Length + origin;

    public static (int Sex, int Band, int Education, int Origin) DecomposeGroup(int g)
    {
        int o = g % Origins.Length; g /= Origins.Length;
        int e = g % Educations.Length; g /= Educations.Length;
        int b = g % AgeBands.Length;
        return (g / AgeBands.Length, b, e, o);
    }

    /// <summary>For each demography cell, its model group, or -1 for ages under <see cref="MinAge"/>.</summary>
    public static int[] GroupOfCell()
    {
        var map = new int[PopulationIndex.CellCount];
        for (int cell = 0; cell < map.Length; cell++)
        {
            var (s, a, o, e) = PopulationIndex.Decompose(cell);
            map[cell] = a < MinAge ? -1 : Group(s, AgeBand(a), e, o);
        }
        return map;
    }
}
