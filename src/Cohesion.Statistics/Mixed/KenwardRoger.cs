using MathNet.Numerics.LinearAlgebra;

namespace Cohesion.Statistics.Mixed;

/// <summary>
/// Kenward–Roger (1997) adjusted covariance of the fixed effects and denominator df for single contrasts, as pbkrtest's
/// <c>vcovAdj</c> and <c>Lb_ddf</c> compute them (the path lmerTest takes for <c>ddf = "Kenward-Roger"</c>). The
/// covariance parameters are pbkrtest's: per random term the lower triangle of its covariance matrix, then σ²; the
/// marginal covariance is Σ = Σ_r γ_r G_r with G_r = Z E_r Zᵀ (and I for σ²). pbkrtest forms the n × n matrices; here
/// everything is computed in the q-dimensional random-effects space through Σ⁻ᵏ = σ⁻²ᵏ (I − C (Σ_{j≤k} A⁻ʲ) Cᵀ),
/// C = ZΛ, A = CᵀC + I, so the cost does not grow with n³.
/// </summary>
internal sealed class KenwardRoger
{
    private readonly Matrix<double> _phi;
    private readonly List<Matrix<double>> _pp;
    private readonly Matrix<double> _w;
    private readonly int _p;

    /// <summary>The adjusted covariance Φ_A = Φ + 2 Φ U Φ (pbkrtest's PhiA), p × p.</summary>
    public Matrix<double> AdjustedCovariance { get; }

