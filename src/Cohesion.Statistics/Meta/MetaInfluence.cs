using Cohesion.Statistics.LinearAlgebra;

namespace Cohesion.Statistics.Meta;

/// <summary>The model refitted without one row: all coefficients, τ², Q (and for intercept-only models the columns of
/// metafor's leave1out()).</summary>
public sealed record LeaveOneOutRefit(int Omitted, double[] Coefficients, double[] Se, double[] Statistic, double[] P, double[] CiLower, double[] CiUpper,
    double Tau2, double Q, double Qp, double I2, double H2);

/// <summary>Case diagnostics of one row, as metafor's influence.rma.uni (NaN where the refit without the row fails).</summary>
public sealed record InfluenceRow(int Row, double Rstudent, double Dffits, double CooksDistance, double CovRatio, double Tau2Deleted, double QEDeleted,
    double Hat, double Weight, double[] Dfbetas, bool Influential);

/// <summary>Leave-one-out refits (also for meta-regressions) and influence diagnostics for <see cref="MetaUniFit"/>.</summary>
public static class MetaInfluence
{
    private static MetaUniFit? TryRefitWithout(MetaUniFit fit, int omit, bool minimal)
    {
        int k = fit.K, p = fit.P;
        var y = new double[k - 1]; var v = new double[k - 1]; var x = new double[(k - 1) * p];
        for (int i = 0, t = 0; i < k; i++)
        {
            if (i == omit) continue;
            y[t] = fit.Yi[i]; v[t] = fit.Vi[i];
            Array.Copy(fit.X, i * p, x, t * p, p);
            t++;
        }
        try
        {
            return MetaUni.Fit(y, v, x, p, fit.Terms, new MetaUniOptions { Method = fit.Method, Test = fit.Test, Level = fit.Level, Minimal = minimal });
        }
        catch (CohesionException) { return null; }
    }

