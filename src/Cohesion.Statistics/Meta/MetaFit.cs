using Cohesion.Statistics.Inference;

namespace Cohesion.Statistics.Meta;

/// <summary>metafor's <c>predict()</c> for one row of moderator values: the fitted value with its standard error,
/// confidence interval and prediction interval (which adds the between-study variance).</summary>
public readonly record struct MetaPrediction(double Estimate, double Se, double CiLower, double CiUpper, double PiLower, double PiUpper);

/// <summary>
/// What every meta-analytic fit (<see cref="MetaUniFit"/>: rma.uni; <see cref="MetaMvFit"/>: rma.mv) holds and can
/// do: coefficients with their tests, heterogeneity tests, and <see cref="Predict"/> (metafor's <c>predict</c>), which
/// plots and tables ask instead of recomputing fitted values themselves.
/// </summary>
public abstract class MetaFit
{
    public required int K { get; init; }
    public required int P { get; init; }
    public required MetaTest Test { get; init; }
    public required string[] Terms { get; init; }
    public required double[] Beta { get; init; }
    /// <summary>Covariance of the coefficients, row-major p × p (scaled by s2w for knha).</summary>
    public required double[] Vb { get; init; }
    public required double[] Se { get; init; }
    public required double[] Statistic { get; init; }
    public required double[] PValue { get; init; }
    public required double[] CiLower { get; init; }
    public required double[] CiUpper { get; init; }
    public required double QE { get; init; }
    public required double QEp { get; init; }
    public required double QM { get; init; }
    public required double QMp { get; init; }
    /// <summary>Residual df for t-based tests (k − p); NaN for z.</summary>
    public required double Ddf { get; init; }
    public required bool Converged { get; init; }
    public required int Iterations { get; init; }
    public required bool InterceptOnly { get; init; }
    public double Level { get; init; } = 0.95;

    /// <summary>The model matrix, row-major k × p.</summary>
    public abstract double[] ModelMatrix { get; }
    /// <summary>The between-study variance a prediction interval adds: τ² (rma.uni) or Σσ² (rma.mv).</summary>
    public abstract double HeterogeneityVariance { get; }

    public Coefficient Coefficient(int j) =>
        new(Terms[j], Beta[j], Se[j], Statistic[j], PValue[j], CiLower[j], CiUpper[j]) { Df = DfOf(j) };

    /// <summary>Degrees of freedom of coefficient <paramref name="j"/>'s t test (null for z tests).</summary>
    protected virtual double? DfOf(int j) => Test == MetaTest.Z ? null : Ddf;

    public IReadOnlyList<Coefficient> Coefficients => Enumerable.Range(0, P).Select(Coefficient).ToArray();

    /// <summary>The coefficient table (z, or t on <see cref="Ddf"/>) under the model's covariance <see cref="Vb"/>.</summary>
    public CoefficientTable Table => new(Coefficients, Vb, Test == MetaTest.Knha ? "knha" : "model", Level, Test == MetaTest.Z ? double.PositiveInfinity : Ddf);

    /// <summary>Critical value of the intervals: the normal quantile (z tests) or Student's t on <see cref="Ddf"/>.</summary>
    public double Critical => Test == MetaTest.Z ? Probability.Critical(Level) : Probability.Critical(Level, Ddf);

    /// <summary>metafor's <c>predict(fit, newmods)</c> for one row <paramref name="x"/> of the model matrix (length p,
    /// intercept included when the model has one): x'β, √(x'Vb x), the confidence and the prediction interval.</summary>
    public MetaPrediction Predict(ReadOnlySpan<double> x)
    {
        if (x.Length != P) throw new ArgumentException($"a prediction needs {P} moderator values (the model-matrix columns), got {x.Length}");
        double e = 0, v = 0;
        for (int a = 0; a < P; a++)
        {
            e += x[a] * Beta[a];
            for (int b = 0; b < P; b++) v += x[a] * Vb[a * P + b] * x[b];
        }
        double se = Math.Sqrt(v), crit = Critical, pi = Math.Sqrt(v + HeterogeneityVariance);
        return new MetaPrediction(e, se, e - crit * se, e + crit * se, e - crit * pi, e + crit * pi);
    }

    /// <summary>The fitted value of effect size <paramref name="i"/> (its row of the model matrix), as
    /// <c>predict(fit)[i]</c>.</summary>
    public MetaPrediction PredictRow(int i) => Predict(ModelMatrix.AsSpan(i * P, P));

    /// <summary>Prediction interval for the average effect (intercept-only models; NaN otherwise), as <c>predict()</c>.</summary>
    public virtual (double Lower, double Upper) PredictionInterval
    {
        get
        {
            if (!InterceptOnly) return (double.NaN, double.NaN);
            var r = Predict([1.0]);
            return (r.PiLower, r.PiUpper);
        }
    }
}
