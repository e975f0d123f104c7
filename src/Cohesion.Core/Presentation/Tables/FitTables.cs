using Cohesion.Reporting;
using Cohesion.Statistics.Inference;
using Cohesion.Statistics.Meta;
using Cohesion.Statistics.Mixed;
using Cohesion.Statistics.Regression;
using MixedProfileInterval = Cohesion.Statistics.Mixed.ProfileInterval;
using MetaProfileInterval = Cohesion.Statistics.Meta.ProfileInterval;

namespace Cohesion.Presentation.Tables;

/// <summary>
/// The table converters of model fits — meta-analysis (<see cref="MetaFitSummary"/>), mixed models
/// (<see cref="MixedResult"/>) and panel models (<see cref="PanelFit"/>): coefficient tables, variance components,
/// tests and diagnostics, each field named, labelled and typed once. The JSON of <c>cohesion meta</c>,
/// <c>mixed</c> and <c>panel</c> (<see cref="FitJson"/>) and their console and CSV tables are views of these.
/// A test or other single result is a one-row table (written as one JSON object, <see cref="TableJson.WriteObject"/>).
/// </summary>
public static class FitTables
{
    private static ReportColumn Text(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Text);
    private static ReportColumn Num(string id, string nl, string en, int decimals = 4) => new(id, (nl, en), ColumnKind.Number, decimals);
    private static ReportColumn P(string id = "p") => new(id, ("p", "p"), ColumnKind.PValue, 3);
    private static ReportColumn Count(string id, string nl, string en) => new(id, (nl, en), ColumnKind.Count);
    private static ReportColumn Optional(ReportColumn c) => c with { Json = ColumnJson.WhenPresent };
    private static double? Finite(double v) => double.IsNaN(v) ? null : v;

    /// <summary>The one coefficient table of every model: term, estimate, se, statistic, p, ci_lower, ci_upper.</summary>
    public static ReportTable Coefficients(IEnumerable<Coefficient> coefficients, Provenance provenance) =>
        new ReportTable("coefficients", ("Coëfficiënten", "Coefficients"), provenance,
        [
            Text("term", "Term", "Term"), Num("estimate", "Schatting", "Estimate", 6), Num("se", "SE", "SE"), Num("statistic", "Toetsgrootheid", "Statistic"),
            P(), Num("ci_lower", "Ondergrens", "Lower bound"), Num("ci_upper", "Bovengrens", "Upper bound"),
        ]).AddRows(coefficients.Select(c => new object?[] { c.Term, c.Estimate, c.StdError, c.Statistic, c.PValue, c.CiLower, c.CiUpper }));

    // ---- mixed models (lme4) ----

    /// <summary>Fixed effects as lmerTest: t (or z) tests with df (null for z tests; p null where lme4 gives none).</summary>
    public static ReportTable MixedFixed(MixedResult r, Provenance provenance) =>
        new ReportTable("fixed", ("Vaste effecten", "Fixed effects"), provenance,
        [
            Text("term", "Term", "Term"), Num("estimate", "Schatting", "Estimate", 6), Num("se", "SE", "SE"), Num("statistic", "Toetsgrootheid", "Statistic"),
            Num("df", "df", "df"), P(),
        ]).AddRows(r.Fixed.Select(c => new object?[] { c.Term, c.Estimate, c.StdError, c.Statistic, c.Df, Finite(c.PValue) }));

    /// <summary>Variance components as lme4's <c>as.data.frame(VarCorr(fit))</c>.</summary>
    public static ReportTable MixedRandom(MixedResult r, Provenance provenance) =>
        new ReportTable("random", ("Toevallige effecten", "Random effects"), provenance,
        [
            Text("group", "Groep", "Group"), Text("term", "Term", "Term"), Text("term2", "Term 2", "Term 2"), Num("variance", "Variantie", "Variance"),
            Num("sd", "SD", "SD"), Num("correlation", "Correlatie", "Correlation", 3),
        ]).AddRows(r.Random.Select(v => new object?[] { v.Group, v.Term, v.Term2, v.Variance, v.Sd, v.Correlation }));

