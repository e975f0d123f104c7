using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using DuckDB.NET.Data;

namespace Cohesion.Data;

/// <summary>One data set in the catalogue.</summary>
public sealed record CatalogueEntry(string Name, long Rows, int Columns, string Source, string SourceHash, DateTimeOffset ImportedAt);

/// <summary>
/// The embedded DuckDB database that holds imported data sets by name: <c>$COHESION_HOME/cohesion.duckdb</c>,
/// by default <c>~/.cohesion/cohesion.duckdb</c>. Each data set is a table <c>ds_NAME</c> (numeric → DOUBLE,
/// categorical → VARCHAR) plus a row in <c>cohesion_datasets</c> with its source file, the file's SHA-256, the
/// import time and the labels (<see cref="FrameMetadata"/>). Imports and stores run in one transaction: a
/// failure leaves the catalogue as it was. Result tables from other parts of Cohesion are stored the same way
/// (<see cref="Store"/>).
/// </summary>
public sealed class Catalogue
{
    private static readonly Regex NamePattern = new("^[A-Za-z][A-Za-z0-9_\\-]{0,62}$", RegexOptions.CultureInvariant);

    public Catalogue(string? databasePath = null) => DatabasePath = Path.GetFullPath(databasePath ?? DefaultPath);

    public string DatabasePath { get; }

