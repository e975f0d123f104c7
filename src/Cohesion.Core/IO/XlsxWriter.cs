using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Cohesion.IO;

/// <summary>One worksheet: a header row and data rows. Cells are <c>string</c> (text), <c>double</c>/<c>int</c>/<c>long</c>
/// (numeric cells; NaN and infinities stay empty) or <c>null</c> (empty). <see cref="NumberFormats"/> gives each
/// column's Excel number format (null = General), e.g. <c>0.0%</c>, <c>#,##0</c>, <c>0.000</c>: Excel shows them in the
/// reader's locale (decimal comma in Dutch Excel) while the cell keeps its full-precision value.</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<string> Header, IReadOnlyList<object?[]> Rows, IReadOnlyList<string?>? NumberFormats = null);

/// <summary>
/// Writes a minimal SpreadsheetML workbook (.xlsx) with System.IO.Compression: shared strings, numeric cells with
/// number formats, a bold frozen header row, column widths. The bytes depend only on the sheets: every zip entry has
/// the same fixed timestamp (1980-01-01) and the entries are written in a fixed order, so the same tables give the
/// same file.
/// </summary>
public static class XlsxWriter
{
    /// <summary>The timestamp of every entry (the earliest a zip can store), so that output is reproducible.</summary>
    public static readonly DateTimeOffset EntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Write(string path, IReadOnlyList<XlsxSheet> sheets) => AtomicFile.WriteBytes(path, s => Write(s, sheets));

    public static byte[] ToBytes(IReadOnlyList<XlsxSheet> sheets)
    {
        using var ms = new MemoryStream();
        Write(ms, sheets);
        return ms.ToArray();
    }

