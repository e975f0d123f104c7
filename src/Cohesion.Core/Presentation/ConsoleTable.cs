using System.Text;

namespace Cohesion.Presentation;

/// <summary>
/// The console table (rounded box, a title centred above and a caption centred below, one space of padding in every
/// cell), drawn directly as text: the same characters Spectre.Console draws for such a table, without loading its
/// layout engine (which costs a small job a third of its start-up). Only tables that need no layout decisions are drawn
/// here — every cell on one line, every character one column wide, the table, its title and caption within the width;
/// <see cref="TryWrite"/> returns false for any other table, which the caller then gives to Spectre.
/// </summary>
public static class ConsoleTable
{
    /// <summary>Writes the table and returns true, or writes nothing and returns false.</summary>
    public static bool TryWrite(TextWriter target, int width, string? title, IReadOnlyList<string> headers,
        IReadOnlyList<IReadOnlyList<string>> rows, string? caption)
    {
        int n = headers.Count;
        if (n == 0 || rows.Count == 0) return false;
        var w = new int[n];
        for (int j = 0; j < n; j++)
        {
            if (!Plain(headers[j])) return false;
            w[j] = headers[j].Length;
        }
        foreach (var r in rows)
        {
            if (r.Count != n) return false;
            for (int j = 0; j < n; j++)
            {
                if (!Plain(r[j])) return false;
                w[j] = Math.Max(w[j], r[j].Length);
            }
        }
        int total = 1;
        foreach (var x in w) total += x + 3;
        if (total > width) return false;
        if (title is not null && (!Plain(title) || title.Length > total)) return false;
        if (caption is not null && (!Plain(caption) || caption.Length > total)) return false;

        var sb = new StringBuilder((rows.Count + 5) * (total + 1) * 2);
        if (title is not null) Centred(sb, title, total);
        Rule(sb, w, '╭', '┬', '╮');
        Row(sb, w, headers);
        Rule(sb, w, '├', '┼', '┤');
        foreach (var r in rows) Row(sb, w, r);
        Rule(sb, w, '╰', '┴', '╯');
        if (caption is not null) Centred(sb, caption, total);
        target.Write(sb.ToString());
        return true;
    }

    private static void Centred(StringBuilder sb, string text, int total)
    {
        int left = (total - text.Length) / 2;
        sb.Append(' ', left).Append(text).Append(' ', total - text.Length - left).Append('\n');
    }

    private static void Rule(StringBuilder sb, int[] w, char first, char mid, char last)
    {
        sb.Append(first);
        for (int j = 0; j < w.Length; j++)
        {
            sb.Append('─', w[j] + 2);
            sb.Append(j == w.Length - 1 ? last : mid);
        }
        sb.Append('\n');
    }

    private static void Row(StringBuilder sb, int[] w, IReadOnlyList<string> cells)
    {
        sb.Append('│');
        for (int j = 0; j < w.Length; j++) sb.Append(' ').Append(cells[j]).Append(' ', w[j] - cells[j].Length + 1).Append('│');
        sb.Append('\n');
    }

    /// <summary>True when every character of <paramref name="s"/> takes one column and the text stays on one line (printable
    /// ASCII, Latin-1 and the few symbols the tables use); anything else is left to Spectre's width tables.</summary>
    private static bool Plain(string s)
    {
        foreach (char c in s)
        {
            if (c >= ' ' && c < 0x7F) continue;
            if (c >= 0xA0 && c <= 0x2FF) continue;
            if (c is '—' or '–' or '…' or '−' or '✕' or '≤' or '≥' or '±' or '‰' or '€' or '→' or '‘' or '’' or '“' or '”') continue;
            return false;
        }
        return true;
    }
}
