using System.Collections.Concurrent;
using Cohesion.Data;
using Cohesion.Demography;
using Cohesion.Disclosure;
using Cohesion.Framework;
using Cohesion.Meta;
using Cohesion.Maps;
using Cohesion.Neighbourhoods;
using Cohesion.Pipeline;
using Cohesion.Scenarios;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Meta;
using Cohesion.Synthetic;
using Cohesion.Presentation;
using Cohesion.Presentation.Charts;

namespace Cohesion.Web;

/// <summary>Computes (once) and caches what the dashboard shows. All numbers come from the same library calls as
/// the CLI verbs with the configured seed, so the page equals the verbs' output. Parameters are checked against
/// whitelists of built-in names: the API never opens a path a client names (except through <see cref="SafePath"/>).</summary>
public sealed class DashboardService(DashboardOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<object>> _cache = new();
    private readonly Lazy<CohesionFramework> _framework = new(FrameworkLoader.LoadDefault);
    private readonly Lazy<DataFrame> _survey = new(() => DatasetLoader.Load(SurveyDefaultFile.DefaultPath));
    private readonly Lazy<ProjectionEngine> _engine = new(ProjectionEngine.CreateDefault);
    private SimulationBasis Basis => Cached("basis", () => SimulationBasis.FromLoaded(_framework.Value, SurveyDefaultFile.DefaultPath, _survey.Value));
    private readonly Lazy<DataFrame> _panel = new(() => SyntheticBuurtPanel.Generate(SyntheticBuurtPanel.DefaultSeed));

    public DashboardOptions Options => options;
    /// <summary>The population edition of every dashboard view (the same default as the report and the CLI).</summary>
    public const int ProjectionEdition = ScenarioCatalog.DefaultEdition;
    public const int ProjectionReps = SimulateRequest.DefaultReweightReps;
    public const int LastYear = SimulateRequest.DefaultLastYear;
    public static readonly string[] GroupColumns = ["education3", "origin7", "age_group", "sex"];
    /// <summary>The map's default measure: real data (RIVM/CBS volunteering per buurt).</summary>
    public const string DefaultMapMeasure = BuurtMapCatalog.DefaultMeasure;
    private RivmPanelResult RealPanel => Cached("rivm-panel", () => RivmPanelAnalysis.Run());
    private Maps.Topology BuurtTopology => Cached("topology:buurt", () => Maps.Topology.Load(NeighbourhoodMap.BoundaryFile("buurt")));
    private IReadOnlyDictionary<string, string> GemeenteNames => Cached("gemeente-names", () => NeighbourhoodMap.GemeenteNames());
    /// <summary>The built-in survey behind the groups and the projection's group models (synthetic unless replaced).</summary>
    private static Provenance SurveyProvenance => SurveyDefaultFile.ReadMetadata(SurveyDefaultFile.DefaultPath) is { Synthetic: true } ? Provenance.Synthetic : Provenance.Real;
    public IReadOnlyList<BuurtMapMeasure> MapMeasures => BuurtMapCatalog.Measures(RealPanel);

    /// <summary>Returns the cached value for <paramref name="key"/>, computing it once (thread-safe).</summary>
    public T Cached<T>(string key, Func<T> compute) where T : notnull =>
        (T)_cache.GetOrAdd(key, _ => new Lazy<object>(() => compute(), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Describes a data file inside the data directory (rows, columns); the name is resolved safely.</summary>
    public object DescribeFile(string fullPath, string name)
    {
        var df = DatasetLoader.Load(fullPath);
        var meta = SurveyDefaultFile.ReadMetadataFor(fullPath);
        return new
        {
            file = name,
            provenance = (meta is { Synthetic: true } ? Provenance.Synthetic : Provenance.Real).Code(),
            rows = df.RowCount,
            columns = df.Columns.Select(c => new { name = c.Name, type = c is NumericColumn ? "numeric" : "categorical" })
        };
    }

    public object Options_() => Cached("options", () =>
    {
        var fw = _framework.Value;
        var measures = MapMeasures;
        return (object)new
        {
            // the provenance of the default view (the map's default measure); every measure carries its own below
            provenance = measures.First(m => m.Id == DefaultMapMeasure).Provenance.Code(),
            seed = options.Seed,
            population_edition = ProjectionEdition,
            population_edition_nl = $"NIDI/CBS-bevolkingsscenario's, editie {ProjectionEdition} (basisjaar {ScenarioCatalog.Load("midden", ProjectionEdition).BaseYear})",
            population_edition_en = $"NIDI/CBS population scenarios, {ProjectionEdition} edition (base year {ScenarioCatalog.Load("midden", ProjectionEdition).BaseYear})",
            population_scenarios = ScenarioCatalog.Names.Select(n => { var s = ScenarioCatalog.Load(n, ProjectionEdition); return new { id = n, nl = s.LabelNl, en = s.LabelEn }; }),
            societal = SocietalNames().Select(n => Label(n, ScenarioKind.Societal)),
            policies = CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Policy).Prepend("none").Select(n => Label(n, ScenarioKind.Policy)),
            dimensions = fw.Dimensions.Select(d => new { id = d.Id, nl = d.LabelNl, en = d.LabelEn }),
            groups = GroupColumns,
            map_default = DefaultMapMeasure,
            map_measures = measures.Select(m => new { id = m.Id, nl = m.LabelNl, en = m.LabelEn, unit_nl = m.UnitNl, unit_en = m.UnitEn, provenance = m.Provenance.Code() }),
            synthetic = new
            {
                survey_nl = SurveyDefaultFile.CaptionNl, survey_en = SurveyDefaultFile.CaptionEn,
                panel_nl = SyntheticBuurtPanel.LabelNl, panel_en = SyntheticBuurtPanel.Label,
                meta_nl = "Synthetische studies (vorm van SCP's meta-analyse van 140 studies)", meta_en = "Synthetic studies (shaped like SCP's 140-study meta-analysis)"
            }
        };
    });

    private object Label(string name, ScenarioKind kind)
    {
        if (name == "none")
            return kind == ScenarioKind.Societal
                ? new { id = "none", nl = "geen maatschappelijke verandering", en = "no societal change" }
                : new { id = "none", nl = "geen beleid", en = "no policy" };
        var s = CohesionScenarioCatalog.Resolve(name, kind, _framework.Value);
        return new { id = name, nl = s.LabelNl, en = s.LabelEn };
    }

    private static IEnumerable<string> SocietalNames() => CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Societal).Where(n => n != "none").Prepend("none");

    /// <summary>Population scenarios named in a request: one name or a comma-separated list (compared in one chart).</summary>
    public static IReadOnlyList<string> ParseScenarios(string scenario)
    {
        var names = scenario.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (names.Count == 0) throw new CohesionException("no population scenario given", column: "scenario");
        foreach (var n in names)
            if (!ScenarioCatalog.Names.Contains(n)) throw new CohesionException($"unknown population scenario '{n}'", column: "scenario");
        return names;
    }

    /// <summary>The projection of one or more population scenarios under one societal scenario and policy, as
    /// <c>cohesion simulate --scenario S[,S2…] --societal T [--policy P] --reps 200 --seed SEED</c>.</summary>
    private CohesionProjectionResult ProjectionResult(string scenario, string societal, string policy)
    {
        var scenarios = ParseScenarios(scenario);
        CheckSocietalAndPolicy(societal, policy);
        return Cached($"projection-result:{string.Join(",", scenarios)}:{societal}:{policy}", () => SimulateStep.Run(new SimulateRequest
        {
            Scenarios = scenarios, Edition = ProjectionEdition, Reps = ProjectionReps, Seed = (ulong)options.Seed, LastYear = LastYear,
            Societal = [societal], Policy = policy == "none" ? null : policy,
        }, Basis, _engine.Value).Projection);
    }

    /// <summary>The societal scenario and policy of a request must be built-in names (the API opens no client-named file).</summary>
    private static void CheckSocietalAndPolicy(string societal, string policy)
    {
        if (!SocietalNames().Contains(societal)) throw new CohesionException($"unknown societal scenario '{societal}'", column: "societal");
        if (policy != "none" && !CohesionScenarioCatalog.BuiltInNames(ScenarioKind.Policy).Contains(policy)) throw new CohesionException($"unknown policy '{policy}'", column: "policy");
    }

    private Provenance ProjectionProvenance => Basis.Synthetic ? Provenance.Synthetic : Provenance.Derived;

    /// <summary>The projection (first scenario's years at the top level, every scenario in <c>runs</c>) and its decomposition.</summary>
    /// <summary>Labels of bands that include demographic uncertainty (<c>simulate --stochastic</c>).</summary>
    public const string DemographicUncertaintyNl = EnsembleCatalogue.DemographicUncertaintyNl, DemographicUncertaintyEn = EnsembleCatalogue.DemographicUncertaintyEn;

    private static object EnsembleSummary(string name, System.Text.Json.Nodes.JsonObject m)
    {
        bool demographic = m["demographic_uncertainty"] is System.Text.Json.Nodes.JsonValue v && v.GetValue<bool>();
        return new
        {
            name, provenance = (string?)m["provenance"], demographic_uncertainty = demographic,
            label_nl = demographic ? DemographicUncertaintyNl : ExcludedNl,
            label_en = demographic ? DemographicUncertaintyEn : ExcludedEn,
            manifest = m,
        };
    }

    /// <summary>The ensemble results in the catalogue (<c>simulate --catalogue</c>), read on every call (the catalogue
    /// may change while the dashboard runs).</summary>
    public object Ensembles()
    {
        var list = EnsembleCatalogue.List(options.CatalogueDatabase);
        return new
        {
            // synthetic as soon as one ensemble rests on synthetic data; otherwise derived (projections from real data)
            provenance = (list.Any(e => (string?)e.Manifest["provenance"] == "synthetic") ? Provenance.Synthetic : Provenance.Derived).Code(),
            ensembles = list.Select(e => EnsembleSummary(e.Name, e.Manifest)).ToList(),
        };
    }

    /// <summary>Whether the catalogue holds an ensemble of that name (a 404 otherwise).</summary>
    public bool HasEnsemble(string name) => EnsembleCatalogue.List(options.CatalogueDatabase).Any(e => e.Name == name);

    /// <summary>One ensemble: its manifest (provenance, seed, parameters, trajectories) and the bands per run and year.</summary>
    public object Ensemble(string name)
    {
        Catalogue.ValidateName(name);
        var e = EnsembleCatalogue.Read(name, options.CatalogueDatabase);
        static object Bands(IEnumerable<StoredBand> rows) => rows.ToDictionary(b => b.Id, b => new { mean = b.Band.Mean, lower = b.Band.Lower, upper = b.Band.Upper });
        var runs = e.Rows().GroupBy(b => (b.Scenario, b.Societal, b.Policy, b.Method)).Select(g => new
        {
            scenario = g.Key.Scenario, societal = g.Key.Societal, policy = g.Key.Policy, method = g.Key.Method,
            years = g.GroupBy(b => b.Year).Select(y => new
            {
                year = y.Key,
                dimensions = Bands(y.Where(b => b.Level == "dimension")),
                indicators = Bands(y.Where(b => b.Level == "indicator")),
            }).ToList(),
        }).ToList();
        var summary = EnsembleSummary(name, e.Manifest);
        return new { ensemble = summary, provenance = e.Provenance.Code(), dimensions = e.DimensionIds(), runs };
    }

    /// <summary>One dimension of a stored ensemble over the years, drawn by the chart layer's projection panel (the
    /// report's fan chart), titled with whether the bands include demographic uncertainty; and its provenance.</summary>
    public (string Svg, Provenance Provenance) EnsembleChart(string name, string dimension, string lang)
    {
        Catalogue.ValidateName(name);
        var e = EnsembleCatalogue.Read(name, options.CatalogueDatabase);
        var dims = e.DimensionIds();
        if (!dims.Contains(dimension)) throw new CohesionException($"unknown dimension '{dimension}' (one of {string.Join(", ", dims)})", column: "dimension");
        var qualifier = e.DemographicUncertainty ? (DemographicUncertaintyNl, DemographicUncertaintyEn) : (ExcludedNl, ExcludedEn);
        return (SimulationCharts.DimensionChart(e.Runs(), dims, _framework.Value, dimension, ChartFormat.For(lang), qualifier, e.Provenance, RunNames.Catalogue(_framework.Value)), e.Provenance);
    }

    private const string ExcludedNl = "excl. demografische onzekerheid", ExcludedEn = "excl. demographic uncertainty";

    public object Projection(string scenario, string societal, string policy)
    {
        var r = ProjectionResult(scenario, societal, policy);
        return Cached($"projection:{scenario}:{societal}:{policy}", () =>
        {
            object Years(ProjectionRunResult run) => run.Years.Select(y => new
            {
                year = y.Year,
                dimensions = r.DimensionIds.Select((d, i) => new { id = d, mean = y.Dimensions[i].Mean, lower = y.Dimensions[i].Lower, upper = y.Dimensions[i].Upper })
            });
            object Decomposition(string s) => r.Decomposition.Where(d => d.Scenario == s).Select(d => new
            {
                dimension = d.Dimension, start = d.Parts.Start, end = d.Parts.End, total_change = d.Parts.TotalChange,
                composition = d.Parts.Composition, within = d.Parts.Within, interaction = d.Parts.Interaction,
                composition_by_factor = new { education = d.ByFactor.Education, age = d.ByFactor.Age, origin = d.ByFactor.Origin, sex = d.ByFactor.Sex }
            });
            var run = r.Runs[0];
            return (object)new
            {
                scenario = run.Scenario, societal, policy, seed = options.Seed, reps = ProjectionReps, edition = ProjectionEdition,
                provenance = ProjectionProvenance.Code(),
                dimensions = r.DimensionIds,
                years = Years(run),
                decomposition = Decomposition(run.Scenario),
                runs = r.Runs.Select(x => new { scenario = x.Scenario, years = Years(x), decomposition = Decomposition(x.Scenario) }),
            };
        });
    }

    /// <summary>One dimension of the projection as a chart (every scenario asked for, with bands), in Dutch or English.</summary>
    public string ProjectionChart(string scenario, string societal, string policy, string dimension, string lang)
    {
        var r = ProjectionResult(scenario, societal, policy);
        if (!r.DimensionIds.Contains(dimension)) throw new CohesionException($"unknown dimension '{dimension}' (one of {string.Join(", ", r.DimensionIds)})", column: "dimension");
        return Cached($"projection.svg:{scenario}:{societal}:{policy}:{dimension}:{lang}", () =>
            SimulationCharts.DimensionChart(r, _framework.Value, dimension, ChartFormat.For(lang), RunNames.Catalogue(_framework.Value, ProjectionEdition)));
    }

    /// <summary>The decomposition bars of the projection (SVG).</summary>
    public string DecompositionChart(string scenario, string societal, string policy, string lang) =>
        Cached($"decomposition.svg:{scenario}:{societal}:{policy}:{lang}", () => SimulationCharts.DecompositionBars(ProjectionResult(scenario, societal, policy), _framework.Value,
            format: ChartFormat.For(lang), names: RunNames.Catalogue(_framework.Value, ProjectionEdition)));

    /// <summary>The sensitivity analysis of the 2050 outcome (as <c>cohesion sensitivity --scenario S --societal T
    /// [--policy P]</c>): the tornado rows and the inputs' ranges.</summary>
    public string Sensitivity(string scenario, string societal, string policy) => Cached($"sensitivity:{scenario}:{societal}:{policy}", () =>
        SensitivityJson.ToText(RunSensitivity(scenario, societal, policy), SensitivityProvenance));

    /// <summary>The tornado chart of <see cref="Sensitivity"/> (SVG) in Dutch or English.</summary>
    public string SensitivityChart(string scenario, string societal, string policy, string lang) =>
        Cached($"sensitivity.svg:{scenario}:{societal}:{policy}:{lang}", () =>
            SensitivityCharts.Tornado(RunSensitivity(scenario, societal, policy), _framework.Value, ChartFormat.For(lang), SensitivityProvenance));

    private Provenance SensitivityProvenance => Basis.Synthetic ? Provenance.Synthetic : Provenance.Derived;

    private SensitivityResult RunSensitivity(string scenario, string societal, string policy)
    {
        if (!ScenarioCatalog.Names.Contains(scenario)) throw new CohesionException($"unknown population scenario '{scenario}'", column: "scenario");
        CheckSocietalAndPolicy(societal, policy);
        return Cached($"sensitivity-result:{scenario}:{societal}:{policy}", () => SensitivityStep.Run(new SensitivityRequest
        {
            Scenario = scenario, Edition = ProjectionEdition, Societal = societal, Policy = policy == "none" ? null : policy, Year = LastYear,
        }, Basis, _engine.Value));
    }

    /// <summary>The name of the built-in survey in <c>dataset=</c> (the default; every other name is a catalogue data set).</summary>
    public const string BuiltInDataset = "builtin";

    /// <summary>The catalogue the dashboard reads (<see cref="DashboardOptions.CatalogueDatabase"/>; <c>cohesion data import</c> writes it).</summary>
    public Catalogue Catalogue => new(options.CatalogueDatabase);

    /// <summary>A data set the groups view can measure: the built-in survey or a catalogue data set (loaded once per import).</summary>
    private sealed record GroupData(string Dataset, string Key, DataFrame Frame, Provenance Provenance, IReadOnlyList<string> GroupColumns);

    private GroupData DataOf(string? dataset)
    {
        if (dataset is null || dataset == BuiltInDataset) return new GroupData(BuiltInDataset, BuiltInDataset, _survey.Value, SurveyProvenance, GroupColumns);
        var cat = Catalogue;
        var entry = cat.List().FirstOrDefault(e => e.Name == dataset)
            ?? throw new CohesionException($"no data set '{dataset}' in the dashboard's catalogue (import one with 'cohesion data import FILE --name NAME'; /api/datasets lists them)", column: "dataset");
        var key = $"{entry.Name}:{entry.SourceHash}:{entry.ImportedAt.UtcTicks}";
        return Cached("dataset:" + key, () =>
        {
            var frame = cat.Load(entry.Name);
            var meta = SurveyDefaultFile.ReadMetadataFor(entry.Name, cat);
            return new GroupData(entry.Name, key, frame, meta is { Synthetic: true } ? Provenance.Synthetic : Provenance.Real, GroupableColumns(frame));
        });
    }

    /// <summary>Columns a data set can be broken down by: 2 to <see cref="MaxGroupLevels"/> distinct values.</summary>
    public static IReadOnlyList<string> GroupableColumns(DataFrame frame) => frame.Columns.Where(c =>
    {
        int levels = c is CategoricalColumn cc ? Enumerable.Range(0, cc.Length).Where(i => !cc.IsMissing(i)).Select(i => cc.Codes[i]).Distinct().Count()
            : c is NumericColumn nc ? nc.Values.Where(double.IsFinite).Distinct().Take(MaxGroupLevels + 1).Count() : 0;
        return levels >= 2 && levels <= MaxGroupLevels;
    }).Select(c => c.Name).ToList();

    public const int MaxGroupLevels = 30;

    /// <summary>The catalogue (<c>/api/datasets</c>): the built-in survey first, then every imported data set with its
    /// size, source file name (never a server path), import time, provenance and the columns it can be grouped by
    /// (<paramref name="name"/> narrows the list to one data set).</summary>
    public object Datasets(string? name)
    {
        var cat = Catalogue;
        var entries = cat.List().Where(e => name is null || e.Name == name).ToList();
        if (name is not null && name != BuiltInDataset && entries.Count == 0)
            throw new CohesionException($"no data set '{name}' in the dashboard's catalogue", column: "name");
        var list = new List<object>();
        if (name is null || name == BuiltInDataset)
            list.Add(new
            {
                name = BuiltInDataset, builtin = true, rows = (long)_survey.Value.RowCount, columns = _survey.Value.Columns.Count,
                source = Path.GetFileName(SurveyDefaultFile.DefaultPath), imported_at = (DateTimeOffset?)null, provenance = SurveyProvenance.Code(),
                label_nl = SurveyDefaultFile.CaptionNl, label_en = SurveyDefaultFile.CaptionEn, group_columns = GroupColumns,
            });
        foreach (var e in entries.Where(e => e.Name != BuiltInDataset))
        {
            var d = DataOf(e.Name);
            list.Add(new
            {
                name = e.Name, builtin = false, rows = e.Rows, columns = e.Columns, source = Path.GetFileName(e.Source), imported_at = (DateTimeOffset?)e.ImportedAt,
                provenance = d.Provenance.Code(), label_nl = e.Name, label_en = e.Name, group_columns = d.GroupColumns,
            });
        }
        return new { provenance = SurveyProvenance.Code(), catalogue = Path.GetFileName(cat.DatabasePath), catalogue_exists = cat.Exists, framework = _framework.Value.Id, datasets = list };
    }

    /// <summary>The four dimensions by group (as <c>cohesion measure --data DATASET --by COL</c>), disclosure control
    /// applied, on the built-in survey or a catalogue data set.</summary>
    public object Groups(string by, string? dataset = null)
    {
        var data = DataOf(dataset);
        var result = GroupResult(data, by);
        return Cached($"groups:{data.Key}:{by}", () =>
        {
            var fw = _framework.Value;
            fw.Groups.TryGetValue(by, out var display);
            return (object)new
            {
                provenance = data.Provenance.Code(), dataset = data.Dataset,
                by, min_n = DisclosureRule.DefaultMinCount,
                rows = result.Rows.Where(r => r.Level == MeasureLevel.Dimension).Select(r => new
                {
                    dimension = r.Variable, group = r.Group, label = r.Group is null ? null : display?.LabelOf(r.Group) ?? r.Group,
                    estimate = r.Suppressed ? (double?)null : r.Estimate, se = r.Suppressed ? (double?)null : r.StandardError,
                    ci_lower = r.Suppressed ? (double?)null : r.CiLower, ci_upper = r.Suppressed ? (double?)null : r.CiUpper,
                    n = r.N, suppressed = r.Suppressed
                })
            };
        });
    }

    private MeasureResult GroupResult(GroupData data, string by)
    {
        if (!data.GroupColumns.Contains(by))
            throw new CohesionException($"unknown grouping '{by}' for data set '{data.Dataset}' (one of {string.Join(", ", data.GroupColumns)})", column: "by");
        return Cached($"groups-result:{data.Key}:{by}", () => MeasureStep.Run(_framework.Value, data.Frame, new MeasureOptions { By = [by], Disclosure = DisclosureRule.Default }));
    }

    /// <summary>The four dimensions by group as dot plots with their 95% intervals (clipped to 0–100%; suppressed
    /// cells said), one panel per dimension with the overall value dashed, in Dutch or English.</summary>
    public string GroupsChart(string by, string lang, string? dataset = null)
    {
        var data = DataOf(dataset);
        var result = GroupResult(data, by);
        return Cached($"groups.svg:{data.Key}:{by}:{lang}", () =>
        {
            var fw = _framework.Value;
            var format = ChartFormat.For(lang);
            fw.Groups.TryGetValue(by, out var display);
            var groups = result.Rows.Where(r => r.Group is not null).Select(r => r.Group!).Distinct().ToList();
            var dims = result.Rows.Where(r => r.Level == MeasureLevel.Dimension);
            var panels = fw.Dimensions.Select(d => new GroupDotPanel(format.Text(d.LabelNl, d.LabelEn), groups.Select(g =>
                dims.FirstOrDefault(x => x.Variable == d.Id && x.Group == g && !x.Suppressed) is { } row
                    ? new GroupDot(display?.LabelOf(g) ?? g, row.Estimate, row.CiLower, row.CiUpper)
                    : new GroupDot(display?.LabelOf(g) ?? g, double.NaN, double.NaN, double.NaN)).ToList(),
                dims.FirstOrDefault(x => x.Variable == d.Id && x.Group is null) is { Suppressed: false } all ? all.Estimate : double.NaN)).ToList();
            var label = GroupLabel(by, lang);
            var source = data.Dataset == BuiltInDataset ? format.Text(SurveyDefaultFile.CaptionNl, SurveyDefaultFile.CaptionEn) : format.Text($"Data set '{data.Dataset}' uit de catalogus", $"Data set '{data.Dataset}' from the catalogue");
            return GroupDotPlot.Render(format.Text($"Vier dimensies naar {label} (met 95%-betrouwbaarheidsinterval)", $"Four dimensions by {label} (with 95% confidence interval)"),
                panels, v => format.Percent(v, 0), format.Text($"onderdrukt (minder dan {DisclosureRule.DefaultMinCount} respondenten)", $"suppressed (fewer than {DisclosureRule.DefaultMinCount} respondents)"),
                overallText: format.Text("totaal", "overall"), provenance: data.Provenance.Code(),
                note: $"{source} ({format.Text(data.Provenance.Label().Nl, data.Provenance.Label().En)})");
        });
    }

    /// <summary>A grouping column's label for headings ("opleiding", "herkomst" …), not its variable name.</summary>
    public static string GroupLabel(string by, string lang) => (by, lang) switch
    {
        ("education3", "en") => "education", ("education3", _) => "opleiding",
        ("origin7", "en") => "origin", ("origin7", _) => "herkomst",
        ("age_group", "en") => "age", ("age_group", _) => "leeftijd",
        ("sex", "en") => "sex", ("sex", _) => "geslacht",
        _ => by,
    };

    /// <summary>Population by sex and age in one year of a scenario, and totals by year (as <c>cohesion population</c>).</summary>
    public object Population(string scenario, int year)
    {
        if (!ScenarioCatalog.Names.Contains(scenario)) throw new CohesionException($"unknown population scenario '{scenario}'", column: "scenario");
        var s = ScenarioCatalog.Load(scenario, ProjectionEdition);
        if (year < s.BaseYear || year > LastYear) throw new CohesionException($"year must be between {s.BaseYear} and {LastYear}", column: "year");
        var proj = PopulationOf(s);
        return Cached($"population:{scenario}:{year}", () =>
        {
            var sa = PopulationProjection.BySexAge(proj.PopulationAt(year));
            return (object)new
            {
                provenance = Provenance.Derived.Code(),
                scenario, year, edition = ProjectionEdition, calibration = new { migration_factor = proj.MigrationScale }, total = proj.Total(year),
                ages = Enumerable.Range(0, PopulationIndex.Ages).Select(a => new { age = a, male = sa[PopulationIndex.SexAge(0, a)], female = sa[PopulationIndex.SexAge(1, a)] }),
                totals = proj.Years.Where(y => y <= LastYear).Select(y => new { year = y, total = proj.Total(y) })
            };
        });
    }

    private PopulationProjection PopulationOf(Scenario s) =>
        Cached("population:" + s.Name, () => PopulationStep.Run(new PopulationRequest { Scenarios = [s], LastYear = LastYear }, _engine.Value)[0]);

    /// <summary>The population pyramid of a scenario's year, or its total population by year (SVG).</summary>
    public string PopulationChart(string scenario, int year, string chart, string lang)
    {
        Population(scenario, year); // validates scenario and year
        var proj = PopulationOf(ScenarioCatalog.Load(scenario, ProjectionEdition));
        var format = ChartFormat.For(lang);
        var ed = format.Text($"editie {ProjectionEdition}", $"{ProjectionEdition} edition");
        return chart switch
        {
            "pyramid" => Cached($"pyramid.svg:{scenario}:{year}:{lang}", () =>
                PopulationCharts.Pyramid(proj.PopulationAt(year), $"{format.Text(proj.Scenario.LabelNl, proj.Scenario.LabelEn)}, {year} ({ed})")),
            "totals" => Cached($"totals.svg:{scenario}:{lang}", () =>
            {
                var years = proj.Years.Where(y => y <= LastYear).ToArray();
                return PopulationCharts.Totals([(scenario, years, years.Select(proj.Total).ToArray())], format.Text($"Totale bevolking ({ed})", $"Total population ({ed})"));
            }),
            _ => throw new CohesionException($"unknown population chart '{chart}' (pyramid or totals)", column: "chart"),
        };
    }

    /// <summary>The layer of a map measure (real RIVM/CBS buurt data, or the built-in synthetic panel in its last year).</summary>
    public MapLayer MapLayerOf(string measure) =>
        Cached("maplayer:" + measure, () => BuurtMapCatalog.Layer(measure, RealPanel, () => _panel.Value));

    /// <summary>A choropleth SVG of a map measure; every buurt's hover text names its gemeente, the unit and the provenance.</summary>
    public string Map(string measure)
    {
        var layer = MapLayerOf(measure);
        return Cached("map:" + measure, () => NeighbourhoodMap.Render(layer, topology: BuurtTopology, gemeenteNames: GemeenteNames));
    }

    /// <summary>The values behind <see cref="Map"/> (<c>/api/map?format=json</c>): one row per area with a value, its
    /// class, and the map's classes with their colours (the same classes as the SVG map), unit, year, source and
    /// provenance, so a browser can colour the geometry of <see cref="TopologyJson"/> exactly as the chart layer does.</summary>
    public object MapJson(string measure)
    {
        var layer = MapLayerOf(measure);
        return Cached("mapjson:" + measure, () =>
        {
            var m = MapMeasures.First(x => x.Id == measure);
            var names = BuurtTopology.Features.Where(f => f.Name is not null).GroupBy(f => f.Code).ToDictionary(g => g.Key, g => g.First().Name!, StringComparer.Ordinal);
            var classes = NeighbourhoodMap.Classes(layer, BuurtTopology);
            var colours = ChartPalette.Sequential(classes.ClassCount);
            return (object)new
            {
                provenance = layer.Provenance.Code(), measure, level = layer.Level, title_nl = layer.TitleNl, title_en = layer.TitleEn,
                label_nl = m.LabelNl, label_en = m.LabelEn, unit_nl = m.UnitNl, unit_en = m.UnitEn, period = layer.Period, source = layer.SourceNote,
                classes = Enumerable.Range(0, classes.ClassCount).Select(i => new { lower = classes.Breaks[i], upper = classes.Breaks[i + 1], colour = colours[i] }),
                missing_hatch = ChoroplethSvg.MissingHatch,
                values = layer.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new
                {
                    code = kv.Key, name = names.GetValueOrDefault(kv.Key), gemeente = NeighbourhoodMap.GemeenteLabel(kv.Key, GemeenteNames), value = kv.Value,
                    @class = classes.ClassOf(kv.Value),
                })
            };
        });
    }

    /// <summary>The map's geometry for the browser (<c>/api/topology?level=buurt|gemeente</c>): the built-in CBS
    /// boundaries as compact TopoJSON (<see cref="Maps.TopologyExport"/>); a buurt names its gemeente (<c>p</c>, names in
    /// <c>parents</c>). The geometry does not depend on the measure, so a browser fetches it once.</summary>
    public byte[] TopologyJson(string level) => level switch
    {
        "buurt" => Cached("topojson:buurt", () => Maps.TopologyExport.Compact(NeighbourhoodMap.BoundaryFile("buurt"), "buurt", KwbKeyFigures.GemeenteOf, GemeenteNames)),
        "gemeente" => Cached("topojson:gemeente", () => Maps.TopologyExport.Compact(NeighbourhoodMap.BoundaryFile("gemeente"), "gemeente")),
        _ => throw new CohesionException($"unknown level '{level}' (buurt or gemeente)", column: "level"),
    };

    /// <summary>The boundaries' provenance and source (real: CBS wijk- en buurtkaart, simplified TopoJSON).</summary>
    public const string TopologySource = "CBS gebiedsindelingen (buurten 2014, gemeenten 2015), CC BY 4.0; TopoJSON by ties/cbs_gebiedsindelingen_topojson (simplified)";

    /// <summary>The built-in real CBS national series 2012–2024 and their fitted logit trends, as <c>cohesion trends
    /// --format json</c> (the same <see cref="SeriesTrends.Run"/>; the societal split, which is derived, is not part of
    /// this view), plus trust in the Tweede Kamer and politicians per quarter 2018–2022.</summary>
    public Cohesion.Trends.SeriesTrendsOutcome TrendsOutcome => Cached("trends-outcome", () => Cohesion.Trends.SeriesTrends.Run(new Cohesion.Trends.SeriesTrendsRequest()));

    public object Trends() => Cached("trends", () =>
    {
        var o = TrendsOutcome;
        var r = o.Series;
        return (object)new
        {
            provenance = Provenance.Real.Code(), source = Cohesion.Trends.CbsSeries.Caption, file = o.SeriesPath,
            series = r.Points.Select(p => new { indicator = p.Indicator, group = p.Group, year = p.Year, value = p.Value, source = p.Source }),
            trends = r.Trends.Select(t => new { indicator = t.Indicator, group = t.Group, from = t.From, to = t.To, slope = t.Slope, se = double.IsFinite(t.StandardError) ? t.StandardError : (double?)null, scale = t.Scale }),
            quarterly = Cohesion.Trends.CbsSeries.Quarterly().Select(q => new { quarter = q.Quarter, politicians = q.Politicians, tweede_kamer = q.TweedeKamer }),
            notes = r.Notes,
        };
    });

    /// <summary>The series as StatLine-style small multiples (the chart of <c>cohesion trends --chart</c>).</summary>
    public string TrendsChart() => Cached("trends.svg", () =>
        TrendCharts.Render(Cohesion.Trends.CbsSeries.ChartTitle, TrendCharts.Panels(TrendsOutcome.Series), Cohesion.Trends.CbsSeries.Caption, Cohesion.Trends.CbsSeries.ChartProvenance));

    /// <summary>The built-in comparison of the Netherlands among European countries (as <c>cohesion compare</c>: the
    /// same <see cref="CompareStep.Run"/>), computed once.</summary>
    public Cohesion.Compare.CountryComparisonResult EuropeResult => Cached("europe-result", () => CompareStep.Run(new CompareRequest()).BuiltIn!);

    /// <summary>The measure-years the Europe view offers: the report's plotted ones (<see cref="Cohesion.Reporting.Stages.EuropeStage.Plotted"/>).</summary>
    private Cohesion.Compare.MeasureYear EuropeMeasure(string? measure)
    {
        var plotted = Cohesion.Reporting.Stages.EuropeStage.Plotted(EuropeResult);
        if (measure is null) return plotted[0];
        return plotted.FirstOrDefault(s => s.Measure.Id == measure)
            ?? throw new CohesionException($"unknown Europe measure '{measure}' (one of {string.Join(", ", plotted.Select(s => s.Measure.Id))})", column: "measure");
    }

    /// <summary>The Europe view's data (<c>/api/europe</c>): per offered measure its year, NL's value, rank and the
    /// European median (or why NL has no value); every country row of those years with its provenance (values real,
    /// ranks derived); NL's trajectory against the median of the other European countries where waves exist; the
    /// comparability caveats and the sources. <paramref name="measure"/> narrows the rows to one measure.</summary>
    public object Europe(string? measure)
    {
        var chosen = measure is null ? null : EuropeMeasure(measure);
        return Cached("europe:" + (measure ?? ""), () =>
        {
            var r = EuropeResult;
            var plotted = Cohesion.Reporting.Stages.EuropeStage.Plotted(r).Where(s => chosen is null || s.Measure.Id == chosen.Measure.Id).ToList();
            var shown = Cohesion.Reporting.Stages.EuropeStage.Shown(r);
            var countries = Cohesion.Presentation.Tables.CompareTables.Countries(r, plotted.SelectMany(s => Cohesion.Presentation.Charts.CompareCharts.EuropeanRows(r, s.Measure.Id, s.Year)));
            var summaries = Cohesion.Presentation.Tables.CompareTables.Summaries(r, plotted, shown.Select(t => t.Measure.Id).ToHashSet());
            return (object)new
            {
                provenance = r.ValueProvenance.Code(), derived_provenance = r.DerivedProvenance.Code(),
                reference = r.Reference.Code, reference_nl = r.Reference.NameNl, reference_en = r.Reference.NameEn,
                measures = TableJson.Objects(Cohesion.Presentation.Tables.CompareTables.EuropeMeasures(summaries), rowProvenance: true),
                rows = TableJson.Objects(Cohesion.Presentation.Tables.CompareTables.EuropeRows(countries)),
                trajectories = shown.Where(t => plotted.Any(s => s.Measure.Id == t.Measure.Id)).Select(t => new
                {
                    measure = t.Measure.Id, provenance = r.DerivedProvenance.Code(),
                    points = t.Points.Select(p => new { year = p.Year, reference = p.Reference, median_other = double.IsFinite(p.MedianOther) ? p.MedianOther : (double?)null }),
                }),
                gaps = TableJson.Objects(Cohesion.Presentation.Tables.CompareTables.Gaps(r, r.Gaps.Where(g => chosen is null || g.Measure.Id == chosen.Measure.Id))),
                caveats = TableJson.Objects(Cohesion.Presentation.Tables.CompareTables.Caveats(r)),
                sources = TableJson.Objects(Cohesion.Presentation.Tables.CompareTables.EuropeSources(Cohesion.Presentation.Tables.CompareTables.Sources(r))),
            };
        });
    }

    /// <summary>A Europe chart from the one chart layer (the report's <see cref="Cohesion.Presentation.Charts.CompareCharts"/>):
    /// the ranked dot plot of a measure in its plotted year (<paramref name="chart"/> = dot; values real) or NL's
    /// trajectory against the median of the other European countries (trajectory; derived).</summary>
    public (string Svg, Provenance Provenance) EuropeChart(string? measure, string? chart, string lang)
    {
        var s = EuropeMeasure(measure);
        var r = EuropeResult;
        return (chart ?? "dot") switch
        {
            "dot" => (Cached($"europe.svg:dot:{s.Measure.Id}:{lang}", () => Cohesion.Presentation.Charts.CompareCharts.DotPlot(r, s.Measure.Id, s.Year, lang)), Provenance.Real),
            "trajectory" => Cohesion.Reporting.Stages.EuropeStage.Shown(r).FirstOrDefault(t => t.Measure.Id == s.Measure.Id) is { } t
                ? (Cached($"europe.svg:trajectory:{s.Measure.Id}:{lang}", () => Cohesion.Presentation.Charts.CompareCharts.TrajectoryChart(r, t, lang)), Provenance.Derived)
                : throw new CohesionException($"no trajectory for '{s.Measure.Id}': the Netherlands and the other European countries have fewer than two waves in common", column: "measure"),
            _ => throw new CohesionException($"unknown Europe chart '{chart}' (dot or trajectory)", column: "chart"),
        };
    }

    /// <summary>The forest plot's studies are the built-in synthetic set.</summary>
    public const Provenance ForestProvenance = Provenance.Synthetic;

    /// <summary>The forest plot of the built-in literature synthesis (three-level model, domain as moderator).</summary>
    public string Forest() => Cached("forest", () =>
    {
        var fit = MetaStep.Run(MetaDefaults.Spec(MetaDefaults.Mods, robust: true)).Fit;
        return MetaPlots.Forest(fit, "Fisher z", MetaDefaults.ForestTitle);
    });

    /// <summary>Computes the default views in the background so the first visitor does not wait.</summary>
    public void WarmUp() => Task.Run(() =>
    {
        try
        {
            Options_();
            Map(DefaultMapMeasure);
            Projection("midden", "estimated", "none");
            Groups("education3");
            Population("midden", LastYear);
        }
        catch (Exception) { /* a failure shows up again, with its message, on the request */ }
    });
}
