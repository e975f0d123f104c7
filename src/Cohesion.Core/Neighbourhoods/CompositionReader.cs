using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Segregation;

namespace Cohesion.Neighbourhoods;

/// <summary>A composition table read from a data frame, with notes on what was excluded or aggregated.</summary>
public sealed record CompositionInput(CompositionTable Table, IReadOnlyList<string> Notes);

/// <summary>
/// Builds a <see cref="CompositionTable"/> from a data frame in wide form (one row per unit, one count column per
/// group) or long form (one row per unit × group with a count). Rows of the same unit are summed (so units can
/// be aggregated, e.g. buurten into wijken); a unit must have one parent. A missing count (e.g. CBS "." for
/// suppressed) excludes the unit with a note; a negative or non-numeric count is an error naming file, column, row.
/// </summary>
public static class CompositionReader
{
    public const string WholeDataParent = "all";

    public static CompositionInput FromWide(DataFrame frame, string unitColumn, IReadOnlyList<string> groupColumns, string? parentColumn = null)
    {
        if (groupColumns.Count < 2) throw new CohesionException($"--groups needs at least two columns, got {groupColumns.Count}", frame.Source);
        var dup = groupColumns.GroupBy(g => g).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CohesionException("group column listed twice", frame.Source, dup.Key);
        var unit = frame[unitColumn];
        var parent = parentColumn is null ? null : frame[parentColumn];
        var counts = groupColumns.Select(frame.Numeric).ToArray();
        int k = counts.Length;
        var builder = new Builder(frame.Source, unitColumn, parentColumn, k);
        var row = new double[k];
        for (int r = 0; r < frame.RowCount; r++)
        {
            string? missingGroup = null;
            for (int g = 0; g < k; g++)
            {
                double v = counts[g].Values[r];
                if (double.IsNaN(v)) { missingGroup ??= groupColumns[g]; continue; }
                if (v < 0 || double.IsInfinity(v))
                    throw new CohesionException($"count must be a non-negative number, got {v}", frame.Source, groupColumns[g], r + 1);
                row[g] = v;
            }
            builder.Add(unit, parent, r, missingGroup is null ? row : null, missingGroup);
        }
        return builder.Build(groupColumns.ToArray());
    }

    public static CompositionInput FromLong(DataFrame frame, string unitColumn, string groupColumn, string countColumn,
        IReadOnlyList<string>? groups = null, string? parentColumn = null)
    {
        var unit = frame[unitColumn];
        var parent = parentColumn is null ? null : frame[parentColumn];
        var group = frame[groupColumn];
        var count = frame.Numeric(countColumn);
        var groupNames = new List<string>();
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        if (groups is not null)
            foreach (var g in groups)
                if (!groupIndex.TryAdd(g, groupNames.Count)) throw new CohesionException($"group '{g}' listed twice", frame.Source, groupColumn);
                else groupNames.Add(g);
        if (groups is null)
            for (int r = 0; r < frame.RowCount; r++)
            {
                if (group.IsMissing(r)) continue;
                var g = group.Format(r);
                if (groupIndex.TryAdd(g, groupNames.Count)) groupNames.Add(g);
            }
        if (groupNames.Count < 2) throw new CohesionException($"at least two groups are needed, found {groupNames.Count}", frame.Source, groupColumn);
        int k = groupNames.Count;
        var builder = new Builder(frame.Source, unitColumn, parentColumn, k, noteSummedRows: false);
        var row = new double[k];
        int ignored = 0;
        for (int r = 0; r < frame.RowCount; r++)
        {
            if (group.IsMissing(r)) throw new CohesionException("missing group", frame.Source, groupColumn, r + 1);
            if (!groupIndex.TryGetValue(group.Format(r), out var g)) { ignored++; continue; }
            double v = count.Values[r];
            Array.Clear(row);
            if (!double.IsNaN(v) && (v < 0 || double.IsInfinity(v)))
                throw new CohesionException($"count must be a non-negative number, got {v}", frame.Source, countColumn, r + 1);
            row[g] = v;
            builder.Add(unit, parent, r, double.IsNaN(v) ? null : row, double.IsNaN(v) ? groupNames[g] : null);
        }
        var result = builder.Build(groupNames.ToArray());
        if (ignored == 0) return result;
        return result with { Notes = [.. result.Notes, $"{ignored} row(s) of groups not listed in --groups ignored"] };
    }

