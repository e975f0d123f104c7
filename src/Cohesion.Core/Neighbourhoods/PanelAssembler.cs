using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Neighbourhoods;

/// <summary>One year of key figures at buurt level (a frame with a <c>code</c> column, e.g. from
/// <see cref="KwbKeyFigures.Normalise"/>).</summary>
public sealed record PanelYear(int Year, DataFrame Frame);

/// <summary>An assembled buurt × year panel and what happened on the way.</summary>
public sealed record AssembledPanel(DataFrame Frame, IReadOnlyList<string> Notes);

/// <summary>
/// Builds a buurt × year panel from yearly key-figure tables. Codes are carried into one division through a
/// <see cref="Crosswalk"/>: counts (population, origin groups, households, dwellings, moves) are split by the
/// crosswalk weights and summed; rates and means (WOZ, income, shares) become weighted means, weighted by the
/// crosswalk weight times the old area's population (the weight alone when the table has no population column; areas
/// with zero or missing population carry no rates); missing values are left out of the mean (a target with no
/// contributor stays missing). Diversity (fractionalisation),
/// normalised entropy and migration share are recomputed from the converted counts, and turnover = moves in /
/// population where moves are present.
/// </summary>
public static class PanelAssembler
{
    /// <summary>Columns treated as counts (split by weight); every other numeric standard column is a rate.</summary>
    public static readonly string[] CountColumns =
        ["population", .. KwbKeyFigures.OriginGroups, "nonwestern", "households", "single_person_households", "dwellings",
         "education_low", "education_middle", "education_high", "moves_in", "moves_out"];

    public static readonly string[] RateColumns =
        ["household_size", "density", "woz", "owner_share", "rental_share", "corporation_share", "other_landlord_share",
         "built_after_2000_share", "income_per_recipient", "income_per_inhabitant", "low_income_households",
         "social_minimum_households", "social_assistance", "urbanity", "cohesion"];

    public static AssembledPanel Assemble(IReadOnlyList<PanelYear> years, Crosswalk? crosswalk = null, string codeColumn = "code")
    {
        if (years.Count == 0) throw new CohesionException("no yearly tables to assemble");
        crosswalk ??= new Crosswalk();
        var notes = new List<string>();
        var counts = CountColumns.Where(c => years.Any(y => y.Frame.Contains(c))).ToList();
        var rates = RateColumns.Where(c => years.Any(y => y.Frame.Contains(c))).ToList();
        var outBuurt = new List<string>();
        var outYear = new List<double>();
        var outCounts = counts.Select(_ => new List<double>()).ToArray();
        var outRates = rates.Select(_ => new List<double>()).ToArray();

        foreach (var py in years.OrderBy(y => y.Year))
        {
            var f = py.Frame;
            var code = f[codeColumn];
            var pop = f.Contains("population") ? f.Numeric("population").Values : null;
            var countCols = counts.Select(c => f.Contains(c) ? f.Numeric(c).Values : null).ToArray();
            var rateCols = rates.Select(c => f.Contains(c) ? f.Numeric(c).Values : null).ToArray();
            // target code → accumulators
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var targets = new List<string>();
            var cSum = new List<double[]>();
            var cMissing = new List<bool[]>();
            var rNum = new List<double[]>();
            var rDen = new List<double[]>();
            int converted = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < f.RowCount; r++)
            {
                if (code.IsMissing(r)) throw new CohesionException("missing buurt code", f.Source, codeColumn, r + 1);
                var from = code.Format(r).Trim();
                if (!seen.Add(from)) throw new CohesionException($"buurt code '{from}' appears twice in year {py.Year}", f.Source, codeColumn, r + 1);
                var map = crosswalk.Map(from, py.Year);
                if (map.Count != 1 || map[0].To != from) converted++;
                foreach (var (to, w) in map)
                {
                    if (!index.TryGetValue(to, out var t))
                    {
                        t = targets.Count; index[to] = t; targets.Add(to);
                        cSum.Add(new double[counts.Count]); cMissing.Add(new bool[counts.Count]);
                        rNum.Add(new double[rates.Count]); rDen.Add(new double[rates.Count]);
                    }
                    for (int j = 0; j < counts.Count; j++)
                    {
                        double v = countCols[j]?[r] ?? double.NaN;
                        if (double.IsNaN(v)) { if (w > 0) cMissing[t][j] = true; }
                        else cSum[t][j] += w * v;
                    }
                    double rw = pop is null ? w : pop[r] > 0 ? w * pop[r] : 0; // uninhabited areas carry no rates
                    for (int j = 0; j < rates.Count; j++)
                    {
                        double v = rateCols[j]?[r] ?? double.NaN;
                        if (double.IsNaN(v) || !(rw > 0)) continue;
                        rNum[t][j] += rw * v;
                        rDen[t][j] += rw;
                    }
                }
            }
            if (converted > 0) notes.Add($"{py.Year}: {converted} buurt code(s) converted through the crosswalk into {targets.Count} buurten");
            for (int t = 0; t < targets.Count; t++)
            {
                outBuurt.Add(targets[t]);
                outYear.Add(py.Year);
                for (int j = 0; j < counts.Count; j++) outCounts[j].Add(cMissing[t][j] ? double.NaN : cSum[t][j]);
                for (int j = 0; j < rates.Count; j++) outRates[j].Add(rDen[t][j] > 0 ? rNum[t][j] / rDen[t][j] : double.NaN);
            }
        }

