using System.CommandLine;
using System.Globalization;
using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Framework;
using Cohesion.Pipeline;
using Cohesion.IO;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;
using Cohesion.Synthetic;
using Spectre.Console;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion simulate</c>: the cohesion projection to 2050 (reweighting or microsimulation), societal and
/// policy scenarios, and the decomposition of change. All statistics live in <see cref="CohesionProjection"/>.</summary>
public static class SimulateCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("simulate",
            "Project social cohesion to 2050 under the NIDI/CBS population scenarios, societal-change scenarios and policy what-ifs,\n" +
            "by reweighting group propensities (expected value) or by microsimulation of every resident; decompose each dimension's\n" +
            "change into composition (demographic), within-group (societal) and interaction parts (Kitagawa).\n" +
            "Projecteer sociale samenhang tot 2050 onder de bevolkingsscenario's, maatschappelijke scenario's en beleidsvarianten.\n" +
            "Societal: none, " + string.Join(", ", CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Societal)) + ", all, or a JSON file. " +
            "Policy: " + string.Join(", ", CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Policy)) + ", or a JSON file (see data/scenarios/README.md).\n" +
            "Example: cohesion simulate --scenario all --societal trends --method reweight --format json --out cohesion.json\n" +
            "Example: cohesion simulate --method micro --scale 0.1 --reps 5 --seed 7 --policy halve-education-gap-institutional-trust\n" +
            "Example: cohesion simulate --stochastic 200 --calibrate wpp2022 --seed 1 --format json   (bands incl. demographic uncertainty)");
        var scenario = new Option<string>("--scenario") { Description = "Population scenario (" + string.Join(", ", Cohesion.Demography.ScenarioCatalog.Names) + ") or all", DefaultValueFactory = _ => "midden" };
        var societal = new Option<string>("--societal") { Description = "Societal-change scenario: estimated (default: within-group trends estimated from the real CBS series 2012–2022 by cohesion trends), another built-in name (typed assumptions: trends, individualisation, recovery), a JSON file, none or all", DefaultValueFactory = _ => "estimated" };
        var policy = new Option<string?>("--policy") { Description = "Policy what-if: a built-in name or a JSON file (default: none)" };
        var method = new Option<string>("--method") { Description = "reweight (expected value, coefficient bands) or micro (microsimulation, Monte Carlo bands)", DefaultValueFactory = _ => "reweight" };
        var scale = new Option<double>("--scale") { Description = "Microsimulation: fraction of the population simulated (1.0 = every resident)", DefaultValueFactory = _ => 1.0 };
        var reps = new Option<int?>("--reps") { Description = "Coefficient draws for reweight bands (default 200) or Monte Carlo replications for micro (default 5)" };
        var seed = CommonOptions.Seed();
        var to = new Option<int>("--to") { Description = "Last year (default 2050)", DefaultValueFactory = _ => 2050 };
        var edition = new Option<int>("--edition") { Description = "Population scenario edition: 2024 (default, base 2023) or 2020", DefaultValueFactory = _ => ScenarioCatalog.DefaultEdition };
        var data = CommonOptions.Data("Survey the group models are fitted on (default: the built-in synthetic SSW survey)");
        var framework = new Option<string?>("--framework") { Description = "Framework file for the survey (default: the built-in CBS/SCP framework)" };
        var terms = new Option<string?>("--terms") { Description = $"Group model terms over sex, ageband, education3, origin7 (default \"{GroupModels.DefaultTerms}\")" };
        var persistence = new Option<double>("--persistence") { Description = "Microsimulation: year-to-year correlation of each person's latent propensity", DefaultValueFactory = _ => LatentProcess.DefaultPersistence };
        var threads = new Option<int?>("--threads") { Description = "Threads (results do not depend on it)" };
        var noAlign = new Option<bool>("--no-align") { Description = "Do not align the base-year shares to the survey estimates (one logit offset per indicator)" };
        var chart = CommonOptions.OutputFile("--chart", "Write fan charts (SVG): each dimension by year across the runs");
        var timings = new Option<bool>("--timings") { Description = "Put the run time (seconds, agent-years per second) into the output too; by default it goes to stderr only, so the same seed gives the same bytes" };
        var decompChart = CommonOptions.OutputFile("--decomposition-chart", "Write the decomposition bars (SVG)");
        var cluster = new Option<string?>("--cluster") { Description = "Run the ensemble's work units on an Orleans cluster through this gateway, HOST:PORT (a silo's --gateway-port; see cohesion cluster silo); the output is the same bytes as without it" };
        var stochastic = new Option<string?>("--stochastic") { Description = $"Stochastic demography: N trajectories of TFR, e0 and migration (those of 'cohesion population --stochastic N' with the same --seed), one replication per trajectory (1–{StochasticSettings.MaxTrajectories}), so the bands include demographic uncertainty; replaces --reps (reweight: --reps 0 = point estimates on every trajectory)" };
        var calibrate = new Option<string?>("--calibrate") { Description = "With --stochastic: wpp2022 = TFR and e0 intervals of UN WPP 2022 for the Netherlands, net migration deterministic" };
        var catalogue = new Option<string?>("--catalogue") { Description = "Also store the result (the bands of every run, year, dimension and indicator) as data set NAME in the DuckDB catalogue, with its manifest (seed, parameters, trajectories, version, provenance); replaces a data set of that name" };
        var db = new Option<string?>("--db") { Description = "With --catalogue: the catalogue database file (default $COHESION_HOME/cohesion.duckdb or ~/.cohesion/cohesion.duckdb)" };
        var format = CommonOptions.Format();
        var outOpt = CommonOptions.Out();
        foreach (var o in new Option[] { scenario, societal, policy, method, scale, reps, seed, to, edition, data, framework, terms, persistence, threads, noAlign, stochastic, calibrate, catalogue, db, chart, decompChart, timings, cluster, format, outOpt })
            cmd.Options.Add(o);

        var simulateDefaults = new SimulateRequest();
        cmd.SetAction(pr =>
        {
            var m = pr.GetValue(method) switch
            {
                "reweight" => ProjectionMethod.Reweight,
                "micro" => ProjectionMethod.Micro,
                var x => throw new UsageException($"--method must be reweight or micro, not '{x}'")
            };
            string sc = pr.GetValue(scenario)!;
            IReadOnlyList<string> scenarios = sc == "all" ? Cohesion.Demography.ScenarioCatalog.Names
                : Cohesion.Demography.ScenarioCatalog.Names.Contains(sc) ? [sc]
                : throw new UsageException($"--scenario must be one of {string.Join(", ", Cohesion.Demography.ScenarioCatalog.Names)} or all, not '{sc}'");
            int ed = pr.GetValue(edition);
            if (ed is not (2020 or 2024)) throw new UsageException($"--edition must be 2020 or 2024, not {ed}");
            double sca = pr.GetValue(scale);
            if (!(sca > 0 && sca <= 1.5)) throw new UsageException($"--scale must be in (0, 1.5], not {sca.ToString(CultureInfo.InvariantCulture)}");
            int toYear = pr.GetValue(to);
            const int firstYear = SimulateRequest.FirstYear;
            if (toYear <= firstYear || toYear > 2070) throw new UsageException($"--to must be between {firstYear + 1} and 2070, not {toYear}");
            int? givenReps = pr.GetValue(reps);
            int nReps = givenReps ?? (simulateDefaults with { Method = m }).RepsOrDefault;
            if (nReps < (m == ProjectionMethod.Micro ? 1 : 0) || nReps > 100_000) throw new UsageException($"--reps must be between {(m == ProjectionMethod.Micro ? 1 : 0)} and 100000, not {nReps}");
            var stoch = PopulationCommand.ReadStochastic(pr, stochastic, seed, calibrate);
            double pers = pr.GetValue(persistence);
            if (!(pers >= 0 && pers <= 1)) throw new UsageException("--persistence must be between 0 and 1");
            int? th = pr.GetValue(threads);
            if (th is < 1) throw new UsageException("--threads must be at least 1");

            var simulate = new SimulateRequest
            {
                Scenarios = scenarios, Edition = ed, Societal = [pr.GetValue(societal)!], Policy = pr.GetValue(policy), Method = m, Scale = sca,
                Reps = stoch is null ? nReps : givenReps, Seed = (ulong)(pr.GetValue(seed) ?? 1), LastYear = toYear, Threads = th, Persistence = pers, Align = !pr.GetValue(noAlign),
                Stochastic = stoch?.Trajectories, Calibration = stoch?.Calibration ?? StochasticCalibration.None,
            };
            string? catalogueName = pr.GetValue(catalogue);
            try { simulate.Validate(); }
            catch (Cohesion.Statistics.CohesionException e) { throw new UsageException(e.Message); }
            if (catalogueName is null && pr.GetValue(db) is { } d) throw new UsageException($"--db {d} needs --catalogue NAME");
            try { if (catalogueName is not null) Catalogue.ValidateName(catalogueName); }
            catch (Cohesion.Statistics.CohesionException e) { throw new UsageException("--catalogue: " + e.Message); }
            // the cluster first: an unreachable gateway is said before any work
            using var clusterClient = pr.GetValue(cluster) is { } gateway ? Cohesion.Cluster.EnsembleClient.Connect(gateway, "--cluster", ctx.Err) : null;
            if (clusterClient is not null) simulate = simulate with { Executor = clusterClient };
            var basis = SimulationBasis.Fit(pr.GetValue(data), pr.GetValue(framework), pr.GetValue(terms));
            SimulateResult run;
            if (m == ProjectionMethod.Micro && ctx.Interactive && clusterClient is null)
            {
                run = null!;
                ctx.Console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .Start(pc =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        run = SimulateStep.Run(simulate with
                        {
                            Progress = (label, done, total) =>
                            {
                                if (!tasks.TryGetValue(label, out var t)) tasks[label] = t = pc.AddTask(Markup.Escape(label), maxValue: total);
                                t.Value = done;
                            }
                        }, basis);
                    });
            }
            else run = SimulateStep.Run(simulate, basis);
            var result = run.Projection;
            var request = run.Request;
            var notes = run.Notes;
            var fw = run.Framework;

            var fmt = pr.GetValue(format);
            bool withTimings = pr.GetValue(timings);
            OutputSink.Write(ctx, pr.GetValue(outOpt), w => SimulateOutput.Write(ctx, w, fmt, result, request, notes, withTimings));
            if (result.Performance is { } perf)
                ctx.Err.WriteLine($"microsimulation: {perf.AgentYears:N0} agent-years in {perf.Seconds:0.00} s ({perf.AgentYearsPerSecond / 1e6:0.0} million per second)");
            if (catalogueName is not null)
            {
                var entry = EnsembleCatalogue.Write(run, catalogueName, pr.GetValue(db));
                ctx.Err.WriteLine($"stored '{entry.Name}' ({entry.Rows:N0} rows, with its manifest) in the catalogue {new Catalogue(pr.GetValue(db)).DatabasePath}");
            }
            if (pr.GetValue(chart) is { } c)
                AtomicFile.WriteText(c, w => w.Write(SimulationCharts.FanCharts(result, fw, string.Join(" ", notes.Take(1)), names: RunNames.Catalogue(fw, request.Edition))));
            if (pr.GetValue(decompChart) is { } dc)
                AtomicFile.WriteText(dc, w => w.Write(SimulationCharts.DecompositionBars(result, fw, string.Join(" ", notes.Take(1)), names: RunNames.Catalogue(fw, request.Edition))));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}

