using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Demography;

/// <summary>
/// The real UN WPP 2024 tables for the Netherlands (<c>data/real/wpp-netherlands-age/</c>, see its SOURCE.md):
/// population by 5-year age and sex (≈1 July), abridged death rates, age-specific fertility and net migration.
/// Population and migration are returned in persons (the files hold thousands).
/// </summary>
public sealed class WppNetherlands
{
    /// <summary>Start ages of the 21 population groups 0–4 … 95–99, 100+.</summary>
    public static readonly int[] PopulationGroupStarts = Enumerable.Range(0, 21).Select(i => i * 5).ToArray();
    /// <summary>Start ages of the 22 abridged mortality groups 0, 1–4, 5–9, …, 95–99, 100+.</summary>
    public static readonly int[] MortalityGroupStarts = [0, 1, .. Enumerable.Range(1, 20).Select(i => i * 5)];

    private readonly Dictionary<(int Year, int Sex), double[]> _pop = new();
    private readonly Dictionary<(int PeriodStart, int Sex), double[]> _mx = new();
    private readonly Dictionary<int, double[]> _asfr = new();
    private readonly Dictionary<int, double> _tfr5 = new();
    private readonly Dictionary<(int Year, int Sex), double[]> _mig1 = new();
    private readonly Dictionary<(int PeriodStart, int Sex), double[]> _mig5 = new();

    public string Folder { get; }

    private WppNetherlands(string folder) => Folder = folder;

    public static WppNetherlands Load(string? folder = null)
    {
        folder ??= DefaultData.PathOf("real", "wpp-netherlands-age");
        var w = new WppNetherlands(folder);
        w.ReadPopulation(Path.Combine(folder, "nl_pop_age5_sex_estimates_1950_2020.csv"), "pop_thousands");
        w.ReadPopulation(Path.Combine(folder, "nl_pop_age5_sex_projection_2025_2100.csv"), "pop_median_thousands");
        w.ReadMortality(Path.Combine(folder, "nl_mx_abridged_sex_1950_2100.csv"));
        w.ReadFertility(Path.Combine(folder, "nl_fertility_age5_1950_2100.csv"));
        w.ReadMigration1(Path.Combine(folder, "nl_netmig_age1_sex_projection_2023_2100.csv"));
        w.ReadMigration5(Path.Combine(folder, "nl_netmig_age5_sex_projection_2020_2100.csv"));
        return w;
    }

    private static int SexCode(string s, string file, long row) => s switch
    {
        "male" => 0, "female" => 1, "both" => -1,
        _ => throw new CohesionException($"unknown sex '{s}'", file, "sex", row)
    };

    private static string Str(Column c, int row) => c.Format(row).Trim();

    private void ReadPopulation(string file, string valueColumn)
    {
        var f = CsvReader.Read(file);
        var year = f.Numeric("year").Values; var start = f.Numeric("age_start").Values; var v = f.Numeric(valueColumn).Values;
        var sex = f["sex"];
        for (int i = 0; i < f.RowCount; i++)
        {
            int s = SexCode(Str(sex, i), file, i + 1);
            if (s < 0) continue;
            var key = ((int)year[i], s);
            if (!_pop.TryGetValue(key, out var arr)) _pop[key] = arr = Fill(21);
            int g = (int)start[i] / 5;
            if (g < 0 || g > 20) throw new CohesionException($"age_start {start[i]} out of range", file, "age_start", i + 1);
            arr[g] = v[i] * 1000;
        }
    }

    private void ReadMortality(string file)
    {
        var f = CsvReader.Read(file);
        var ps = f.Numeric("period_start").Values; var start = f.Numeric("age_start").Values; var mx = f.Numeric("mx").Values;
        var sex = f["sex"];
        for (int i = 0; i < f.RowCount; i++)
        {
            int s = SexCode(Str(sex, i), file, i + 1);
            if (s < 0) continue;
            var key = ((int)ps[i], s);
            if (!_mx.TryGetValue(key, out var arr)) _mx[key] = arr = Fill(22);
            int g = Array.IndexOf(MortalityGroupStarts, (int)start[i]);
            if (g < 0) throw new CohesionException($"age_start {start[i]} is not an abridged group start", file, "age_start", i + 1);
            arr[g] = mx[i];
        }
    }