    /// <summary>The model refitted without each row in turn (<c>rma(..., subset = -i)</c>), moderators included.</summary>
    public static IReadOnlyList<LeaveOneOutRefit> LeaveOneOut(MetaUniFit fit)
    {
        if (fit.K < 2) throw new CohesionException("leave-one-out needs at least two studies");
        var rows = new LeaveOneOutRefit[fit.K];
        int p = fit.P;
        for (int o = 0; o < fit.K; o++)
        {
            var r = TryRefitWithout(fit, o, minimal: false);
            double[] Nan() { var a = new double[p]; Array.Fill(a, double.NaN); return a; }
            rows[o] = r is null
                ? new LeaveOneOutRefit(o, Nan(), Nan(), Nan(), Nan(), Nan(), Nan(), double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
                : new LeaveOneOutRefit(o, r.Beta, r.Se, r.Statistic, r.PValue, r.CiLower, r.CiUpper, r.Tau2, r.QE, r.QEp, r.I2, r.H2);
        }
        return rows;
    }

    /// <summary>
    /// influence.rma.uni: externally standardised residuals, DFFITS, Cook's distances (all coefficients), covariance
    /// ratios, τ² and Q_E without the row, hat values, weights (%) and DFBETAS; a row is flagged as metafor's
    /// <c>inf</c> column does.
    /// </summary>
    public static IReadOnlyList<InfluenceRow> Influence(MetaUniFit fit)
    {
        int k = fit.K, p = fit.P;
        var x = fit.X;
        var w = new double[k];
        double sw = 0;
        for (int i = 0; i < k; i++) { w[i] = 1 / (fit.Vi[i] + fit.Tau2); sw += w[i]; }
        // hat values of H = X (X'WX)^-1 X'W
        var xtwx = new double[p * p];
        for (int i = 0; i < k; i++)
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) xtwx[a * p + b] += w[i] * x[i * p + a] * x[i * p + b];
        var inv = Cholesky.InvertSpd(xtwx, p, "X'WX");
        var hat = new double[k];
        for (int i = 0; i < k; i++)
        {
            double h = 0;
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) h += x[i * p + a] * inv[a * p + b] * x[i * p + b];
            h *= w[i];
            hat[i] = h > 1 - 10 * 2.220446049250313e-16 ? 1 : h;
        }
        var vbInv = Cholesky.InvertSpd(fit.Vb, p, "coefficient covariance");
        double detVb = Determinant(fit.Vb, p);
        var rows = new InfluenceRow[k];
        var dfbsAll = new double[k][];
        var cookAll = new double[k]; var dffitsAll = new double[k];
        for (int i = 0; i < k; i++)
        {
            var r = TryRefitWithout(fit, i, minimal: false);
            double weight = 100 * w[i] / sw;
            if (r is null)
            {
                var nan = new double[p]; Array.Fill(nan, double.NaN);
                rows[i] = new InfluenceRow(i, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, hat[i], weight, nan, false);
                dfbsAll[i] = nan; cookAll[i] = dffitsAll[i] = double.NaN;
                continue;
            }
            double predFull = 0, delPred = 0, vDelPred = 0;
            for (int a = 0; a < p; a++)
            {
                predFull += x[i * p + a] * fit.Beta[a];
                delPred += x[i * p + a] * r.Beta[a];
                for (int b = 0; b < p; b++) vDelPred += x[i * p + a] * r.Vb[a * p + b] * x[i * p + b];
            }
            double s2w = r.S2w;
            double dffits = (predFull - delPred) / Math.Sqrt(s2w * hat[i] * (r.Tau2 + fit.Vi[i]));
            // vb.del: (X' diag(1/(vi + tau2_del)) X)^-1 over all rows
            var a2 = new double[p * p];
            for (int j = 0; j < k; j++)
            {
                double wj = 1 / (fit.Vi[j] + r.Tau2);
                for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) a2[a * p + b] += wj * x[j * p + a] * x[j * p + b];
            }
            var vbDel = Cholesky.InvertSpd(a2, p, "X'WX");
            var dfb = new double[p];
            var diff = new double[p];
            for (int a = 0; a < p; a++)
            {
                diff[a] = fit.Beta[a] - r.Beta[a];
                dfb[a] = diff[a] / Math.Sqrt(s2w * vbDel[a * p + a]);
            }
            double cook = 0;
            for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) cook += diff[a] * vbInv[a * p + b] * diff[b];
            double covr = Determinant(r.Vb, p) / detVb;
            double resid = fit.Yi[i] - delPred;
            if (Math.Abs(resid) < 100 * 2.220446049250313e-16) resid = 0;
            double seResid = Math.Sqrt(fit.Vi[i] * s2w + vDelPred + r.Tau2 * s2w);
            rows[i] = new InfluenceRow(i, resid / seResid, dffits, cook, covr, r.Tau2, r.QE, hat[i], weight, dfb, false);
            dfbsAll[i] = dfb; cookAll[i] = cook; dffitsAll[i] = dffits;
        }
        // metafor's flag: |DFFITS| > 3 sqrt(p/(k-p)), pchisq(cook, p) > .5, hat > 3p/k, any |DFBETAS| > 1
        for (int i = 0; i < k; i++)
        {
            var r = rows[i];
            bool infl = Math.Abs(r.Dffits) > 3 * Math.Sqrt((double)p / (k - p))
                        || (!double.IsNaN(r.CooksDistance) && MathNet.Numerics.Distributions.ChiSquared.CDF(p, r.CooksDistance) > 0.5)
                        || r.Hat > 3.0 * p / k
                        || r.Dfbetas.Any(d => Math.Abs(d) > 1);
            rows[i] = r with { Influential = infl };
        }
        return rows;
    }

    private static double Determinant(double[] a, int p)
    {
        var l = (double[])a.Clone();
        if (!Cholesky.Decompose(l, p)) return double.NaN;
        return Math.Exp(Cholesky.LogDeterminant(l, p));
    }
}