/// <summary>Table, JSON and CSV output of <c>cohesion simulate</c>. JSON fields follow issue 5's contract exactly.</summary>
internal static class SimulateOutput
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(CliContext ctx, TextWriter w, OutputFormat fmt, CohesionProjectionResult r, ProjectionRequest req, IReadOnlyList<string> notes, bool timings = false)
    {
        switch (fmt)
        {
            case OutputFormat.Json: WriteJson(w, r, timings); break;
            case OutputFormat.Csv: WriteCsv(w, r); break;
            default: WriteTables(ctx, w, r, req, notes, timings); break;
        }
    }

    private static string Method(ProjectionMethod m) => m == ProjectionMethod.Reweight ? "reweight" : "micro";

    private static void WriteJson(TextWriter target, CohesionProjectionResult r, bool timings)
    {
        Json.Write(target, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("runs");
            foreach (var run in r.Runs)
            {
                w.WriteStartObject();
                w.WriteString("scenario", run.Scenario);
                w.WriteString("societal", run.Societal);
                if (run.Policy is null) w.WriteNull("policy"); else w.WriteString("policy", run.Policy);
                w.WriteString("method", Method(run.Method));
                w.WriteStartArray("years");
                foreach (var y in run.Years)
                {
                    w.WriteStartObject();
                    w.WriteNumber("year", y.Year);
                    w.WriteStartObject("indicators");
                    for (int k = 0; k < r.IndicatorIds.Count; k++) WriteBand(w, r.IndicatorIds[k], y.Indicators[k]);
                    w.WriteEndObject();
                    w.WriteStartObject("dimensions");
                    for (int d = 0; d < r.DimensionIds.Count; d++) WriteBand(w, r.DimensionIds[d], y.Dimensions[d]);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("decomposition");
            foreach (var d in r.Decomposition)
            {
                w.WriteStartObject();
                w.WriteString("scenario", d.Scenario);
                w.WriteString("societal", d.Societal);
                w.WriteString("dimension", d.Dimension);
                w.Number("start", d.Parts.Start);
                w.Number("end", d.Parts.End);
                w.Number("total_change", d.Parts.TotalChange);
                w.Number("composition", d.Parts.Composition);
                w.Number("within", d.Parts.Within);
                w.Number("interaction", d.Parts.Interaction);
                w.WriteStartObject("composition_by_factor");
                w.Number("education", d.ByFactor.Education);
                w.Number("age", d.ByFactor.Age);
                w.Number("origin", d.ByFactor.Origin);
                w.Number("sex", d.ByFactor.Sex);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (r.Stochastic is { } st)
            {
                // the bands above include demographic uncertainty: one replication per trajectory
                w.WriteBoolean("demographic_uncertainty", true);
                w.WriteStartObject("stochastic");
                w.WriteNumber("trajectories", st.Trajectories);
                w.WriteNumber("seed", st.Settings.Seed);
                w.WriteString("calibration", st.Settings.CalibrationName);
                w.WriteBoolean("coefficient_draws", st.CoefficientDraws);
                w.WriteStartArray("quantiles");
                foreach (var t in st.Totals)
                for (int y = 0; y < t.Years.Length; y++)
                {
                    w.WriteStartObject();
                    w.WriteString("scenario", t.Scenario);
                    w.WriteNumber("year", t.Years[y]);
                    w.WriteStartObject("total");
                    var q = t.Quantiles(y).ToArray();
                    for (int i = 0; i < q.Length; i++) w.Number(TrajectoryQuantiles.Names[i], q[i]);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (r.Performance is { } p)
            {
                w.WriteStartObject("performance");
                w.WriteNumber("agents_start", p.AgentsStart);
                w.WriteNumber("agent_years", p.AgentYears);
                if (timings)
                {
                    w.Number("seconds", Math.Round(p.Seconds, 3));
                    w.Number("agent_years_per_second", Math.Round(p.AgentYearsPerSecond));
                }
                w.WriteNumber("bytes_per_agent", p.BytesPerAgent);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        });
    }

    private static void WriteBand(System.Text.Json.Utf8JsonWriter w, string name, Band b)
    {
        w.WriteStartObject(name);
        w.Number("mean", b.Mean);
        w.Number("lower", b.Lower);
        w.Number("upper", b.Upper);
        w.WriteEndObject();
    }

    private static void WriteCsv(TextWriter w, CohesionProjectionResult r)
    {
        var headers = new[] { "scenario", "societal", "policy", "method", "year", "level", "id", "mean", "lower", "upper" };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var run in r.Runs)
        foreach (var y in run.Years)
        {
            void Add(string level, string id, Band b) =>
                rows.Add([run.Scenario, run.Societal, run.Policy ?? "", Method(run.Method), y.Year.ToString(Inv), level, id,
                    TabularOutput.Num(b.Mean), TabularOutput.Num(b.Lower), TabularOutput.Num(b.Upper)]);
            for (int d = 0; d < r.DimensionIds.Count; d++) Add("dimension", r.DimensionIds[d], y.Dimensions[d]);
            for (int k = 0; k < r.IndicatorIds.Count; k++) Add("indicator", r.IndicatorIds[k], y.Indicators[k]);
        }
        TabularOutput.WriteCsv(w, headers, rows);
    }

    private static string Pct(double v) => double.IsNaN(v) ? "—" : (100 * v).ToString("0.0", Inv);
    private static string Pp(double v) => double.IsNaN(v) ? "—" : (100 * v).ToString("+0.00;-0.00;0.00", Inv);

    private static void WriteTables(CliContext ctx, TextWriter w, CohesionProjectionResult r, ProjectionRequest req, IReadOnlyList<string> notes, bool timings)
    {
        var fw = r.Models.Framework;
        string DimLabel(string id) => fw.Dimension(id).LabelEn;
        foreach (var run in r.Runs)
        {
            var shown = run.Years.Where(y => y.Year == run.Years[0].Year || y.Year == run.Years[^1].Year || y.Year % 10 == 0).ToList();
            var headers = new List<string> { "dimensie / dimension" };
            headers.AddRange(shown.Select(y => y.Year.ToString(Inv)));
            var rows = new List<IReadOnlyList<string>>();
            for (int d = 0; d < r.DimensionIds.Count; d++)
            {
                var row = new List<string> { DimLabel(r.DimensionIds[d]) };
                foreach (var y in shown)
                {
                    var b = y.Dimensions[d];
                    row.Add(b.Lower == b.Upper ? Pct(b.Mean) : $"{Pct(b.Mean)} ({Pct(b.Lower)}–{Pct(b.Upper)})");
                }
                rows.Add(row);
            }
            string band = r.Stochastic is { } st
                ? (run.Method == ProjectionMethod.Reweight
                    ? $"95% band incl. demographic uncertainty / incl. demografische onzekerheid: {st.Trajectories} demographic trajectories{(st.CoefficientDraws ? " × coefficient draws" : " at the point estimates")}"
                    : $"mean of {st.Trajectories} replications (one per demographic trajectory) at scale {req.Scale.ToString(Inv)}; 95% range of one replication incl. demographic uncertainty")
                : run.Method == ProjectionMethod.Reweight
                ? (req.Reps > 0 ? $"95% band from {req.Reps} coefficient draws" : "no band (--reps 0)")
                : $"mean of {Math.Max(1, req.Reps)} replications at scale {req.Scale.ToString(Inv)}; 95% range of one replication";
            TabularOutput.WriteTable(ctx, w,
                $"Sociale samenhang (% ja) / social cohesion (% yes) — population {run.Scenario}, societal {run.Societal}{(run.Policy is null ? "" : ", policy " + run.Policy)}, {Method(run.Method)}",
                headers, rows, band);
        }

        var dh = new[] { "scenario · societal", "dimension", "start %", "end %", "change", "compos.", "within", "interact." };
        var drows = r.Decomposition.Select(d => (IReadOnlyList<string>)new[]
        {
            $"{d.Scenario} · {d.Societal}", DimLabel(d.Dimension), Pct(d.Parts.Start), Pct(d.Parts.End), Pp(d.Parts.TotalChange), Pp(d.Parts.Composition), Pp(d.Parts.Within), Pp(d.Parts.Interaction)
        });
        TabularOutput.WriteTable(ctx, w, $"Decompositie van de verandering {req.FirstYear}–{req.LastYear} / decomposition of the change (Kitagawa)", dh, drows,
            "percentage points; composition = demographic change (population shares), within = societal change inside groups, interaction = both");
        var fh = new[] { "scenario · societal", "dimension", "compos.", "education", "age", "origin", "sex" };
        var frows = r.Decomposition.Select(d => (IReadOnlyList<string>)new[]
        {
            $"{d.Scenario} · {d.Societal}", DimLabel(d.Dimension), Pp(d.Parts.Composition), Pp(d.ByFactor.Education), Pp(d.ByFactor.Age), Pp(d.ByFactor.Origin), Pp(d.ByFactor.Sex)
        });
        TabularOutput.WriteTable(ctx, w, "Samenstelling naar factor / composition part by factor", fh, frows,
            "percentage points; Shapley split of the composition part over education, age, origin and sex (adds up to it)");

        // the largest group differences in the base year: education vs origin vs age vs sex
        var gaps = GroupDifferences.Compute(r.Models);
        var gh = new[] { "dimension", "education", "origin", "age", "sex", "largest" };
        var grows = gaps.Select(g => (IReadOnlyList<string>)new[]
        {
            DimLabel(g.Dimension), Pp(g.Education), Pp(g.Origin), Pp(g.Age), Pp(g.Sex), g.Largest
        });
        TabularOutput.WriteTable(ctx, w, "Groepsverschillen / group differences in the survey", gh, grows,
            "percentage points between the highest and lowest level of each factor (survey-weighted fitted shares)");
        foreach (var n in notes) w.WriteLine(n);
        if (r.Performance is { } p)
            w.WriteLine($"Microsimulation: {p.AgentsStart:N0} agents at the start, {p.AgentYears:N0} agent-years" +
                        (timings ? $" in {p.Seconds:0.00} s ({p.AgentYearsPerSecond / 1e6:0.0} million agent-years per second)" : "") +
                        $", {p.BytesPerAgent} bytes of state per agent.");
    }
}