    public KenwardRoger(LmmEngine e)
    {
        if (!e.Reml) throw new ModelException("Kenward-Roger's method is only available for REML model fits");
        if (e.Weights is not null) throw new ModelException("Kenward-Roger's method is not available with prior weights (pbkrtest's covariance model has none)");
        var d = e.Design;
        int n = d.N, p = d.P;
        _p = p;
        var blocks = d.Blocks;
        var off = new int[blocks.Length];
        int q = 0;
        for (int t = 0; t < blocks.Length; t++) { off[t] = q; q += blocks[t].K * blocks[t].Levels; }
        double s2 = e.Sigma * e.Sigma;

        // Z'Z, Z'X, X'X
        var ztz = Matrix<double>.Build.Dense(q, q);
        var ztx = Matrix<double>.Build.Dense(q, p);
        var xtx = Matrix<double>.Build.Dense(p, p);
        int nzPer = blocks.Sum(b => b.K);
        var idx = new int[nzPer];
        var val = new double[nzPer];
        var xi = new double[p];
        for (int i = 0; i < n; i++)
        {
            int nz = 0;
            for (int t = 0; t < blocks.Length; t++)
            {
                var b = blocks[t];
                for (int c = 0; c < b.K; c++) { idx[nz] = off[t] + b.Codes[i] * b.K + c; val[nz] = b.X[c * n + i]; nz++; }
            }
            for (int j = 0; j < p; j++) xi[j] = d.X[j * n + i];
            for (int u = 0; u < nz; u++)
            {
                for (int v = 0; v < nz; v++) ztz[idx[u], idx[v]] += val[u] * val[v];
                for (int j = 0; j < p; j++) ztx[idx[u], j] += val[u] * xi[j];
            }
            for (int r = 0; r < p; r++) for (int c = 0; c < p; c++) xtx[r, c] += xi[r] * xi[c];
        }
        // Λ (block diagonal, lower-triangular factors)
        var T = e.Deviance.Factors(e.Theta);
        var lambdaD = Matrix<double>.Build.Dense(q, q);
        for (int t = 0; t < blocks.Length; t++)
        {
            int k = blocks[t].K;
            for (int l = 0; l < blocks[t].Levels; l++)
            for (int r = 0; r < k; r++)
            for (int c = 0; c <= r; c++)
                lambdaD[off[t] + l * k + r, off[t] + l * k + c] = T[t][r * k + c];
        }
        var a = lambdaD.TransposeThisAndMultiply(ztz) * lambdaD + Matrix<double>.Build.DenseIdentity(q);
        var ainv = a.Cholesky().Solve(Matrix<double>.Build.DenseIdentity(q));
        var ainv2 = ainv * ainv;
        var s2m = ainv + ainv2;
        var s3m = s2m + ainv2 * ainv;
        var w1 = lambdaD * ainv.TransposeAndMultiply(lambdaD);
        var w2 = lambdaD * s2m.TransposeAndMultiply(lambdaD);
        var w3 = lambdaD * s3m.TransposeAndMultiply(lambdaD);
        var zw1 = ztz * w1;
        var zw2 = ztz * w2;
        var m1 = (ztz - zw1 * ztz) / s2;                     // Z'Σ⁻¹Z
        var b1 = (ztx - zw1 * ztx) / s2;                     // Z'Σ⁻¹X
        var xsx = (xtx - ztx.TransposeThisAndMultiply(w1 * ztx)) / s2;
        var m2 = (ztz - zw2 * ztz) / (s2 * s2);              // Z'Σ⁻²Z
        var b2 = (ztx - zw2 * ztx) / (s2 * s2);              // Z'Σ⁻²X
        var xs2x = (xtx - ztx.TransposeThisAndMultiply(w2 * ztx)) / (s2 * s2);
        var xs3x = (xtx - ztx.TransposeThisAndMultiply(w3 * ztx)) / (s2 * s2 * s2);
        double trS2 = (n - (s2m * (a - Matrix<double>.Build.DenseIdentity(q))).Trace()) / (s2 * s2);
        var phi = xsx.Inverse();
        phi = (phi + phi.Transpose()) / 2;
        _phi = phi;

        // the covariance parameters: (block, a, b) with a ≥ b (lower triangle, column-major), then σ² (null)
        var pars = new List<(int T, int A, int B)?>();
        for (int t = 0; t < blocks.Length; t++)
        {
            int k = blocks[t].K;
            for (int c = 0; c < k; c++) for (int r = c; r < k; r++) pars.Add((t, r, c));
        }
        pars.Add(null);
        int g = pars.Count;
        // E_r as index pairs (i, j) with value 1
        var ents = pars.Select(pr =>
        {
            if (pr is not { } v) return Array.Empty<(int, int)>();
            var list = new List<(int, int)>();
            int k = blocks[v.T].K;
            for (int l = 0; l < blocks[v.T].Levels; l++)
            {
                int i = off[v.T] + l * k + v.A, j = off[v.T] + l * k + v.B;
                list.Add((i, j));
                if (i != j) list.Add((j, i));
            }
            return list.ToArray();
        }).ToArray();
        Matrix<double> ApplyE((int, int)[] e1, Matrix<double> m)   // E m (q × cols)
        {
            var r = Matrix<double>.Build.Dense(q, m.ColumnCount);
            foreach (var (i, j) in e1) for (int c = 0; c < m.ColumnCount; c++) r[i, c] += m[j, c];
            return r;
        }
        var eb = ents.Select(en => en.Length == 0 ? null : ApplyE(en, b1)).ToArray();
        _pp = new List<Matrix<double>>(g);
        for (int r = 0; r < g; r++)
            _pp.Add(pars[r] is null ? -xs2x : -(b1.TransposeThisAndMultiply(eb[r]!)));
        for (int r = 0; r < g; r++) _pp[r] = (_pp[r] + _pp[r].Transpose()) / 2;
        var qq = new Matrix<double>[g, g];
        var ktrace = new double[g, g];
        for (int r = 0; r < g; r++)
        for (int s = r; s < g; s++)
        {
            bool zr = pars[r] is not null, zs = pars[s] is not null;
            if (zr && zs)
            {
                qq[r, s] = eb[r]!.TransposeThisAndMultiply(m1 * eb[s]!);
                double tr = 0;
                foreach (var (i, j) in ents[r]) foreach (var (k, l) in ents[s]) tr += m1[j, k] * m1[l, i];
                ktrace[r, s] = tr;
            }
            else if (zr)
            {
                qq[r, s] = eb[r]!.TransposeThisAndMultiply(b2);
                double tr = 0;
                foreach (var (i, j) in ents[r]) tr += m2[j, i];
                ktrace[r, s] = tr;
            }
            else if (zs)
            {
                qq[r, s] = b2.TransposeThisAndMultiply(eb[s]!);
                double tr = 0;
                foreach (var (i, j) in ents[s]) tr += m2[j, i];
                ktrace[r, s] = tr;
            }
            else
            {
                qq[r, s] = xs3x;
                ktrace[r, s] = trS2;
            }
            ktrace[s, r] = ktrace[r, s];
        }
        var ie2 = Matrix<double>.Build.Dense(g, g);
        for (int r = 0; r < g; r++)
        {
            var phiP = phi * _pp[r];
            for (int s = r; s < g; s++)
            {
                double v = ktrace[r, s] - 2 * phi.PointwiseMultiply(qq[r, s]).Enumerate().Sum() + phiP.PointwiseMultiply(_pp[s] * phi).Enumerate().Sum();
                ie2[r, s] = v;
                ie2[s, r] = v;
            }
        }
        double condi = ie2.Evd(Symmetricity.Symmetric).EigenValues.Min(x => Math.Abs(x.Real));
        _w = condi > 1e-10 ? 2 * ie2.Inverse() : 2 * ie2.PseudoInverse();
        _w = (_w + _w.Transpose()) / 2;
        var uu = Matrix<double>.Build.Dense(p, p);
        for (int r = 0; r < g - 1; r++)
        for (int s = r + 1; s < g; s++)
            uu += _w[r, s] * (qq[r, s] - _pp[r] * phi * _pp[s]);
        uu += uu.Transpose();
        for (int r = 0; r < g; r++) uu += _w[r, r] * (qq[r, r] - _pp[r] * phi * _pp[r]);
        var gg = phi * uu * phi;
        AdjustedCovariance = phi + 2 * gg;
    }

