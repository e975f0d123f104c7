using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Decomposition;

namespace Cohesion.Neighbourhoods;

/// <summary>
/// The analyses behind <c>cohesion neighbourhoods</c>: the built-in synthetic national panel, three real-data
/// analyses on the data in <c>data/real</c> (Amsterdam KWB 2019 + civic organisations 2016, Leefbaarometer
/// Utrecht, RIVM health monitor 2016 for all NL), and the same models on the user's own panel.
/// </summary>
public static class NeighbourhoodAnalyses
{
    /// <summary>Every analysis of <c>--analysis</c>: the two real-data analyses with their own result types
    /// (<see cref="RivmPanelAnalysis"/>, <see cref="AmsterdamDiversityAnalysis"/>) and those <see cref="Run"/> returns.</summary>
    public static readonly string[] Names = ["builtin", "rivm-panel", "amsterdam", "amsterdam-civic", "utrecht", "rivm"];

    /// <summary>The analyses that produce a <see cref="NeighbourhoodReport"/>.</summary>
    public static readonly string[] ReportNames = ["builtin", "amsterdam-civic", "utrecht", "rivm"];

    public static NeighbourhoodReport Run(string analysis, int seed = SyntheticBuurtPanel.DefaultSeed, bool mixed = true) => analysis switch
    {
        "builtin" => BuiltIn(seed, mixed),
        "amsterdam-civic" => AmsterdamCivic(mixed),
        "utrecht" => Utrecht(mixed),
        "rivm" => Rivm(mixed),
        _ => throw new CohesionException($"unknown analysis '{analysis}' (choose {string.Join(", ", ReportNames)})")
    };

    public static NeighbourhoodReport BuiltIn(int seed = SyntheticBuurtPanel.DefaultSeed, bool mixed = true, DataFrame? panel = null)
    {
        var truth = new SyntheticPanelTruth();
        panel ??= SyntheticBuurtPanel.Generate(seed, truth);
        var r = DiversityCohesionAnalysis.Run(panel, new DiversityCohesionSpec { Mixed = mixed }, SyntheticBuurtPanel.Label, truth.Coefficients);
        var report = new NeighbourhoodReport
        {
            Analysis = "builtin",
            TitleNl = "Diversiteit en sociale samenhang in buurten, 2012–2020 (SYNTHETISCH)",
            TitleEn = "Diversity and social cohesion in neighbourhoods, 2012–2020 (SYNTHETIC)",
            DataLabel = $"{SyntheticBuurtPanel.Label} (seed {seed}). {SyntheticBuurtPanel.LabelNl}.",
            Synthetic = true,
            Truth = truth.Coefficients,
            Descriptives = Describe(panel, ["cohesion", "diversity", "migration_share", "income", "low_income", "rental_share", "corporation_share", "neglect", "turnover", "population"]),
            Map = BuurtMap(panel, "cohesion", SyntheticBuurtPanel.LastYear,
                $"Sociale samenhang per buurt, {SyntheticBuurtPanel.LastYear} — SYNTHETISCH", $"Social cohesion by neighbourhood, {SyntheticBuurtPanel.LastYear} — SYNTHETIC",
                $"SYNTHETIC data (seed {seed}), not observations; boundaries CBS buurten 2014 (simplified). Hatched: no buurt in the panel (fewer than {SyntheticBuurtPanel.MinimumPopulation:0} inhabitants drawn).",
                Provenance.Synthetic),
        };
        return report.With(r, "");
    }