    /// <summary>Variance components averaged over the fits of stacked imputations.</summary>
    public static ReportTable MixedRandomMean(IReadOnlyList<MixedResult> fits, Provenance provenance) =>
        new ReportTable("random_mean", ("Toevallige effecten, gemiddeld over imputaties", "Random effects, mean over imputations"), provenance,
        [
            Text("group", "Groep", "Group"), Text("term", "Term", "Term"), Text("term2", "Term 2", "Term 2"), Num("variance", "Variantie", "Variance"),
        ]).AddRows(fits[0].Random.Select((v, k) => new object?[] { v.Group, v.Term, v.Term2, fits.Average(x => x.Random[k].Variance) }));

    /// <summary>A mixed model's fit statistics (lme4's summary header): the criterion is the REML criterion or the deviance.</summary>
    public static ReportTable MixedStatistics(MixedResult r, string formula, Provenance provenance) =>
        new ReportTable("statistics", ("Fitstatistieken", "Fit statistics"), provenance,
        [
            Num("residual_variance", "Residuele variantie", "Residual variance"), Num("loglik", "Log-likelihood", "Log-likelihood"),
            Text("family", "Familie", "Family"), Text("link", "Linkfunctie", "Link"), Optional(Count("nagq", "nAGQ", "nAGQ")), Text("ddf", "df-methode", "df method"),
            new("reml", ("REML", "REML"), ColumnKind.Text), Text("formula", "Formule", "Formula"),
            r.Reml ? Num("reml_criterion", "REML-criterium", "REML criterion") : Num("deviance", "Deviantie", "Deviance"),
            Num("aic", "AIC", "AIC"), Num("bic", "BIC", "BIC"), Count("df_loglik", "df (logLik)", "df (logLik)"), new("converged", ("Geconvergeerd", "Converged"), ColumnKind.Text),
        ]).Add(r.ResidualVariance, r.LogLik, FamilyName(r),
            r.Family switch { MixedFamily.Binomial => "logit", MixedFamily.Poisson => "log", _ => "identity" },
            r.Family != MixedFamily.Gaussian ? r.Nagq : null, DdfName(r), r.Reml, formula, r.Criterion, r.Aic, r.Bic, r.Df, r.Converged);

    public static string FamilyName(MixedResult r) => r.Family.ToString().ToLowerInvariant();

    /// <summary>How the df of the fixed-effect tests were obtained.</summary>
    public static string DdfName(MixedResult r) => r.Ddf switch
    {
        DenominatorDf.Satterthwaite => "satterthwaite", DenominatorDf.KenwardRoger => "kenward-roger", DenominatorDf.None => "none", _ => "wald-z",
    };

    /// <summary>Profile-likelihood intervals of the random-effect parameters (lme4's <c>confint(method = "profile")</c>).</summary>
    public static ReportTable MixedProfile(IEnumerable<MixedProfileInterval> intervals, Provenance provenance) =>
        new ReportTable("profile", ("Profielintervallen", "Profile intervals"), provenance,
        [
            Text("group", "Groep", "Group"), Text("term", "Term", "Term"), Text("term2", "Term 2", "Term 2"), Text("parameter", "Parameter", "Parameter"),
            Num("estimate", "Schatting", "Estimate"), Num("lower", "Ondergrens", "Lower bound"), Num("upper", "Bovengrens", "Upper bound"),
        ]).AddRows(intervals.Select(iv => new object?[] { iv.Group, iv.Term, iv.Term2, iv.Parameter, iv.Estimate, iv.Lower, iv.Upper }));

    /// <summary>lme4's convergence checks at the optimum.</summary>
    public static ReportTable MixedConvergence(ConvergenceInfo cv, Provenance provenance) =>
        new ReportTable("convergence", ("Convergentie", "Convergence"), provenance,
        [
            Num("max_grad", "Max. gradiënt", "Max. gradient"), new("hessian_positive_definite", ("Hessiaan positief definiet", "Hessian positive definite"), ColumnKind.Text),
            Num("min_hessian_eigenvalue", "Kleinste eigenwaarde Hessiaan", "Smallest Hessian eigenvalue"), Count("evaluations", "Evaluaties", "Evaluations"),
            Text("warnings", "Waarschuwingen", "Warnings"),
        ]).Add(cv.MaxGradient, cv.HessianPositiveDefinite, cv.MinHessianEigenvalue, cv.Evaluations, cv.Warnings);

