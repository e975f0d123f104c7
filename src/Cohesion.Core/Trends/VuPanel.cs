using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Trends;

/// <summary>
/// The real VU Election Panel 2021 as a two-wave panel: the pre-wave (13–27 Jan 2021, <c>wave0.csv</c>) and the
/// post-election wave (19 Mar – 6 Apr 2021, <c>wave4.csv</c>), which repeats the eleven institutional-trust items
/// F2_1…F2_11 (0–10) word for word, linked by <c>iisID</c> (<c>data/real/vu-election-panel-2021/SOURCE-waves-1-4.md</c>).
/// Education comes from wave 0 (codebook: 1 elementary … 7 master) in CBS's three levels: low = 1–3 (elementary,
/// vmbo/mbo-1, vmbo-t/mavo), middle = 4–5 (mbo 2–4, havo/vwo), high = 6–7 (hbo/wo bachelor, master); 999 = missing.
/// (The VU team's own file <c>Vertrouwen_Opleidingsniveau.csv</c> groups 1–2 / 3–4 / 5–7 and swaps the labels "Hoog" and
/// "Laag"; see SOURCE-waves-1-4.md.) The file has no weights: equal weights, the person as the cluster.
/// </summary>
public static class VuPanel
{
    public static string Folder => DefaultData.PathOf("real", "vu-election-panel-2021");
    public const string Caption = "VU Kiezersonderzoek 2021 (VU Election Panel, Ipsos online panel; MIT licence), wave 0 (Jan 2021) and wave 4 (Mar–Apr 2021) — REAL, unweighted";
    public static readonly string[] TrustItems = Enumerable.Range(1, 11).Select(i => $"F2_{i}").ToArray();

    /// <summary>Education code (1–7) → low / middle / high (null for 999 or missing).</summary>
    public static string? Education3(double code) => code switch
    {
        >= 1 and <= 3 => "low",
        >= 4 and <= 5 => "middle",
        >= 6 and <= 7 => "high",
        _ => null,
    };

    /// <summary>
    /// The stacked waves: <c>iisID</c>, <c>wave</c> (0 or 4), <c>education</c> (code), <c>education3</c> and the trust
    /// items (998/999 stay as codes, the framework treats them as missing). With <paramref name="balanced"/> only people
    /// in both waves (a paired comparison of the same people).
    /// </summary>
    public static DataFrame Stacked(bool balanced = true)
    {
        var w0 = DatasetLoader.Load(Path.Combine(Folder, "wave0.csv"));
        var w4 = DatasetLoader.Load(Path.Combine(Folder, "wave4.csv"));
        var id0 = w0.Numeric("iisID").Values;
        var id4 = w4.Numeric("iisID").Values;
        var edu = w0.Numeric("education").Values;
        var eduOf = new Dictionary<double, double>();
        for (int i = 0; i < id0.Length; i++)
            if (!eduOf.TryAdd(id0[i], edu[i])) throw new CohesionException($"iisID {id0[i]} appears twice", w0.Source, "iisID", i + 1);
        var in4 = new HashSet<double>();
        for (int i = 0; i < id4.Length; i++)
            if (!in4.Add(id4[i])) throw new CohesionException($"iisID {id4[i]} appears twice", w4.Source, "iisID", i + 1);
        var rows = new List<(DataFrame F, int Row, double Wave)>();
        for (int i = 0; i < id0.Length; i++) if (!balanced || in4.Contains(id0[i])) rows.Add((w0, i, 0));
        for (int i = 0; i < id4.Length; i++) if (eduOf.ContainsKey(id4[i])) rows.Add((w4, i, 4)); // background only in wave 0
        int n = rows.Count;
        var ids = new double[n]; var wave = new double[n]; var educ = new double[n]; var e3 = new string?[n];
        var items = TrustItems.Select(_ => new double[n]).ToArray();
        for (int r = 0; r < n; r++)
        {
            var (f, row, wv) = rows[r];
            ids[r] = f.Numeric("iisID").Values[row];
            wave[r] = wv;
            educ[r] = eduOf[ids[r]];
            e3[r] = Education3(educ[r]);
            for (int k = 0; k < TrustItems.Length; k++) items[k][r] = f.Numeric(TrustItems[k]).Values[row];
        }
        var frame = new DataFrame(n, "data/real/vu-election-panel-2021/wave0.csv + wave4.csv (stacked on iisID)");
        frame.Add(new NumericColumn("iisID", ids));
        frame.Add(new NumericColumn("wave", wave));
        frame.Add(new NumericColumn("education", educ));
        frame.Add(CategoricalColumn.FromStrings("education3", e3, ["low", "middle", "high"]));
        for (int k = 0; k < TrustItems.Length; k++) frame.Add(new NumericColumn(TrustItems[k], items[k]));
        return frame;
    }

    /// <summary>The institutional-trust dimension of the built-in VU framework (trust = 6 or more on 0–10).</summary>
    public static CohesionFramework InstitutionalTrust()
    {
        var fw = FrameworkLoader.Resolve("vu-election-panel-2021");
        var dims = fw.Dimensions.Where(d => d.Id == "institutional_trust").ToList();
        var inds = fw.Indicators.Where(i => i.Dimension == "institutional_trust").ToList();
        var groups = new Dictionary<string, GroupDisplay>(fw.Groups)
        {
            ["education3"] = new GroupDisplay(["low", "middle", "high"], new Dictionary<string, string>
            {
                ["low"] = "laag (basis, vmbo, mavo) / low", ["middle"] = "midden (mbo 2-4, havo, vwo) / middle", ["high"] = "hoog (hbo, wo) / high",
            }),
        };
        return new CohesionFramework(fw.Id, fw.LabelNl, fw.LabelEn, dims, inds, fw.ScoreRule, DesignSpec.None, fw.DataNote, fw.Source, groups);
    }

    /// <summary>Institutional trust (dimension and items) by education, wave 0 vs wave 4, paired: the person is the
    /// cluster (<c>svydesign(ids=~iisID, weights=~1)</c>), so the contrast is the paired difference.</summary>
    public static WaveTrendsResult Run(bool balanced = true) => WaveTrends.Run(new WaveTrendsRequest
    {
        Data = Stacked(balanced), Year = "wave", Framework = InstitutionalTrust(), By = "education3", Clusters = ["iisID"], Panel = true,
        Disclosure = Disclosure.DisclosureRule.Default,
    });
}
