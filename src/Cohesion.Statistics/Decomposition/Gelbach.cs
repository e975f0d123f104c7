using Cohesion.Statistics.Data;
using Cohesion.Statistics.Formula;
using Cohesion.Statistics.LinearAlgebra;
using Cohesion.Statistics.Regression;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Decomposition;

/// <summary>A named group of added controls (model-matrix columns or variables whose columns they expand to).</summary>
public sealed record ControlGroup(string Name, IReadOnlyList<string> Columns);

/// <summary>How much of the change in the coefficient of interest one group of controls explains.</summary>
public sealed record GelbachContribution(string Name, IReadOnlyList<string> Terms, double Contribution, double StdError, double Statistic, double PValue, double Share);

/// <summary>The result of <see cref="Gelbach.Decompose"/>.</summary>
public sealed class GelbachResult
{
    public required string Variable { get; init; }
    public required RegressionResult Base { get; init; }
    public required RegressionResult Full { get; init; }
    public required double BaseEstimate { get; init; }
    public required double BaseSe { get; init; }
    public required double FullEstimate { get; init; }
    public required double FullSe { get; init; }
    /// <summary>β_base − β_full = Σ_g δ_g.</summary>
    public required double TotalChange { get; init; }
    public required double TotalChangeSe { get; init; }
    public double TotalPValue => 2 * Normal.CDF(0, 1, -Math.Abs(TotalChange / TotalChangeSe));
    public required IReadOnlyList<GelbachContribution> Groups { get; init; }
    /// <summary>Covariance of the group contributions (row-major, groups × groups).</summary>
    public required double[] Covariance { get; init; }
}

/// <summary>
/// Gelbach (2016), "When Do Covariates Matter? And Which Ones, and How Much?", JOLE 34(2). With base regressors
/// X₁ and added controls X₂ (in groups g), β̂₁^base − β̂₁^full = Γ̂ β̂₂ with Γ̂ = (X₁ᵀX₁)⁻¹X₁ᵀX₂, so group g contributes
/// δ̂_g = Γ̂_g β̂₂,g. Conditional on the regressors, Var(δ̂) = Γ̂ V̂(β̂₂) Γ̂ᵀ with V̂ the full model's covariance
/// (classical, heteroskedasticity- or cluster-robust as requested). Fixed effects in the formula stay in both
/// models (Frisch–Waugh–Lovell: both are fitted on the same demeaned data and sample).
/// </summary>
public static class Gelbach
{
    /// <summary>Parses <c>"ses=woz,income;housing=rent,corp"</c>.</summary>
    public static IReadOnlyList<ControlGroup> ParseGroups(string spec)
    {
        var groups = new List<ControlGroup>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0 || eq == part.Length - 1)
                throw new CohesionException($"decomposition group '{part}' must look like name=col1,col2");
            var cols = part[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            groups.Add(new ControlGroup(part[..eq].Trim(), cols));
        }
        if (groups.Count == 0) throw new CohesionException("no decomposition groups given");
        var dup = groups.GroupBy(g => g.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new CohesionException($"decomposition group '{dup.Key}' given twice");
        return groups;
    }