    /// <summary>Amsterdam: diversity and segregation indices from KWB 2019 (buurten in wijken); a cross-section of
    /// how diversity goes with SES and housing across buurten (FE by wijk); and association density on diversity
    /// with SES and age controls across the 98 areas of 2016 (civic organisations, a cohesion proxy).</summary>
    public static NeighbourhoodReport AmsterdamCivic(bool mixed = true)
    {
        var kwbPath = DefaultData.PathOf("real", "kwb-amsterdam-2019", "Kerncijfers_wijken_en_buurten_2019_Amsterdam.csv");
        var raw = DatasetLoader.Load(kwbPath);
        var (indices, kwb, kwbModel, kwbNote) = KwbCrossSection(raw, mixed, "real: CBS KWB 2019 Amsterdam");
        var notes = new List<string> { kwbNote };

        var civicPath = DefaultData.PathOf("real", "amsterdam-civic-orgs-2016", "data_buurtanalyse.csv");
        var civic = DatasetLoader.Load(civicPath);
        string[] shares = ["imm_autoch", "imm_W", "imm_Mar", "imm_Ant", "imm_Sur", "imm_Tur", "imm_otherNW"];
        var sh = shares.Select(s => civic.Numeric(s).Values).ToArray();
        var div = new double[civic.RowCount];
        Span<double> p = stackalloc double[shares.Length];
        for (int r = 0; r < div.Length; r++)
        {
            for (int k = 0; k < shares.Length; k++) p[k] = sh[k][r];
            div[r] = Statistics.Segregation.DiversityIndex.Fractionalisation(p);
        }
        civic.Add(new NumericColumn("diversity", div, label: "fractionalisation of the seven origin shares"));
        var code = civic["bc_code"];
        civic.Add(CategoricalColumn.FromStrings("stadsdeel", Enumerable.Range(0, civic.RowCount).Select(r => code.IsMissing(r) ? null : code.Format(r)[..1]).ToArray()));
        var civicSpec = new DiversityCohesionSpec
        {
            Outcome = "vereniging_density", Diversity = "diversity", Unit = "bc_code", Time = null, Region = "stadsdeel", Mixed = mixed,
            Controls = [new ControlGroup("ses", ["edu_high", "unempl"]), new ControlGroup("age", ["age_0t18", "age_66plus"])],
        };
        var civicModel = DiversityCohesionAnalysis.Run(civic, civicSpec, "real: Amsterdam BBGA 2016 + KvK 2017");
        notes.Add("civic organisations: only 7–8 stadsdelen, so SEs clustered by stadsdeel rest on few clusters; read them with care");

        var report = new NeighbourhoodReport
        {
            Analysis = "amsterdam-civic",
            TitleNl = "Amsterdam: diversiteit, segregatie en verenigingen",
            TitleEn = "Amsterdam: diversity, segregation and associations",
            DataLabel = "REAL data: CBS Kerncijfers wijken en buurten 2019 (84583NED), Amsterdam; Amsterdam BBGA 2016 with KvK organisation counts (data/real/amsterdam-civic-orgs-2016)",
            Synthetic = false,
            Diversity = indices,
            Descriptives = [.. Describe(kwb, ["diversity", "population", "income_per_recipient", "low_income_households", "woz", "corporation_share", "other_landlord_share"]),
                            .. Describe(civic, ["vereniging_density", "diversity", "edu_high", "unempl"]).Select(d => d with { Variable = "civic: " + d.Variable })],
            Notes = notes,
        };
        return report.With(kwbModel, "KWB 2019 buurten").With(civicModel, "Civic 2016 areas");
    }

