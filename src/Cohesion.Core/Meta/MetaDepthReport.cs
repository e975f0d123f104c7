using System.Globalization;
using System.Text;
using Cohesion.Statistics.Meta;

namespace Cohesion.Meta;

/// <summary>Text for the parts of a fit added in issue 20 (printed by <see cref="MetaReport"/>): structured variance
/// components, Mantel–Haenszel tests, the btt test, profile intervals, leave-one-out with moderators, influence.</summary>
public static class MetaDepthReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string N4(double v) => double.IsNaN(v) ? "NA" : v.ToString("0.0000", Inv);
    private static string Pv(double p) => double.IsNaN(p) ? "NA" : p < 0.0001 ? "<.0001" : p.ToString("0.0000", Inv);

    /// <summary>τ²/ρ (and γ²/φ) of the ~ inner | outer terms, as metafor prints them.</summary>
    public static void StructuredComponents(StringBuilder sb, MetaMvFit mv)
    {
        for (int g = 0; g < mv.StructuredTerms.Length; g++)
        {
            var t = mv.StructuredTerms[g];
            string v = g == 0 ? "tau^2" : "gamma^2", c = g == 0 ? "rho" : "phi";
            var vars = g == 0 ? mv.Tau2 : mv.Gamma2;
            var cors = g == 0 ? mv.Rho : mv.Phi;
            sb.AppendLine();
            sb.AppendLine(Inv, $"outer factor: {t.OuterName} (nlvls = {t.Outer.Distinct().Count()}); inner factor: {t.InnerName} (nlvls = {t.L}); struct = {t.Structure}");
            for (int a = 0; a < vars.Length; a++)
            {
                string name = vars.Length == 1 ? v : $"{v}.{a + 1}";
                string level = vars.Length == 1 ? "" : t.Levels[a];
                sb.AppendLine(Inv, $"{name,-10} {N4(vars[a]),8} {N4(Math.Sqrt(vars[a])),8}  {level}");
            }
            if (t.Structure is VarianceStructure.ID or VarianceStructure.DIAG) continue;
            for (int r = 0; r < cors.Length; r++)
                sb.AppendLine(Inv, $"{(cors.Length == 1 ? c : $"{c}.{r + 1}"),-10} {N4(cors[r]),8}");
        }
    }

    /// <summary>Everything printed after the coefficient table.</summary>
    public static void Extras(StringBuilder sb, MetaFitSummary r)
    {
        if (r.Pooled is { } pf)
        {
            bool logScale = pf.Measure is EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.IRR;
            if (logScale)
                sb.AppendLine(Inv, $"\nModel results ({pf.Measure} scale): estimate {N4(Math.Exp(pf.Estimate))}, CI [{N4(Math.Exp(pf.CiLower))}, {N4(Math.Exp(pf.CiUpper))}]");
            if (pf.Cmh is { } cmh)
                sb.AppendLine(Inv, $"{(pf.Measure == EffectMeasure.OR ? "Cochran-Mantel-Haenszel Test" : "Mantel-Haenszel Test")}: CMH = {N4(cmh.Statistic)}, df = 1, p-val = {Pv(cmh.P)}");
            if (pf.Tarone is { } ta)
                sb.AppendLine(Inv, $"Tarone's Test for Heterogeneity: X^2 = {N4(ta.Statistic)}, df = {ta.Df}, p-val = {Pv(ta.P)}");
        }
        if (r.Profile is { Count: > 0 } prof)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"{r.Level * 100:0}% confidence intervals of the variance components ({(r.Mv is not null ? "profile likelihood" : "Q-profile")}):");
            sb.AppendLine(Inv, $"{"",-12} {"estimate",9} {"ci.lb",9} {"ci.ub",9}");
            foreach (var x in prof) sb.AppendLine(Inv, $"{x.Component,-12} {N4(x.Estimate),9} {N4(x.Lower),9} {N4(x.Upper),9}");
        }
        if (r.LeaveOneOut is { } loo && r.Coefficients.Count > 1)
        {
            sb.AppendLine();
            sb.AppendLine("Leave-one-out (meta-regression refitted without each study) / weglaten van één studie:");
            sb.Append($"{"omitted",-24}");
            foreach (var c in r.Coefficients) sb.Append(Inv, $" {Trim(c.Term, 12),12}");
            sb.AppendLine(Inv, $" {"tau2",9} {"Q",9}");
            foreach (var x in loo)
            {
                sb.Append(Trim(r.Labels[x.Omitted], 24).PadRight(24));
                foreach (var b in x.Coefficients) sb.Append(Inv, $" {N4(b),12}");
                sb.AppendLine(Inv, $" {N4(x.Tau2),9} {N4(x.Q),9}");
            }
        }
        if (r.Influence is { } inf)
        {
            sb.AppendLine();
            sb.AppendLine("Influence diagnostics (influence.rma.uni) / invloedrijke studies:");
            sb.AppendLine(Inv, $"{"",-24} {"rstudent",9} {"dffits",9} {"cook.d",9} {"cov.r",9} {"tau2.del",9} {"QE.del",9} {"hat",7} {"weight",7} inf");
            foreach (var x in inf)
                sb.AppendLine(Inv, $"{Trim(r.Labels[x.Row], 24),-24} {N4(x.Rstudent),9} {N4(x.Dffits),9} {N4(x.CooksDistance),9} {N4(x.CovRatio),9} {N4(x.Tau2Deleted),9} {N4(x.QEDeleted),9} {x.Hat.ToString("0.000", Inv),7} {x.Weight.ToString("0.00", Inv),7} {(x.Influential ? "*" : "")}");
        }
    }

    /// <summary>The heading of the test of moderators, metafor style (positions of btt).</summary>
    public static string ModeratorTest(MetaFitSummary r, CoefficientTest t)
    {
        string which = string.Join(",", Ranges(t.Coefficients));
        string stat = double.IsNaN(t.Df2)
            ? $"QM(df = {t.Df1}) = {N4(t.Statistic)}"
            : $"F(df1 = {t.Df1}, df2 = {t.Df2.ToString("0.##", Inv)}) = {N4(t.Statistic)}";
        return $"Test of Moderators (coefficient{(t.Coefficients.Length > 1 ? "s" : "")} {which}):\n{stat}, p-val {(t.P < 0.0001 ? "< .0001" : "= " + Pv(t.P))}";
    }

    private static IEnumerable<string> Ranges(int[] pos)
    {
        int i = 0;
        while (i < pos.Length)
        {
            int j = i;
            while (j + 1 < pos.Length && pos[j + 1] == pos[j] + 1) j++;
            yield return j > i ? $"{pos[i]}:{pos[j]}" : pos[i].ToString(Inv);
            i = j + 1;
        }
    }

    private static string Trim(string s, int n) => s.Length > n ? s[..n] : s;
}
