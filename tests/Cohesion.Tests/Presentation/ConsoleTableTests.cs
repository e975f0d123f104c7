using Cohesion.Presentation;
using Spectre.Console;
using Xunit;

namespace Cohesion.Tests.Presentation;

/// <summary>The plain console table draws exactly what Spectre.Console draws for the same table, and leaves to Spectre
/// every table that needs layout decisions.</summary>
public class ConsoleTableTests
{
    private static string Spectre(int width, string? title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, string? caption)
    {
        var sw = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(sw), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        var table = new Table { Border = TableBorder.Rounded };
        if (title is not null) table.Title = new TableTitle(Markup.Escape(title));
        foreach (var h in headers) table.AddColumn(new TableColumn(Markup.Escape(h)));
        foreach (var r in rows) table.AddRow(r.Select(Markup.Escape).ToArray());
        if (caption is not null) table.Caption = new TableTitle(Markup.Escape(caption));
        console.Write(table);
        return sw.ToString();
    }

    [Fact]
    public void DrawsWhatSpectreDrawsForTablesOfManyShapes()
    {
        var rng = new Random(17);
        string Word(int len) => new(Enumerable.Range(0, len).Select(_ => "abcxyz019 .,-—[]%±é"[rng.Next(19)]).ToArray());
        int drawn = 0;
        for (int t = 0; t < 300; t++)
        {
            int cols = rng.Next(1, 7), nrows = rng.Next(1, 6);
            var headers = Enumerable.Range(0, cols).Select(_ => Word(rng.Next(1, 12))).ToList();
            var rows = Enumerable.Range(0, nrows).Select(_ => (IReadOnlyList<string>)Enumerable.Range(0, cols).Select(_ => Word(rng.Next(0, 15))).ToList()).ToList();
            string? title = rng.Next(3) == 0 ? null : Word(rng.Next(1, 60));
            string? caption = rng.Next(3) == 0 ? null : Word(rng.Next(1, 60));
            int width = rng.Next(3) == 0 ? 40 : 200;
            var sw = new StringWriter();
            if (ConsoleTable.TryWrite(sw, width, title, headers, rows, caption))
            {
                drawn++;
                Assert.Equal(Spectre(width, title, headers, rows, caption), sw.ToString());
            }
            else Assert.Equal("", sw.ToString());
        }
        Assert.True(drawn > 150, $"only {drawn} of 300 tables were drawn plainly");
    }

    [Fact]
    public void LeavesWideOrMultiLineOrWideCharacterTablesToSpectre()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "1", "2" } };
        Assert.False(ConsoleTable.TryWrite(TextWriter.Null, 5, null, ["a", "b"], rows, null));          // wider than 5
        Assert.False(ConsoleTable.TryWrite(TextWriter.Null, 200, null, ["a\nb", "c"], rows, null));     // two lines
        Assert.False(ConsoleTable.TryWrite(TextWriter.Null, 200, null, ["名前", "c"], rows, null));      // double-width
        Assert.False(ConsoleTable.TryWrite(TextWriter.Null, 200, new string('t', 40), ["a", "b"], rows, null)); // title wider than the table
        Assert.True(ConsoleTable.TryWrite(TextWriter.Null, 200, "t", ["a", "b"], rows, "c"));
    }
}
