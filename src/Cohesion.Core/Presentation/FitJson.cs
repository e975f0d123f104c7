using System.Text.Json;
using Cohesion.Presentation.Tables;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Meta;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;
using MixedProfileInterval = Cohesion.Statistics.Mixed.ProfileInterval;

namespace Cohesion.Presentation;

/// <summary>What a meta-analysis JSON document says besides the fit: the data it read, whether they are synthetic,
/// the plot files written (full paths) and the notes in the caller's words (the CLI names its flags).</summary>
public sealed record MetaJsonInfo(string Data, bool Synthetic, string? Forest, string? Funnel, IReadOnlyList<string> Notes)
{
    /// <summary>intercept-only leave-one-out refits (leave1out.rma.uni), when asked for.</summary>
    public IReadOnlyList<LeaveOneOutRow>? LeaveOneOut { get; init; }
    /// <summary>escalc's effect sizes and variances for every data row, when computed from raw columns.</summary>
    public (double[] Yi, double[] Vi)? Escalc { get; init; }
}

/// <summary>A panel model's JSON: the fit, the coefficients shown (classical or robust), their SE label and the
/// specification tests that were run.</summary>
public sealed record PanelJsonInfo(PanelFit Fit, IReadOnlyList<Coefficient> Coefficients, string SeType, string Formula, string Model, string Effect)
{
    public ChiSquareTest? Hausman { get; init; }
    public FTest? Poolability { get; init; }
}

/// <summary>
/// The JSON documents of the model fits (<c>cohesion meta</c>, <c>mixed</c>, <c>panel --model</c>) in their
/// contract's field order: the scalar fit statistics are written here, every array and every nested test or
/// diagnostic is a table of <see cref="FitTables"/> written by <see cref="TableJson"/>. Contracts follow the R
/// packages' vocabulary (metafor, lme4/lmerTest, plm).
/// </summary>
public static class FitJson
{
    public static void Meta(Utf8JsonWriter w, MetaFitSummary r, MetaJsonInfo info)
    {
        var pv = info.Synthetic ? Provenance.Synthetic : Provenance.Real;
        w.WriteStartObject();
        w.WriteNumber("k", r.K);
        w.WriteString("method", r.Method);
        w.WriteString("test", r.Test);
        TableJson.WriteArray(w, "coefficients", FitTables.Coefficients(r.Coefficients, pv));
        if (r.Mv is null)
        {
            w.Number("tau2", r.Tau2);
            w.Number("se_tau2", r.SeTau2);
            w.Numbers("tau2_ci", r.Tau2Ci.Take(2));
            w.WriteNull("sigma2");
        }
        else MetaMultilevelComponents(w, r, r.Mv, pv);
        TableJson.WriteFields(w, FitTables.MetaHeterogeneity(r, pv));
        if (r.QmTest is { } qm)
        {
            TableJson.WriteObject(w, "QM", FitTables.MetaModeratorTest(qm, pv));
            w.Number("QM_df", qm.Df1);
            w.Number("QM_p", qm.P);
        }
        else if (r.Coefficients.Count > 1)
        {
            w.Number("QM", r.QM);
            w.WriteNumber("QM_df", r.QMdf);
            w.Number("QM_p", r.QMp);
        }
        w.Number("pi_lower", r.PiLower);
        w.Number("pi_upper", r.PiUpper);
        // robust: scalars for the first coefficient (as metafor's coef(summary(robust(...)))[1, ]), arrays for all
        if (r.Robust is { } rb) TableJson.WriteObject(w, "robust", FitTables.MetaRobust(r, rb, pv));
        if (r.Egger is { } e) TableJson.WriteObject(w, "egger", FitTables.Egger(e, pv));
        if (r.TrimFill is { } tf) TableJson.WriteObject(w, "trimfill", FitTables.TrimFill(tf, pv));
        else if (r.Egger is not null) w.WriteNull("trimfill");
        if (r.PetPeese is { } pp) TableJson.WriteObject(w, "pet_peese", FitTables.PetPeese(pp, pv));
        if (r.Permutation is { } pm) TableJson.WriteObject(w, "permutation", FitTables.Permutation(pm, pv));
        if (info.LeaveOneOut is not null || r.LeaveOneOut is not null) TableJson.WriteArray(w, "leave1out", FitTables.MetaLeaveOneOut(r, info.LeaveOneOut, pv));
        MetaDepthExtras(w, r, pv);
        if (info.Escalc is { } es)
        {
            w.Numbers("yi", es.Yi);
            w.Numbers("vi", es.Vi);
        }
        w.WriteBoolean("converged", r.Converged);
        w.WriteNumber("iterations", r.Iterations);
        w.WriteString("data", info.Data);
        w.WriteBoolean("synthetic", info.Synthetic);
        if (info.Forest is not null) w.WriteString("forest", info.Forest);
        if (info.Funnel is not null) w.WriteString("funnel", info.Funnel);
        w.Strings("notes", info.Notes);
        w.WriteEndObject();
    }

    private static void MetaMultilevelComponents(Utf8JsonWriter w, MetaFitSummary r, MetaMvFit mv, Provenance pv)
    {
        if (mv.Tau2.Length > 0) w.ScalarOrNumbers("tau2", mv.Tau2);
        else w.WriteNull("tau2");
        w.Numbers("tau2_ci", [double.NaN, double.NaN]);
        if (r.Sigma2.Length > 0 || mv.StructuredTerms.Length == 0)
        {
            w.Numbers("sigma2", r.Sigma2);
            w.Strings("sigma2_levels", r.Sigma2Names);
        }
        else w.WriteNull("sigma2");
        if (mv.StructuredTerms.Length == 0) return;
        w.ScalarOrNumbers("rho", mv.Rho);
        if (mv.StructuredTerms.Length > 1)
        {
            w.ScalarOrNumbers("gamma2", mv.Gamma2);
            w.ScalarOrNumbers("phi", mv.Phi);
        }
        TableJson.WriteArray(w, "struct", FitTables.MetaStructures(mv, pv));
    }