    private void ReadFertility(string file)
    {
        var f = CsvReader.Read(file);
        var ps = f.Numeric("period_start").Values; var start = f.Numeric("age_start").Values;
        var asfr = f.Numeric("asfr_derived").Values; var tfr = f.Numeric("tfr").Values;
        for (int i = 0; i < f.RowCount; i++)
        {
            int p = (int)ps[i];
            if (!_asfr.TryGetValue(p, out var arr)) _asfr[p] = arr = Fill(7);
            int g = ((int)start[i] - 15) / 5;
            if (g < 0 || g > 6) throw new CohesionException($"age_start {start[i]} out of range 15–45", file, "age_start", i + 1);
            arr[g] = asfr[i];
            _tfr5[p] = tfr[i];
        }
    }

    private void ReadMigration1(string file)
    {
        var f = CsvReader.Read(file);
        var year = f.Numeric("year").Values; var age = f.Numeric("age").Values; var v = f.Numeric("netmig_thousands").Values;
        var sex = f["sex"];
        for (int i = 0; i < f.RowCount; i++)
        {
            int s = SexCode(Str(sex, i), file, i + 1);
            var key = ((int)year[i], s);
            if (!_mig1.TryGetValue(key, out var arr)) _mig1[key] = arr = new double[PopulationIndex.Ages];
            arr[(int)age[i]] = v[i] * 1000;
        }
    }

    private void ReadMigration5(string file)
    {
        var f = CsvReader.Read(file);
        var periods = f["period"]; var start = f.Numeric("age_start").Values; var v = f.Numeric("netmig_thousands").Values;
        var sex = f["sex"];
        for (int i = 0; i < f.RowCount; i++)
        {
            int s = SexCode(Str(sex, i), file, i + 1);
            int ps = int.Parse(Str(periods, i)[..4]);
            var key = (ps, s);
            if (!_mig5.TryGetValue(key, out var arr)) _mig5[key] = arr = new double[21];
            arr[(int)start[i] / 5] = v[i] * 1000;
        }
    }

    private static double[] Fill(int n) => Enumerable.Repeat(double.NaN, n).ToArray();

    private static T Get<TK, T>(Dictionary<TK, T> d, TK key, string what) where TK : notnull =>
        d.TryGetValue(key, out var v) ? v : throw new CohesionException($"WPP table has no {what} for {key}");

    /// <summary>Population (persons, ≈1 July of <paramref name="year"/>) by 5-year group, for 1950–2020 (estimates) and 2025–2100 (median).</summary>
    public double[] Population5(int year, int sex) => Get(_pop, (year, sex), "population");

    /// <summary>Abridged death rates of the 5-year period starting in <paramref name="periodStart"/> (1950, 1955, …).</summary>
    public double[] MortalityAbridged(int periodStart, int sex) => Get(_mx, (periodStart, sex), "death rates");

    /// <summary>Single-year death rates 0–100 for the period (log-linear graduation of the abridged rates).</summary>
    public double[] MortalitySingle(int periodStart, int sex) =>
        Graduation.AbridgedRatesToSingleYears(MortalityGroupStarts, MortalityAbridged(periodStart, sex));

    /// <summary>Age-specific fertility (births per woman per year) in the groups 15–19 … 45–49 of the period.</summary>
    public double[] Fertility5(int periodStart) => Get(_asfr, periodStart, "fertility");

    public double PeriodTfr(int periodStart) => Get(_tfr5, periodStart, "TFR");

    /// <summary>Single-year net migration (persons) by age during calendar year <paramref name="year"/> (2023–2100).</summary>
    public double[] NetMigrationSingle(int year, int sex) => Get(_mig1, (year, sex), "net migration");

    public bool HasNetMigrationSingle(int year) => _mig1.ContainsKey((year, 0));

    /// <summary>Net migration (persons) of the legacy 5-year period by 5-year age group.</summary>
    public double[] NetMigration5(int periodStart, int sex) => Get(_mig5, (periodStart, sex), "net migration");

    /// <summary>Population by single year of age (persons) for one sex on ≈1 July of a WPP 5-year year, graduated by
    /// <see cref="Graduation.ToSingleYears"/> (the open 100+ group kept as is).</summary>
    public double[] PopulationSingle(int year, int sex)
    {
        var g = Population5(year, sex);
        var r = new double[PopulationIndex.Ages];
        var single = Graduation.ToSingleYears(PopulationGroupStarts.AsSpan(0, 20), g.AsSpan(0, 20), 100);
        single.CopyTo(r, 0);
        r[100] = g[20];
        return r;
    }
}
