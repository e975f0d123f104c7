using System.Text.Json;
using Cohesion.Neighbourhoods;
using Cohesion.Presentation;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics.Regression;

namespace Cohesion.Cli.Commands;

/// <summary>Output of the two real-data analyses of <c>cohesion neighbourhoods</c> with their own JSON contracts:
/// <c>--analysis rivm-panel</c> and <c>--analysis amsterdam</c> (issue 12).</summary>
public static class NeighbourhoodsRealOutput
{
    private static string F(double v, int d = 4) => TabularOutput.Fmt(v, d);

    private static void WriteSources(Utf8JsonWriter j, IEnumerable<string> folders)
    {
        j.WriteStartArray("sources");
        foreach (var f in folders)
        {
            j.WriteStartObject();
            j.WriteString("folder", "data/real/" + f);
            j.WriteString("provenance", Provenance.Real.Code());
            j.WriteEndObject();
        }
        j.WriteEndArray();
    }

    private static void WriteNotes(Utf8JsonWriter j, IEnumerable<string> notes)
    {
        j.WriteStartArray("notes");
        foreach (var n in notes) j.WriteStringValue(n);
        j.WriteEndArray();
    }

    // ---------- rivm-panel ----------

    /// <summary>The maps the panel analysis can draw, by measure name: the level of each outcome in its last year and
    /// its change between the first and last year.</summary>
    public static IReadOnlyList<MapLayer> Maps(RivmPanelResult r) => [.. r.ChangeMaps, .. r.LevelMaps];

    public const string DefaultPanelMap = "volunteering_change_2016_2020";

    public static void WritePanelJson(TextWriter target, RivmPanelResult r, string? mapPath, string? mapMeasure, IReadOnlyList<string> extraNotes)
    {
        Json.Write(target, j =>
        {
            j.WriteStartObject();
            j.WriteString("provenance", r.Provenance.Code());
            j.WriteString("analysis", "rivm-panel");
            j.WriteString("data_label", RivmPanelResult.DataLabel);
            WriteSources(j, r.SourceFolders);
            j.WriteStartArray("models");
            foreach (var m in r.Models)
            {
                j.WriteStartObject();
                j.WriteString("outcome", m.Outcome.Name);
                j.WriteString("outcome_column", m.Outcome.Column);
                j.WriteString("regressor", m.Regressor.Name);
                j.WriteString("regressor_column", m.Regressor.Column);
                j.WriteString("formula", m.Formula);
                j.WriteStartArray("coefficients");
                foreach (var c in m.Result.Coefficients) NeighbourhoodsCommand.WriteCoefficient(j, c);
                j.WriteEndArray();
                j.WriteNumber("n", m.N);
                j.WriteNumber("units", m.Units);
                j.WriteNumber("singletons", m.Singletons);
                j.WriteStartArray("years");
                foreach (var y in m.Years) j.WriteNumberValue(y);
                j.WriteEndArray();
                j.WriteStartArray("fixed_effects");
                foreach (var fe in PanelModel.FixedEffects) j.WriteStringValue(fe);
                j.WriteEndArray();
                j.WriteString("cluster", PanelModel.Cluster);
                j.WriteString("se_type", "vcovHC(method = \"arellano\", type = \"sss\", cluster = \"group\")");
                j.WriteNumber("df_residual", m.Result.DfResidual);
                j.Number("r2_within", m.Result.RSquared);
                j.WriteString("provenance", Provenance.Real.Code());
                j.WriteEndObject();
            }
            j.WriteEndArray();
            TableJson.WriteArray(j, "summaries", NeighbourhoodTables.RivmSummaries(r), rowProvenance: true);
            TableJson.WriteArray(j, "maps", NeighbourhoodTables.Maps(Maps(r), r.Provenance), rowProvenance: true);
            if (mapPath is not null) { j.WriteString("map", mapPath); j.WriteString("map_measure", mapMeasure); }
            WriteNotes(j, r.Notes.Concat(extraNotes));
            j.WriteEndObject();
        });
    }

    public static void WritePanelTables(CliContext ctx, TextWriter w, RivmPanelResult r, IReadOnlyList<string> extraNotes)
    {
        w.WriteLine("Nederland: eenzaamheid en vrijwilligerswerk per buurt, 2012–2020 — ECHTE GEGEVENS");
        w.WriteLine("The Netherlands: loneliness and volunteering by neighbourhood, 2012–2020 — REAL DATA");
        w.WriteLine(RivmPanelResult.DataLabel + " (" + string.Join(", ", r.SourceFolders.Select(f => "data/real/" + f)) + ")");
        w.WriteLine();
        TabularOutput.WriteTable(ctx, w, "Two-way fixed effects (buurt + year), SE clustered by buurt / Tweeweg vaste effecten — real data",
            ["outcome", "regressor", "estimate", "se", "t", "p", "n", "buurten", "singletons", "years"],
            r.Models.Select(m => (IReadOnlyList<string>)[m.Outcome.Name, m.Regressor.Name, F(m.Coefficient.Estimate, 6), F(m.Coefficient.StdError), F(m.Coefficient.Statistic),
                F(m.Coefficient.PValue, 3), m.N.ToString(), m.Units.ToString(), m.Singletons.ToString(), string.Join(",", m.Years)]),
            "percentage points of the outcome per percentage point of adults with difficulty making ends meet, within buurten and net of the national year effects; plm vcovHC arellano \"sss\"");
        TabularOutput.WriteTable(ctx, w, NeighbourhoodTables.RivmSummaries(r));
        TabularOutput.WriteTable(ctx, w, NeighbourhoodTables.Maps(Maps(r), r.Provenance));
        foreach (var n in r.Notes.Concat(extraNotes)) w.WriteLine($"note: {n}");
    }

