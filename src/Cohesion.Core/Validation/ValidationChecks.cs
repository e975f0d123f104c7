using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Neighbourhoods;
using Cohesion.Statistics.Data;
using Cohesion.Synthetic;

namespace Cohesion.Validation;

/// <summary>How a tool value relates to the figure it is compared with.</summary>
public enum ValidationKind
{
    /// <summary>The tool was tuned to reproduce the figure: equal by construction, a check of the calibration and
    /// never a finding.</summary>
    Calibrated,
    /// <summary>The tool computes the value from inputs that do not contain it: a genuine test.</summary>
    IndependentCheck,
    /// <summary>The tool reads real data and reproduces a figure published from the same data.</summary>
    RealData,
}

public static class ValidationKindText
{
    public static string Code(this ValidationKind k) => k switch
    {
        ValidationKind.Calibrated => "calibrated",
        ValidationKind.IndependentCheck => "independent check",
        _ => "real data",
    };

    public static (string Nl, string En) Label(this ValidationKind k) => k switch
    {
        ValidationKind.Calibrated => ("gekalibreerd (gelijk door constructie)", "calibrated (equal by construction)"),
        ValidationKind.IndependentCheck => ("onafhankelijke toets", "independent check"),
        _ => ("echte gegevens", "real data"),
    };
}

/// <summary>
/// One published (or real reference) figure beside the tool's value. <see cref="ToolProvenance"/> says what the tool
/// value rests on (synthetic data, a derived projection, real data); <see cref="Unit"/> is <c>share</c> (0–1),
/// <c>persons</c> or <c>pp</c> (percentage points, for gradients).
/// </summary>
public sealed record ValidationRow(
    string Area, string FigureNl, string FigureEn, double Published, double Tool, string Unit, ValidationKind Kind,
    Provenance ToolProvenance, string PublishedSource, string ToolSource, string? Note = null)
{
    public double Difference => Tool - Published;
    public double RelativeDifference => Published != 0 ? (Tool - Published) / Math.Abs(Published) : double.NaN;
}

/// <summary>
/// The comparisons of the report's validation section, each computed from what the run used: the synthetic survey's
/// calibration targets (calibrated), the population editions' published 2050 totals (calibrated where a migration
/// factor was solved, otherwise independent), the reproduction of the UN's WPP 2024 projection, the education
/// gradient of institutional trust in the synthetic survey against the real VU panel (independent), and totals of
/// real CBS tables that the tool reads (real data).
/// </summary>
public static class ValidationChecks
{
    /// <summary>Weighted share of the cohesive answer among valid answers of <paramref name="column"/> in the rows where
    /// <paramref name="groupColumn"/> is one of <paramref name="levels"/> (everyone when null), with the indicator's recode
    /// of <paramref name="framework"/>.</summary>
    public static double Share(DataFrame data, CohesionFramework framework, string column, string? groupColumn, IReadOnlyCollection<string> levels, string? weight)
    {
        var ind = framework.Indicators.FirstOrDefault(i => i.Column == column)
                  ?? throw new Statistics.CohesionException($"the framework '{framework.Id}' has no indicator on column '{column}'", data.Source, column);
        var x = FrameworkScorer.Recode(ind, data);
        var w = weight is null ? null : data.Numeric(weight).Values;
        var g = groupColumn is null ? null : data[groupColumn];
        double num = 0, den = 0;
        for (int r = 0; r < x.Length; r++)
        {
            if (double.IsNaN(x[r])) continue;
            if (g is not null && (g.IsMissing(r) || !levels.Contains(g.Format(r)))) continue;
            double wr = w?[r] ?? 1.0;
            num += wr * x[r];
            den += wr;
        }
        return den > 0 ? num / den : double.NaN;
    }

    /// <summary>Every published calibration target of the synthetic survey (MISSION.md §1) with the weighted estimate
    /// on the survey the run used. Assumed levels (not published) are left out: they are no comparison.</summary>
    public static IEnumerable<ValidationRow> SurveyCalibration(DataFrame survey, CohesionFramework framework, string weight = "weight")
    {
        foreach (var t in SurveyCalibrationTargets.All().Where(t => t.Published))
        {
            var ind = framework.Indicators.FirstOrDefault(i => i.Column == t.Column);
            if (ind is null) continue;
            string groupNl = t.Group.Column is null ? "" : $" — {t.Group.Label}";
            yield return new ValidationRow("survey", ind.LabelNl + groupNl, ind.LabelEn + groupNl, t.Value,
                Share(survey, framework, t.Column, t.Group.Column, t.Group.Levels, weight), "share", ValidationKind.Calibrated,
                Provenance.Synthetic, t.Source, "weighted share on the SYNTHETIC survey (data/survey/nl-synthetic-ssw.csv)",
                "the generator tunes the survey until it reproduces this figure; not a finding");
        }
    }

    /// <summary>The published 2050 totals of each projected scenario (<see cref="Scenario.Published"/>
    /// <c>total_2050</c>): calibrated when the engine solved a migration factor to reach it, otherwise independent.</summary>
    public static IEnumerable<ValidationRow> PopulationTotals(IEnumerable<PopulationProjection> projections, int year = 2050)
    {
        foreach (var p in projections)
        {
            if (!p.Scenario.Published.TryGetValue($"total_{year}", out var published) || !p.Years.Contains(year)) continue;
            bool calibrated = p.Scenario.CalibrationTotal is not null || Math.Abs(p.MigrationScale - 1) > 1e-12;
            yield return new ValidationRow("population", $"Bevolking {year}, {p.Scenario.LabelNl} (editie {p.Scenario.Edition})",
                $"Population {year}, {p.Scenario.LabelEn} ({p.Scenario.Edition} edition)", published, p.Total(year), "persons",
                calibrated ? ValidationKind.Calibrated : ValidationKind.IndependentCheck, Provenance.Derived,
                $"NIDI/CBS {p.Scenario.Edition} edition", $"cohesion population --edition {p.Scenario.Edition} --scenario {p.Scenario.Name}",
                calibrated ? $"long-run first-generation net migration scaled by {p.MigrationScale:0.###} to reach the published total" : null);
        }
    }

