namespace Cohesion.Statistics.Meta;

/// <summary>Variance structures of an <c>~ inner | outer</c> random term (metafor's <c>struct</c>).</summary>
public enum VarianceStructure { CS, HCS, UN, AR, HAR, ID, DIAG }

/// <summary>One formula of metafor's <c>random</c> argument: <c>~ 1 | a/b</c> (nested intercepts, <see cref="Inner"/> null)
/// or <c>~ inner | outer</c>.</summary>
public sealed record RandomFormula(string? Inner, IReadOnlyList<string> Grouping)
{
    public bool IsInnerOuter => Inner is not null;
    public override string ToString() => $"~ {Inner ?? "1"} | {string.Join("/", Grouping)}";
}

public static class RandomFormulas
{
    public static VarianceStructure ParseStruct(string s) =>
        Enum.TryParse<VarianceStructure>(s.Trim(), ignoreCase: true, out var v) && !int.TryParse(s, out _)
            ? v
            : throw new CohesionException($"unknown variance structure '{s}' for the random effects (use CS, HCS, UN, AR, HAR, ID or DIAG)");

    /// <summary>Parses metafor's <c>random</c>: one formula (<c>~ 1 | study/esid</c>, <c>~ outcome | study</c>) or a list
    /// (<c>list(~ 1 | study, ~ 1 | sample)</c>).</summary>
    public static IReadOnlyList<RandomFormula> Parse(string text)
    {
        var t = text.Trim();
        var parts = new List<string>();
        if (t.StartsWith("list(", StringComparison.OrdinalIgnoreCase) && t.EndsWith(')'))
        {
            var inner = t[5..^1];
            int depth = 0, start = 0;
            for (int i = 0; i < inner.Length; i++)
            {
                if (inner[i] == '(') depth++;
                else if (inner[i] == ')') depth--;
                else if (inner[i] == ',' && depth == 0) { parts.Add(inner[start..i]); start = i + 1; }
            }
            parts.Add(inner[start..]);
        }
        else parts.Add(t);
        var result = new List<RandomFormula>();
        foreach (var raw in parts)
        {
            var p = raw.Trim();
            if (p.StartsWith('~')) p = p[1..];
            p = p.Replace("||", "|");
            int bar = p.IndexOf('|');
            if (bar < 0) throw new CohesionException($"random effects must look like \"~ 1 | study/esid\" or \"~ outcome | study\", got \"{raw.Trim()}\"");
            var lhs = p[..bar].Trim();
            var groups = p[(bar + 1)..].Split('/', StringSplitOptions.TrimEntries);
            if (groups.Length == 0 || groups.Any(string.IsNullOrEmpty) || lhs.Length == 0)
                throw new CohesionException($"random effects need a term before and grouping columns after '|', got \"{raw.Trim()}\"");
            if (groups.Any(g => g.Contains(':') || g.Contains('$')))
                throw new CohesionException($"grouping columns in random effects are plain column names (no ':' or '$'), got \"{raw.Trim()}\"");
            if (lhs == "1") result.Add(new RandomFormula(null, groups));
            else
            {
                if (groups.Length > 1) throw new CohesionException($"an '~ inner | outer' term takes a single outer column, not nested ones (\"{raw.Trim()}\")");
                if (lhs.Contains('+') || lhs.Contains('*')) throw new CohesionException($"an '~ inner | outer' term takes a single inner column (\"{raw.Trim()}\")");
                result.Add(new RandomFormula(lhs, groups));
            }
        }
        if (result.Count(r => r.IsInnerOuter) > 2) throw new CohesionException("at most two '~ inner | outer' terms are allowed in the random effects (as metafor)");
        return result;
    }
}

