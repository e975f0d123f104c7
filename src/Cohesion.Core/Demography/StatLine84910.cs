using Cohesion.Data;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>
/// A CBS StatLine export of table 84910NED ("Bevolking; geslacht, leeftijd, generatie en migratieachtergrond, regio"),
/// the untyped CSV StatLine produces: columns <c>Geslacht</c> (T001038 total, 3000 men, 4000 women), <c>Leeftijd</c>
/// (10000 total, 70100…71900 = 0–4 … 90–94, 22000 = 95+), <c>Migratieachtergrond</c> (1012600 Dutch background,
/// 2012605 any migration background, H-codes for countries and continents), <c>Generatie</c>, <c>RegioS</c>,
/// <c>Perioden</c> and <c>BevolkingOp1Januari_1</c>. One region and one period per file.
/// </summary>
public sealed class StatLine84910Table
{
    public const int AgeGroups = 20; // 0–4 … 90–94, 95+
    public static readonly int[] AgeGroupStarts = Enumerable.Range(0, AgeGroups).Select(i => i * 5).ToArray();

    public const string DutchBackground = "1012600", MigrationBackground = "2012605";
    public const string Morocco = "H008673", Suriname = "H008751", Turkey = "H008766", Indonesia = "H008632", DutchCaribbean = "H007119", Africa = "H008519";
    /// <summary>CBS codes of the "classic" origin countries (Turkey, Morocco, Suriname, Indonesia, former Antilles).</summary>
    public static readonly string[] ClassicCodes = [Turkey, Morocco, Suriname, Indonesia, DutchCaribbean];

    public required string Source { get; init; }
    public required string Region { get; init; }
    public required int Year { get; init; }
    /// <summary>Counts by origin code, each an array over (sex, age group): index <c>sex * 20 + group</c>.</summary>
    public required IReadOnlyDictionary<string, double[]> Counts { get; init; }

    public double Total(string code) => Counts.TryGetValue(code, out var v) ? v.Sum() : 0;

    /// <summary>
    /// Counts by sex × age group for the four origin groups the table can separate (index 0 dutch, 1 classic, 2 asylum,
    /// 3 labour). <b>Approximation, documented:</b> classic = Turkey + Morocco + Suriname + Indonesia + Dutch Caribbean;
    /// asylum = Africa minus Morocco (the Asian Middle East cannot be separated from Asia without the code list, so it
    /// stays in labour); labour/study = all migration background minus classic minus asylum.
    /// </summary>
    public double[][] OriginGroups()
    {
        double[] Get(string code) => Counts.TryGetValue(code, out var v) ? v
            : throw new CohesionException($"the table has no rows for Migratieachtergrond {code}", Source, "Migratieachtergrond");
        int n = 2 * AgeGroups;
        var r = new double[4][];
        for (int g = 0; g < 4; g++) r[g] = new double[n];
        var dutch = Get(DutchBackground);
        var mig = Get(MigrationBackground);
        var africa = Get(Africa);
        var classic = ClassicCodes.Select(Get).ToArray();
        var morocco = Get(Morocco);
        for (int i = 0; i < n; i++)
        {
            r[0][i] = dutch[i];
            r[1][i] = classic.Sum(c => c[i]);
            r[2][i] = Math.Max(0, africa[i] - morocco[i]);
            r[3][i] = Math.Max(0, mig[i] - r[1][i] - r[2][i]);
        }
        return r;
    }
}

public static class StatLine84910Loader
{
    private static readonly string[] Required = ["Geslacht", "Leeftijd", "Migratieachtergrond", "Generatie", "RegioS", "Perioden", "BevolkingOp1Januari_1"];

    public static StatLine84910Table Load(string path)
    {
        var f = CsvReader.Read(path);
        foreach (var c in Required)
            if (!f.Contains(c)) throw new CohesionException($"missing column '{c}' (expected a StatLine 84910NED export with columns {string.Join(", ", Required)})", path, c);
        var sex = f["Geslacht"]; var age = f["Leeftijd"]; var origin = f["Migratieachtergrond"]; var gen = f["Generatie"];
        var region = f["RegioS"]; var period = f["Perioden"];
        if (f["BevolkingOp1Januari_1"] is not Statistics.Data.NumericColumn countCol)
            throw new CohesionException("counts must be numeric", path, "BevolkingOp1Januari_1");
        var counts = new Dictionary<string, double[]>();
        string? reg = null, per = null;
        for (int i = 0; i < f.RowCount; i++)
        {
            long row = i + 1;
            string g = gen.Format(i).Trim();
            if (g != "T001040") continue; // generation totals only
            string r = region.Format(i).Trim(), p = period.Format(i).Trim();
            reg ??= r; per ??= p;
            if (r != reg) throw new CohesionException($"one region per file: found '{reg}' and '{r}'", path, "RegioS", row);
            if (p != per) throw new CohesionException($"one period per file: found '{per}' and '{p}'", path, "Perioden", row);
            int s = sex.Format(i).Trim() switch
            {
                "3000" => 0, "4000" => 1, "T001038" => -1,
                var x => throw new CohesionException($"unknown Geslacht code '{x}' (expected T001038, 3000, 4000)", path, "Geslacht", row)
            };
            string a = age.Format(i).Trim();
            int grp;
            if (a == "10000") grp = -1;
            else if (a == "22000") grp = 19;
            else if (int.TryParse(a, out int code) && code >= 70100 && code <= 71900 && code % 100 == 0) grp = (code - 70100) / 100;
            else throw new CohesionException($"unknown Leeftijd code '{a}' (expected 10000, 70100…71900 or 22000)", path, "Leeftijd", row);
            if (s < 0 || grp < 0) continue; // totals
            double v = countCol.Values[i];
            if (double.IsNaN(v)) continue; // StatLine '.' = not available
            if (v < 0) throw new CohesionException($"negative count {v}", path, "BevolkingOp1Januari_1", row);
            string o = origin.Format(i).Trim();
            if (!counts.TryGetValue(o, out var arr)) counts[o] = arr = new double[2 * StatLine84910Table.AgeGroups];
            arr[s * StatLine84910Table.AgeGroups + grp] += v;
        }
        if (reg is null || per is null) throw new CohesionException("no rows with Generatie = T001040 (total)", path, "Generatie");
        if (per.Length < 4 || !int.TryParse(per[..4], out int year)) throw new CohesionException($"cannot read the year from Perioden '{per}'", path, "Perioden");
        return new StatLine84910Table { Source = path, Region = reg, Year = year, Counts = counts };
    }
}
