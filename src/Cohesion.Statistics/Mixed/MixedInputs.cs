using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;

namespace Cohesion.Statistics.Mixed;

/// <summary>The response, prior weights, offsets and binomial trials of a mixed model at the rows it uses.</summary>
internal sealed record MixedData(MixedDesign Design, double[] Y, double[]? Weights, double[]? Offset, double[]? Trials);

/// <summary>
/// Reads what a mixed model needs from a data frame with lme4/glm semantics: the response (for the binomial family 0/1
/// values, proportions, a two-level factor, or <c>cbind(successes, failures)</c>, which becomes y = s/(s+f) with
/// prior weights s+f as <c>binomial()$initialize</c> does), <c>offset(...)</c> terms, prior weights, and the rows with
/// everything present (na.omit).
/// </summary>
internal static class MixedInputs
{
    public static (MixedDesign Design, double[] Y, double[]? Weights, double[]? Offset) Prepare(DataFrame data, ModelFormula formula, string? weights, bool gaussian)
    {
        var d = Read(data, formula, weights, MixedFamily.Gaussian);
        return (d.Design, d.Y, d.Weights, d.Offset);
    }

    public static MixedData Read(DataFrame data, ModelFormula formula, string? weightsColumn, MixedFamily family)
    {
        if (formula.Response is null) throw new CohesionException($"formula \"{formula.Text}\" needs a response (y ~ ...)");
        if (formula.RandomTerms.Count == 0)
            throw new CohesionException($"formula \"{formula.Text}\" has no random-effect term such as (1|g); use 'cohesion panel' for fixed-effects models");
        if (formula.AbsorbedFactors.Count > 0)
            throw new CohesionException($"formula \"{formula.Text}\": absorbed fixed effects (after '|') are not supported in mixed models; add them as factor(...) terms");
        foreach (var c in formula.Columns()) _ = data[c];
        int rows = data.RowCount;

        // response (and binomial trials) over all rows; NaN = missing
        double[] y;
        double[]? trials = null;
        string responseColumn = formula.Response;
        if (formula.BinomialResponse is { } cb)
        {
            if (family != MixedFamily.Binomial)
                throw new CohesionException($"formula \"{formula.Text}\": a cbind(successes, failures) response needs the binomial family");
            var s = MixedDesign.Evaluate(data, cb.Successes);
            var f = MixedDesign.Evaluate(data, cb.Failures);
            y = new double[rows];
            trials = new double[rows];
            for (int i = 0; i < rows; i++)
            {
                if (!double.IsFinite(s[i]) || !double.IsFinite(f[i])) { y[i] = double.NaN; continue; }
                if (s[i] < 0 || f[i] < 0)
                    throw new CohesionException($"cbind({cb.Successes}, {cb.Failures}): counts must be non-negative (found {s[i]}, {f[i]})", data.Source, cb.Successes, i + 1);
                double m = s[i] + f[i];
                trials[i] = m;
                y[i] = m == 0 ? 0 : s[i] / m;
            }
        }
        else if (family == MixedFamily.Binomial && data.Contains(formula.Response) && data[formula.Response] is CategoricalColumn cat)
        {
            // a factor response: the first level is failure, every other level success (glm)
            y = new double[rows];
            for (int i = 0; i < rows; i++) y[i] = cat.Codes[i] < 0 ? double.NaN : cat.Codes[i] == 0 ? 0 : 1;
        }
        else y = MixedDesign.Evaluate(data, formula.Response);
        for (int i = 0; i < rows; i++)
        {
            double v = y[i];
            if (!double.IsFinite(v)) continue;
            if (family == MixedFamily.Binomial && (v < 0 || v > 1))
                throw new CohesionException($"binomial response must be 0/1, a proportion, or cbind(successes, failures); found {v}", data.Source, responseColumn, i + 1);
            if (family == MixedFamily.Poisson && (v < 0 || v != Math.Floor(v)))
                throw new CohesionException($"Poisson response must be a non-negative whole count; found {v}", data.Source, responseColumn, i + 1);
        }

        double[]? w = null;
        if (weightsColumn is not null)
        {
            w = data.Numeric(weightsColumn).Values;
            for (int i = 0; i < rows; i++)
            {
                if (double.IsNaN(w[i])) continue;
                if (!double.IsFinite(w[i]) || w[i] <= 0)
                    throw new CohesionException($"prior weights must be positive and finite; found {w[i]}", data.Source, weightsColumn, i + 1);
            }
        }
        double[]? off = null;
        foreach (var o in formula.Offsets)
        {
            var v = MixedDesign.Evaluate(data, o);
            off ??= new double[rows];
            for (int i = 0; i < rows; i++) off[i] += v[i];
        }
        var candidate = new bool[rows];
        for (int i = 0; i < rows; i++)
            candidate[i] = double.IsFinite(y[i]) && (w is null || double.IsFinite(w[i])) && (off is null || !double.IsNaN(off[i]));
        if (off is not null)
            for (int i = 0; i < rows; i++)
                if (candidate[i] && !double.IsFinite(off[i]))
                    throw new CohesionException($"offset({string.Join(" + ", formula.Offsets)}) is not finite ({off[i]}); e.g. log(0)", data.Source, null, i + 1);
        var design = MixedDesign.Build(data, formula, candidate, family == MixedFamily.Gaussian);
        double[]? trialsUsed = trials is null ? null : design.Take(trials);
        double[]? weightsUsed = w is null ? null : design.Take(w);
        if (trialsUsed is not null)
        {
            // binomial()$initialize: the prior weights become weights × trials
            weightsUsed ??= Enumerable.Repeat(1.0, design.N).ToArray();
            for (int i = 0; i < design.N; i++) weightsUsed[i] *= trialsUsed[i];
        }
        return new MixedData(design, design.Take(y), weightsUsed, off is null ? null : design.Take(off), trialsUsed);
    }
}
