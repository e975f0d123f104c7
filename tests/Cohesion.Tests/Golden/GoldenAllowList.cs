using System.Text.RegularExpressions;
using Cohesion.Tests.Infrastructure;

namespace Cohesion.Tests.Golden;

/// <summary>
/// The only differences a golden comparison tolerates, each with its reason. Everything else must be byte for byte
/// what was recorded. A change that alters an output on purpose regenerates the golden files and is listed in
/// <see cref="IntendedChanges"/>.
/// </summary>
public static class GoldenAllowList
{
    private sealed record Rule(Regex Pattern, string Replacement, string Reason);

    private static readonly Rule[] Rules =
    [
        new(new(@"0\.1\.0\+[0-9a-f]{7,40}"), "{version}", "the informational version carries the git commit"),
        new(new("\"version\": \"[^\"]*\""), "\"version\": \"{version}\"", "manifest/health: version and commit"),
        new(new("\"version\":\"[^\"]*\""), "\"version\":\"{version}\"", "dashboard /api/health: version"),
        new(new("\"created_utc\": \"[^\"]*\""), "\"created_utc\": \"{time}\"", "manifest: when the report was made"),
        new(new(@"\d{4}-\d\d-\d\d \d\d:\d\d UTC"), "{time} UTC", "report header: when the report was made"),
        new(new("(\"timings_seconds\": \\{)[^}]*(\\})"), "$1 {timings} $2", "manifest: stage timings"),
        new(new("(&quot;timings_seconds&quot;: \\{)[^}]*(\\})"), "$1 {timings} $2", "report.html: the manifest's stage timings"),
        new(new("(&quot;created_utc&quot;: &quot;)[^&]*(&quot;)"), "$1{time}$2", "report.html: the manifest's creation time"),
        new(new("(&quot;version&quot;: &quot;)[^&]*(&quot;)"), "$1{version}$2", "report.html: the manifest's version"),
        new(new("\"(seconds|agent_years_per_second)\": [0-9.E+-]+"), "\"$1\": {measured}", "simulate --method micro: measured speed"),
        new(new(@"agent-years in [0-9.]+ s \([0-9.]+ million agent-years per second\)"), "agent-years in {measured} s ({measured} million agent-years per second)", "simulate --method micro (table): measured speed"),
        new(new(@"agent-years in [0-9.]+ s \([0-9.]+ million per second\)"), "agent-years in {measured} s ({measured} million per second)", "simulate --method micro (stderr): measured speed"),
        new(new(@"(tables: \d+ \(CSV and Parquet in [^)]*\)); [0-9.]+ s"), "$1; {seconds} s", "report verb: elapsed time"),
        new(new(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "{timestamp}", "data catalogue: imported_at"),
        new(new(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d"), "{timestamp}", "data catalogue: imported at (table)"),
    ];

    /// <summary>Outputs changed on purpose since they were first recorded (what and why); the golden files were
    /// regenerated in the same commit.</summary>
    public static readonly string[] IntendedChanges =
    [
        "report/nl (console): the summary table of the four dimensions in Dutch number format (decimal comma, thousands point), as the report itself (issue 14)",
        "cli/panel-drop-collinear-json, cli/neighbourhoods-json, cli/neighbourhoods-data-json, report/nl (neighbourhoods tables): two absorbed factors with a small one are absorbed exactly by a direct solve instead of alternating projections (issue 17, speed): estimates move in the 14th-16th significant digit, within the projections' 1e-12 tolerance",
        "issue 14 (labels in words): the report's forest plot names the moderator and its levels in the report's language (domein: buurt, Model voor werk; report figure meta-31)",
        "issue 14 (one language per output, labels in words): sensitivity inputs of societal and policy rules are labelled in Dutch and English from the framework's indicator labels and the policy's name (was the scenario file's English rule label, e.g. 'maatschappij: trust_people: estimated within-group trend', 'beleid: close_gap'; report figure simulate-28 and its table)",
        "issue 14 (effect sizes as the field reads them): the literature section says in a sentence that the forest plot is back-transformed from Fisher z to r (report.html)",
        "issue 14 (charts to be read): the scenario fan charts are small multiples (a panel per dimension and societal scenario, at most six series, labelled at the line ends in words from the scenario catalogues); the decomposition bars are a panel per dimension sorted by total change, labelled in words (report figures simulate-26/27, simulate --chart/--decomposition-chart)",
        "issue 13 (one table model): console tables of neighbourhoods (descriptives, RIVM summaries and maps) rendered from the same table converters as the JSON (bilingual title with provenance, English headers, counts with separators); report table neighbourhoods_amsterdam is a view of the CLI's steps table (column year → rivm_year, numeric)",
        "issue 10 (trends): 'estimated' (data/scenarios/societal/estimated.json, estimated from the real CBS series) is the default societal scenario of simulate, the report and the dashboard; help lists the trends verb",
        "cli/help, cli/help-simulate: the new verb cluster (cluster silo) and simulate's --cluster HOST:PORT (issue 16 item 4, ensembles on Orleans)",
        "cli/help, cli/help-measure: the new verb compare and the built-in framework ess (issue 11); compare-* and measure-ess-by-cntry-csv cases added",
        "cli/population-*, cli/simulate-*, cli/help, cli/help-population, dashboard/population*, dashboard/projection, report/nl (population and simulate sections): the demography's low bias fixed at its causes (migration age profile, observed migration start, 2024 end levels), calibration.migration_factor per scenario, 2024 the default edition and the edition on every population chart and table (issue 12, data/demography/README.md)",
        "report/nl: the validation section (issue 12) after the introduction, tables validation_real/derived/synthetic (published figure, tool value, kind); the manifest lists the VU panel, KWB Amsterdam and CBS 84910 files it reads; the console lists eight stages",
        "report/nl: the section 'Nederland in Europa' after the four dimensions (issue 11: europe_* tables, dot plots and trajectories); the figures after it are numbered on (population-17 etc.) and the console lists seven stages",
        "report/nl, cli/neighbourhoods-*-map, cli/neighbourhoods-data-json, dashboard/map*: provenance everywhere (issue 12): every exported table has a provenance column, every table and figure a real/SYNTHETIC/derived badge, map legends and area hover texts say where the values come from, the real RIVM analysis has its own neighbourhoods_*_real tables instead of sharing the synthetic panel's, headed by the coefficient they follow (hardship, not diversity), population_summary has a calibration column",
        "cli/measure-*, dashboard/groups*, report/nl (measure and simulate sections): the synthetic survey regenerated with the CBS 2021 origin pattern of institutional trust (issue 12, data/SOURCES.md)",
        "cli/population-*, cli/meta-*, cli/neighbourhoods-*-map, cli/neighbourhoods-data-json, cli/simulate-policy-charts, dashboard/map*, dashboard/forest, report/nl (figures, including the Europe dot plots and trajectories): one presentation layer (issue 13) -- every SVG opens through SvgDocument (width/height/viewBox, role=img and aria-label, one DejaVu Sans font stack), escapes through SvgDocument.Escape and takes its colours from ChartPalette and its ticks from Ticks",
        "cli/glm-*-json: a 'warnings' array (R's glm.fit warnings: no convergence, fitted probabilities 0 or 1, singularities; issue 15)",
        "cli/help-compare: compare --data takes supplied replicate weights (--repweights, --repweights-type, --rho, --scale, --rscales, --mse; issue 18 item 3)",
        "dashboard/groups*, dashboard/options: the groups view measures a catalogue data set too (issue 14 item 3): /api/groups names its data set (dataset: builtin by default) and /api/options states the population edition (population_edition, _nl, _en)",
        "cli/simulate-*, dashboard/projection, report/nl (simulate section, table simulate_composition_by_factor): the composition part split by factor (education, age, origin, sex; Shapley over orderings; issue 16 item 2) as composition_by_factor",
        "cli/help, cli/help-population: population --stochastic N, --seed and --calibrate wpp2022 (stochastic demography, issue 16 item 1); case population-stochastic-json added",
        "cli/help, report/nl (simulate section: tornado figure simulate-21 and table simulate_sensitivity; later figures renumbered; the manifest lists the WPP 2022 interval file): the sensitivity verb (issue 16 item 3)",
        "report/nl: the section 'Trends 2012-2024' before the projection (issue 10 item 4: trends_* tables, national series, education gap, trust per quarter, VU panel wave 0 vs 4, composition/within split); the projection states which societal scenario it uses and that 'estimated' was estimated from real data; later figures renumbered",
        "report/nl (issue 14 item 5): every figure has SVG/PNG downloads and every table CSV/xlsx downloads (the one inline script downloads.js); the report writes tables.xlsx (one sheet per table), tables/ID.xlsx and tables/excel/ID.csv (';'-separated, decimal commas, BOM, for Dutch Excel); the machine-readable tables/ID.csv are unchanged; a print stylesheet (A4) and a darker synthetic badge (contrast 5:1)",
        "dashboard/projection: provenance and a runs array (one entry per population scenario asked for, scenario=a,b compares them) next to the first scenario's years and decomposition (issues 12, 14)",
        "cli/help, cli/help-simulate: simulate --stochastic N and --calibrate wpp2022 (issue 16: bands incl. demographic uncertainty)",
        "cli/help-simulate, cli/help-serve: simulate --catalogue NAME --db FILE (ensemble results to the DuckDB catalogue) and serve --db FILE (its ensembles under /api/ensembles), issue 16",
        "dashboard/europe, dashboard/europe_measure-trust_most_people_evs: cases added (issue 13: /api/europe renders the tables of CompareTables shared with cohesion compare; recorded before the change, bytes unchanged)",
    ];

    /// <summary>Machine-specific paths become placeholders, then the rules apply.</summary>
    public static string Normalize(string text, string? tmp = null)
    {
        if (tmp is not null) text = text.Replace(tmp.TrimEnd('/'), "{tmp}");
        text = text.Replace(GoldenStore.Root + "/", "{golden}/");
        text = text.Replace(AppContext.BaseDirectory.TrimEnd('/'), "{bin}");
        text = text.Replace(Paths.RepoRoot.TrimEnd('/'), "{repo}");
        text = text.Replace(Path.GetTempPath().TrimEnd('/'), "{tmproot}");
        foreach (var r in Rules) text = r.Pattern.Replace(text, r.Replacement);
        return text;
    }
}