    /// <summary>Utrecht province: Leefbaarometer 3.0 sociale samenhang (2020) on the CBS SES-WOA score, housing and
    /// household composition (KWB 2022), with gemeente fixed effects and random intercepts.</summary>
    public static NeighbourhoodReport Utrecht(bool mixed = true)
    {
        var path = DefaultData.PathOf("real", "leefbaarometer-utrecht", "buurten_utrecht_kwb2022_lbm2020.csv");
        var f = DatasetLoader.Load(path);
        var notes = new List<string>();
        // the source filled some missing values with 0: WOZ 0 means unknown
        var woz = f.Numeric("gemiddelde_woningwaarde").Values.ToArray();
        int zeros = 0;
        for (int i = 0; i < woz.Length; i++) if (woz[i] == 0) { woz[i] = double.NaN; zeros++; }
        f.Set(new NumericColumn("gemiddelde_woningwaarde", woz));
        notes.Add($"WOZ value 0 (filled in by the data's author for {zeros} mostly unpopulated buurten) treated as missing");
        var spec = new DiversityCohesionSpec
        {
            Outcome = "leefbarometer_sociale_samenhang", Diversity = "social_economische_score_gemiddeld", Unit = "buurt_code", Time = null, Region = "gm_naam", Mixed = mixed,
            Controls =
            [
                new ControlGroup("housing", ["koopwoning_percentage", "meergezinswoning_percentage", "bouwjaar_vanaf_2000_percentage", "gemiddelde_woningwaarde"]),
                new ControlGroup("households", ["aantal_huishoudens_met_kinderen_percentage", "aantal_inwoners_tussen_25_44_percentage", "gemiddelde_huishoudensgrootte"]),
            ],
        };
        var r = DiversityCohesionAnalysis.Run(f, spec, "real: Leefbaarometer 3.0 (2020) + CBS KWB 2022, province of Utrecht");
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var code = f["buurt_code"];
        var ss = f.Numeric("leefbarometer_sociale_samenhang").Values;
        for (int i = 0; i < f.RowCount; i++) if (!double.IsNaN(ss[i])) values[code.Format(i)] = ss[i];
        var gemeenten = Enumerable.Range(0, f.RowCount).Select(i => KwbKeyFigures.GemeenteOf(code.Format(i))).OfType<string>().ToHashSet();
        var report = new NeighbourhoodReport
        {
            Analysis = "utrecht",
            TitleNl = "Provincie Utrecht: sociale samenhang (Leefbaarometer 2020), SES en wonen",
            TitleEn = "Province of Utrecht: social cohesion (Leefbaarometer 2020), SES and housing",
            DataLabel = "REAL data: Leefbaarometer 3.0 (meting 2020) sociale samenhang with CBS KWB 2022 and SES-WOA, 969 buurten of the province of Utrecht (data/real/leefbaarometer-utrecht)",
            Synthetic = false,
            Descriptives = Describe(f, ["leefbarometer_sociale_samenhang", "social_economische_score_gemiddeld", "koopwoning_percentage", "meergezinswoning_percentage", "gemiddelde_woningwaarde", "aantal_inwoners"]),
            Notes = notes,
            Map = new MapLayer("buurt", "leefbarometer_sociale_samenhang", "Sociale samenhang (Leefbaarometer 2020), provincie Utrecht",
                "Social cohesion (Leefbaarometer 2020), province of Utrecht", values, gemeenten,
                "REAL data: Leefbaarometer 3.0 (2020), deviation from the national mean; 2022 buurt codes on CBS 2014 boundaries — hatched: no value or code changed since 2014", Provenance.Real),
        };
        return report.With(r, "");
    }

