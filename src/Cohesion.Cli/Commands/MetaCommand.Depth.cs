using System.Text.Json;
using Cohesion.Statistics.Meta;

namespace Cohesion.Cli.Commands;

/// <summary>JSON of the issue-20 parts of <c>cohesion meta</c>: rma.mv components per structure, the btt test,
/// Mantel–Haenszel tests, df per coefficient, profile intervals, leave-one-out with moderators, influence.</summary>
public static partial class MetaCommand
{
    /// <summary>metafor's vectors as jsonlite writes them: a number when of length 1, else an array.</summary>
    private static void ScalarOrArray(Utf8JsonWriter w, string name, double[] values)
    {
        if (values.Length == 1) { w.Number(name, values[0]); return; }
        WriteArray(w, name, values);
    }

    private static void WriteMultilevelComponents(Utf8JsonWriter w, MetaFitSummary r, MetaMvFit mv)
    {
        if (mv.Tau2.Length > 0) ScalarOrArray(w, "tau2", mv.Tau2);
        else w.WriteNull("tau2");
        w.WriteStartArray("tau2_ci");
        w.WriteNullValue();
        w.WriteNullValue();
        w.WriteEndArray();
        if (r.Sigma2.Length > 0 || mv.StructuredTerms.Length == 0)
        {
            WriteArray(w, "sigma2", r.Sigma2);
            WriteArray(w, "sigma2_levels", r.Sigma2Names);
        }
        else w.WriteNull("sigma2");
        if (mv.StructuredTerms.Length == 0) return;
        ScalarOrArray(w, "rho", mv.Rho);
        if (mv.StructuredTerms.Length > 1)
        {
            ScalarOrArray(w, "gamma2", mv.Gamma2);
            ScalarOrArray(w, "phi", mv.Phi);
        }
        w.WriteStartArray("struct");
        foreach (var t in mv.StructuredTerms)
        {
            w.WriteStartObject();
            w.WriteString("struct", t.Structure.ToString());
            w.WriteString("inner", t.InnerName);
            w.WriteString("outer", t.OuterName);
            WriteArray(w, "levels", t.Levels);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteModeratorTest(Utf8JsonWriter w, CoefficientTest t)
    {
        w.WriteStartObject("QM");
        w.Number("statistic", t.Statistic);
        w.Number("df1", t.Df1);
        w.Number("df2", t.Df2);
        w.Number("p", t.P);
        w.WriteStartArray("coefficients");
        foreach (var j in t.Coefficients) w.WriteNumberValue(j);
        w.WriteEndArray();
        w.WriteEndObject();
        w.Number("QM_df", t.Df1);
        w.Number("QM_p", t.P);
    }

    private static void WriteLeaveOneOut(Utf8JsonWriter w, MetaFitSummary r, IReadOnlyList<LeaveOneOutRow>? loo)
    {
        w.WriteStartArray("leave1out");
        int n = r.LeaveOneOut?.Count ?? loo!.Count;
        for (int i = 0; i < n; i++)
        {
            w.WriteStartObject();
            var refit = r.LeaveOneOut?[i];
            int omitted = refit?.Omitted ?? loo![i].Omitted;
            w.WriteString("omitted", r.Labels[omitted]);
            w.WriteNumber("row", r.DataRows[omitted] + 1);
            if (loo is not null)
            {
                var x = loo[i];
                w.Number("estimate", x.Estimate);
                w.Number("se", x.Se);
                w.Number("p", x.P);
                w.Number("ci_lower", x.CiLower);
                w.Number("ci_upper", x.CiUpper);
                w.Number("Q", x.Q);
                w.Number("tau2", x.Tau2);
                w.Number("I2", x.I2);
            }
            else if (refit is not null)
            {
                w.Number("Q", refit.Q);
                w.Number("tau2", refit.Tau2);
                w.Number("I2", refit.I2);
            }
            if (refit is not null)
            {
                WriteArray(w, "coefficients", refit.Coefficients);
                WriteArray(w, "se_all", refit.Se);
                WriteArray(w, "p_all", refit.P);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteTest(Utf8JsonWriter w, string name, TestStatistic t)
    {
        w.WriteStartObject(name);
        w.Number("statistic", t.Statistic);
        w.Number("p", t.P);
        w.Number("df", t.Df);
        w.WriteEndObject();
    }

    private static void WriteDepthExtras(Utf8JsonWriter w, MetaFitSummary r)
    {
        if (r.Pooled is { } pf)
        {
            if (pf.Cmh is { } cmh) WriteTest(w, "cmh", cmh);
            if (pf.Tarone is { } ta) WriteTest(w, "tarone", ta);
            if (pf.Measure is EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.IRR)
            {
                w.WriteStartObject("exponentiated");
                w.Number("estimate", Math.Exp(pf.Estimate));
                w.Number("ci_lower", Math.Exp(pf.CiLower));
                w.Number("ci_upper", Math.Exp(pf.CiUpper));
                w.WriteEndObject();
            }
            w.WriteNumber("k_yi", pf.KYi);
        }
        if (r.Mv is { } mv)
        {
            if (mv.DdfAll.Length > 0 && mv.Test != MetaTest.Z) WriteArray(w, "ddf", mv.DdfAll);
            w.Number("logLik", mv.LogLik);
        }
        if (r.Profile is { } prof)
        {
            w.WriteStartArray("profile");
            foreach (var x in prof)
            {
                w.WriteStartObject();
                w.WriteString("component", x.Component);
                w.Number("estimate", x.Estimate);
                w.Number("lower", x.Lower);
                w.Number("upper", x.Upper);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (r.Influence is { } inf)
        {
            w.WriteStartArray("influence");
            foreach (var x in inf)
            {
                w.WriteStartObject();
                w.WriteNumber("row", r.DataRows[x.Row] + 1);
                w.WriteString("label", r.Labels[x.Row]);
                w.Number("rstudent", x.Rstudent);
                w.Number("dffits", x.Dffits);
                w.Number("cooks_distance", x.CooksDistance);
                w.Number("cov_r", x.CovRatio);
                w.Number("tau2_del", x.Tau2Deleted);
                w.Number("QE_del", x.QEDeleted);
                w.Number("hat", x.Hat);
                w.Number("weight", x.Weight);
                WriteArray(w, "dfbetas", x.Dfbetas);
                w.WriteBoolean("influential", x.Influential);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
    }
}
