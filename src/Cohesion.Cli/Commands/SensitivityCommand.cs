using System.CommandLine;
using System.Globalization;
using Cohesion.Demography;
using Cohesion.IO;
using Cohesion.Pipeline;
using Cohesion.Presentation.Charts;
using Cohesion.Scenarios;
using Cohesion.Simulation;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion sensitivity</c>: which assumption moves the projected cohesion most (tornado and a small
/// full-factorial grid). All computation lives in <see cref="SensitivityStep"/> / <see cref="SensitivityAnalysis"/>.</summary>
public static class SensitivityCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("sensitivity",
            "Sensitivity of the projected dimension shares in one year to each assumption, one at a time (tornado) and in a\n" +
            "full-factorial grid over the three that matter most: the societal rules (95% interval when estimated, else 0.5–1.5×),\n" +
            "the policy sizes, the TFR and life expectancy (UN WPP 2022 80% bounds) and first-generation migration (0.5–1.5×).\n" +
            "Gevoeligheid van de projectie voor elke aanname (tornado) en een klein volledig rooster.\n" +
            "Example: cohesion sensitivity --scenario midden --societal estimated --year 2050 --format json --chart tornado.svg");
        var scenario = new Option<string>("--scenario") { Description = "Population scenario (" + string.Join(", ", ScenarioCatalog.Names) + ")", DefaultValueFactory = _ => "midden" };
        var societal = new Option<string>("--societal") { Description = "One societal-change scenario: estimated (default), another built-in name, a JSON file or none", DefaultValueFactory = _ => "estimated" };
        var policy = new Option<string?>("--policy") { Description = "Policy what-if whose sizes are varied too: a built-in name (" + string.Join(", ", CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Policy)) + ") or a JSON file (default: none)" };
        var year = new Option<int>("--year") { Description = "Target year (default 2050)", DefaultValueFactory = _ => SimulateRequest.DefaultLastYear };
        var edition = new Option<int>("--edition") { Description = "Population scenario edition: 2024 (default) or 2020", DefaultValueFactory = _ => ScenarioCatalog.DefaultEdition };
        var data = CommonOptions.Data("Survey the group models are fitted on (default: the built-in synthetic SSW survey)");
        var framework = new Option<string?>("--framework") { Description = "Framework file for the survey (default: the built-in CBS/SCP framework)" };
        var chart = CommonOptions.OutputFile("--chart", "Write the tornado chart (SVG; .png for PNG)");
        var lang = new Option<string>("--lang") { Description = "Chart language: nl|en", DefaultValueFactory = _ => "nl" };
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        foreach (var o in new Option[] { scenario, societal, policy, year, edition, data, framework, chart, lang, format, outOpt }) cmd.Options.Add(o);

        cmd.SetAction(pr =>
        {
            string sc = pr.GetValue(scenario)!;
            if (!ScenarioCatalog.Names.Contains(sc)) throw new UsageException($"--scenario must be one of {string.Join(", ", ScenarioCatalog.Names)}, not '{sc}'");
            string soc = pr.GetValue(societal)!;
            if (soc == "all" || soc.Contains(',')) throw new UsageException($"--societal takes one scenario, not '{soc}'");
            int y = pr.GetValue(year);
            if (y <= SimulateRequest.FirstYear || y > 2070) throw new UsageException($"--year must be between {SimulateRequest.FirstYear + 1} and 2070, not {y}");
            int ed = pr.GetValue(edition);
            if (ed is not (2020 or 2024)) throw new UsageException($"--edition must be 2020 or 2024, not {ed}");
            string language = pr.GetValue(lang)!;
            if (language is not ("nl" or "en")) throw new UsageException($"--lang must be nl or en, not '{language}'");

            var basis = SimulationBasis.Fit(pr.GetValue(data), pr.GetValue(framework));
            var result = SensitivityStep.Run(new SensitivityRequest { Scenario = sc, Edition = ed, Societal = soc, Policy = pr.GetValue(policy), Year = y }, basis);
            var provenance = basis.Synthetic ? Provenance.Synthetic : Provenance.Derived;
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => Write(ctx, w, pr.GetValue(format), result, provenance));
            if (pr.GetValue(chart) is { } c)
            {
                var svg = SensitivityCharts.Tornado(result, basis.Framework, ChartFormat.For(language), provenance);
                if (c.EndsWith(".png", StringComparison.OrdinalIgnoreCase)) { var png = SvgPng.Render(svg); AtomicFile.WriteBytes(c, s => s.Write(png)); }
                else AtomicFile.WriteText(c, w => w.Write(svg));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, SensitivityResult r, Provenance provenance)
    {
        switch (fmt)
        {
            case OutputFormat.Json:
                Json.Write(w, j => SensitivityJson.Write(j, r, provenance));
                break;
            case OutputFormat.Csv:
                TabularOutput.WriteCsv(w, ["input", "low", "high", "dimension", "effect_low", "effect_high", "provenance"],
                    r.Rows.Select(s => (IReadOnlyList<string>)[s.Input, TabularOutput.Num(s.Low), TabularOutput.Num(s.High), s.Dimension,
                        TabularOutput.Num(s.EffectLow), TabularOutput.Num(s.EffectHigh), provenance.Code()]));
                break;
            default:
                foreach (var (dim, d) in r.Dimensions.Select((x, i) => (x, i)))
                {
                    var rows = r.Rows.Where(s => s.Dimension == dim).OrderByDescending(s => s.Width).ThenBy(s => s.Input, StringComparer.Ordinal)
                        .Select(s => (IReadOnlyList<string>)[s.Input, Val(s.Low), Val(s.High), Pp(s.EffectLow), Pp(s.EffectHigh)]);
                    TabularOutput.WriteTable(ctx, w, $"Gevoeligheid / sensitivity {r.Year}: {dim} (centraal / central {(100 * r.Central[d]).ToString("0.0", Inv)}%) — {provenance.Label().Nl} / {provenance.Label().En}",
                        ["input", "low", "high", "effect low (pp)", "effect high (pp)"], rows);
                }
                foreach (var n in r.Notes) w.WriteLine(n);
                break;
        }
    }

    private static string Val(double v) => v.ToString("G4", Inv);
    private static string Pp(double v) => double.IsNaN(v) ? "—" : (100 * v).ToString("+0.00;-0.00;0.00", Inv);
}