    // ---- panel models (plm) ----

    /// <summary>A panel model's fit statistics (plm's summary header).</summary>
    public static ReportTable PanelStatistics(PanelFit fit, string seType, string formula, Provenance provenance) =>
        new ReportTable("statistics", ("Fitstatistieken", "Fit statistics"), provenance,
        [
            Text("test", "Toets", "Test"), Text("se_type", "Standaardfouten", "Standard errors"), Count("n", "n", "n"), Count("individuals", "Individuen", "Individuals"),
            Count("periods", "Perioden", "Periods"), new("balanced", ("Gebalanceerd", "Balanced"), ColumnKind.Text), Count("df_residual", "Residuele df", "Residual df"),
            Num("rss", "RSS", "RSS"), Text("formula", "Formule", "Formula"),
        ]).Add(fit.Model == PanelModelType.Random ? "z" : "t", seType, fit.N, fit.Individuals, fit.Periods, fit.Balanced, fit.DfResidual, fit.Rss, formula);

    /// <summary>The variance components of a random-effects panel model (σ² idiosyncratic, individual, time).</summary>
    public static ReportTable PanelComponents(ErrorComponents ec, Provenance provenance) =>
        new ReportTable("sigma2", ("Variantiecomponenten", "Variance components"), provenance,
        [
            Num("idiosyncratic", "Idiosyncratisch", "Idiosyncratic"), Optional(Num("individual", "Individu", "Individual")), Optional(Num("time", "Tijd", "Time")),
        ]).Add(ec.Idiosyncratic, ec.Individual, ec.Time);

    /// <summary>Hausman's test (phtest).</summary>
    public static ReportTable Hausman(ChiSquareTest h, Provenance provenance) =>
        new ReportTable("hausman", ("Hausman-toets", "Hausman test"), provenance,
            [Num("statistic", "χ²", "χ²"), Count("df", "df", "df"), P()]).Add(h.Statistic, h.Df, h.PValue);

    /// <summary>The F test of poolability (pFtest).</summary>
    public static ReportTable Poolability(FTest f, Provenance provenance) =>
        new ReportTable("poolability", ("Toets op poolbaarheid", "Poolability test"), provenance,
            [Num("statistic", "F", "F"), Count("df1", "df1", "df1"), Count("df2", "df2", "df2"), P()]).Add(f.Statistic, f.Df1, f.Df2, f.PValue);

    // ---- meta-analysis (metafor) ----

    /// <summary>Heterogeneity: I², H², Cochran's Q with its df and p.</summary>
    public static ReportTable MetaHeterogeneity(MetaFitSummary r, Provenance provenance) =>
        new ReportTable("heterogeneity", ("Heterogeniteit", "Heterogeneity"), provenance,
            [Num("I2", "I²", "I²"), Num("H2", "H²", "H²"), Num("Q", "Q", "Q"), Count("Q_df", "df", "df"), P("Q_p")]).Add(r.I2, r.H2, r.Q, r.QDf, r.QP);

    /// <summary>The Wald/F test of the moderators (btt).</summary>
    public static ReportTable MetaModeratorTest(CoefficientTest t, Provenance provenance) =>
        new ReportTable("qm", ("Toets van de moderatoren", "Test of moderators"), provenance,
        [
            Num("statistic", "Toetsgrootheid", "Statistic"), Num("df1", "df1", "df1"), Num("df2", "df2", "df2"), P(),
            Text("coefficients", "Coëfficiënten", "Coefficients"),
        ]).Add(t.Statistic, t.Df1, t.Df2, t.P, t.Coefficients);

    /// <summary>Cluster-robust inference (robust.rma, clubSandwich): the first coefficient's scalars, then every coefficient.</summary>
    public static ReportTable MetaRobust(MetaFitSummary r, RobustResult rb, Provenance provenance) =>
        new ReportTable("robust", ("Clusterrobuuste inferentie", "Cluster-robust inference"), provenance,
        [
            Text("type", "Type", "Type"), Count("clusters", "Clusters", "Clusters"), Num("estimate", "Schatting", "Estimate", 6), Num("se", "SE", "SE"),
            Num("df", "df", "df"), P(), Text("terms", "Termen", "Terms"), Text("se_all", "SE per term", "SE per term"), Text("df_all", "df per term", "df per term"),
            Text("p_all", "p per term", "p per term"), Text("statistic_all", "Toetsgrootheid per term", "Statistic per term"),
            Text("ci_lower_all", "Ondergrenzen", "Lower bounds"), Text("ci_upper_all", "Bovengrenzen", "Upper bounds"),
        ]).Add(rb.Type, rb.Clusters, rb.Estimate[0], rb.Se[0], rb.Df[0], rb.P[0], r.Coefficients.Select(c => c.Term).ToArray(),
            rb.Se, rb.Df, rb.P, rb.Statistic, rb.CiLower, rb.CiUpper);

