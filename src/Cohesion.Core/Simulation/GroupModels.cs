using Cohesion.Framework;
using Cohesion.Statistics;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.Glm;
using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Survey;

namespace Cohesion.Simulation;

/// <summary>One indicator's fitted group model and its linear predictor for every model group.</summary>
public sealed class IndicatorModel
{
    public required string Id { get; init; }
    public required string Dimension { get; init; }
    public required SurveyGlmFit Fit { get; init; }
    /// <summary>Prediction design (model groups × coefficients, row-major, aliased columns zero).</summary>
    public required double[] GroupDesign { get; init; }
    /// <summary>Lower Cholesky factor of the coefficients' design-based covariance (estimable coefficients), for draws.</summary>
    public required double[] CovarianceFactor { get; init; }
    public required int[] Estimable { get; init; }
    /// <summary>Weighted share of the indicator in the survey (the base-year estimate).</summary>
    public required double SurveyShare { get; init; }
    public int CoefficientCount => Fit.Coefficients.Length;

    /// <summary>Linear predictor per model group for the given coefficients.</summary>
    public double[] LinearPredictors(ReadOnlySpan<double> coefficients)
    {
        int p = CoefficientCount, groups = GroupDesign.Length / p;
        var eta = new double[groups];
        for (int g = 0; g < groups; g++)
        {
            double s = 0;
            for (int j = 0; j < p; j++)
            {
                double x = GroupDesign[g * p + j];
                if (x != 0) s += x * coefficients[j];
            }
            eta[g] = s;
        }
        return eta;
    }

    /// <summary>A draw β + L z from the coefficients' approximate sampling distribution N(β̂, V).</summary>
    public double[] Draw(ref RngStream rng)
    {
        var beta = Fit.Coefficients.Select(c => double.IsNaN(c) ? 0 : c).ToArray();
        int a = Estimable.Length;
        Span<double> z = stackalloc double[a];
        for (int i = 0; i < a; i++) z[i] = StandardNormal(ref rng);
        for (int i = 0; i < a; i++)
        {
            double s = 0;
            for (int j = 0; j <= i; j++) s += CovarianceFactor[i * a + j] * z[j];
            beta[Estimable[i]] += s;
        }
        return beta;
    }

