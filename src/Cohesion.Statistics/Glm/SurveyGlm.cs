using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Survey;

namespace Cohesion.Statistics.Glm;

/// <summary>
/// Design-based generalized linear models, R's <c>svyglm(formula, design, family)</c> with <c>summary()</c>: families
/// gaussian, binomial, quasibinomial, poisson and quasipoisson; variances by Taylor linearisation (the sandwich with
/// the design covariance of the score totals: strata, clusters, fpc, lonely-PSU rule and calibration as declared) or,
/// when the design carries replicate weights, by refitting the model with each replicate's weights (starting from the
/// full-sample coefficients, as <c>svyglm.svyrep.design</c>). A domain fit is <c>svyglm(..., subset(design, domain))</c>:
/// the model uses the domain's rows, the variance the full design.
/// </summary>
/// <example>
/// A trend slope per domain (svyglm(y ~ year, subset(design, region == "north"), family = quasibinomial())):
/// <code>
/// var design = SurveyFrame.CreateDesign(frame, new SurveyColumns { Weight = "w", Strata = "stratum", Clusters = ["psu"] });
/// var fit = SurveyGlm.Fit(design, frame, "trust ~ year", GlmFamily.QuasiBinomial, domain: RowFilter.Evaluate(frame, "region == 'north'"));
/// var slope = fit["year"];   // Estimate, StdError, Statistic (t), PValue (on fit.DfResidual df), CiLower, CiUpper
/// </code>
/// </example>
public static class SurveyGlm
{
    /// <summary>
    /// Fits <paramref name="formula"/> (the formula language of <c>panel</c>/<c>mixed</c>: factors, interactions,
    /// <c>I()</c>, transformations) on the rows of <paramref name="data"/> (the design's rows, in the same order) that are
    /// in <paramref name="domain"/> (null = all) and complete in every model variable. A categorical response is allowed
    /// for the binomial families when it has two levels (the first level, in sorted order, is 0, as R's factors).
    /// </summary>
    public static SurveyGlmFit Fit(SurveyDesign design, DataFrame data, string formula, GlmFamily family,
        bool[]? domain = null, GlmControl? control = null) =>
        Fit(design, data, ModelFormula.Parse(formula), family, domain, control);

    public static SurveyGlmFit Fit(SurveyDesign design, DataFrame data, ModelFormula formula, GlmFamily family,
        bool[]? domain = null, GlmControl? control = null)
    {
        if (data.RowCount != design.RowCount)
            throw new ArgumentException($"the data have {data.RowCount} rows, the design {design.RowCount}");
        if (domain is not null && domain.Length != data.RowCount) throw new ArgumentException("domain length differs from the data");
        var (yAll, filter) = Response(data, formula, family, domain);
        var x = DesignMatrix.Build(data, formula, rowFilter: filter, requireLevels: true);
        if (x.RowCount == 0)
            throw new CohesionException(domain is null ? "no complete observations for the model" : "no complete observations for the model in the domain", data.Source);
        var y = new double[x.RowCount];
        for (int r = 0; r < y.Length; r++) y[r] = yAll[x.Rows[r]];
        try { return Fit(design, x, y, family, domain, control); }
        catch (CohesionException e) when (e.Row is not null && e.Column is null && formula.Response is { } resp && data.Contains(resp))
        {
            throw new CohesionException(e.Message, data.Source, resp, e.Row, e);
        }
    }

