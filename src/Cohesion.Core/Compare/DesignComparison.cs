using System.Globalization;
using Cohesion.Data;
using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Survey;

namespace Cohesion.Compare;

/// <summary>Options of the design-based comparison of countries on survey microdata (<c>compare --data</c>).</summary>
public sealed record DesignComparisonOptions
{
    /// <summary>The column holding the country (ESS: <c>cntry</c>).</summary>
    public required string CountryColumn { get; init; }
    /// <summary>Dimension or indicator ids of the framework, or any numeric column.</summary>
    public required IReadOnlyList<string> Variables { get; init; }
    /// <summary>Weight column or product <c>a*b</c>; null = the framework's design weights (ESS: anweight, else pspwght*pweight).</summary>
    public string? Weight { get; init; }
    /// <summary>Stratum column; strata are always nested in country (<c>strata=~interaction(country, S)</c>).</summary>
    public string? Strata { get; init; }
    /// <summary>PSU column (<c>ids=~C</c>, nested in strata); null = each respondent is a PSU.</summary>
    public string? Cluster { get; init; }
    /// <summary>Replicate weights shipped with the data, as R's <c>svrepdesign(repweights=, weights=, type=, ...)</c>;
    /// they carry the design, so <see cref="Strata"/> and <see cref="Cluster"/> must be null.</summary>
    public ReplicateColumns? SuppliedReplicates { get; init; }
    public string Reference { get; init; } = "NL";
    public LonelyPsu LonelyPsu { get; init; } = LonelyPsu.Fail;
    public double Level { get; init; } = SurveyEstimator.DefaultLevel;
}

/// <summary>What a compared variable is: a framework dimension, a framework indicator, or a column of the data.</summary>
public enum CompareVariableKind { Dimension, Indicator, Column }

public sealed record CompareVariable(string Id, CompareVariableKind Kind, string LabelNl, string LabelEn, string? Column);

/// <summary>One country's design-based mean (R: a row of <c>svyby(~v, ~country, design, svymean, na.rm=TRUE)</c>).</summary>
public sealed record CountryEstimate(string Variable, string Country, double Estimate, double StandardError, double CiLower, double CiUpper, int N);

/// <summary>A country minus the reference country, with the SE of <c>svycontrast</c> on the svyby result and a normal p.</summary>
public sealed record CountryDifference(string Variable, string Country, double Difference, double StandardError, double CiLower, double CiUpper, double Z, double P);

public sealed record DesignComparisonResult(
    string Reference, string CountryColumn, IReadOnlyList<string> Countries, IReadOnlyList<CompareVariable> Variables,
    IReadOnlyList<CountryEstimate> Estimates, IReadOnlyList<CountryDifference> Differences, string Design, string WeightColumn,
    CohesionFramework Framework, int Respondents, double Level, IReadOnlyList<string> Notes);

/// <summary>
/// Design-based estimates per country and each country's difference from a reference country, on survey microdata in
/// the ESS layout: R's <c>svyby(~v, ~country, svydesign(ids=~C, strata=~interaction(country, S), weights=~W, nest=TRUE),
/// svymean, na.rm=TRUE)</c> and <c>svycontrast</c> of country − reference on that result (normal p-values). Strata are
/// nested in country (without a stratum column each country is a stratum), so countries are independent samples.
/// Variables are dimensions or indicators of the framework (default <c>ess</c>: ESS codings, missing codes treated as
/// missing, documented cut-offs) or plain numeric columns; a plain column that still holds ESS missing codes
/// (77/88/99, 7/8/9, 777/888/999, 7777/8888/9999) is refused rather than averaged.
/// </summary>
public static class DesignComparison
{
    public static DesignComparisonResult Run(DataFrame data, DesignComparisonOptions options, CohesionFramework? framework = null)
    {
        try { return RunCore(data, options, framework ?? FrameworkLoader.Resolve("ess")); }
        catch (CohesionException ex) when (ex.File is null && data.Source is not null)
        {
            throw ex.WithFile(data.Source);
        }
    }

