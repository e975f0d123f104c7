using MathNet.Numerics.LinearAlgebra;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// Satterthwaite's denominator degrees of freedom for t tests of fixed-effect contrasts in a linear mixed model, as
/// lmerTest computes them (Kuznetsova, Brockhoff &amp; Christensen 2017): the variance parameters are
/// (θ, σ); A = 2 H⁻¹ with H the Hessian of the (REML or ML) deviance in them (numDeriv, pseudo-inverse over the
/// eigenvalues above 1e-8); the gradient of the contrast variance l′V(θ, σ)l by numDeriv's Jacobian of
/// V = σ²(RXᵀRX)⁻¹; df = 2 (l′Vl)² / (∇′ A ∇).
/// </summary>
internal sealed class Satterthwaite
{
    private readonly LmmEngine _e;
    private readonly double[] _varpar;
    private readonly Matrix<double> _a;
    private readonly double[] _jac;   // p² × (nθ + 1)
    private readonly int _p;

    public IReadOnlyList<string> Warnings { get; }

    public Satterthwaite(LmmEngine engine)
    {
        _e = engine;
        _p = engine.Design.P;
        _varpar = engine.Theta.Append(engine.Sigma).ToArray();
        var warnings = new List<string>();
        var h = RichardsonDerivatives.Hessian(Deviance, _varpar);
        int m = _varpar.Length;
        var hm = Matrix<double>.Build.Dense(m, m, (i, j) => h[i * m + j]);
        var evd = hm.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        const double tol = 1e-8;
        int neg = values.Count(v => v < -tol), zero = values.Count(v => v > -tol && v < tol);
        if (neg > 0) warnings.Add($"Model failed to converge with {neg} negative eigenvalue{(neg > 1 ? "s" : "")} of the deviance Hessian");
        if (zero > 0) warnings.Add($"Model may not have converged with {zero} eigenvalue{(zero > 1 ? "s" : "")} of the deviance Hessian close to zero");
        var inv = Matrix<double>.Build.Dense(m, m);
        for (int k = 0; k < m; k++)
        {
            if (!(values[k] > tol)) continue;
            var v = evd.EigenVectors.Column(k);
            inv += v.OuterProduct(v) / values[k];
        }
        _a = 2 * inv;
        _jac = RichardsonDerivatives.Jacobian(CovBeta, _varpar);
        Warnings = warnings;
    }

    /// <summary>lmerTest's devfun_vp: the deviance at (θ, σ) with β profiled (ldW left out: a constant).</summary>
    private double Deviance(double[] varpar)
    {
        int m = varpar.Length;
        double sigma2 = varpar[m - 1] * varpar[m - 1];
        var ev = _e.Deviance.Evaluate(varpar.AsSpan(0, m - 1), _e.Reml, full: true);
        if (!ev.Ok) return double.NaN;
        int n = _e.Design.N;
        double dev = ev.LogDetL + ev.Pwrss / sigma2 + n * Math.Log(2 * Math.PI * sigma2);
        if (!_e.Reml) return dev;
        return dev + ev.LogDetRX - _p * Math.Log(2 * Math.PI * sigma2);
    }

    /// <summary>σ² (RXᵀRX)⁻¹ at (θ, σ), row-major p × p.</summary>
    private double[] CovBeta(double[] varpar)
    {
        int m = varpar.Length;
        double sigma2 = varpar[m - 1] * varpar[m - 1];
        var ev = _e.Deviance.Evaluate(varpar.AsSpan(0, m - 1), _e.Reml, full: true);
        var r = new double[_p * _p];
        if (!ev.Ok) { Array.Fill(r, double.NaN); return r; }
        for (int i = 0; i < r.Length; i++) r[i] = sigma2 * ev.RxInverse[i];
        return r;
    }

    /// <summary>Satterthwaite df of the contrast l′β with the model covariance <paramref name="vcov"/>.</summary>
    public double Df(double[] l, double[] vcov)
    {
        int p = _p, m = _varpar.Length;
        double var = QuadraticForm(l, vcov, p);
        var grad = new double[m];
        var jk = new double[p * p];
        for (int k = 0; k < m; k++)
        {
            for (int c = 0; c < p * p; c++) jk[c] = _jac[c * m + k];
            grad[k] = QuadraticForm(l, jk, p);
        }
        double denom = 0;
        for (int a = 0; a < m; a++) for (int b = 0; b < m; b++) denom += grad[a] * _a[a, b] * grad[b];
        return 2 * var * var / denom;
    }

    internal static double QuadraticForm(double[] l, double[] a, int p)
    {
        double s = 0;
        for (int i = 0; i < p; i++)
        {
            if (l[i] == 0) continue;
            double r = 0;
            for (int j = 0; j < p; j++) r += a[i * p + j] * l[j];
            s += l[i] * r;
        }
        return s;
    }
}