    /// <summary>All NL: volunteering and loneliness per buurt (RIVM/CBS health monitor 2016 small-area estimates) on
    /// financial hardship, health and control over one's life, with gemeente fixed effects and random intercepts.</summary>
    public static NeighbourhoodReport Rivm(bool mixed = true)
    {
        var all = RivmHealthMonitor.LoadRaw(2016);
        var codeCol = all["Codering_3"];
        var rows = Enumerable.Range(0, all.RowCount).Where(r => !codeCol.IsMissing(r) && codeCol.Format(r).Trim().StartsWith("BU")).ToArray();
        var f = all.Select(rows);
        var codes = Enumerable.Range(0, f.RowCount).Select(r => f["Codering_3"].Format(r).Trim()).ToArray();
        f.Add(CategoricalColumn.FromStrings("buurt", codes));
        f.Add(CategoricalColumn.FromStrings("gemeente", codes.Select(KwbKeyFigures.GemeenteOf).ToArray()));
        (string Col, string Name)[] rename =
        [
            ("Vrijwilligerswerk_33", "volunteering"), ("Eenzaam_28", "lonely"), ("SociaalEenzaam_31", "socially_lonely"),
            ("MoeiteMetRondkomen_38", "hardship"), ("ErvarenGezondheidGoedZeerGoed_4", "good_health"),
            ("MatigVeelRegieOverEigenLeven_27", "control_own_life"), ("EenOfMeerLangdurigeAandoeningen_16", "chronic_condition"),
            ("HoogRisicoOpAngstOfDepressie_25", "anxiety_depression"), ("Mantelzorger_32", "informal_carer"),
        ];
        foreach (var (col, name) in rename) f.Add(f.Numeric(col).Rename(name));
        var controls = new List<ControlGroup>
        {
            new("health", ["good_health", "chronic_condition"]), new("mental", ["anxiety_depression"]), new("agency", ["control_own_life"]),
        };
        var vol = DiversityCohesionAnalysis.Run(f, new DiversityCohesionSpec
        {
            Outcome = "volunteering", Diversity = "hardship", Unit = "buurt", Time = null, Region = "gemeente", Mixed = mixed, Controls = controls,
        }, "real: RIVM 2016");
        var lonely = DiversityCohesionAnalysis.Run(f, new DiversityCohesionSpec
        {
            Outcome = "lonely", Diversity = "hardship", Unit = "buurt", Time = null, Region = "gemeente", Mixed = mixed, Controls = controls,
        }, "real: RIVM 2016");
        // gemeente map of volunteering from the gemeente rows (direct small-area estimates)
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var v = all.Numeric("Vrijwilligerswerk_33").Values;
        for (int r = 0; r < all.RowCount; r++)
        {
            if (codeCol.IsMissing(r)) continue;
            var c = codeCol.Format(r).Trim();
            if (c.StartsWith("GM") && !double.IsNaN(v[r])) values[c] = v[r];
        }
        var report = new NeighbourhoodReport
        {
            Analysis = "rivm",
            TitleNl = "Nederland: vrijwilligerswerk en eenzaamheid per buurt (Gezondheidsmonitor 2016)",
            TitleEn = "The Netherlands: volunteering and loneliness by neighbourhood (Health Monitor 2016)",
            DataLabel = "REAL data: RIVM/CBS Gezondheid per wijk en buurt 2016 (50090NED), adults 18+, small-area estimates, 2020 division (data/real/rivm-gezondheid-wijkbuurt-2016)",
            Synthetic = false,
            Descriptives = Describe(f, ["volunteering", "lonely", "socially_lonely", "hardship", "good_health", "chronic_condition", "anxiety_depression", "control_own_life"]),
            Notes =
            [
                "percentages of adults; the values are model-based small-area estimates, so buurt-level associations are partly built into the estimation model",
                "hardship = % with difficulty making ends meet (the SES proxy of the health monitor); the 2016 table has no values for noise nuisance from neighbours",
            ],
            Map = new MapLayer("gemeente", "volunteering", "Vrijwilligerswerk per gemeente, 2016 (% volwassenen)", "Volunteering by municipality, 2016 (% of adults)",
                values, null, "REAL data: RIVM/CBS Gezondheidsmonitor 2016 (2020 gemeenten) on CBS 2015 boundaries — hatched: gemeente merged or renamed since 2015", Provenance.Real),
        };
        return report.With(vol, "Volunteering").With(lonely, "Loneliness");
    }

    /// <summary>Indices (buurten in wijken) and the SES/housing cross-section of a CBS key-figures table.</summary>
    private static (DiversityReport Indices, DataFrame Buurten, DiversityCohesionResult Model, string Note) KwbCrossSection(DataFrame raw, bool mixed, string label)
    {
        var indices = DiversityRun.Run(raw, new DiversityRequest(null, null, null));
        var kwb = KwbKeyFigures.Normalise(raw).Frame;
        PanelAssembler.AddDerived(kwb);
        var spec = new DiversityCohesionSpec
        {
            Outcome = "diversity", Diversity = "low_income_households", Unit = "code", Time = null, Region = "wijk", Mixed = mixed,
            Controls = [new ControlGroup("income", ["income_per_recipient", "woz"]), new ControlGroup("housing", ["corporation_share", "other_landlord_share"])],
        };
        var model = DiversityCohesionAnalysis.Run(kwb, spec, label);
        return (indices, kwb, model, "key figures have no cohesion measure: the model describes how diversity goes with SES and housing across buurten (the confounding SCP describes)");
    }