/// <summary>
/// An <c>~ inner | outer</c> term: effects for the levels of <see cref="Inner"/> within each level of <see cref="Outer"/>,
/// correlated as <see cref="Structure"/> says (G, L × L over the sorted inner levels); contributes G[inner(i), inner(j)]
/// to M between rows with the same outer level. Parameters: <see cref="NTau2"/> variances then <see cref="NRho"/> correlations,
/// in metafor's order (UN correlations by columns of the lower triangle).
/// </summary>
public sealed class StructuredTerm
{
    public required VarianceStructure Structure { get; init; }
    public required string InnerName { get; init; }
    public required string OuterName { get; init; }
    /// <summary>Inner level index (0..L−1) of each row.</summary>
    public required int[] Inner { get; init; }
    /// <summary>Outer group code of each row.</summary>
    public required int[] Outer { get; init; }
    public required string[] Levels { get; init; }
    public int L => Levels.Length;
    public int NTau2 => Structure is VarianceStructure.CS or VarianceStructure.AR or VarianceStructure.ID ? 1 : L;
    public int NRho => Structure == VarianceStructure.UN ? Math.Max(1, L * (L - 1) / 2) : 1;
    /// <summary>Variances are carried as standard deviations while fitting (heteroscedastic structures), so that
    /// G stays smooth at a zero variance.</summary>
    internal bool SdScale => Structure is VarianceStructure.HCS or VarianceStructure.HAR or VarianceStructure.UN;

    /// <summary>Position of the correlation between inner levels a &gt; b among the UN correlations.</summary>
    internal static int PairIndex(int a, int b, int l)
    {
        if (a < b) (a, b) = (b, a);
        // column-major lower triangle: column b holds rows b+1..l-1
        int idx = 0;
        for (int c = 0; c < b; c++) idx += l - 1 - c;
        return idx + (a - b - 1);
    }

    private double Var(ReadOnlySpan<double> v, int a) => NTau2 == 1 ? v[0] : v[a];

    /// <summary>G (L × L row-major) from working parameters (variances, or SDs for <see cref="SdScale"/>) and correlations.</summary>
    internal void FillG(ReadOnlySpan<double> vars, ReadOnlySpan<double> rho, double[] g)
    {
        int l = L;
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
            {
                double val;
                if (SdScale)
                {
                    double sa = vars[a], sb = vars[b];
                    val = a == b ? sa * sa : Corr(rho, a, b) * sa * sb;
                }
                else
                {
                    if (a == b) val = Var(vars, a);
                    else val = Structure switch
                    {
                        VarianceStructure.CS => rho[0] * vars[0],
                        VarianceStructure.AR => vars[0] * Math.Pow(rho[0], Math.Abs(a - b)),
                        _ => 0 // ID, DIAG
                    };
                }
                g[a * l + b] = val;
            }
    }

    private double Corr(ReadOnlySpan<double> rho, int a, int b) => Structure switch
    {
        VarianceStructure.HCS => rho[0],
        VarianceStructure.HAR => Math.Pow(rho[0], Math.Abs(a - b)),
        _ => rho[PairIndex(a, b, L)]
    };

    /// <summary>∂G/∂(working parameter q), q over variances/SDs first then correlations.</summary>
    internal void FillDerivative(ReadOnlySpan<double> vars, ReadOnlySpan<double> rho, int q, double[] dg)
    {
        int l = L;
        Array.Clear(dg, 0, l * l);
        int nv = NTau2;
        if (q < nv)
        {
            if (SdScale)
            {
                int a = q;
                for (int b = 0; b < l; b++)
                {
                    if (b == a) dg[a * l + a] = 2 * vars[a];
                    else
                    {
                        double d = Corr(rho, a, b) * vars[b];
                        dg[a * l + b] = d; dg[b * l + a] = d;
                    }
                }
            }
            else if (nv == 1)
            {
                for (int a = 0; a < l; a++)
                    for (int b = 0; b < l; b++)
                        dg[a * l + b] = a == b ? 1 : Structure switch
                        {
                            VarianceStructure.CS => rho[0],
                            VarianceStructure.AR => Math.Pow(rho[0], Math.Abs(a - b)),
                            _ => 0
                        };
            }
            else dg[q * l + q] = 1; // DIAG
            return;
        }
        int r = q - nv;
        for (int a = 0; a < l; a++)
            for (int b = 0; b < l; b++)
            {
                if (a == b) continue;
                int lag = Math.Abs(a - b);
                dg[a * l + b] = Structure switch
                {
                    VarianceStructure.CS => vars[0],
                    VarianceStructure.AR => vars[0] * lag * Math.Pow(rho[0], lag - 1),
                    VarianceStructure.HCS => vars[a] * vars[b],
                    VarianceStructure.HAR => lag * Math.Pow(rho[0], lag - 1) * vars[a] * vars[b],
                    VarianceStructure.UN => PairIndex(a, b, l) == r ? vars[a] * vars[b] : 0,
                    _ => 0
                };
            }
    }
}