    public static ReportTable Egger(EggerResult e, Provenance provenance) =>
        new ReportTable("egger", ("Egger-toets", "Egger's test"), provenance,
            [Num("z", "z", "z"), P(), Text("test", "Toets", "Test"), Num("limit_estimate", "Limietschatting", "Limit estimate")]).Add(e.Statistic, e.P, e.Test, e.LimitEstimate);

    public static ReportTable TrimFill(TrimFillResult tf, Provenance provenance) =>
        new ReportTable("trimfill", ("Trim-and-fill", "Trim-and-fill"), provenance,
        [
            Count("k0", "k0", "k0"), Text("side", "Kant", "Side"), Num("estimate", "Schatting", "Estimate"), Num("se", "SE", "SE"),
            Num("ci_lower", "Ondergrens", "Lower bound"), Num("ci_upper", "Bovengrens", "Upper bound"),
        ]).Add(tf.K0, tf.Side, tf.Estimate, tf.Se, tf.CiLower, tf.CiUpper);

    public static ReportTable PetPeese(PetPeeseResult pp, Provenance provenance) =>
        new ReportTable("pet_peese", ("PET-PEESE", "PET-PEESE"), provenance,
        [
            Num("pet_estimate", "PET-schatting", "PET estimate"), Num("pet_se", "PET-SE", "PET SE"), P("pet_p"), Num("peese_estimate", "PEESE-schatting", "PEESE estimate"),
            Num("peese_se", "PEESE-SE", "PEESE SE"), Text("chosen", "Gekozen", "Chosen"), Num("estimate", "Schatting", "Estimate"),
        ]).Add(pp.PetEstimate, pp.PetSe, pp.PetP, pp.PeeseEstimate, pp.PeeseSe, pp.Chosen, pp.Estimate);

    public static ReportTable Permutation(PermutationResult pm, Provenance provenance) =>
        new ReportTable("permutation", ("Permutatietoets", "Permutation test"), provenance,
            [Text("p", "p per term", "p per term"), Count("iterations", "Iteraties", "Iterations"), new("exact", ("Exact", "Exact"), ColumnKind.Text), P("QM_p")])
            .Add(pm.P, pm.Iterations, pm.Exact, pm.QMp);

    /// <summary>A test statistic with p and df (Cochran–Mantel–Haenszel, Tarone).</summary>
    public static ReportTable Test(string id, Localized title, TestStatistic t, Provenance provenance) =>
        new ReportTable(id, title, provenance, [Num("statistic", "Toetsgrootheid", "Statistic"), P(), Num("df", "df", "df")]).Add(t.Statistic, t.P, t.Df);

    /// <summary>The pooled estimate of a ratio measure back on the ratio scale.</summary>
    public static ReportTable Exponentiated(PooledTableFit pf, Provenance provenance) =>
        new ReportTable("exponentiated", ("Terug op de schaal van de verhouding", "Back on the ratio scale"), provenance,
            [Num("estimate", "Schatting", "Estimate"), Num("ci_lower", "Ondergrens", "Lower bound"), Num("ci_upper", "Bovengrens", "Upper bound")])
            .Add(Math.Exp(pf.Estimate), Math.Exp(pf.CiLower), Math.Exp(pf.CiUpper));

    /// <summary>The structured random-effect terms of rma.mv (~ inner | outer with a variance structure).</summary>
    public static ReportTable MetaStructures(MetaMvFit mv, Provenance provenance) =>
        new ReportTable("struct", ("Variantiestructuren", "Variance structures"), provenance,
            [Text("struct", "Structuur", "Structure"), Text("inner", "Binnen", "Inner"), Text("outer", "Buiten", "Outer"), Text("levels", "Niveaus", "Levels")])
            .AddRows(mv.StructuredTerms.Select(t => new object?[] { t.Structure.ToString(), t.InnerName, t.OuterName, t.Levels }));