    /// <summary>Standard normal by Box–Muller from two counter-based uniforms.</summary>
    internal static double StandardNormal(ref RngStream rng)
    {
        double u1 = (rng.Next() >> 11) * (1.0 / (1UL << 53));
        double u2 = (rng.Next() >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>
/// The group models of the projection: one design-based logistic regression (R's <c>svyglm</c>, quasibinomial) per
/// indicator of the framework, of the 0/1 indicator on sex, age band, education and origin (main effects by default;
/// any formula over these four factors, e.g. with interactions). Fitted on the survey with its design
/// (weights, strata, clusters) so coefficient uncertainty is design-based.
/// </summary>
public sealed class GroupModels
{
    /// <summary>The default right-hand side: main effects of the four group factors.</summary>
    public const string DefaultTerms = "sex + ageband + education3 + origin7";

    private GroupModels(CohesionFramework framework, IReadOnlyList<IndicatorModel> models, string terms, string source, int[][] factorCodes)
    {
        Framework = framework;
        Models = models;
        Terms = terms;
        Source = source;
        FactorCodes = factorCodes;
    }

    /// <summary>Per survey row, the canonical codes of sex, age band, education and origin (in that order; -1 missing).</summary>
    public IReadOnlyList<int[]> FactorCodes { get; }

    public CohesionFramework Framework { get; }
    public IReadOnlyList<IndicatorModel> Models { get; }
    public string Terms { get; }
    /// <summary>The survey the models were fitted on (file or name).</summary>
    public string Source { get; }
    public int IndicatorCount => Models.Count;

    /// <summary>Dimension ids in framework order with the indices of their indicators.</summary>
    public IReadOnlyList<(string Id, int[] Indicators)> Dimensions() =>
        Framework.Dimensions.Select(d => (d.Id, Models.Select((m, i) => (m, i)).Where(t => t.m.Dimension == d.Id).Select(t => t.i).ToArray()))
            .Where(t => t.Item2.Length > 0).ToList();

    /// <summary>
    /// Fits the models. <paramref name="data"/> must have the columns <c>sex</c>, <c>age</c>, <c>education3</c> and
    /// <c>origin7</c> in the canonical coding, plus the framework's source columns and design columns.
    /// </summary>
    public static GroupModels Fit(CohesionFramework framework, DataFrame data, string? terms = null, GlmControl? control = null)
    {
        terms ??= DefaultTerms;
        var frame = GroupFrame(data);
        var design = CohesionMeasurement.BuildDesign(framework, data, new MeasureOptions()).Design;
        var scores = FrameworkScorer.Score(framework, data);
        ModelFormula formula;
        try { formula = ModelFormula.Parse("y ~ " + terms); }
        catch (CohesionException ex) { throw new CohesionException($"group model terms '{terms}': {ex.Template}"); }
        foreach (var c in formula.Columns())
            if (c != "y" && c is not (GroupCoding.SexFactor or GroupCoding.AgeFactor or GroupCoding.EducationFactor or GroupCoding.OriginFactor))
                throw new CohesionException($"group model terms may only use sex, ageband, education3 and origin7, not '{c}'");
        var predictionFrame = PredictionFrame();
        control ??= new GlmControl(1e-12, 50);
        // the indicators' models are independent: fitted in parallel, kept (and any error reported) in framework order
        int count = framework.Indicators.Count;
        var models = new IndicatorModel[count];
        var errors = new Exception?[count];
        Parallel.For(0, count, j =>
        {
            try { models[j] = FitIndicator(j); }
            catch (Exception ex) { errors[j] = ex; }
        });
        if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);

        IndicatorModel FitIndicator(int j)
        {
        var ind = framework.Indicators[j];
        var y = scores.Indicators[j];
        // 0/1 indicators, or scale indicators rescaled to [0, 1] (a quasi-binomial mean model, as svyglm fits them)
        for (int i = 0; i < y.Length; i++)
            if (!double.IsNaN(y[i]) && !(y[i] >= 0 && y[i] <= 1))
                throw new CohesionException($"indicator '{ind.Id}' has value {y[i]} outside [0, 1]", data.Source, ind.Column, i + 1);
        var x = DesignMatrix.Build(new DataFrame(frame.Columns.Append(new NumericColumn("y", y)), frame.Source), formula, ["y"]);
        var yy = new double[x.RowCount];
        for (int r = 0; r < yy.Length; r++) yy[r] = y[x.Rows[r]];
        SurveyGlmFit fit;
        try { fit = SurveyLogisticRegression.Fit(design, x, yy, control); }
        catch (CohesionException ex) { throw new CohesionException($"group model of indicator '{ind.Id}': {ex.Template}", data.Source, ind.Column); }
        if (!fit.Fit.Converged)
            throw new ModelException($"group model of indicator '{ind.Id}' did not converge in {control.MaxIterations} iterations");
        var groupDesign = AlignedPredictionDesign(predictionFrame, formula, fit.Fit, ind.Id);
        var estimable = Enumerable.Range(0, fit.Coefficients.Length).Where(c => !fit.Fit.Aliased[c]).ToArray();
        int a = estimable.Length;
        var cov = new double[a * a];
        for (int r = 0; r < a; r++)
        for (int c = 0; c < a; c++) cov[r * a + c] = fit.Covariance[estimable[r] * fit.Coefficients.Length + estimable[c]];
        if (!Cholesky.Decompose(cov, a))
            throw new ModelException($"group model of indicator '{ind.Id}': the design-based covariance is not positive definite (too few PSUs for the number of coefficients?)");
        double sw = 0, swy = 0;
        var w = design.Weights;
        for (int i = 0; i < y.Length; i++) if (!double.IsNaN(y[i])) { sw += w[i]; swy += w[i] * y[i]; }
        return new IndicatorModel
        {
            Id = ind.Id, Dimension = ind.Dimension, Fit = fit, GroupDesign = groupDesign, CovarianceFactor = cov,
            Estimable = estimable, SurveyShare = swy / sw
        };
        }
        int[][] codes =
        [
            frame.Categorical(GroupCoding.SexFactor).Codes, frame.Categorical(GroupCoding.AgeFactor).Codes,
            frame.Categorical(GroupCoding.EducationFactor).Codes, frame.Categorical(GroupCoding.OriginFactor).Codes
        ];
        return new GroupModels(framework, models, terms, data.Source ?? "data", codes);
    }

    /// <summary>The four group factors in canonical level order, derived from the survey columns.</summary>
    public static DataFrame GroupFrame(DataFrame data)
    {
        int n = data.RowCount;
        var frame = new DataFrame(n, data.Source);
        frame.Add(Canonical(data, "sex", GroupCoding.SexFactor, GroupCoding.Sexes));
        frame.Add(Canonical(data, "education3", GroupCoding.EducationFactor, GroupCoding.Educations));
        frame.Add(Canonical(data, "origin7", GroupCoding.OriginFactor, GroupCoding.Origins));
        var age = data.Numeric("age").Values;
        var band = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(age[i])) { band[i] = -1; continue; }
            if (age[i] < GroupCoding.MinAge)
                throw new CohesionException($"age {age[i]} is under {GroupCoding.MinAge}; the group models cover the adult survey population", data.Source, "age", i + 1);
            band[i] = GroupCoding.AgeBand((int)age[i]);
        }
        frame.Add(new CategoricalColumn(GroupCoding.AgeFactor, band, GroupCoding.AgeBands));
        return frame;
    }