    private static DesignComparisonResult RunCore(DataFrame data, DesignComparisonOptions o, CohesionFramework fw)
    {
        if (o.Variables.Count == 0) throw new CohesionException("give at least one variable (--var)");
        if (!(o.Level > 0 && o.Level < 1)) throw new CohesionException("the confidence level must be between 0 and 1");
        Require(data, o.CountryColumn, "country");
        if (o.Strata is not null) Require(data, o.Strata, "stratum");
        if (o.Cluster is not null) Require(data, o.Cluster, "cluster");

        // ---- countries
        var country = data.Categorical(o.CountryColumn);
        int missingCountry = Array.IndexOf(country.Codes, -1);
        if (missingCountry >= 0) throw new CohesionException("missing country", data.Source, o.CountryColumn, missingCountry + 1);
        var countries = country.Levels;
        if (countries.Length < 2) throw new CohesionException($"only one country ({countries.FirstOrDefault()}) in the data: nothing to compare", data.Source, o.CountryColumn);
        int reference = ReferenceIndex(countries, o.Reference, data, o.CountryColumn);

        // ---- weight: given, or the framework's alternatives (ESS: anweight, else pspwght*pweight)
        var weightSpec = o.Weight
            ?? fw.Design.WeightAlternatives.FirstOrDefault(w => ColumnProduct.Available(data, w))
            ?? throw new CohesionException(
                $"no weight column: give --weight{(fw.Design.WeightAlternatives.Count > 0 ? $" (the {fw.Id} framework looks for {string.Join(" or ", fw.Design.WeightAlternatives)})" : "")}", data.Source);
        if (!ColumnProduct.Available(data, weightSpec))
            Require(data, ColumnProduct.Factors(weightSpec).First(f => !data.Contains(f)), "weight");
        var weightColumn = ColumnProduct.Ensure(data, weightSpec);
        if (data[weightColumn] is not NumericColumn wcol) throw new CohesionException("the weight must be numeric", data.Source, weightColumn);

        SurveyDesign design;
        string designText;
        if (o.SuppliedReplicates is { } sup)
        {
            // ---- replicate weights shipped with the data (svrepdesign): they carry strata and PSUs
            if (o.Strata is not null || o.Cluster is not null)
                throw new CohesionException("supplied replicate weights replace the stratum and cluster columns (R's svrepdesign takes only weights and replicate weights)");
            design = ReplicateFrame.CreateDesign(data, weightColumn, sup);
            designText = $"svrepdesign(repweights='{sup.Pattern}', weights=~{weightSpec}, type='{sup.Type}'{(sup.Rho is { } rho ? $", rho={rho.ToString(CultureInfo.InvariantCulture)}" : "")}{(sup.Mse ? ", mse=TRUE" : "")}, combined.weights={(sup.CombinedWeights ? "TRUE" : "FALSE")})";
        }
        else
        {
            // ---- strata nested in country, PSUs nested in strata
            var (strata, strataLabel) = NestedStrata(data, country, o.Strata);
            int[]? psu = o.Cluster is null ? null : Identifiers(data, o.Cluster, "cluster");
            CheckLonely(data, o, country, strata, strataLabel, psu);
            design = SurveyDesign.Create(new SurveyDesignOptions
            {
                Weights = wcol.Values, Strata = strata, Clusters = psu is null ? null : [psu], Nest = true, LonelyPsu = o.LonelyPsu,
                StratumLabel = c => strataLabel[c], WeightsName = weightColumn, StrataName = o.Strata ?? o.CountryColumn,
                ClusterNames = o.Cluster is null ? null : [o.Cluster],
            });
            designText = $"ids=~{o.Cluster ?? "1"}, strata=~{(o.Strata is null ? o.CountryColumn : $"interaction({o.CountryColumn}, {o.Strata})")}, weights=~{weightSpec}, nest=TRUE";
        }

        // ---- variables
        var variables = new List<CompareVariable>();
        var values = new List<double[]>();
        foreach (var v in o.Variables.Distinct())
        {
            var (cv, y) = Variable(data, fw, v);
            variables.Add(cv);
            values.Add(y);
        }

        var estimates = new List<CountryEstimate>();
        var differences = new List<CountryDifference>();
        var notes = new List<string>();
        var contrasts = SurveyContrast.DifferencesFrom(reference, countries.Length);
        for (int k = 0; k < variables.Count; k++)
        {
            var id = variables[k].Id;
            var y = values[k];
            if (!y.Any(double.IsFinite)) throw new CohesionException($"variable '{id}' has no valid values in any country", data.Source, variables[k].Column);
            var est = SurveyEstimator.MeanBy(design, y, country.Codes, countries.Length, o.Level);
            for (int c = 0; c < countries.Length; c++)
            {
                estimates.Add(new CountryEstimate(id, countries[c], est[c].Estimate, est[c].StandardError, est[c].CiLower, est[c].CiUpper, est[c].N));
                if (est[c].N == 0) notes.Add($"{id}: {countries[c]} has no valid value; its estimate and difference are empty.");
            }
            var diff = SurveyContrast.MeanBy(design, y, country.Codes, countries.Length, contrasts, o.Level);
            int j = 0;
            for (int c = 0; c < countries.Length; c++)
            {
                if (c == reference) continue;
                var d = diff[j++];
                differences.Add(new CountryDifference(id, countries[c], d.Estimate, d.StandardError, d.CiLower, d.CiUpper, d.Z, d.P));
            }
            if (est[reference].N == 0) notes.Add($"{id}: the reference country {countries[reference]} has no valid value, so there are no differences.");
        }

        notes.Insert(0, $"Design: {(o.SuppliedReplicates is null ? $"svydesign({designText})" : designText)}; {data.RowCount.ToString("N0", CultureInfo.InvariantCulture)} respondents in {countries.Length} countries; " +
                        (o.SuppliedReplicates is null
                            ? "Taylor-linearised SEs as R survey; strata are nested in country, so the countries are independent samples and a difference's SE combines the two countries' SEs (svycontrast)."
                            : "replicate SEs as R survey; a difference's SE is the replicate variance of the difference itself, as svycontrast on svyby(..., covmat=TRUE) (equal to combining the countries' SEs when the replicates perturb one country at a time)."));
        notes.Insert(1, $"Differences are country minus {countries[reference]}; p = two-sided normal p-value of difference / SE; {100 * o.Level:0.##}% intervals are normal.");
        if (variables.Any(v => v.Kind != CompareVariableKind.Column))
            notes.Insert(2, $"Framework '{fw.Id}': indicators are 0/1 (cut-offs in data/framework/{fw.Id}.json, e.g. trust = 6-10 on 0-10); missing codes count as missing; a dimension is the share of a respondent's valid indicators that are cohesive (at least {100 * fw.ScoreRule.MinShare:0.#}% present). Estimates are shares in [0, 1].");
        return new DesignComparisonResult(countries[reference], o.CountryColumn, countries, variables, estimates, differences, designText, weightColumn, fw,
            data.RowCount, o.Level, notes);
    }