        int n = outBuurt.Count;
        var frame = new DataFrame(n, "assembled buurt panel");
        frame.Add(CategoricalColumn.FromStrings("buurt", outBuurt));
        frame.Add(CategoricalColumn.FromStrings("gemeente", outBuurt.Select(KwbKeyFigures.GemeenteOf).ToArray()));
        frame.Add(CategoricalColumn.FromStrings("wijk", outBuurt.Select(KwbKeyFigures.WijkOf).ToArray()));
        frame.Add(new NumericColumn("year", outYear.ToArray()));
        for (int j = 0; j < counts.Count; j++) frame.Add(new NumericColumn(counts[j], outCounts[j].ToArray()));
        for (int j = 0; j < rates.Count; j++) frame.Add(new NumericColumn(rates[j], outRates[j].ToArray()));
        AddDerived(frame, notes);
        int buurten = outBuurt.Distinct().Count();
        notes.Insert(0, $"panel of {buurten} buurten × {years.Count} year(s) = {n} rows");
        return new AssembledPanel(frame, notes);
    }

    /// <summary>Adds diversity (fractionalisation over the origin groups), entropy_normalised, migration_share and
    /// turnover (moves_in / population) when their inputs are present and the column is not there yet.</summary>
    public static void AddDerived(DataFrame frame, List<string>? notes = null)
    {
        int n = frame.RowCount;
        if (KwbKeyFigures.OriginGroups.All(frame.Contains) && !frame.Contains("diversity"))
        {
            var g = KwbKeyFigures.OriginGroups.Select(c => frame.Numeric(c).Values).ToArray();
            var div = new double[n];
            var ent = new double[n];
            var mig = new double[n];
            Span<double> row = stackalloc double[g.Length];
            for (int i = 0; i < n; i++)
            {
                bool missing = false;
                for (int k = 0; k < g.Length; k++) { row[k] = g[k][i]; missing |= double.IsNaN(row[k]); }
                if (missing) { div[i] = ent[i] = mig[i] = double.NaN; continue; }
                div[i] = DiversityIndex.Fractionalisation(row);
                ent[i] = DiversityIndex.NormalisedEntropy(row);
                double tot = DiversityIndex.Sum(row);
                mig[i] = tot > 0 ? 1 - row[0] / tot : double.NaN;
            }
            frame.Add(new NumericColumn("diversity", div, label: "fractionalisation 1 − Σp² over the seven origin groups"));
            frame.Add(new NumericColumn("entropy_normalised", ent));
            frame.Add(new NumericColumn("migration_share", mig));
            notes?.Add("diversity = fractionalisation 1 − Σp² over dutch, western, morocco, antilles, suriname, turkey, other_nonwestern");
        }
        if (frame.Contains("moves_in") && frame.Contains("population") && !frame.Contains("turnover"))
        {
            var mi = frame.Numeric("moves_in").Values;
            var pop = frame.Numeric("population").Values;
            var t = new double[n];
            for (int i = 0; i < n; i++) t[i] = pop[i] > 0 ? mi[i] / pop[i] : double.NaN;
            frame.Add(new NumericColumn("turnover", t, label: "moves in / population"));
        }
    }
}