    /// <summary>The engine on the UN's own inputs (WPP 2024 base 2020, mortality, fertility, net migration) against
    /// WPP's published medium projection.</summary>
    public static IEnumerable<ValidationRow> WppReproductionTotals(WppNetherlands wpp, PopulationProjection reproduction, IReadOnlyList<int>? years = null)
    {
        foreach (var y in years ?? [2030, 2040, 2050])
        {
            if (!reproduction.Years.Contains(y)) continue;
            double published = wpp.Population5(y, 0).Sum() + wpp.Population5(y, 1).Sum();
            yield return new ValidationRow("population", $"Bevolking {y}, UN WPP 2024 (medium)", $"Population {y}, UN WPP 2024 (medium)",
                published, reproduction.Total(y), "persons", ValidationKind.IndependentCheck, Provenance.Derived,
                "UN World Population Prospects 2024 (data/real/wpp-netherlands-age)", "the cohort-component engine on WPP's own rates from 1 July 2020");
        }
    }

    /// <summary>Institutions in both the built-in framework and the VU panel framework (built-in id, VU id).</summary>
    public static readonly (string Ssw, string Vu)[] SharedInstitutions =
    [
        ("trust_tweede_kamer", "trust_tweede_kamer"), ("trust_government", "trust_government"), ("trust_judges", "trust_justice"),
        ("trust_eu", "trust_eu"), ("trust_banks", "trust_banks"), ("trust_large_companies", "trust_large_companies"),
    ];

    /// <summary>VU panel education codes: low (basisonderwijs, vmbo/mbo-1, vmbo-t/mavo) and high (hbo/wo bachelor, master).</summary>
    public static readonly string[] VuLow = ["1", "2", "3"], VuHigh = ["6", "7"];

    /// <summary>The education gradient (high − low educated, percentage points) of trust in institutions: the
    /// synthetic survey (its education effects are assumptions, not calibrated) against the real VU panel 2021.</summary>
    public static IEnumerable<ValidationRow> EducationGradient(DataFrame survey, CohesionFramework ssw, DataFrame vu, CohesionFramework vuFramework)
    {
        foreach (var (sswId, vuId) in SharedInstitutions)
        {
            var a = ssw.Indicators.FirstOrDefault(i => i.Id == sswId);
            var b = vuFramework.Indicators.FirstOrDefault(i => i.Id == vuId);
            if (a is null || b is null) continue;
            double tool = 100 * (Share(survey, ssw, a.Column, "education3", ["high"], "weight") - Share(survey, ssw, a.Column, "education3", ["low"], "weight"));
            double real = 100 * (Share(vu, vuFramework, b.Column, "education", VuHigh, null) - Share(vu, vuFramework, b.Column, "education", VuLow, null));
            yield return new ValidationRow("survey", $"Opleidingsverschil (hoog − laag) in {LowerFirst(a.LabelNl)}",
                $"Education gap (high − low) in {LowerFirst(a.LabelEn)}", real, tool, "pp", ValidationKind.IndependentCheck, Provenance.Synthetic,
                "VU Election Panel 2021, pre-wave (REAL microdata, unweighted; 0–10 scale, trust = 6+)",
                "SYNTHETIC survey, weighted (4-point scale, trust = heel/tamelijk veel)",
                "different scales and years (VU January 2021, during COVID-19): compare the size and sign of the gap, not the levels");
        }
    }

    private static string LowerFirst(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    /// <summary>Totals of the real Amsterdam KWB 2019 buurten as the tool reads them, against the same totals in the
    /// CBS population table 84910NED.</summary>
    public static IEnumerable<ValidationRow> AmsterdamTotals(DataFrame kwbBuurten, StatLine84910Table table)
    {
        double Sum(string c) => kwbBuurten.Numeric(c).Values.Where(v => !double.IsNaN(v)).Sum();
        double western = table.Total("2012655"), nonWestern = table.Total("2012657");
        const string src = "CBS 84910NED, Amsterdam 1 Jan 2019 (data/real/cbs-pop-migration-amsterdam-2019)";
        const string tool = "sum over the buurten of CBS KWB 2019 (data/real/kwb-amsterdam-2019)";
        yield return new ValidationRow("neighbourhoods", "Inwoners Amsterdam 2019", "Inhabitants of Amsterdam 2019", table.Total("T001040"), Sum("population"),
            "persons", ValidationKind.RealData, Provenance.Real, src, tool);
        if (western > 0)
            yield return new ValidationRow("neighbourhoods", "Westerse migratieachtergrond, Amsterdam 2019", "Western migration background, Amsterdam 2019",
                western, Sum("western"), "persons", ValidationKind.RealData, Provenance.Real, src, tool);
        if (nonWestern > 0)
            yield return new ValidationRow("neighbourhoods", "Niet-westerse migratieachtergrond, Amsterdam 2019", "Non-Western migration background, Amsterdam 2019",
                nonWestern, Sum("nonwestern"), "persons", ValidationKind.RealData, Provenance.Real, src, tool);
    }
}