    /// <summary>pbkrtest's Lb_ddf for the single contrast l′β (q = 1).</summary>
    public double Df(double[] l, double[] v0Flat)
    {
        int p = _p;
        var v0 = Matrix<double>.Build.Dense(p, p, (i, j) => v0Flat[i * p + j]);
        var lv = Vector<double>.Build.DenseOfArray(l);
        var lm = lv.ToRowMatrix();
        var theta = lm.TransposeThisAndMultiply(lm) / (lm * v0 * lm.Transpose())[0, 0];
        var tv = theta * v0;
        int g = _pp.Count;
        double a1 = 0, a2 = 0;
        var ui = _pp.Select(pi => tv * pi * v0).ToArray();
        for (int i = 0; i < g; i++)
        for (int j = i; j < g; j++)
        {
            double e = i == j ? 1 : 2;
            a1 += e * _w[i, j] * ui[i].Trace() * ui[j].Trace();
            a2 += e * _w[i, j] * ui[i].PointwiseMultiply(ui[j].Transpose()).Enumerate().Sum();
        }
        const double qd = 1;
        double b = 1 / (2 * qd) * (a1 + 6 * a2);
        double gq = ((qd + 1) * a1 - (qd + 4) * a2) / ((qd + 2) * a2);
        double c1 = gq / (3 * qd + 2 * (1 - gq));
        double c2 = (qd - gq) / (3 * qd + 2 * (1 - gq));
        double c3 = (qd + 2 - gq) / (3 * qd + 2 * (1 - gq));
        double vv0 = 1 + c1 * b, v1 = 1 - c2 * b, v2 = 1 - c3 * b;
        if (Math.Abs(vv0) < 1e-10) vv0 = 0;
        double num = 1 - a2 / qd;
        double ratio = Math.Abs(num) < 1e-14 && Math.Abs(v1) < 1e-14 ? 1 : num / v1;  // pbkrtest's .divZero
        double rho = 1 / qd * ratio * ratio * vv0 / v2;
        return 4 + (qd + 2) / (qd * rho - 1);
    }
}
