using System.CommandLine;
using System.Globalization;
using Cohesion.Compare;
using Cohesion.Pipeline;
using Cohesion.Presentation;
using Cohesion.Statistics.Survey;

namespace Cohesion.Cli.Commands;

/// <summary><c>cohesion compare</c>: the Netherlands among European countries (issue 11). Without <c>--data</c> the
/// built-in comparison of the shipped country files; with <c>--data</c> design-based estimates per country on the
/// user's ESS microdata and each country's difference from the reference country.</summary>
public static class CompareCommand
{
    public static Command Create(CliContext ctx)
    {
        var cmd = new Command("compare",
            "The Netherlands among European countries: value, rank (1 = highest), number of countries, European median and\n" +
            "change over time on each available measure, with the comparability caveats. Nederland in Europa.\n" +
            "Built in (real published figures): ESS 2018 country means from CBS StatLine 80518NED, CBS's ESS shares 2002-2016,\n" +
            "EVS/WVS/GPS generalised trust 1981-2022. With --data: your own ESS microdata, design-based per country (R survey's\n" +
            "svyby with strata nested in country) and the difference of each country from --reference (svycontrast).\n" +
            "Example: cohesion compare --format json --out compare.json\n" +
            "Example: cohesion compare --measure trust_most_people_evs\n" +
            "Example: cohesion compare --data ess9.csv --country cntry --var social_trust,ppltrst,trstprl --weight anweight --strata stratum --cluster psu");
        var reference = new Option<string>("--reference") { Description = "Reference country (code such as NL, or a name)", DefaultValueFactory = _ => "NL" };
        var measure = new Option<string?>("--measure") { Description = "Built in: only these measures (ids, comma-separated), listing every country" };
        var data = CommonOptions.Data("ESS-style microdata (file or catalogue name): one row per respondent, a country column");
        var country = new Option<string?>("--country") { Description = "With --data: the country column (default cntry)" };
        var vars = new Option<string?>("--var") { Description = "With --data: variables, comma-separated: dimension or indicator ids of the ess framework (social_trust, ppltrst, trstprl, vote, ...) or numeric columns" };
        var weight = new Option<string?>("--weight") { Description = "With --data: weight column, or a product such as pspwght*pweight (default: anweight, else pspwght*pweight)" };
        var strata = new Option<string?>("--strata") { Description = "With --data: stratum column (nested in country: strata=~interaction(country, S))" };
        var cluster = new Option<string?>("--cluster") { Description = "With --data: PSU column (ids=~C, nested in strata)" };
        var lonely = new Option<string>("--lonely-psu")
        {
            Description = "With --data: strata with one PSU: fail|adjust|average|certainty|remove (R's survey.lonely.psu)", DefaultValueFactory = _ => "fail",
        };
        lonely.AcceptOnlyFromAmong("fail", "adjust", "average", "certainty", "remove");
        var supplied = new ReplicateWeightOptions();
        var mse = new Option<bool>("--mse") { Description = "With --repweights: replicate variances around the full-sample estimate (R's mse=TRUE)" };
        var level = new Option<double>("--level") { Description = "With --data: confidence level (default 0.95)", DefaultValueFactory = _ => 0.95 };
        var format = CommonOptions.Format();
        var output = CommonOptions.Out();
        foreach (Option o in new Option[] { reference, measure, data, country, vars, weight, strata, cluster, lonely }) cmd.Options.Add(o);
        foreach (var o in supplied.All) cmd.Options.Add(o);
        foreach (Option o in new Option[] { mse, level, format, output }) cmd.Options.Add(o);

        cmd.SetAction(parse =>
        {
            var dataArg = parse.GetValue(data);
            var fmt = parse.GetValue(format);
            var refArg = parse.GetValue(reference)!;
            if (dataArg is null)
            {
                foreach (var (name, given) in new (string, bool)[] { ("--country", parse.GetValue(country) is not null), ("--var", parse.GetValue(vars) is not null),
                             ("--weight", parse.GetValue(weight) is not null), ("--strata", parse.GetValue(strata) is not null), ("--cluster", parse.GetValue(cluster) is not null),
                             ("--repweights", parse.GetValue(supplied.RepWeights) is not null), ("--repweights-type", parse.GetValue(supplied.RepWeightsType) is not null),
                             ("--mse", parse.GetValue(mse)) })
                    if (given) throw new UsageException($"{name} needs --data (the built-in comparison uses published country figures)");
                supplied.Read(parse, false);
                var result = CompareStep.Run(new CompareRequest { Reference = refArg, Measures = Split(parse.GetValue(measure)) }).BuiltIn!;
                OutputSink.Write(ctx, parse.GetValue(output), w =>
                {
                    switch (fmt)
                    {
                        case OutputFormat.Json: BuiltInJson(w, result); break;
                        case OutputFormat.Csv: BuiltInCsv(w, result); break;
                        default: BuiltInTables(ctx, w, result, parse.GetValue(measure) is not null); break;
                    }
                });
                return ExitCodes.Ok;
            }
            if (parse.GetValue(measure) is not null) throw new UsageException("--measure is for the built-in comparison; with --data choose variables with --var");
            var variables = Split(parse.GetValue(vars));
            if (variables.Count == 0) throw new UsageException("--data needs --var (dimension or indicator ids of the ess framework, or numeric columns)");
            double lev = parse.GetValue(level);
            if (!(lev > 0 && lev < 1)) throw new UsageException("--level must be between 0 and 1, e.g. 0.95");
            var sup = supplied.Read(parse, parse.GetValue(mse));
            if (sup is null && parse.GetValue(mse)) throw new UsageException("--mse describes supplied replicate weights: use it with --repweights");
            if (sup is not null && (parse.GetValue(strata) is not null || parse.GetValue(cluster) is not null))
                throw new UsageException("--repweights replaces --strata and --cluster (supplied replicate weights carry the design)");
            var step = CompareStep.Run(new CompareRequest
            {
                Data = dataArg, CountryColumn = parse.GetValue(country) ?? "cntry", Variables = variables, Weight = parse.GetValue(weight),
                Strata = parse.GetValue(strata), Cluster = parse.GetValue(cluster), SuppliedReplicates = sup, Reference = refArg, Level = lev,
                LonelyPsu = Enum.Parse<LonelyPsu>(parse.GetValue(lonely)!, ignoreCase: true),
            });
            var r = step.Design!;
            var provenance = step.DataProvenance;
            var notes = step.Notes.ToList();
            OutputSink.Write(ctx, parse.GetValue(output), w =>
            {
                switch (fmt)
                {
                    case OutputFormat.Json: DataJson(w, r, dataArg, provenance, notes); break;
                    case OutputFormat.Csv: DataCsv(w, r, provenance, notes); break;
                    default: DataTables(ctx, w, r, provenance, notes); break;
                }
            });
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static List<string> Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Inv(double v, string f) => double.IsNaN(v) ? "" : v.ToString(f, CultureInfo.InvariantCulture);

    /// <summary>A value as the source shows it: scores and shares to 3 decimals, percentages and 0-10 means to 1.</summary>
    private static string Value(CountryMeasure m, double v) => double.IsNaN(v) ? "—" : m.Scale.Unit switch
    {
        "proportion" or "standardised_score" => v.ToString("0.000", CultureInfo.InvariantCulture),
        _ => v.ToString("0.0", CultureInfo.InvariantCulture),
    };

    private static string SignedValue(CountryMeasure m, double v) => double.IsNaN(v) ? "—" : (v > 0 ? "+" : "") + Value(m, v);

    // ---------------------------------------------------------------- built in

    private static void BuiltInTables(CliContext ctx, TextWriter w, CountryComparisonResult r, bool listCountries)
    {
        var reference = r.Reference;
        var withRef = r.Summaries.Where(s => s.ReferenceValue is not null).ToList();
        TabularOutput.WriteTable(ctx, w, $"{reference.NameNl} in Europa / {reference.NameEn} in Europe (echte gepubliceerde cijfers / real published figures; rang en mediaan afgeleid / rank and median derived)",
            ["Maat / Measure", "Jaar / Year", reference.Code, "Rang / Rank", "Rang Europa / Europe", "Europese mediaan / European median", $"{reference.Code} − mediaan / median"],
            withRef.Select(s => (IReadOnlyList<string>)[
                $"{s.Measure.LabelNl}\n{s.Measure.LabelEn}", s.Period, Value(s.Measure, s.ReferenceValue!.Value),
                $"{s.ReferenceRank} / {s.NCountries}", s.ReferenceRankEurope is { } re ? $"{re} / {s.NEurope}" : "—",
                Value(s.Measure, s.EuropeanMedian), SignedValue(s.Measure, s.DifferenceFromMedian)]).ToList());
        if (r.Changes.Count > 0)
            TabularOutput.WriteTable(ctx, w, $"Verandering / Change ({reference.Code}; mediaan van de andere Europese landen / median of the other European countries)",
                ["Maat / Measure", "Van–tot / From–to", reference.Code, "Rang / Rank", "Mediaan anderen / Median others"],
                r.Changes.Select(c => (IReadOnlyList<string>)[
                    $"{c.Measure.LabelNl}\n{c.Measure.LabelEn}", $"{c.From}–{c.To}{(c.FirstToLast ? " (hele periode / whole period)" : "")}",
                    $"{Value(c.Measure, c.FromValue)} → {Value(c.Measure, c.ToValue)} ({SignedValue(c.Measure, c.Change)})",
                    $"{c.FromRank?.ToString(CultureInfo.InvariantCulture) ?? "—"} → {c.ToRank?.ToString(CultureInfo.InvariantCulture) ?? "—"}",
                    double.IsNaN(c.MedianOtherChange) ? "—" : $"{Value(c.Measure, c.MedianOtherFrom)} → {Value(c.Measure, c.MedianOtherTo)} ({SignedValue(c.Measure, c.MedianOtherChange)})"]).ToList());
        if (r.Gaps.Count > 0)
            TabularOutput.WriteTable(ctx, w, $"Ontbreekt voor {reference.NameNl} / Missing for {reference.NameEn}",
                ["Maat / Measure", "Jaar / Year", "Landen met waarde / Countries with a value", "Reden / Reason"],
                r.Gaps.Select(g => (IReadOnlyList<string>)[$"{g.Measure.LabelNl}\n{g.Measure.LabelEn}", string.Join(", ", g.Periods),
                    g.MaxOtherCountries.ToString(CultureInfo.InvariantCulture), $"{g.ReasonNl}\n{g.ReasonEn}"]).ToList());
        if (listCountries)
            foreach (var g in r.Rows.GroupBy(x => (x.Measure.Id, x.Year)))
            {
                var first = g.First();
                TabularOutput.WriteTable(ctx, w, $"{first.Measure.LabelNl} / {first.Measure.LabelEn}, {first.Period}",
                    ["Rang / Rank", "Land / Country", "Waarde / Value", "Europa / Europe", "Noot / Note"],
                    g.Select(x => (IReadOnlyList<string>)[x.Rank.ToString(CultureInfo.InvariantCulture) + (x.IsReference ? " ◀" : ""),
                        $"{x.Country.NameNl} / {x.Country.NameEn} ({x.Country.Code})", Value(x.Measure, x.Value),
                        x.RankEurope?.ToString(CultureInfo.InvariantCulture) ?? "—", x.Source.Note ?? ""]).ToList());
            }
        foreach (var n in r.Notes)
        {
            w.WriteLine("• " + n.En);
            w.WriteLine("  " + n.Nl);
        }
        w.Flush();
    }

    private static void BuiltInJson(TextWriter target, CountryComparisonResult r) => Json.Write(target, w => CompareJson.BuiltIn(w, r));

    private static void BuiltInCsv(TextWriter w, CountryComparisonResult r)
    {
        var sources = r.Sources.ToDictionary(s => s.Id);
        var note = string.Join(" ", r.Notes.Select(n => n.En));
        TabularOutput.WriteCsv(w,
            ["country", "measure", "year", "value", "rank", "n_countries", "source", "period", "unit", "country_name_en", "country_name_nl", "european",
             "rank_europe", "n_europe", "reference", "source_url", "row_note", "provenance", "note"],
            r.Rows.Select((x, i) => (IReadOnlyList<string>)[
                x.Country.Code, x.Measure.Id, x.Year.ToString(CultureInfo.InvariantCulture), TabularOutput.Num(x.Value), x.Rank.ToString(CultureInfo.InvariantCulture),
                x.NCountries.ToString(CultureInfo.InvariantCulture), sources[x.Source.SourceId].Label, x.Period, x.Measure.Scale.Unit, x.Country.NameEn, x.Country.NameNl,
                x.Country.Europe ? "true" : "false", x.RankEurope?.ToString(CultureInfo.InvariantCulture) ?? "", x.NEurope.ToString(CultureInfo.InvariantCulture),
                x.IsReference ? "true" : "false", x.Source.Url ?? "", x.Source.Note ?? "", sources[x.Source.SourceId].Provenance.Code(), i == 0 ? note : ""]));
    }

    // ---------------------------------------------------------------- --data

    private static void DataTables(CliContext ctx, TextWriter w, DesignComparisonResult r, Provenance provenance, List<string> notes)
    {
        string[] headers = ["Variabele / Variable", "Land / Country", "Schatting / Estimate", "SE", $"{100 * r.Level:0.##}% BI/CI", "n",
            $"Verschil met {r.Reference} / Difference from {r.Reference}", "SE", "p"];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var v in r.Variables)
        {
            bool first = true;
            foreach (var e in r.Estimates.Where(e => e.Variable == v.Id))
            {
                var d = r.Differences.FirstOrDefault(x => x.Variable == v.Id && x.Country == e.Country);
                rows.Add([first ? (v.LabelEn == v.Id ? v.Id : $"{v.Id}\n{v.LabelEn}") : "", e.Country + (e.Country == r.Reference ? " (ref.)" : ""),
                    Inv(e.Estimate, "0.0000"), Inv(e.StandardError, "0.0000"), double.IsNaN(e.Estimate) ? "" : $"{Inv(e.CiLower, "0.0000")}–{Inv(e.CiUpper, "0.0000")}",
                    e.N.ToString("N0", CultureInfo.InvariantCulture),
                    d is null ? "" : Inv(d.Difference, "+0.0000;-0.0000;0.0000"), d is null ? "" : Inv(d.StandardError, "0.0000"), d is null ? "" : Inv(d.P, "0.0000")]);
                first = false;
            }
        }
        TabularOutput.WriteTable(ctx, w, $"Landen vergeleken / Countries compared ({(provenance == Provenance.Synthetic ? "SYNTHETISCH / SYNTHETIC" : "eigen data / your data")})", headers, rows);
        foreach (var n in notes) w.WriteLine(n);
        w.Flush();
    }

    private static void DataJson(TextWriter target, DesignComparisonResult r, string dataPath, Provenance provenance, List<string> notes) =>
        Json.Write(target, w => CompareJson.Design(w, r, Path.GetFileName(dataPath), provenance, notes));

    private static void DataCsv(TextWriter w, DesignComparisonResult r, Provenance provenance, List<string> notes)
    {
        var note = string.Join(" ", notes);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var e in r.Estimates)
        {
            var d = r.Differences.FirstOrDefault(x => x.Variable == e.Variable && x.Country == e.Country);
            rows.Add([e.Variable, e.Country, TabularOutput.Num(e.Estimate), TabularOutput.Num(e.StandardError), e.N.ToString(CultureInfo.InvariantCulture),
                TabularOutput.Num(e.CiLower), TabularOutput.Num(e.CiUpper), r.Reference,
                d is null ? "" : TabularOutput.Num(d.Difference), d is null ? "" : TabularOutput.Num(d.StandardError), d is null ? "" : TabularOutput.Num(d.P),
                provenance.Code(), rows.Count == 0 ? note : ""]);
        }
        TabularOutput.WriteCsv(w, ["variable", "country", "estimate", "se", "n", "ci_lower", "ci_upper", "reference", "difference", "difference_se", "p", "provenance", "note"], rows);
    }
}