    /// <summary>
    /// Fits the model on the rows of <paramref name="x"/> (<see cref="DesignMatrix.Rows"/> index the design's rows) with
    /// responses <paramref name="y"/> per model row. <paramref name="domain"/> marks the domain's design rows (null = the
    /// whole design); every model row must be in it. Rows of the design outside the model contribute nothing to the score
    /// totals but keep their place in the design (strata and PSU counts), as R's subsetting of a design does.
    /// </summary>
    public static SurveyGlmFit Fit(SurveyDesign design, DesignMatrix x, ReadOnlySpan<double> y, GlmFamily family,
        bool[]? domain = null, GlmControl? control = null)
    {
        int n = design.RowCount, m = x.RowCount;
        if (y.Length != m) throw new ArgumentException($"y has {y.Length} values, the model matrix has {m} rows");
        var dw = design.Weights;
        var rows = x.Rows;
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)n) throw new ArgumentException("model matrix rows do not belong to the survey design");
            if (domain is not null && !domain[row]) throw new ArgumentException("a model row lies outside the domain");
        }
        // svyglm's prior weights: the design weights divided by their mean over the (subset) design's rows
        double domainSum = 0;
        int domainCount = 0;
        for (int i = 0; i < n; i++)
            if (domain is null || domain[i]) { domainSum += dw[i]; domainCount++; }
        bool keepsAllRows = !design.HasReplicates && design.IsCalibrated; // R zeroes the weights instead of dropping rows
        double meanB = domainSum / (keepsAllRows ? n : domainCount);
        var prior = new double[m];
        double modelSum = 0;
        for (int r = 0; r < m; r++) { prior[r] = dw[rows[r]] / meanB; modelSum += dw[rows[r]]; }

        var fit = GeneralizedLinearModel.Fit(x, y, prior, family, control);
        int p = fit.CoefficientCount;
        double[] covariance;
        int df;
        int? replicatesUsed = null;
        if (design.HasReplicates)
        {
            if (fit.Aliased.Any(a => a))
                throw new ModelException($"aliased coefficient(s) {string.Join(", ", Enumerable.Range(0, p).Where(j => fit.Aliased[j]).Select(j => fit.ColumnNames[j]))}: replicate variances need a full-rank model (drop the collinear terms)");
            (covariance, replicatesUsed) = ReplicateCovariance(design, x, y, family, fit, control);
            var domainRows = domain is null ? Enumerable.Range(0, n).ToArray() : Enumerable.Range(0, n).Where(i => domain[i]).ToArray();
            df = design.DegreesOfFreedom(domainRows);
        }
        else
        {
            covariance = design.TotalsCovariance(rows, fit.InfluenceFunctions(), p, fit.Aliased);
            df = design.DegreesOfFreedom(rows);
        }

        return new SurveyGlmFit
        {
            Fit = fit, Covariance = covariance, DfResidual = df + 1 - fit.Rank, Rows = rows,
            Dispersion = Dispersion(design, fit, rows, meanB, modelSum, keepsAllRows ? n : m),
            ReplicatesUsed = replicatesUsed,
        };
    }

    /// <summary>Refits with each replicate's weights (normalised to sum 1, starting from the full-sample coefficients,
    /// R's control) and takes <c>svrVar</c> of the coefficients.</summary>
    private static (double[] Covariance, int Used) ReplicateCovariance(SurveyDesign design, DesignMatrix x, ReadOnlySpan<double> y,
        GlmFamily family, GlmFit fit, GlmControl? control)
    {
        int R = design.ReplicateCount;
        var thetas = new double[]?[R];
        var beta0 = fit.Coefficients;
        int used = 0;
        for (int r = 0; r < R; r++)
        {
            var w = design.ReplicateWeightsOf(r, x.Rows);
            double s = 0;
            foreach (var v in w) s += v;
            if (!(s > 0)) continue; // no weight on the model's rows in this replicate: R's NA replicate, dropped
            for (int i = 0; i < w.Length; i++) w[i] /= s;
            try
            {
                var rf = GeneralizedLinearModel.Fit(x, y, w, family, control, beta0);
                thetas[r] = rf.Coefficients;
                if (rf.Coefficients.All(double.IsFinite)) used++;
            }
            catch (ModelException) { thetas[r] = null; }
        }
        return (design.ReplicateCovariance(thetas, beta0), used);
    }

    /// <summary><c>summary.svyglm</c>'s dispersion from R's Pearson residuals for svyglm objects.</summary>
    private static double Dispersion(SurveyDesign design, GlmFit fit, int[] rows, double meanB, double modelSum, int designRows)
    {
        int m = rows.Length;
        var w = design.Weights;
        var fam = fit.Family;
        if (design.HasReplicates)
        {
            // residuals.svrepglm: (y − μ)·√prior / (√V(μ)·√(w/Σw)); dispersion Σ w r² / Σ w
            double num = 0;
            for (int r = 0; r < m; r++)
            {
                double wi = w[rows[r]];
                double res = (fit.Response[r] - fit.Fitted[r]) * Math.Sqrt(fit.PriorWeights[r]) /
                             (Math.Sqrt(fam.Variance(fit.Fitted[r])) * Math.Sqrt(wi / modelSum));
                num += wi * res * res;
            }
            return num / modelSum;
        }
        // residuals.svyglm: (y − μ)·√(prior/pw) / √V(μ), pw the weights rescaled over the design after dropping the
        // model's missing rows; dispersion = svyvar(residuals) = n/(n−1)·Σ w (r − r̄)² / Σ w
        double meanA = modelSum / designRows;
        double sw = 0, swr = 0;
        var res2 = new double[m];
        for (int r = 0; r < m; r++)
        {
            double wi = w[rows[r]];
            double pw = wi / meanA;
            res2[r] = (fit.Response[r] - fit.Fitted[r]) * Math.Sqrt(fit.PriorWeights[r] / pw) / Math.Sqrt(fam.Variance(fit.Fitted[r]));
            sw += wi;
            swr += wi * res2[r];
        }
        double mean = swr / sw, ss = 0;
        for (int r = 0; r < m; r++) { double d = res2[r] - mean; ss += w[rows[r]] * d * d * m / (m - 1.0); }
        return ss / sw;
    }

    /// <summary>The response per data row and the candidate rows (in the domain, response present).</summary>
    private static (double[] Y, bool[] Filter) Response(DataFrame data, ModelFormula formula, GlmFamily family, bool[]? domain)
    {
        var resp = formula.Response ?? throw new CohesionException($"formula \"{formula.Text}\" needs a response (y ~ ...)");
        if (formula.RandomTerms.Count > 0 || formula.AbsorbedFactors.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\": a design-based GLM takes no random effects or absorbed factors");
        double[] y;
        if (data.Contains(resp) && data[resp] is CategoricalColumn cat)
        {
            if (!family.IsBinomial)
                throw new CohesionException(
                    $"family {family.Name} needs a numeric outcome, but the column is categorical (levels: {string.Join(", ", cat.Levels.Take(10))}); use family binomial for two categories or ordinal for ordered ones",
                    data.Source, resp);
            if (cat.LevelCount != 2)
                throw new CohesionException(
                    $"family {family.Name} needs a two-level outcome, but the column has {cat.LevelCount} levels ({string.Join(", ", cat.Levels.Take(10))}); recode it to 0/1 or use family ordinal",
                    data.Source, resp);
            y = cat.Codes.Select(c => c < 0 ? double.NaN : c).ToArray();
        }
        else y = Regression.LinearModel.EvaluateResponse(data, resp);
        var filter = new bool[data.RowCount];
        for (int i = 0; i < filter.Length; i++) filter[i] = (domain is null || domain[i]) && !double.IsNaN(y[i]);
        return (y, filter);
    }
}