    /// <summary>The issue-20 parts: Mantel–Haenszel tests, df per coefficient, logLik, profile intervals, influence.</summary>
    private static void MetaDepthExtras(Utf8JsonWriter w, MetaFitSummary r, Provenance pv)
    {
        if (r.Pooled is { } pf)
        {
            if (pf.Cmh is { } cmh) TableJson.WriteObject(w, "cmh", FitTables.Test("cmh", ("Cochran-Mantel-Haenszel-toets", "Cochran-Mantel-Haenszel test"), cmh, pv));
            if (pf.Tarone is { } ta) TableJson.WriteObject(w, "tarone", FitTables.Test("tarone", ("Tarone-toets", "Tarone's test"), ta, pv));
            if (pf.Measure is EffectMeasure.OR or EffectMeasure.RR or EffectMeasure.IRR) TableJson.WriteObject(w, "exponentiated", FitTables.Exponentiated(pf, pv));
            w.WriteNumber("k_yi", pf.KYi);
        }
        if (r.Mv is { } mv)
        {
            if (mv.DdfAll.Length > 0 && mv.Test != MetaTest.Z) w.Numbers("ddf", mv.DdfAll);
            w.Number("logLik", mv.LogLik);
        }
        if (r.Profile is { } prof) TableJson.WriteArray(w, "profile", FitTables.MetaProfile(prof, pv));
        if (r.Influence is { } inf) TableJson.WriteArray(w, "influence", FitTables.MetaInfluence(r, inf, pv));
    }

    public static void Mixed(Utf8JsonWriter j, MixedResult r, string formula, IReadOnlyList<MixedProfileInterval>? intervals, Provenance pv = Provenance.Real)
    {
        j.WriteStartObject();
        j.WriteNumber("n", r.N);
        TableJson.WriteArray(j, "fixed", FitTables.MixedFixed(r, pv));
        TableJson.WriteArray(j, "random", FitTables.MixedRandom(r, pv));
        TableJson.WriteFields(j, FitTables.MixedStatistics(r, formula, pv));
        if (r.Convergence is { } cv) TableJson.WriteObject(j, "convergence", FitTables.MixedConvergence(cv, pv));
        if (intervals is not null) TableJson.WriteArray(j, "profile", FitTables.MixedProfile(intervals, pv));
        j.WriteStartObject("groups");
        foreach (var (g, n) in r.Groups) j.WriteNumber(g, n);
        j.WriteEndObject();
        j.Numbers("theta", r.Theta);
        j.WriteBoolean("singular", r.Singular);
        j.Strings("notes", r.Notes);
        j.WriteEndObject();
    }

    public static string RandomMethodName(RandomEffectsMethod m) => m switch
    {
        RandomEffectsMethod.WallaceHussain => "walhus", RandomEffectsMethod.Amemiya => "amemiya", RandomEffectsMethod.Nerlove => "nerlove", _ => "swar",
    };

    public static void Panel(Utf8JsonWriter j, PanelJsonInfo p, Provenance pv = Provenance.Real)
    {
        var fit = p.Fit;
        j.WriteStartObject();
        j.WriteString("model", p.Model);
        j.WriteString("effect", p.Effect);
        TableJson.WriteArray(j, "coefficients", FitTables.Coefficients(p.Coefficients, pv));
        TableJson.WriteFields(j, FitTables.PanelStatistics(fit, p.SeType, p.Formula, pv));
        if (fit.Components is { } ec)
        {
            j.WriteString("random_method", RandomMethodName(fit.RandomMethod));
            TableJson.WriteObject(j, "sigma2", FitTables.PanelComponents(ec, pv));
            PanelTheta(j, ec);
        }
        if (p.Hausman is { } h) TableJson.WriteObject(j, "hausman", FitTables.Hausman(h, pv));
        if (p.Poolability is { } ft) TableJson.WriteObject(j, "poolability", FitTables.Poolability(ft, pv));
        j.Strings("notes", fit.Notes);
        j.WriteEndObject();
    }

    /// <summary>θ: one number for a balanced one-way model; {id, time, total} for two ways; for an unbalanced panel
    /// plm's summary of θ over the observations.</summary>
    private static void PanelTheta(Utf8JsonWriter j, ErrorComponents ec)
    {
        if (ec.Theta is { } t) { j.Number("theta", t); return; }
        j.WriteStartObject("theta");
        void Summary(string name, double[]? v)
        {
            if (v is null) return;
            var s = v.Order().ToArray();
            if (s.All(x => x == s[0])) { j.Number(name, s[0]); return; }
            double Q(double p) { double h = (s.Length - 1) * p; int lo = (int)Math.Floor(h); return lo + 1 < s.Length ? s[lo] + (h - lo) * (s[lo + 1] - s[lo]) : s[lo]; }
            j.WriteStartObject(name);
            j.Number("min", s[0]); j.Number("q1", Q(0.25)); j.Number("median", Q(0.5)); j.Number("mean", s.Average()); j.Number("q3", Q(0.75)); j.Number("max", s[^1]);
            j.WriteEndObject();
        }
        Summary("id", ec.ThetaIndividual);
        Summary("time", ec.ThetaTime);
        Summary("total", ec.ThetaTotal);
        j.WriteEndObject();
    }
}
