using System.Globalization;
using System.Text.Json.Nodes;
using Cohesion.Data;
using Cohesion.Reporting;
using Cohesion.Simulation;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;

namespace Cohesion.Pipeline;

/// <summary>An ensemble result read back from the catalogue: the band table and its manifest.</summary>
public sealed record StoredEnsemble(string Name, DataFrame Table, JsonObject Manifest)
{
    public Provenance Provenance => ProvenanceText.Parse((string?)Manifest["provenance"] ?? "derived");
    public bool DemographicUncertainty => Manifest["demographic_uncertainty"] is JsonValue v && v.GetValue<bool>();

    /// <summary>The table's rows in stored order.</summary>
    public IReadOnlyList<StoredBand> Rows()
    {
        var t = Table;
        string S(string col, int i) => t[col].Format(i);
        double D(string col, int i) => ((NumericColumn)t[col]).Values[i];
        return Enumerable.Range(0, t.RowCount).Select(i => new StoredBand(S("scenario", i), S("societal", i), S("policy", i), S("method", i),
            (int)D("year", i), S("level", i), S("id", i), new Band(D("mean", i), D("lower", i), D("upper", i)))).ToList();
    }

    /// <summary>The dimensions in stored order (the projection's order).</summary>
    public IReadOnlyList<string> DimensionIds() => Rows().Where(b => b.Level == "dimension").Select(b => b.Id).Distinct().ToList();

    /// <summary>The stored bands as projection runs (one per scenario × societal × policy × method, years in stored
    /// order, dimensions and indicators in stored order), for the charts the report draws of a projection.</summary>
    public IReadOnlyList<ProjectionRunResult> Runs()
    {
        var rows = Rows();
        var dims = rows.Where(b => b.Level == "dimension").Select(b => b.Id).Distinct().ToList();
        var inds = rows.Where(b => b.Level == "indicator").Select(b => b.Id).Distinct().ToList();
        return rows.GroupBy(b => (b.Scenario, b.Societal, b.Policy, b.Method)).Select(g => new ProjectionRunResult(
            g.Key.Scenario, g.Key.Societal, g.Key.Policy == "none" ? null : g.Key.Policy,
            g.Key.Method == "micro" ? ProjectionMethod.Micro : ProjectionMethod.Reweight,
            g.GroupBy(b => b.Year).Select(y =>
            {
                Band[] Of(string level, List<string> ids)
                {
                    var byId = y.Where(b => b.Level == level).ToDictionary(b => b.Id, b => b.Band);
                    return ids.Select(id => byId[id]).ToArray();
                }
                return new ProjectedYear(y.Key, Of("indicator", inds), Of("dimension", dims));
            }).ToList())).ToList();
    }
}

/// <summary>One row of a stored ensemble table: the band of one dimension or indicator in one run and year.</summary>
public sealed record StoredBand(string Scenario, string Societal, string Policy, string Method, int Year, string Level, string Id, Band Band);

/// <summary>
/// Ensemble results of <c>cohesion simulate</c> in the DuckDB catalogue (<see cref="Catalogue"/>): a long table, one row
/// per (scenario, societal, policy, method, year, level, id) with the band's mean, lower and upper bound and the
/// provenance, stored as <c>ds_NAME</c> with a manifest (kind <see cref="Kind"/>; seed, parameters, trajectories,
/// version, provenance) in <c>cohesion_manifests</c>. <c>simulate --catalogue NAME [--db FILE]</c> writes it; the
/// dashboard's <c>/api/ensembles</c> reads it.
/// </summary>
public static class EnsembleCatalogue
{
    public const string Kind = "simulate-ensemble";
    /// <summary>The label of bands that include demographic uncertainty (report, dashboard).</summary>
    public const string DemographicUncertaintyNl = "incl. demografische onzekerheid", DemographicUncertaintyEn = "incl. demographic uncertainty";
    public static readonly string[] Columns = ["scenario", "societal", "policy", "method", "year", "level", "id", "mean", "lower", "upper", "provenance"];

    /// <summary>Synthetic when the group models were fitted on a synthetic survey, else derived (from real data).</summary>
    public static Provenance ProvenanceOf(SimulateResult run) => run.Basis.Synthetic ? Provenance.Synthetic : Provenance.Derived;

    private static string Method(ProjectionMethod m) => m == ProjectionMethod.Reweight ? "reweight" : "micro";