    /// <summary>Accumulates rows into units (first-appearance order) and parents.</summary>
    private sealed class Builder(string? source, string unitColumn, string? parentColumn, int groupCount, bool noteSummedRows = true)
    {
        private readonly Dictionary<string, int> _unitIndex = new(StringComparer.Ordinal);
        private readonly List<string> _units = new();
        private readonly List<double> _counts = new();
        private readonly List<int> _parentOf = new();
        private readonly List<bool> _missing = new();
        private readonly Dictionary<string, int> _parentIndex = new(StringComparer.Ordinal);
        private readonly List<string> _parents = new();
        private readonly List<string> _missingNotes = new();
        private int _rows, _duplicates;

        public void Add(Column unit, Column? parent, int r, double[]? counts, string? missingGroup)
        {
            if (unit.IsMissing(r)) throw new CohesionException("missing unit identifier", source, unitColumn, r + 1);
            var u = unit.Format(r);
            string p;
            if (parent is null) p = WholeDataParent;
            else if (parent.IsMissing(r)) throw new CohesionException("missing parent identifier", source, parentColumn, r + 1);
            else p = parent.Format(r);
            if (!_parentIndex.TryGetValue(p, out var pi)) { pi = _parents.Count; _parentIndex[p] = pi; _parents.Add(p); }
            _rows++;
            if (!_unitIndex.TryGetValue(u, out var ui))
            {
                ui = _units.Count;
                _unitIndex[u] = ui;
                _units.Add(u);
                _parentOf.Add(pi);
                _missing.Add(false);
                for (int g = 0; g < groupCount; g++) _counts.Add(0);
            }
            else
            {
                _duplicates++;
                if (_parentOf[ui] != pi)
                    throw new CohesionException($"unit '{u}' appears with two parents ('{_parents[_parentOf[ui]]}' and '{p}')", source, parentColumn, r + 1);
            }
            if (counts is null)
            {
                if (!_missing[ui]) _missingNotes.Add($"{u} ({missingGroup}, row {r + 1})");
                _missing[ui] = true;
                return;
            }
            for (int g = 0; g < groupCount; g++) _counts[ui * groupCount + g] += counts[g];
        }

        public CompositionInput Build(string[] groups)
        {
            var notes = new List<string>();
            if (_units.Count == 0) throw new CohesionException("no rows to compute indices from", source);
            var keep = Enumerable.Range(0, _units.Count).Where(i => !_missing[i]).ToArray();
            if (_missingNotes.Count > 0)
                notes.Add($"{_missingNotes.Count} unit(s) with a missing count excluded: {string.Join(", ", _missingNotes.Take(10))}{(_missingNotes.Count > 10 ? ", …" : "")}");
            if (_duplicates > 0 && noteSummedRows)
                notes.Add($"{_rows} rows summed into {_units.Count} units");
            if (keep.Length == 0) throw new CohesionException("every unit has a missing count", source);
            var counts = new double[keep.Length * groupCount];
            var units = new string[keep.Length];
            var parentOf = new int[keep.Length];
            for (int j = 0; j < keep.Length; j++)
            {
                int i = keep[j];
                units[j] = _units[i];
                parentOf[j] = _parentOf[i];
                for (int g = 0; g < groupCount; g++) counts[j * groupCount + g] = _counts[i * groupCount + g];
            }
            return new CompositionInput(new CompositionTable(units, groups, counts, parentOf, _parents.ToArray()), notes);
        }
    }
}
