using System.CommandLine;
using System.Globalization;
using Cohesion.Statistics.Survey;
using Cohesion.SurveyAnalysis;

namespace Cohesion.Cli;

/// <summary>
/// The survey-design flags shared by the verbs that take a design (<c>estimate</c>, <c>glm</c>): weights, strata,
/// clusters, fpc, lonely-PSU rule, replicates made from the design, supplied replicate weights (R's svrepdesign),
/// raking and calibration. <see cref="Read"/> turns the parsed flags into a <see cref="SurveyDesignRequest"/>.
/// </summary>
public sealed class DesignOptions
{
    public Option<string?> Weight { get; }
    public Option<string?> Strata { get; } = new("--strata") { Description = "Stratum column (first stage)" };
    public Option<string?> Cluster { get; } = new("--cluster") { Description = "Cluster column per stage, comma-separated (a,b = two-stage id=~a+b); clusters are nested in strata" };
    public Option<string?> Fpc { get; } = new("--fpc") { Description = "Finite population correction per stage, comma-separated: population sizes, or sampling fractions when all values are <= 1" };
    public Option<string> Lonely { get; } = new("--lonely-psu") { Description = "Strata with one PSU: fail|adjust|average|certainty|remove (R's survey.lonely.psu)", DefaultValueFactory = _ => "fail" };
    public Option<string?> Replicates { get; } = new("--replicates") { Description = "jk1|jkn|bootstrap|brr: build replicate weights from the design (as.svrepdesign) and use them for the SEs" };
    public Option<int> BootstrapReplicates { get; } = new("--bootstrap-replicates") { Description = "Number of bootstrap replicates", DefaultValueFactory = _ => 50 };
    public Option<bool> Mse { get; } = new("--mse") { Description = "Replicate variances around the full-sample estimate (R's mse=TRUE)" };
    public ReplicateWeightOptions Supplied { get; } = new();
    public Option<string[]> Rake { get; } = new("--rake") { Description = "Rake to population margins: COL=LEVEL:TOTAL,LEVEL:TOTAL (repeat per margin)", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [] };
    public Option<string?> Calibrate { get; } = new("--calibrate") { Description = "Calibrate to population totals (R's calibrate()): a one-sided formula, e.g. \"~ sex + agegroup + income\"" };
    public Option<string?> Population { get; } = new("--population") { Description = "Population totals for --calibrate: a file with columns term,total using R's model-matrix term names ((Intercept), sexfemale, ...)" };
    public Option<string> Calfun { get; } = new("--calfun") { Description = "Calibration distance: linear|raking|logit", DefaultValueFactory = _ => "linear" };
    public Option<string?> Bounds { get; } = new("--bounds") { Description = "Bounds L,U on the calibration weight ratio g (needed for logit), e.g. 0.5,2" };

    public DesignOptions(bool weightRequired)
    {
        Weight = new Option<string?>("--weight") { Description = "Sampling weight column (> 0)", Required = weightRequired };
        Lonely.AcceptOnlyFromAmong("fail", "adjust", "average", "certainty", "remove");
        IgnoreCase(Replicates, "jk1", "jkn", "bootstrap", "brr");
        IgnoreCase(Calfun, "linear", "raking", "logit");
    }

    public IEnumerable<Option> All => [Weight, Strata, Cluster, Fpc, Lonely, Replicates, BootstrapReplicates, Mse, .. Supplied.All, Rake, Calibrate, Population, Calfun, Bounds];

    public void AddTo(Command cmd)
    {
        foreach (var o in All) cmd.Options.Add(o);
    }

    /// <summary>The design request from the parsed flags; flag combinations that cannot work are usage errors.</summary>
    public SurveyDesignRequest Read(ParseResult r, int seed)
    {
        var clusters = Split(r.GetValue(Cluster));
        var fpc = Split(r.GetValue(Fpc));
        if (fpc.Length > 0 && fpc.Length != Math.Max(1, clusters.Length))
            throw new UsageException($"--fpc needs one column per stage: {Math.Max(1, clusters.Length)} stage(s) but {fpc.Length} fpc column(s)");
        var supplied = Supplied.Read(r, r.GetValue(Mse));
        if (supplied is not null)
        {
            if (r.GetValue(Strata) is not null || clusters.Length > 0 || fpc.Length > 0)
                throw new UsageException("--repweights replaces --strata, --cluster and --fpc (supplied replicate weights carry the design)");
            if (r.GetValue(Replicates) is not null) throw new UsageException("give either --repweights or --replicates, not both");
        }

        CalibrationRequest? cal = null;
        var calFormula = r.GetValue(Calibrate);
        var population = r.GetValue(Population);
        if (calFormula is null != population is null)
            throw new UsageException(calFormula is null ? "--population needs --calibrate \"~ x1 + x2\"" : "--calibrate needs --population totals.csv (columns term,total)");
        if (calFormula is not null)
        {
            var (lower, upper) = r.GetValue(Bounds) is { } b ? ParseBounds(b) : (double.NegativeInfinity, double.PositiveInfinity);
            var fun = CalibrationRequest.ParseFunction(r.GetValue(Calfun)!);
            if (fun == CalibrationFunction.Logit && !(double.IsFinite(lower) && double.IsFinite(upper)))
                throw new UsageException("--calfun logit needs finite --bounds L,U with L < 1 < U, e.g. --bounds 0.5,2");
            cal = new CalibrationRequest { Formula = calFormula, PopulationFile = population, Function = fun, Lower = lower, Upper = upper };
        }
        else if (r.GetValue(Bounds) is not null || !string.Equals(r.GetValue(Calfun), "linear", StringComparison.OrdinalIgnoreCase))
            throw new UsageException("--calfun and --bounds are options of --calibrate");

        var reps = r.GetValue(Replicates)?.ToLowerInvariant();
        return new SurveyDesignRequest
        {
            Weight = r.GetValue(Weight), Strata = r.GetValue(Strata), Clusters = clusters, Fpc = fpc,
            LonelyPsu = Enum.Parse<LonelyPsu>(r.GetValue(Lonely)!, ignoreCase: true),
            Replicates = reps is null ? null : ParseReplicateType(reps), BootstrapReplicates = r.GetValue(BootstrapReplicates), Seed = seed,
            Mse = r.GetValue(Mse), SuppliedReplicates = supplied, Rake = r.GetValue(Rake) ?? [], Calibration = cal,
        };
    }