    /// <summary>The band table of a projection (dimensions first, then indicators, per run and year).</summary>
    public static DataFrame Table(SimulateResult run)
    {
        var r = run.Projection;
        string prov = ProvenanceOf(run).Code();
        var cols = Enumerable.Range(0, 7).Select(_ => new List<string?>()).ToArray();
        var year = new List<double>(); var mean = new List<double>(); var lower = new List<double>(); var upper = new List<double>();
        foreach (var pr in r.Runs)
        foreach (var y in pr.Years)
        {
            void Add(string level, string id, Band b)
            {
                cols[0].Add(pr.Scenario); cols[1].Add(pr.Societal); cols[2].Add(pr.Policy ?? "none"); cols[3].Add(Method(pr.Method));
                cols[4].Add(level); cols[5].Add(id); cols[6].Add(prov);
                year.Add(y.Year); mean.Add(b.Mean); lower.Add(b.Lower); upper.Add(b.Upper);
            }
            for (int d = 0; d < r.DimensionIds.Count; d++) Add("dimension", r.DimensionIds[d], y.Dimensions[d]);
            for (int k = 0; k < r.IndicatorIds.Count; k++) Add("indicator", r.IndicatorIds[k], y.Indicators[k]);
        }
        return TableWriter.FromColumns(
            ("scenario", cols[0].ToArray()), ("societal", cols[1].ToArray()), ("policy", cols[2].ToArray()), ("method", cols[3].ToArray()),
            ("year", year.ToArray()), ("level", cols[4].ToArray()), ("id", cols[5].ToArray()),
            ("mean", mean.ToArray()), ("lower", lower.ToArray()), ("upper", upper.ToArray()), ("provenance", cols[6].ToArray()));
    }

    /// <summary>What the ensemble was computed from: seed, parameters, demographic trajectories, version, provenance.</summary>
    public static JsonObject Manifest(SimulateResult run)
    {
        var req = run.Request;
        var st = run.Projection.Stochastic;
        var prov = ProvenanceOf(run);
        var meta = run.Basis.Metadata;
        return new JsonObject
        {
            ["kind"] = Kind,
            ["tool"] = "cohesion",
            ["version"] = RunManifest.CurrentVersion,
            ["seed"] = req.Seed,
            ["method"] = Method(req.Method),
            ["scenarios"] = new JsonArray(req.Scenarios.Select(s => (JsonNode)s).ToArray()),
            ["edition"] = req.Edition,
            ["societal"] = new JsonArray(run.Societal.Select(s => (JsonNode)s.Name).ToArray()),
            ["policy"] = run.Policy?.Name,
            ["first_year"] = req.FirstYear,
            ["last_year"] = req.LastYear,
            ["reps"] = req.Reps,
            ["scale"] = req.Scale,
            ["persistence"] = req.Persistence,
            ["align"] = req.Align,
            ["demographic_uncertainty"] = st is not null,
            ["trajectories"] = st?.Trajectories,
            ["calibration"] = st?.Settings.CalibrationName,
            ["coefficient_draws"] = st?.CoefficientDraws,
            ["data"] = Path.GetFileName(run.Basis.DataPath),
            ["framework"] = run.Framework.Id,
            ["provenance"] = prov.Code(),
            ["provenance_note"] = prov == Provenance.Synthetic
                ? $"Group models fitted on synthetic data ({meta?.CaptionEn ?? Path.GetFileName(run.Basis.DataPath)}); population scenarios from the demography engine; the bands are derived."
                : $"Group models fitted on {Path.GetFileName(run.Basis.DataPath)}; population scenarios from the demography engine; the bands are derived.",
            ["notes"] = new JsonArray(run.Notes.Select(n => (JsonNode)n).ToArray()),
        };
    }

    /// <summary>Stores the ensemble as <paramref name="name"/> (replacing one of that name) in the catalogue
    /// (default, or <paramref name="database"/>).</summary>
    public static CatalogueEntry Write(SimulateResult run, string name, string? database = null) =>
        new Catalogue(database).Store(name, Table(run), "cohesion simulate", replace: true, manifest: Manifest(run).ToJsonString());

    /// <summary>The manifests of every ensemble in the catalogue, by name.</summary>
    public static IReadOnlyList<(string Name, JsonObject Manifest)> List(string? database = null) =>
        new Catalogue(database).Manifests()
            .Select(m => (m.Name, Manifest: JsonNode.Parse(m.Manifest) as JsonObject))
            .Where(m => m.Manifest is not null && (string?)m.Manifest["kind"] == Kind)
            .Select(m => (m.Name, m.Manifest!)).ToList();

    /// <summary>One ensemble; a <see cref="CohesionException"/> when there is no ensemble of that name.</summary>
    public static StoredEnsemble Read(string name, string? database = null)
    {
        var catalogue = new Catalogue(database);
        var manifest = catalogue.Manifest(name) is { } json ? JsonNode.Parse(json) as JsonObject : null;
        if (manifest is null || (string?)manifest["kind"] != Kind)
            throw new CohesionException($"no ensemble named '{name}' in the catalogue (write one with 'cohesion simulate ... --catalogue {name}')");
        return new StoredEnsemble(name, catalogue.Load(name), manifest);
    }
}