    public static void Write(Stream stream, IReadOnlyList<XlsxSheet> sheets)
    {
        if (sheets.Count == 0) throw new ArgumentException("a workbook needs at least one sheet");
        var names = SheetNames(sheets.Select(s => s.Name).ToList());
        var strings = new Dictionary<string, int>(StringComparer.Ordinal);
        var stringList = new List<string>();
        var formats = new List<string>();   // distinct custom number formats, in order of first use
        var sheetXml = new List<string>();
        foreach (var sheet in sheets) sheetXml.Add(SheetXml(sheet, strings, stringList, formats));

        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        Entry(zip, "[Content_Types].xml", ContentTypes(sheets.Count));
        Entry(zip, "_rels/.rels",
            Xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        var wb = new StringBuilder(Xml).Append("<workbook xmlns=\"").Append(Main).Append("\" xmlns:r=\"").Append(RelNs).Append("\"><sheets>");
        for (int i = 0; i < names.Count; i++)
            wb.Append("<sheet name=\"").Append(Esc(names[i])).Append("\" sheetId=\"").Append(i + 1).Append("\" r:id=\"rId").Append(i + 1).Append("\"/>");
        Entry(zip, "xl/workbook.xml", wb.Append("</sheets></workbook>").ToString());
        var rels = new StringBuilder(Xml).Append("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        for (int i = 0; i < names.Count; i++)
            rels.Append("<Relationship Id=\"rId").Append(i + 1).Append("\" Type=\"").Append(RelNs).Append("/worksheet\" Target=\"worksheets/sheet").Append(i + 1).Append(".xml\"/>");
        rels.Append("<Relationship Id=\"rId").Append(names.Count + 1).Append("\" Type=\"").Append(RelNs).Append("/styles\" Target=\"styles.xml\"/>");
        rels.Append("<Relationship Id=\"rId").Append(names.Count + 2).Append("\" Type=\"").Append(RelNs).Append("/sharedStrings\" Target=\"sharedStrings.xml\"/>");
        Entry(zip, "xl/_rels/workbook.xml.rels", rels.Append("</Relationships>").ToString());
        Entry(zip, "xl/styles.xml", Styles(formats));
        var sst = new StringBuilder(Xml).Append("<sst xmlns=\"").Append(Main).Append("\" count=\"").Append(stringList.Count).Append("\" uniqueCount=\"").Append(stringList.Count).Append("\">");
        foreach (var s in stringList) sst.Append("<si>").Append(TextElement(s)).Append("</si>");
        Entry(zip, "xl/sharedStrings.xml", sst.Append("</sst>").ToString());
        for (int i = 0; i < sheetXml.Count; i++) Entry(zip, $"xl/worksheets/sheet{i + 1}.xml", sheetXml[i]);
    }

    private const string Xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private static void Entry(ZipArchive zip, string name, string content)
    {
        var e = zip.CreateEntry(name, CompressionLevel.Optimal);
        e.LastWriteTime = EntryTime;
        using var s = e.Open();
        var bytes = new UTF8Encoding(false).GetBytes(content);
        s.Write(bytes);
    }

    private static string ContentTypes(int sheets)
    {
        var sb = new StringBuilder(Xml).Append("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
            .Append("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
            .Append("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>");
        for (int i = 1; i <= sheets; i++)
            sb.Append("<Override PartName=\"/xl/worksheets/sheet").Append(i).Append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        return sb.Append("</Types>").ToString();
    }

    /// <summary>Style 0 = default, 1 = bold header, 2 + k = the k-th custom number format (id 164 + k).</summary>
    private static string Styles(IReadOnlyList<string> formats)
    {
        var sb = new StringBuilder(Xml).Append("<styleSheet xmlns=\"").Append(Main).Append("\">");
        if (formats.Count > 0)
        {
            sb.Append("<numFmts count=\"").Append(formats.Count).Append("\">");
            for (int k = 0; k < formats.Count; k++) sb.Append("<numFmt numFmtId=\"").Append(164 + k).Append("\" formatCode=\"").Append(Esc(formats[k])).Append("\"/>");
            sb.Append("</numFmts>");
        }
        sb.Append("<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>")
          .Append("<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>")
          .Append("<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>")
          .Append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
          .Append("<cellXfs count=\"").Append(2 + formats.Count).Append("\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>")
          .Append("<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>");
        for (int k = 0; k < formats.Count; k++)
            sb.Append("<xf numFmtId=\"").Append(164 + k).Append("\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>");
        return sb.Append("</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>").ToString();
    }

    private static string SheetXml(XlsxSheet sheet, Dictionary<string, int> strings, List<string> stringList, List<string> formats)
    {
        int cols = sheet.Header.Count;
        var style = new int[cols];
        for (int j = 0; j < cols; j++)
        {
            var f = sheet.NumberFormats is { } nf && j < nf.Count ? nf[j] : null;
            if (f is null) continue;
            int k = formats.IndexOf(f);
            if (k < 0) { formats.Add(f); k = formats.Count - 1; }
            style[j] = 2 + k;
        }
        var width = sheet.Header.Select(h => (double)h.Length).ToArray();
        foreach (var row in sheet.Rows)
            for (int j = 0; j < cols && j < row.Length; j++)
                width[j] = Math.Max(width[j], row[j] switch { string s => s.Length, null => 0, _ => 10 });

        int S(string s)
        {
            if (!strings.TryGetValue(s, out var i)) { i = stringList.Count; strings[s] = i; stringList.Add(s); }
            return i;
        }

        var sb = new StringBuilder(1024 + 64 * sheet.Rows.Count * Math.Max(1, cols)).Append(Xml)
            .Append("<worksheet xmlns=\"").Append(Main).Append("\" xmlns:r=\"").Append(RelNs).Append("\">")
            .Append("<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>")
            .Append("<sheetFormatPr defaultRowHeight=\"15\"/><cols>");
        for (int j = 0; j < cols; j++)
            sb.Append("<col min=\"").Append(j + 1).Append("\" max=\"").Append(j + 1).Append("\" width=\"")
              .Append(Math.Clamp(Math.Ceiling(width[j]) + 2, 6, 60).ToString(CultureInfo.InvariantCulture)).Append("\" customWidth=\"1\"/>");
        sb.Append("</cols><sheetData><row r=\"1\">");
        for (int j = 0; j < cols; j++)
            sb.Append("<c r=\"").Append(Ref(j, 1)).Append("\" s=\"1\" t=\"s\"><v>").Append(S(sheet.Header[j])).Append("</v></c>");
        sb.Append("</row>");
        int r = 1;
        foreach (var row in sheet.Rows)
        {
            r++;
            sb.Append("<row r=\"").Append(r).Append("\">");
            for (int j = 0; j < cols && j < row.Length; j++)
            {
                switch (row[j])
                {
                    case string s:
                        sb.Append("<c r=\"").Append(Ref(j, r)).Append("\" t=\"s\"><v>").Append(S(s)).Append("</v></c>");
                        break;
                    case double d when double.IsFinite(d):
                        Number(sb, j, r, style[j], d.ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case float f when float.IsFinite(f):
                        Number(sb, j, r, style[j], ((double)f).ToString("R", CultureInfo.InvariantCulture));
                        break;
                    case int i:
                        Number(sb, j, r, style[j], i.ToString(CultureInfo.InvariantCulture));
                        break;
                    case long l:
                        Number(sb, j, r, style[j], l.ToString(CultureInfo.InvariantCulture));
                        break;
                }
            }
            sb.Append("</row>");
        }
        return sb.Append("</sheetData></worksheet>").ToString();
    }

    private static void Number(StringBuilder sb, int j, int r, int style, string v)
    {
        sb.Append("<c r=\"").Append(Ref(j, r)).Append('"');
        if (style > 0) sb.Append(" s=\"").Append(style).Append('"');
        sb.Append("><v>").Append(v).Append("</v></c>");
    }

    /// <summary>A cell reference: column letters (A … Z, AA …) and row number.</summary>
    public static string Ref(int col, int row)
    {
        var letters = new StringBuilder();
        for (int c = col + 1; c > 0; c = (c - 1) / 26) letters.Insert(0, (char)('A' + (c - 1) % 26));
        return letters.Append(row).ToString();
    }

    /// <summary>Valid, unique sheet names: at most 31 characters, none of <c>: \ / ? * [ ]</c>, unique ignoring case.</summary>
    public static List<string> SheetNames(IReadOnlyList<string> wanted)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var w in wanted)
        {
            var clean = new string(w.Select(c => ":\\/?*[]".Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim('\'');
            if (clean.Length == 0) clean = "Sheet";
            var name = clean.Length > 31 ? clean[..31] : clean;
            for (int n = 2; !used.Add(name); n++)
            {
                var suffix = "~" + n;
                name = (clean.Length > 31 - suffix.Length ? clean[..(31 - suffix.Length)] : clean) + suffix;
            }
            result.Add(name);
        }
        return result;
    }

    private static string TextElement(string s) =>
        (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1])) ? "<t xml:space=\"preserve\">" : "<t>") + Esc(s) + "</t>";

    /// <summary>XML text and attribute escaping (SecurityElement.Escape); characters XML 1.0 cannot hold are dropped first.</summary>
    private static string Esc(string s)
    {
        if (s.Any(NotXml)) s = new string(s.Where(c => !NotXml(c)).ToArray());
        return System.Security.SecurityElement.Escape(s);
    }

    private static bool NotXml(char c) => c < 0x20 && c is not ('\t' or '\n' or '\r') || c is '\uFFFE' or '\uFFFF';
}