    // ---------- amsterdam ----------

    public static void WriteAmsterdamJson(TextWriter target, AmsterdamDiversityResult r, IReadOnlyList<string> extraNotes)
    {
        Json.Write(target, j =>
        {
            j.WriteStartObject();
            j.WriteString("provenance", r.Provenance.Code());
            j.WriteString("analysis", "amsterdam");
            j.WriteString("data_label", AmsterdamDiversityResult.DataLabel);
            WriteSources(j, r.SourceFolders);
            j.WriteStartArray("controls");
            foreach (var g in r.Controls)
            {
                j.WriteStartObject();
                j.WriteString("group", g.Name);
                j.WriteStartArray("columns");
                foreach (var c in g.Columns) j.WriteStringValue(c);
                j.WriteEndArray();
                j.WriteEndObject();
            }
            j.WriteEndArray();
            j.WriteStartArray("missing_controls");
            foreach (var (control, reason) in r.Missing)
            {
                j.WriteStartObject();
                j.WriteString("control", control); j.WriteString("reason", reason);
                j.WriteEndObject();
            }
            j.WriteEndArray();
            TableJson.WriteArray(j, "steps", NeighbourhoodTables.AmsterdamSteps(r), rowProvenance: true);
            j.WriteStartArray("gelbach");
            foreach (var d in r.Gelbach)
            {
                var g = d.Result;
                j.WriteStartObject();
                j.WriteString("outcome", d.Outcome);
                j.WriteString("diversity", d.Diversity);
                j.WriteNumber("rivm_year", d.RivmYear);
                j.WriteString("formula", d.Formula);
                j.WriteNumber("n", g.Full.N);
                NeighbourhoodsCommand.WriteGelbachFields(j, g);
                j.WriteString("provenance", Provenance.Real.Code());
                j.WriteEndObject();
            }
            j.WriteEndArray();
            TableJson.WriteArray(j, "descriptives", NeighbourhoodTables.Descriptives(r.Descriptives, r.Provenance));
            WriteNotes(j, r.Notes.Concat(extraNotes));
            j.WriteEndObject();
        });
    }

    public static void WriteAmsterdamTables(CliContext ctx, TextWriter w, AmsterdamDiversityResult r, IReadOnlyList<string> extraNotes)
    {
        w.WriteLine("Amsterdam: diversiteit, vrijwilligerswerk en eenzaamheid per buurt — ECHTE GEGEVENS");
        w.WriteLine("Amsterdam: diversity, volunteering and loneliness by neighbourhood — REAL DATA");
        w.WriteLine(AmsterdamDiversityResult.DataLabel + " (" + string.Join(", ", r.SourceFolders.Select(f => "data/real/" + f)) + ")");
        w.WriteLine();
        var names = r.Controls.Select(g => g.Name).ToList();
        TabularOutput.WriteTable(ctx, w, "Diversity coefficient as controls are added (OLS, SE clustered by wijk) / Diversiteitscoëfficiënt bij toevoegen van controles — real data",
            ["outcome", "RIVM year", "diversity", "no controls", .. names.Select(n => "+ " + n), "n"],
            r.Steps.GroupBy(s => (s.Outcome, s.RivmYear, s.Diversity)).Select(g =>
                (IReadOnlyList<string>)[g.Key.Outcome, g.Key.RivmYear.ToString(), g.Key.Diversity, .. g.OrderBy(s => s.Step).Select(s => $"{F(s.Coefficient.Estimate)} ({F(s.Coefficient.StdError, 3)})"), g.First().N.ToString()]),
            "SES = income per recipient, % low-income households, WOZ; housing = % corporation housing, % rented. Neglect and turnover: not in the data (see notes)");
        TabularOutput.WriteTable(ctx, w, "Gelbach decomposition of the change in the diversity coefficient / Gelbach-decompositie — real data",
            ["outcome", "RIVM year", "diversity", "base", "full", "change", .. names.Select(n => $"{n} (share)")],
            r.Gelbach.Select(d => (IReadOnlyList<string>)[d.Outcome, d.RivmYear.ToString(), d.Diversity, F(d.Result.BaseEstimate), F(d.Result.FullEstimate), F(d.Result.TotalChange),
                .. d.Result.Groups.Select(c => $"{F(c.Contribution)} ({F(c.Share, 3)})")]),
            "base − full = Σ contributions; share = contribution / change");
        foreach (var n in r.Notes.Concat(extraNotes)) w.WriteLine($"note: {n}");
    }
}