    private static (double, double) ParseBounds(string text)
    {
        try { return CalibrationRequest.ParseBounds(text); }
        catch (Statistics.CohesionException e) { throw new UsageException($"--bounds: {e.Message}"); }
    }

    public static ReplicateType ParseReplicateType(string t) => t.ToLowerInvariant() switch
    {
        "jk1" => ReplicateType.JK1, "jkn" => ReplicateType.JKn, "brr" => ReplicateType.BRR, "fay" => ReplicateType.Fay,
        "bootstrap" => ReplicateType.Bootstrap,
        _ => throw new UsageException($"unknown replicate type '{t}'"),
    };

    /// <summary>Accepts one of <paramref name="allowed"/>, ignoring case (R users write JK1, BRR).</summary>
    public static void IgnoreCase<T>(Option<T> option, params string[] allowed) =>
        option.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (!allowed.Contains(t.Value, StringComparer.OrdinalIgnoreCase))
                    r.AddError($"{option.Name} must be one of {string.Join(", ", allowed)}, not '{t.Value}'");
        });

    public static string[] Split(string? s) =>
        s is null ? [] : s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The flags of replicate weights shipped with the data (R's <c>svrepdesign</c>): --repweights, --repweights-type,
/// --rho, --scale, --rscales (with the verb's --mse).</summary>
public sealed class ReplicateWeightOptions
{
    public Option<string?> RepWeights { get; } = new("--repweights") { Description = "Regular expression selecting replicate weight columns shipped with the data (R's svrepdesign(repweights=)); full weights, as R's combined.weights=TRUE" };
    public Option<string?> RepWeightsType { get; } = new("--repweights-type") { Description = "BRR|Fay|JK1|JKn|bootstrap: the kind of the supplied replicate weights" };
    public Option<double?> Rho { get; } = new("--rho") { Description = "Fay's rho (with --repweights-type Fay)" };
    public Option<double?> Scale { get; } = new("--scale") { Description = "Overall variance scale of supplied replicate weights (default as R: JK1 (R-1)/R, bootstrap 1/(R-1), else 1)" };
    public Option<string?> Rscales { get; } = new("--rscales") { Description = "Per-replicate scales: comma-separated values, or a file with one value per line (JKn: (n_h-1)/n_h)" };

    public ReplicateWeightOptions() => DesignOptions.IgnoreCase(RepWeightsType, "BRR", "Fay", "JK1", "JKn", "bootstrap");

    public IEnumerable<Option> All => [RepWeights, RepWeightsType, Rho, Scale, Rscales];

    /// <summary>The supplied replicate columns, or null without --repweights; flag combinations that cannot work are usage errors.</summary>
    public ReplicateColumns? Read(ParseResult r, bool mse)
    {
        var pattern = r.GetValue(RepWeights);
        var type = r.GetValue(RepWeightsType);
        if (pattern is null != type is null)
            throw new UsageException(pattern is null ? "--repweights-type needs --repweights REGEX" : "--repweights needs --repweights-type BRR|Fay|JK1|JKn|bootstrap");
        if (pattern is null)
        {
            if (r.GetValue(Rho) is not null || r.GetValue(Scale) is not null || r.GetValue(Rscales) is not null)
                throw new UsageException("--rho, --scale and --rscales describe supplied replicate weights: use them with --repweights");
            return null;
        }
        var t = DesignOptions.ParseReplicateType(type!);
        if (t == ReplicateType.Fay && r.GetValue(Rho) is null) throw new UsageException("--repweights-type Fay needs --rho");
        if (t != ReplicateType.Fay && r.GetValue(Rho) is not null) throw new UsageException("--rho is only used with --repweights-type Fay");
        return new ReplicateColumns { Pattern = pattern, Type = t, Rho = r.GetValue(Rho), Scale = r.GetValue(Scale), Rscales = ParseRscales(r.GetValue(Rscales)), Mse = mse };
    }

    /// <summary>--rscales: comma-separated numbers, or a file with one number per line (or a one-column table).</summary>
    private static double[]? ParseRscales(string? text)
    {
        if (text is null) return null;
        IEnumerable<string> items;
        if (File.Exists(text))
            items = File.ReadAllLines(text).Select(l => l.Trim()).Where(l => l.Length > 0)
                .Where(l => double.TryParse(l.Split(',')[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _)).Select(l => l.Split(',')[^1]);
        else items = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<double>();
        foreach (var s in items)
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new UsageException($"--rscales: '{s}' is not a number (give comma-separated values or a file with one value per line)");
            values.Add(v);
        }
        if (values.Count == 0) throw new UsageException($"--rscales '{text}': no values");
        return values.ToArray();
    }
}