    /// <summary>A user's CBS key-figures export (e.g. their own gemeente): diversity and segregation indices, the
    /// SES/housing cross-section, and a buurt map of diversity where the codes exist in the 2014 boundaries.</summary>
    public static NeighbourhoodReport OwnKwb(DataFrame raw, string source, bool mixed = true)
    {
        var (indices, kwb, model, note) = KwbCrossSection(raw, mixed, "user data: " + source);
        var report = new NeighbourhoodReport
        {
            Analysis = "kwb",
            TitleNl = $"Diversiteit en segregatie in buurten: {Path.GetFileName(source)}",
            TitleEn = $"Diversity and segregation in neighbourhoods: {Path.GetFileName(source)}",
            DataLabel = $"user data (CBS key figures): {source}",
            Synthetic = false,
            Diversity = indices,
            Descriptives = Describe(kwb, ["diversity", "population", "income_per_recipient", "low_income_households", "woz", "corporation_share", "other_landlord_share"]),
            Notes = [note],
        };
        var layer = BuurtMap(kwb, "diversity", null, "Diversiteit (fractionalisatie) per buurt", "Diversity (fractionalisation) by neighbourhood",
            $"user data: {Path.GetFileName(source)}; boundaries CBS buurten 2014 — hatched: no value or buurt code changed since 2014", Provenance.Real, "code", null);
        var gemeenten = layer.Values.Keys.Select(KwbKeyFigures.GemeenteOf).OfType<string>().ToHashSet();
        return report.With(model, "") with { Map = layer with { Gemeenten = gemeenten } };
    }

    /// <summary>The user's own panel (or cross-section when <paramref name="spec"/> has no time column).</summary>
    public static NeighbourhoodReport OwnData(DataFrame data, DiversityCohesionSpec spec, string source)
    {
        PanelAssembler.AddDerived(data);
        var r = DiversityCohesionAnalysis.Run(data, spec, source);
        var report = new NeighbourhoodReport
        {
            Analysis = "data",
            TitleNl = $"Diversiteit en {spec.Outcome}: {Path.GetFileName(source)}",
            TitleEn = $"Diversity and {spec.Outcome}: {Path.GetFileName(source)}",
            DataLabel = $"user data: {source}",
            Synthetic = false,
            Descriptives = Describe(data, new[] { spec.Outcome, spec.Diversity }.Concat(r.Spec.Controls.SelectMany(g => g.Columns)).ToArray()),
        };
        if (data.Contains(spec.Unit) && data[spec.Unit] is { } unit && Enumerable.Range(0, Math.Min(data.RowCount, 50)).All(i => unit.IsMissing(i) || unit.Format(i).StartsWith("BU") || unit.Format(i).StartsWith("GM")))
        {
            int? last = spec.Time is not null && data.Contains(spec.Time) ? (int)data.Numeric(spec.Time).Values.Where(x => !double.IsNaN(x)).DefaultIfEmpty(0).Max() : null;
            report = report with { Map = BuurtMap(data, spec.Outcome, last, $"{spec.Outcome} per buurt", $"{spec.Outcome} by neighbourhood", $"user data: {Path.GetFileName(source)}; boundaries CBS buurten 2014", Provenance.Real, spec.Unit, spec.Time) };
        }
        return report.With(r, "");
    }

    /// <summary>Values of <paramref name="measure"/> per buurt code in one year (all rows when the year is null).</summary>
    public static MapLayer BuurtMap(DataFrame panel, string measure, int? year, string titleNl, string titleEn, string note, Provenance provenance, string unit = "buurt", string? time = "year")
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var code = panel[unit];
        var v = panel.Numeric(measure).Values;
        var y = time is not null && year is not null && panel.Contains(time) ? panel.Numeric(time).Values : null;
        for (int r = 0; r < panel.RowCount; r++)
        {
            if (y is not null && y[r] != year) continue;
            if (code.IsMissing(r) || double.IsNaN(v[r])) continue;
            values[code.Format(r)] = v[r];
        }
        bool gemeenteLevel = values.Keys.All(k => k.StartsWith("GM"));
        return new MapLayer(gemeenteLevel ? "gemeente" : "buurt", measure, titleNl, titleEn, values, null, note, provenance);
    }

    public static IReadOnlyList<Descriptive> Describe(DataFrame f, IReadOnlyList<string> columns)
    {
        var list = new List<Descriptive>();
        foreach (var c in columns)
        {
            if (!f.Contains(c) || f[c] is not NumericColumn n) continue;
            var v = n.Values.Where(x => !double.IsNaN(x)).ToArray();
            if (v.Length == 0) { list.Add(new Descriptive(c, 0, double.NaN, double.NaN, double.NaN, double.NaN)); continue; }
            double mean = v.Average();
            double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : double.NaN;
            list.Add(new Descriptive(c, v.Length, mean, sd, v.Min(), v.Max()));
        }
        return list;
    }
}