    /// <param name="formula">The full model; its regressors that are in no group form the base model.</param>
    /// <param name="variable">The coefficient to decompose (default: the first base regressor other than the intercept).</param>
    public static GelbachResult Decompose(DataFrame data, ModelFormula formula, IReadOnlyList<ControlGroup> groups,
        RegressionOptions? options = null, string? variable = null)
    {
        options ??= new RegressionOptions();
        var prep = LinearModel.Prepare(data, formula, options);
        var names = prep.Names;
        var groupIdx = new List<int>[groups.Count];
        var assigned = new HashSet<int>();
        for (int g = 0; g < groups.Count; g++)
        {
            groupIdx[g] = new List<int>();
            foreach (var c in groups[g].Columns)
            {
                var matches = Enumerable.Range(0, names.Count).Where(j => names[j] == c).ToList();
                if (matches.Count == 0)
                    matches = Enumerable.Range(0, names.Count).Where(j => names[j].StartsWith(c, StringComparison.Ordinal) && !names[j].Contains(':')).ToList();
                if (matches.Count == 0)
                {
                    if (prep.CollinearWithFixedEffects.Contains(c)) continue;
                    throw new CohesionException($"decomposition group '{groups[g].Name}': '{c}' is not a regressor of the formula (regressors: {string.Join(", ", names)})", column: c);
                }
                foreach (var j in matches)
                {
                    if (!assigned.Add(j)) throw new CohesionException($"'{names[j]}' is in more than one decomposition group", column: c);
                    groupIdx[g].Add(j);
                }
            }
        }
        var baseIdx = Enumerable.Range(0, names.Count).Where(j => !assigned.Contains(j)).ToList();
        variable ??= baseIdx.Select(j => names[j]).FirstOrDefault(n => n != "(Intercept)")
                     ?? throw new CohesionException("the base model has no regressor to decompose");
        var full = LinearModel.Solve(prep, options);
        var baseFit = LinearModel.Solve(prep, options, baseIdx);
        if (full.Aliased.Count > prep.CollinearWithFixedEffects.Count)
            throw new CohesionException($"the full model has collinear regressors ({string.Join(", ", full.Aliased)}); the decomposition needs every coefficient estimable");
        int vb = baseFit.IndexOf(variable);
        int vf = full.IndexOf(variable);
        if (vb < 0 || vf < 0) throw new CohesionException($"'{variable}' is not a base regressor");

        // row v of Γ = (X₁ᵀX₁)⁻¹ X₁ᵀ X₂: the base (XᵀX)⁻¹ row times X₁ᵀx₂ for each added column
        int k1 = baseIdx.Count;
        var xtxInvRow = new double[k1];
        for (int a = 0; a < k1; a++) xtxInvRow[a] = baseFit.XtXInverse[vb * k1 + a];
        var gammaRow = new Dictionary<int, double>();
        foreach (var j in assigned)
        {
            double s = 0;
            for (int a = 0; a < k1; a++) s += xtxInvRow[a] * ColumnKernels.Dot(prep.Columns[baseIdx[a]], prep.Columns[j]);
            gammaRow[j] = s;
        }
        // full-model coefficient positions
        var fullPos = new Dictionary<int, int>();
        for (int j = 0; j < names.Count; j++) { int p = full.IndexOf(names[j]); if (p >= 0) fullPos[j] = p; }
        int kf = full.Coefficients.Count;
        int G = groups.Count;
        // weights w_g (length kf): δ_g = w_gᵀ β̂
        var w = new double[G][];
        for (int g = 0; g < G; g++)
        {
            w[g] = new double[kf];
            foreach (var j in groupIdx[g]) w[g][fullPos[j]] = gammaRow[j];
        }
        var cov = new double[G * G];
        for (int a = 0; a < G; a++)
        for (int b = 0; b < G; b++)
        {
            double s = 0;
            for (int i = 0; i < kf; i++)
            {
                if (w[a][i] == 0) continue;
                for (int k = 0; k < kf; k++) s += w[a][i] * full.Covariance[i * kf + k] * w[b][k];
            }
            cov[a * G + b] = s;
        }
        double total = baseFit.Coefficients[vb].Estimate - full.Coefficients[vf].Estimate;
        var contributions = new List<GelbachContribution>();
        double totalVar = 0;
        for (int a = 0; a < G; a++) for (int b = 0; b < G; b++) totalVar += cov[a * G + b];
        for (int g = 0; g < G; g++)
        {
            double d = 0;
            for (int i = 0; i < kf; i++) d += w[g][i] * full.Coefficients[i].Estimate;
            double se = Math.Sqrt(cov[g * G + g]);
            double z = d / se;
            contributions.Add(new GelbachContribution(groups[g].Name, groupIdx[g].Select(j => names[j]).ToList(), d, se, z,
                2 * Normal.CDF(0, 1, -Math.Abs(z)), d / total));
        }
        return new GelbachResult
        {
            Variable = variable, Base = baseFit, Full = full,
            BaseEstimate = baseFit.Coefficients[vb].Estimate, BaseSe = baseFit.Coefficients[vb].StdError,
            FullEstimate = full.Coefficients[vf].Estimate, FullSe = full.Coefficients[vf].StdError,
            TotalChange = total, TotalChangeSe = Math.Sqrt(totalVar), Groups = contributions, Covariance = cov,
        };
    }
}