    private static void Require(DataFrame data, string column, string what)
    {
        if (!data.Contains(column))
            throw new CohesionException($"no {what} column '{column}' in the data (columns: {string.Join(", ", data.ColumnNames.Take(40))}{(data.Columns.Count > 40 ? ", ..." : "")})", data.Source, column);
    }

    private static int ReferenceIndex(string[] countries, string reference, DataFrame data, string column)
    {
        int i = Array.FindIndex(countries, c => string.Equals(c, reference.Trim(), StringComparison.OrdinalIgnoreCase));
        if (i >= 0) return i;
        // a name for a code column, or a code for a name column
        var table = CountryTable.LoadDefault();
        if (table.Find(reference) is { } known)
        {
            i = Array.FindIndex(countries, c => table.Find(c)?.Code == known.Code);
            if (i >= 0) return i;
        }
        throw new CohesionException($"--reference '{reference}' is not a country in column '{column}' (countries: {string.Join(", ", countries)})", data.Source, column);
    }

    /// <summary>Stratum codes of interaction(country, S) (each country a stratum without S) and their labels.</summary>
    private static (int[] Codes, List<string> Labels) NestedStrata(DataFrame data, CategoricalColumn country, string? strata)
    {
        int n = data.RowCount;
        var codes = new int[n];
        var labels = new List<string>();
        if (strata is null)
        {
            for (int i = 0; i < n; i++) codes[i] = country.Codes[i];
            labels.AddRange(country.Levels);
            return (codes, labels);
        }
        var s = data.Categorical(strata);
        var index = new Dictionary<(int, int), int>();
        for (int i = 0; i < n; i++)
        {
            if (s.Codes[i] < 0) throw new CohesionException("missing stratum identifier", data.Source, strata, i + 1);
            var key = (country.Codes[i], s.Codes[i]);
            if (!index.TryGetValue(key, out int k))
            {
                k = index.Count;
                index[key] = k;
                labels.Add($"{country.Levels[key.Item1]}.{s.Levels[key.Item2]}");
            }
            codes[i] = k;
        }
        return (codes, labels);
    }

    private static int[] Identifiers(DataFrame data, string column, string what)
    {
        var c = data.Categorical(column);
        int row = Array.IndexOf(c.Codes, -1);
        if (row >= 0) throw new CohesionException($"missing {what} identifier", data.Source, column, row + 1);
        return c.Codes;
    }