    private static CategoricalColumn Canonical(DataFrame data, string column, string name, string[] levels)
    {
        var src = data.Categorical(column);
        var map = new int[src.LevelCount];
        for (int l = 0; l < map.Length; l++)
        {
            map[l] = Array.IndexOf(levels, src.Levels[l].Trim());
            if (map[l] < 0)
            {
                int row = Array.IndexOf(src.Codes, l);
                throw new CohesionException($"value '{src.Levels[l]}' is not one of {string.Join(", ", levels)} (the canonical group coding)", data.Source, column, row + 1);
            }
        }
        var codes = new int[src.Length];
        for (int i = 0; i < codes.Length; i++) codes[i] = src.Codes[i] < 0 ? -1 : map[src.Codes[i]];
        return new CategoricalColumn(name, codes, levels);
    }

    /// <summary>One row per model group (<see cref="GroupCoding.Group"/> order).</summary>
    private static DataFrame PredictionFrame()
    {
        int g = GroupCoding.GroupCount;
        var sex = new int[g]; var band = new int[g]; var edu = new int[g]; var origin = new int[g];
        for (int i = 0; i < g; i++) (sex[i], band[i], edu[i], origin[i]) = GroupCoding.DecomposeGroup(i);
        var f = new DataFrame(g, "model groups");
        f.Add(new CategoricalColumn(GroupCoding.SexFactor, sex, GroupCoding.Sexes));
        f.Add(new CategoricalColumn(GroupCoding.EducationFactor, edu, GroupCoding.Educations));
        f.Add(new CategoricalColumn(GroupCoding.OriginFactor, origin, GroupCoding.Origins));
        f.Add(new CategoricalColumn(GroupCoding.AgeFactor, band, GroupCoding.AgeBands));
        var y = new double[g];
        f.Add(new NumericColumn("y", y));
        return f;
    }

    /// <summary>The prediction design with columns in the fit's order (by R column name).</summary>
    private static double[] AlignedPredictionDesign(DataFrame predictionFrame, ModelFormula formula, GlmFit fit, string indicator)
    {
        var px = DesignMatrix.Build(predictionFrame, formula);
        int g = px.RowCount, p = fit.CoefficientCount;
        var result = new double[g * p];
        for (int c = 0; c < px.ColumnCount; c++)
        {
            int j = fit.IndexOf(px.ColumnNames[c]);
            if (j < 0 || fit.Aliased[j])
            {
                // a level combination the survey never observed: no estimate for it
                bool any = false;
                for (int r = 0; r < g; r++) if (px[r, c] != 0) { any = true; break; }
                if (any) throw new ModelException(
                    $"group model of indicator '{indicator}': coefficient '{px.ColumnNames[c]}' cannot be estimated from the survey (no respondents in that group); simplify the model terms");
                continue;
            }
            for (int r = 0; r < g; r++) result[r * p + j] = px[r, c];
        }
        return result;
    }
}