    /// <summary><c>$COHESION_HOME/cohesion.duckdb</c>, else <c>~/.cohesion/cohesion.duckdb</c>.</summary>
    public static string DefaultPath
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("COHESION_HOME");
            if (string.IsNullOrEmpty(home))
                home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cohesion");
            return Path.Combine(home, "cohesion.duckdb");
        }
    }

    public bool Exists => File.Exists(DatabasePath);

    public static void ValidateName(string name)
    {
        if (!NamePattern.IsMatch(name))
            throw new CohesionException($"'{name}' is not a valid data set name: start with a letter, then letters, digits, '_' or '-' (at most 63)");
    }

    /// <summary>A valid data set name made from a file name: <c>Kerncijfers 2019.csv</c> → <c>Kerncijfers_2019</c>.</summary>
    public static string NameFromFile(string path)
    {
        var (file, sheet) = XlsxReader.SplitSheet(path);
        var stem = Path.GetFileName(file);
        while (Path.GetExtension(stem).Length > 0) stem = Path.GetFileNameWithoutExtension(stem);
        if (sheet is not null) stem += "_" + sheet;
        var chars = stem.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_').ToArray();
        var name = new string(chars);
        if (name.Length == 0 || !char.IsAsciiLetter(name[0])) name = "d" + name;
        return name.Length > 63 ? name[..63] : name;
    }

    /// <summary>How long to wait for another process that holds the database's lock.</summary>
    public static TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(60);

    private DuckDBConnection Open(bool readOnly)
    {
        if (!readOnly) Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        // DuckDB lets one process write a database file at a time: another process importing or dropping holds the
        // lock for the length of its transaction, so wait for it (up to LockWait) instead of failing at once
        var deadline = DateTime.UtcNow + LockWait;
        var delay = TimeSpan.FromMilliseconds(25);
        DuckDBConnection con;
        while (true)
        {
            con = new DuckDBConnection($"DataSource={DatabasePath}{(readOnly ? ";ACCESS_MODE=READ_ONLY" : "")}");
            try
            {
                con.Open();
                break;
            }
            catch (DuckDBException e)
            {
                con.Dispose();
                bool locked = e.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase);
                if (locked && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(delay);
                    delay = TimeSpan.FromMilliseconds(Math.Min(500, delay.TotalMilliseconds * 2));
                    continue;
                }
                throw new CohesionException(locked
                    ? $"the catalogue database is in use by another process and stayed locked for {LockWait.TotalSeconds:0} s; try again when it has finished ({FirstLine(e.Message)})"
                    : $"cannot open the catalogue database: {FirstLine(e.Message)}", DatabasePath, inner: e);
            }
        }
        if (!readOnly)
            DuckDbFrames.Execute(con, """
                CREATE TABLE IF NOT EXISTS cohesion_datasets (
                  name VARCHAR PRIMARY KEY, table_name VARCHAR NOT NULL, n_rows BIGINT NOT NULL, n_columns INTEGER NOT NULL,
                  source VARCHAR NOT NULL, source_hash VARCHAR NOT NULL, imported_at TIMESTAMPTZ NOT NULL, metadata VARCHAR)
                """);
        if (!readOnly)
            DuckDbFrames.Execute(con, "CREATE TABLE IF NOT EXISTS cohesion_manifests (name VARCHAR PRIMARY KEY, manifest VARCHAR NOT NULL)");
        return con;
    }

    private static bool HasCatalogueTable(DuckDBConnection con) => HasTable(con, "cohesion_datasets");

    /// <summary>Reads a file (any supported format) and stores it as <paramref name="name"/>. With
    /// <paramref name="replace"/> false an existing name is an error.</summary>
    public CatalogueEntry Import(string file, string name, bool replace = false)
    {
        ValidateName(name);
        var frame = DatasetLoader.LoadFile(file);          // all parsing before the database is touched
        var (path, _) = XlsxReader.SplitSheet(file);
        return Store(name, frame, Path.GetFullPath(file), HashFile(path), replace);
    }

    /// <summary>Stores a frame (e.g. a result table) under <paramref name="name"/> in one transaction, with an optional
    /// manifest (JSON: what the result was computed from, read back by <see cref="Manifest"/>; in <c>cohesion_manifests</c>).</summary>
    public CatalogueEntry Store(string name, DataFrame frame, string source, string? sourceHash = null, bool replace = true, string? manifest = null)
    {
        ValidateName(name);
        if (frame.Columns.Count == 0) throw new CohesionException("a data set needs at least one column", source);
        var table = "ds_" + name;
        var entry = new CatalogueEntry(name, frame.RowCount, frame.Columns.Count, source, sourceHash ?? "", DateTimeOffset.UtcNow);
        using var con = Open(readOnly: false);
        DuckDbFrames.Execute(con, "BEGIN TRANSACTION");
        try
        {
            bool exists = DuckDbFrames.Scalar(con, "SELECT 1 FROM cohesion_datasets WHERE name = $name", ("name", name)) is not null;
            if (exists && !replace)
                throw new CohesionException($"a data set named '{name}' already exists in the catalogue (use --replace, or 'cohesion data drop {name}')", DatabasePath);
            DuckDbFrames.Execute(con, $"DROP TABLE IF EXISTS {DuckDbFrames.Quote(table)}");
            DuckDbFrames.Execute(con, "DELETE FROM cohesion_datasets WHERE name = $name", ("name", name));
            DuckDbFrames.Execute(con, "DELETE FROM cohesion_manifests WHERE name = $name", ("name", name));
            DuckDbFrames.CreateTable(con, table, frame);
            if (manifest is not null)
                DuckDbFrames.Execute(con, "INSERT INTO cohesion_manifests VALUES ($name, $manifest)", ("name", name), ("manifest", manifest));
            DuckDbFrames.Execute(con,
                "INSERT INTO cohesion_datasets VALUES ($name, $table, $rows, $cols, $source, $hash, $at, $meta)",
                ("name", name), ("table", table), ("rows", (long)frame.RowCount), ("cols", frame.Columns.Count),
                ("source", source), ("hash", entry.SourceHash), ("at", entry.ImportedAt.UtcDateTime), ("meta", FrameMetadata.ToJson(frame)));
            DuckDbFrames.Execute(con, "COMMIT");
        }
        catch (Exception e)
        {
            try { DuckDbFrames.Execute(con, "ROLLBACK"); } catch (DuckDBException) { /* already rolled back */ }
            if (e is DuckDBException de) throw new CohesionException($"storing '{name}' failed: {FirstLine(de.Message)}", DatabasePath, inner: de);
            throw;
        }
        return entry;
    }

    public IReadOnlyList<CatalogueEntry> List()
    {
        if (!Exists) return [];
        using var con = Open(readOnly: true);
        if (!HasCatalogueTable(con)) return [];
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SELECT name, n_rows, n_columns, source, source_hash, imported_at FROM cohesion_datasets ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<CatalogueEntry>();
        while (r.Read())
        {
            var at = r.GetValue(5) switch
            {
                DateTimeOffset dto => dto,
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                var other => DateTimeOffset.Parse(other.ToString()!, System.Globalization.CultureInfo.InvariantCulture)
            };
            list.Add(new CatalogueEntry(r.GetString(0), r.GetInt64(1), r.GetInt32(2), r.GetString(3), r.GetString(4), at.ToUniversalTime()));
        }
        return list;
    }

    /// <summary>The manifest stored with a data set (<see cref="Store"/>), or null when it has none.</summary>
    public string? Manifest(string name)
    {
        if (!Exists || !NamePattern.IsMatch(name)) return null;
        using var con = Open(readOnly: true);
        return HasTable(con, "cohesion_manifests")
            ? DuckDbFrames.Scalar(con, "SELECT manifest FROM cohesion_manifests WHERE name = $name", ("name", name)) as string : null;
    }

    /// <summary>Every data set that has a manifest, by name: (name, manifest JSON).</summary>
    public IReadOnlyList<(string Name, string Manifest)> Manifests()
    {
        if (!Exists) return [];
        using var con = Open(readOnly: true);
        if (!HasTable(con, "cohesion_manifests")) return [];
        using var cmd = con.CreateCommand();
        cmd.CommandText = "SELECT name, manifest FROM cohesion_manifests ORDER BY name";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetString(1)));
        return list;
    }

    private static bool HasTable(DuckDBConnection con, string table) =>
        Convert.ToInt64(DuckDbFrames.Scalar(con, "SELECT count(*) FROM information_schema.tables WHERE table_name = $t", ("t", table))) > 0;

    public bool Contains(string name)
    {
        if (!Exists || !NamePattern.IsMatch(name)) return false;
        using var con = Open(readOnly: true);
        return HasCatalogueTable(con) && DuckDbFrames.Scalar(con, "SELECT 1 FROM cohesion_datasets WHERE name = $name", ("name", name)) is not null;
    }

    /// <summary>The data set as a frame, with its labels and level orders.</summary>
    public DataFrame Load(string name)
    {
        if (!Exists) throw new CohesionException($"no data set named '{name}' (the catalogue {DatabasePath} does not exist yet; import with 'cohesion data import FILE --name {name}')", name);
        using var con = Open(readOnly: true);
        if (!HasCatalogueTable(con) || DuckDbFrames.Scalar(con, "SELECT table_name FROM cohesion_datasets WHERE name = $name", ("name", name)) is not string table)
            throw new CohesionException($"no data set named '{name}' in the catalogue {DatabasePath}", name);
        var meta = DuckDbFrames.Scalar(con, "SELECT metadata FROM cohesion_datasets WHERE name = $name", ("name", name)) as string;
        var frame = DuckDbFrames.Query(con, $"SELECT * FROM {DuckDbFrames.Quote(table)}", name);
        return FrameMetadata.Apply(frame, meta);
    }

    /// <summary>Removes a data set; false when there was none of that name.</summary>
    public bool Drop(string name)
    {
        if (!Exists) return false;
        using var con = Open(readOnly: false);
        DuckDbFrames.Execute(con, "BEGIN TRANSACTION");
        try
        {
            if (DuckDbFrames.Scalar(con, "SELECT table_name FROM cohesion_datasets WHERE name = $name", ("name", name)) is not string table)
            {
                DuckDbFrames.Execute(con, "ROLLBACK");
                return false;
            }
            DuckDbFrames.Execute(con, $"DROP TABLE IF EXISTS {DuckDbFrames.Quote(table)}");
            DuckDbFrames.Execute(con, "DELETE FROM cohesion_datasets WHERE name = $name", ("name", name));
            DuckDbFrames.Execute(con, "DELETE FROM cohesion_manifests WHERE name = $name", ("name", name));
            DuckDbFrames.Execute(con, "COMMIT");
            return true;
        }
        catch
        {
            try { DuckDbFrames.Execute(con, "ROLLBACK"); } catch (DuckDBException) { /* already rolled back */ }
            throw;
        }
    }

    public static string HashFile(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    private static string FirstLine(string s)
    {
        int nl = s.IndexOf('\n');
        return nl < 0 ? s : s[..nl];
    }
}
