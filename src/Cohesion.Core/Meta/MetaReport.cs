using System.Globalization;
using System.Text;
using Cohesion.Statistics.Meta;

namespace Cohesion.Meta;

/// <summary>metafor-style text output of a <see cref="MetaFitSummary"/> (what <c>print(rma(...))</c> shows).</summary>
public static class MetaReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string N4(double v) => double.IsNaN(v) ? "NA" : v.ToString("0.0000", Inv);
    private static string Pv(double p) => double.IsNaN(p) ? "NA" : p < 0.0001 ? "<.0001" : p.ToString("0.0000", Inv);
    private static string Stars(double p) => p < 0.001 ? "***" : p < 0.01 ? "**" : p < 0.05 ? "*" : p < 0.1 ? "." : "";

    /// <param name="parameterName">How a note names a library parameter (the CLI passes its flags); default: by name.</param>
    public static string Render(MetaFitSummary r, Func<string, string>? parameterName = null)
    {
        var sb = new StringBuilder();
        bool mv = r.Mv is not null;
        int p = r.Coefficients.Count;
        if (mv)
        {
            sb.AppendLine(Inv, $"Multivariate Meta-Analysis Model (k = {r.K}; method: {r.Method})");
            sb.AppendLine();
            sb.AppendLine("Variance Components / variantiecomponenten:");
            var names = r.Sigma2Names;
            if (names.Length > 0)
            {
                sb.AppendLine();
                int w = Math.Max(6, names.Max(n => n.Length));
                sb.AppendLine(Inv, $"{"",-10} {"estim",8} {"sqrt",8} {"nlvls",6} {"fixed",6}  {"factor".PadLeft(w)}");
                for (int l = 0; l < r.Sigma2.Length; l++)
                    sb.AppendLine(Inv, $"{"sigma^2." + (l + 1),-10} {N4(r.Sigma2[l]),8} {N4(Math.Sqrt(r.Sigma2[l])),8} {r.Sigma2Levels[l],6} {"no",6}  {names[l].PadLeft(w)}");
            }
            MetaDepthReport.StructuredComponents(sb, r.Mv!);
        }
        else if (r.Pooled is { } pooled)
        {
            sb.AppendLine(Inv, $"Equal-Effects Model (k = {r.K}; {(pooled.Method == "PETO" ? "Peto's method" : "Mantel-Haenszel method")}; {pooled.Measure})");
            sb.AppendLine();
            sb.AppendLine(Inv, $"I^2 (total heterogeneity / total variability):  {r.I2.ToString("0.00", Inv)}%");
            sb.AppendLine(Inv, $"H^2 (total variability / sampling variability): {r.H2.ToString("0.00", Inv)}");
        }
        else
        {
            string kind = r.Method == "FE" ? "Fixed-Effects Model" : p > 1 ? "Mixed-Effects Model" : "Random-Effects Model";
            sb.AppendLine(Inv, $"{kind} (k = {r.K}; tau^2 estimator: {r.Method})");
            if (r.Method != "FE")
            {
                sb.AppendLine();
                string resid = p > 1 ? "residual" : "total";
                sb.AppendLine(Inv, $"tau^2 (estimated amount of {resid} heterogeneity):  {N4(r.Tau2)}{(double.IsNaN(r.SeTau2) ? "" : $" (SE = {N4(r.SeTau2)})")}");
                sb.AppendLine(Inv, $"tau (square root of estimated tau^2 value):      {N4(Math.Sqrt(r.Tau2))}");
                sb.AppendLine(Inv, $"I^2 ({resid} heterogeneity / {(p > 1 ? "unaccounted" : "total")} variability):   {r.I2.ToString("0.00", Inv)}%");
                sb.AppendLine(Inv, $"H^2 ({(p > 1 ? "unaccounted" : "total")} variability / sampling variability):  {r.H2.ToString("0.00", Inv)}");
                if (!double.IsNaN(r.Tau2Ci[0]))
                    sb.AppendLine(Inv, $"tau^2 {r.Level * 100:0}% CI (Q-profile):                   [{N4(r.Tau2Ci[0])}, {N4(r.Tau2Ci[1])}]");
            }
        }
        sb.AppendLine();
        sb.AppendLine(p > 1 ? "Test for Residual Heterogeneity:" : "Test for Heterogeneity:");
        sb.AppendLine(Inv, $"Q{(p > 1 ? "E" : "")}(df = {r.QDf}) = {N4(r.Q)}, p-val {(r.QP < 0.0001 ? "< .0001" : "= " + Pv(r.QP))}");
        if ((r.QmTest ?? (p > 1 ? r.Mv?.QmTest : null)) is { } qmt)
        {
            sb.AppendLine();
            sb.AppendLine(MetaDepthReport.ModeratorTest(r, qmt));
        }
        else if (p > 1)
        {
            sb.AppendLine();
            sb.AppendLine(r.Test == "z"
                ? $"Test of Moderators (coefficients 2:{p}):\nQM(df = {r.QMdf}) = {N4(r.QM)}, p-val {(r.QMp < 0.0001 ? "< .0001" : "= " + Pv(r.QMp))}"
                : $"Test of Moderators (coefficients 2:{p}):\nF(df1 = {r.QMdf}, df2 = {r.QDf}) = {N4(r.QM)}, p-val {(r.QMp < 0.0001 ? "< .0001" : "= " + Pv(r.QMp))}");
        }
        sb.AppendLine();
        sb.AppendLine("Model Results / modelresultaten:");
        sb.AppendLine();
        string statName = r.Test == "z" ? "zval" : "tval";
        int tw = Math.Max(8, r.Coefficients.Max(c => c.Term.Length));
        if (p > 1 || mv) sb.Append(new string(' ', tw + 1));
        sb.AppendLine(Inv, $"{"estimate",9} {"se",8} {statName,8} {"pval",8} {"ci.lb",9} {"ci.ub",9}");
        foreach (var c in r.Coefficients)
        {
            if (p > 1 || mv) sb.Append(c.Term.PadRight(tw + 1));
            sb.AppendLine(Inv, $"{N4(c.Estimate),9} {N4(c.StdError),8} {N4(c.Statistic),8} {Pv(c.PValue),8} {N4(c.CiLower),9} {N4(c.CiUpper),9}  {Stars(c.PValue)}");
        }
        sb.AppendLine();
        sb.AppendLine("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1");
        if (p == 1 && double.IsFinite(r.PiLower))
            sb.AppendLine(Inv, $"\nPrediction interval / voorspellingsinterval ({r.Level * 100:0}%): [{N4(r.PiLower)}, {N4(r.PiUpper)}]");
        MetaDepthReport.Extras(sb, r);
        if (r.Robust is { } rb)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"Cluster-robust inference ({rb.Type}{(rb.Type == "CR2" ? ", Satterthwaite df" : $", df = {rb.Clusters} - {p}")}; {rb.Clusters} clusters):");
            if (p > 1 || mv) sb.Append(new string(' ', tw + 1));
            sb.AppendLine(Inv, $"{"estimate",9} {"se",8} {"tval",8} {"df",8} {"pval",8} {"ci.lb",9} {"ci.ub",9}");
            for (int j = 0; j < p; j++)
            {
                if (p > 1 || mv) sb.Append(r.Coefficients[j].Term.PadRight(tw + 1));
                sb.AppendLine(Inv, $"{N4(rb.Estimate[j]),9} {N4(rb.Se[j]),8} {N4(rb.Statistic[j]),8} {rb.Df[j].ToString("0.00", Inv),8} {Pv(rb.P[j]),8} {N4(rb.CiLower[j]),9} {N4(rb.CiUpper[j]),9}  {Stars(rb.P[j])}");
            }
        }
        if (r.Egger is { } e)
        {
            sb.AppendLine();
            sb.AppendLine("Regression Test for Funnel Plot Asymmetry (Egger; predictor: standard error):");
            sb.AppendLine(Inv, $"test for funnel plot asymmetry: {(e.Test == "z" ? "z" : "t")} = {N4(e.Statistic)}{(double.IsNaN(e.Df) ? "" : $", df = {e.Df}")}, p = {Pv(e.P)}");
            sb.AppendLine(Inv, $"limit estimate (as sei -> 0):   b = {N4(e.LimitEstimate)} (CI: {N4(e.LimitCiLower)}, {N4(e.LimitCiUpper)})");
        }
        if (r.TrimFill is { } tf)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"Trim-and-fill (L0): estimated number of missing studies on the {tf.Side} side: {tf.K0} (SE = {N4(tf.SeK0)})");
            sb.AppendLine(Inv, $"adjusted estimate / gecorrigeerde schatting: {N4(tf.Estimate)} (SE = {N4(tf.Se)}, CI: {N4(tf.CiLower)}, {N4(tf.CiUpper)})");
        }
        if (r.PetPeese is { } pp)
        {
            sb.AppendLine(Inv, $"PET: {N4(pp.PetEstimate)} (SE = {N4(pp.PetSe)}, p = {Pv(pp.PetP)}); PEESE: {N4(pp.PeeseEstimate)} (SE = {N4(pp.PeeseSe)}); conditional PET-PEESE uses {pp.Chosen}: {N4(pp.Estimate)}");
        }
        if (r.Permutation is { } pm)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"Permutation test ({(pm.Exact ? "exact" : "approximate")}, {pm.Iterations} iterations):");
            for (int j = 0; j < p; j++) sb.AppendLine(Inv, $"  {r.Coefficients[j].Term.PadRight(tw)}  p = {pm.P[j].ToString("0.0000", Inv)}");
            if (p > 1) sb.AppendLine(Inv, $"  omnibus test of moderators: p = {pm.QMp.ToString("0.0000", Inv)}");
        }
        string? algorithm = r.Mv is not null ? "Fisher scoring on the variance components (REML/ML)"
            : r.Method is "REML" or "ML" or "EB" ? "Fisher scoring for tau^2 (metafor's threshold 1e-5, step halving)"
            : r.Method == "PM" ? "root of the generalised Q equation (uniroot)" : null;
        if (algorithm is not null)
            sb.AppendLine(Inv, $"\nConvergence / convergentie: {(r.Converged ? "converged" : "NOT converged")} after {r.Iterations} iteration(s) — {algorithm}.");
        foreach (var note in r.Notes) sb.AppendLine(Inv, $"\nNote: {Cohesion.Statistics.ParameterText.Render(note, parameterName)}");
        return sb.ToString();
    }
}