    /// <summary>A stratum (a country without --strata) with one PSU cannot give a variance: say which country.</summary>
    private static void CheckLonely(DataFrame data, DesignComparisonOptions o, CategoricalColumn country, int[] strata, List<string> labels, int[]? psu)
    {
        if (o.LonelyPsu != LonelyPsu.Fail) return;
        var first = new Dictionary<int, (int Psu, int Row, bool Several)>();
        for (int i = 0; i < strata.Length; i++)
        {
            int p = psu is null ? i : psu[i];
            if (!first.TryGetValue(strata[i], out var f)) first[strata[i]] = (p, i, false);
            else if (!f.Several && f.Psu != p) first[strata[i]] = f with { Several = true };
        }
        foreach (var (stratum, f) in first.OrderBy(x => x.Value.Row))
        {
            if (f.Several) continue;
            string c = country.Levels[country.Codes[f.Row]];
            string where = o.Strata is null ? $"country '{c}'" : $"country '{c}', stratum '{labels[stratum][(c.Length + 1)..]}'";
            string unit = psu is null ? "respondent" : "PSU";
            throw new CohesionException(
                $"{where} has only one {unit}, so its variance cannot be estimated (strata are nested in country); " +
                "add PSUs or merge strata, or choose a lonely-PSU rule (--lonely-psu adjust|average|certainty|remove)",
                data.Source, psu is null ? (o.Strata ?? o.CountryColumn) : o.Cluster, f.Row + 1);
        }
    }

    /// <summary>A framework dimension, a framework indicator, or a numeric column (refused when it still holds ESS missing codes).</summary>
    private static (CompareVariable, double[]) Variable(DataFrame data, CohesionFramework fw, string id)
    {
        if (fw.Dimensions.FirstOrDefault(d => d.Id == id) is { } dim)
        {
            var members = fw.IndicatorsOf(id).Select(ind => FrameworkScorer.Recode(ind, data)).ToList();
            return (new CompareVariable(id, CompareVariableKind.Dimension, dim.LabelNl, dim.LabelEn, null),
                FrameworkScorer.DimensionScore(members, fw.ScoreRule, data.RowCount));
        }
        if (fw.Indicators.FirstOrDefault(i => i.Id == id) is { } ind)
            return (new CompareVariable(id, CompareVariableKind.Indicator, ind.LabelNl, ind.LabelEn, ind.Column), FrameworkScorer.Recode(ind, data));
        if (!data.Contains(id))
            throw new CohesionException(
                $"--var '{id}' is neither a dimension or indicator of the {fw.Id} framework nor a column of the data " +
                $"(dimensions: {string.Join(", ", fw.Dimensions.Select(d => d.Id))}; indicators: {string.Join(", ", fw.Indicators.Select(i => i.Id))})", data.Source, id);
        if (data[id] is not NumericColumn num) throw new CohesionException($"--var '{id}' is not numeric, so it has no mean", data.Source, id);
        EssMissingCodes.Check(num, data.Source);
        return (new CompareVariable(id, CompareVariableKind.Column, id, id, id), num.Values);
    }
}

/// <summary>
/// Recognises ESS missing codes left in a plain numeric column: 66/77/88/99 in a column whose other values are
/// integers 0–10 (the ESS 0–10 and 1–7 scales), 7/8/9 where the others are integers 1–5 (yes/no and 1–5 items),
/// 777/888/999 where the others lie in 0–200 (age, counts) and 6666/7777/8888/9999 where the others are years.
/// Averaging such a column would treat "don't know" as an answer, so it is an error naming the column, value and row.
/// </summary>
public static class EssMissingCodes
{
    private static readonly (double[] Codes, double Min, double Max, bool Integer, string Meaning)[] Families =
    [
        ([66, 77, 88, 99], 0, 10, true, "66 not applicable, 77 refusal, 88 don't know, 99 no answer"),
        ([7, 8, 9], 1, 5, true, "7 refusal, 8 don't know, 9 no answer"),
        ([666, 777, 888, 999], 0, 200, false, "666 not applicable, 777 refusal, 888 don't know, 999 no answer"),
        ([6666, 7777, 8888, 9999], 1800, 2100, true, "6666 not applicable, 7777 refusal, 8888 don't know, 9999 no answer"),
    ];

    public static void Check(NumericColumn column, string? file)
    {
        var x = column.Values;
        foreach (var (codes, min, max, integer, meaning) in Families)
        {
            int firstCode = -1;
            bool others = false, fits = true;
            for (int i = 0; i < x.Length && fits; i++)
            {
                double v = x[i];
                if (double.IsNaN(v)) continue;
                if (Array.IndexOf(codes, v) >= 0) { if (firstCode < 0) firstCode = i; continue; }
                others = true;
                if (v < min || v > max || (integer && v != Math.Floor(v))) fits = false;
            }
            if (firstCode >= 0 && others && fits)
                throw new CohesionException(
                    $"value {x[firstCode].ToString("R", CultureInfo.InvariantCulture)} looks like an ESS missing code left in ({meaning}; the other values lie in {min:0}-{max:0}): " +
                    "set the missing codes to empty cells first, or use the ess framework's indicator of this item, which treats them as missing",
                    file, column.Name, firstCode + 1);
        }
    }
}