    /// <summary>Confidence intervals of the variance components (profile likelihood or Q-profile).</summary>
    public static ReportTable MetaProfile(IEnumerable<MetaProfileInterval> intervals, Provenance provenance) =>
        new ReportTable("profile", ("Intervallen van de variantiecomponenten", "Intervals of the variance components"), provenance,
            [Text("component", "Component", "Component"), Num("estimate", "Schatting", "Estimate"), Num("lower", "Ondergrens", "Lower bound"), Num("upper", "Bovengrens", "Upper bound")])
            .AddRows(intervals.Select(x => new object?[] { x.Component, x.Estimate, x.Lower, x.Upper }));

    /// <summary>influence.rma.uni: one row per study (data row 1-based).</summary>
    public static ReportTable MetaInfluence(MetaFitSummary r, IEnumerable<InfluenceRow> rows, Provenance provenance) =>
        new ReportTable("influence", ("Invloedsdiagnostiek", "Influence diagnostics"), provenance,
        [
            Count("row", "Rij", "Row"), Text("label", "Studie", "Study"), Num("rstudent", "rstudent", "rstudent"), Num("dffits", "DFFITS", "DFFITS"),
            Num("cooks_distance", "Cook-afstand", "Cook's distance"), Num("cov_r", "Covariantieverhouding", "Covariance ratio"),
            Num("tau2_del", "τ² zonder studie", "τ² without study"), Num("QE_del", "QE zonder studie", "QE without study"), Num("hat", "Hat", "Hat"),
            Num("weight", "Gewicht", "Weight"), Text("dfbetas", "DFBETAS", "DFBETAS"), new("influential", ("Invloedrijk", "Influential"), ColumnKind.Text),
        ]).AddRows(rows.Select(x => new object?[] { r.DataRows[x.Row] + 1, r.Labels[x.Row], x.Rstudent, x.Dffits, x.CooksDistance, x.CovRatio,
            x.Tau2Deleted, x.QEDeleted, x.Hat, x.Weight, x.Dfbetas, x.Influential }));

    /// <summary>Leave-one-out: the intercept-only refits (<paramref name="loo"/>, as leave1out.rma.uni) and/or the
    /// refits with moderators (<see cref="MetaFitSummary.LeaveOneOut"/>: every coefficient); fields of a kind not
    /// computed are absent.</summary>
    public static ReportTable MetaLeaveOneOut(MetaFitSummary r, IReadOnlyList<LeaveOneOutRow>? loo, Provenance provenance)
    {
        var t = new ReportTable("leave1out", ("Weglaten van één studie", "Leave one out"), provenance,
        [
            Text("omitted", "Weggelaten", "Omitted"), Count("row", "Rij", "Row"), Optional(Num("estimate", "Schatting", "Estimate")), Optional(Num("se", "SE", "SE")),
            Optional(P()), Optional(Num("ci_lower", "Ondergrens", "Lower bound")), Optional(Num("ci_upper", "Bovengrens", "Upper bound")),
            Num("Q", "Q", "Q"), Num("tau2", "τ²", "τ²"), Num("I2", "I²", "I²"), Optional(Text("coefficients", "Coëfficiënten", "Coefficients")),
            Optional(Text("se_all", "SE per term", "SE per term")), Optional(Text("p_all", "p per term", "p per term")),
        ]);
        int n = r.LeaveOneOut?.Count ?? loo!.Count;
        for (int i = 0; i < n; i++)
        {
            var refit = r.LeaveOneOut?[i];
            int omitted = refit?.Omitted ?? loo![i].Omitted;
            var x = loo?[i];
            t.Add(r.Labels[omitted], r.DataRows[omitted] + 1, x?.Estimate, x?.Se, x?.P, x?.CiLower, x?.CiUpper,
                x?.Q ?? refit!.Q, x?.Tau2 ?? refit!.Tau2, x?.I2 ?? refit!.I2, refit?.Coefficients, refit?.Se, refit?.P);
        }
        return t;
    }
}
