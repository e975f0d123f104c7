namespace Cohesion.Demography;

/// <summary>
/// The state space of the projection and its flat index. A population is a <c>double[]</c> of
/// <see cref="CellCount"/> counts (persons on 1 January) over sex × age × origin × education, laid out as
/// <c>index = ((sex * Ages + age) * Origins + origin) * Educations + education</c>, i.e. education varies
/// fastest. Codes follow the canonical group coding shared by survey, demography and simulation:
/// sex 0 = <c>male</c>, 1 = <c>female</c>; age 0–100 in single years (100 = 100+); origin 0–6 =
/// <c>dutch, g1_classic, g1_asylum, g1_labour, g2_classic, g2_asylum, g2_labour</c>; education 0–2 =
/// <c>low, middle, high</c> (attained level; children count as <c>low</c> until they move up).
/// </summary>
public static class PopulationIndex
{
    public const int Sexes = 2;
    public const int Ages = 101;
    public const int MaxAge = 100;
    public const int Origins = 7;
    public const int Educations = 3;
    /// <summary>Number of cells: 2 × 101 × 7 × 3 = 4242.</summary>
    public const int CellCount = Sexes * Ages * Origins * Educations;

    public const int Male = 0, Female = 1;
    public const int Dutch = 0, G1Classic = 1, G1Asylum = 2, G1Labour = 3, G2Classic = 4, G2Asylum = 5, G2Labour = 6;
    public const int Low = 0, Middle = 1, High = 2;

    public static readonly string[] SexNames = ["male", "female"];
    public static readonly string[] OriginNames = ["dutch", "g1_classic", "g1_asylum", "g1_labour", "g2_classic", "g2_asylum", "g2_labour"];
    public static readonly string[] EducationNames = ["low", "middle", "high"];

    /// <summary>Flat index of cell (sex, age, origin, education).</summary>
    public static int Index(int sex, int age, int origin, int education) =>
        ((sex * Ages + age) * Origins + origin) * Educations + education;

    /// <summary>Index of a (sex, age) pair in arrays of length 2 × 101: <c>sex * 101 + age</c>.</summary>
    public static int SexAge(int sex, int age) => sex * Ages + age;

    /// <summary>Index of an (origin, sex, age) triple in arrays of length 7 × 2 × 101: <c>(origin * 2 + sex) * 101 + age</c>.</summary>
    public static int OriginSexAge(int origin, int sex, int age) => (origin * Sexes + sex) * Ages + age;

    /// <summary>Decomposes a flat index into (sex, age, origin, education).</summary>
    public static (int Sex, int Age, int Origin, int Education) Decompose(int index)
    {
        int e = index % Educations; index /= Educations;
        int o = index % Origins; index /= Origins;
        int a = index % Ages;
        int s = index / Ages;
        return (s, a, o, e);
    }

    /// <summary>Origin of a child by the mother's origin: first generation → second generation of the same
    /// group; second generation and Dutch background → Dutch background (CBS definition).</summary>
    public static int ChildOrigin(int motherOrigin) => motherOrigin switch
    {
        G1Classic => G2Classic,
        G1Asylum => G2Asylum,
        G1Labour => G2Labour,
        _ => Dutch,
    };

    /// <summary>True for the first generation (born abroad).</summary>
    public static bool IsFirstGeneration(int origin) => origin is G1Classic or G1Asylum or G1Labour;

    public static int OriginCode(string name)
    {
        int i = Array.IndexOf(OriginNames, name);
        return i >= 0 ? i : throw new ArgumentException($"unknown origin '{name}'");
    }
}
