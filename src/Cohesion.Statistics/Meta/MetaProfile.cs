using Cohesion.Statistics.Optimization;
using MathNet.Numerics.Distributions;

namespace Cohesion.Statistics.Meta;

/// <summary>A confidence interval of a variance component (profile likelihood for rma.mv, Q-profile for rma.uni);
/// NaN where metafor cannot obtain a bound.</summary>
public sealed record ProfileInterval(string Component, double Estimate, double Lower, double Upper);

/// <summary>
/// Profile-likelihood confidence intervals of the variance components of an rma.mv model, as metafor's
/// <c>confint(rma.mv)</c>: for each estimated σ², τ², ρ, γ², φ the bounds where −2 (ll(θ) − ll̂) equals the χ²₁
/// quantile, the other components re-estimated at every θ; searched between metafor's limits (0 and max(10, 100·θ̂)
/// for variances, −1 or min(0, ρ̂) and 1 for correlations, moved inwards in ten steps where a refit fails) with R's
/// <c>uniroot</c> (tolerance ε^¼), so the bounds carry metafor's digits.
/// </summary>
public static class MetaProfile
{
    private static readonly double Tol = Math.Pow(2.220446049250313e-16, 0.25);

    public static IReadOnlyList<ProfileInterval> Intervals(MetaMvFit fit)
    {
        var pr = fit.Problem ?? throw new CohesionException("profile intervals need a model fitted by the general rma.mv engine");
        var list = new List<ProfileInterval>();
        double objective = ChiSquared.InvCDF(1, fit.Level);
        double llHat = fit.LogLik;
        foreach (var comp in fit.Components)
        {
            if (comp.Fixed) continue;
            double vc = comp.Estimate;
            double lo, hi;
            if (comp.Kind is "sigma2" or "tau2" or "gamma2")
            {
                lo = 0;
                hi = Math.Max(vc <= Math.Sqrt(2.220446049250313e-16) ? 10 : Math.Max(10, vc * 100), lo);
            }
            else
            {
                var st = fit.Structures[comp.Kind == "rho" ? 0 : 1];
                lo = st is VarianceStructure.AR or VarianceStructure.HAR ? Math.Min(0, vc) : -1;
                hi = 1;
            }
            double F(double val)
            {
                var refit = MetaMvGeneral.Fit(Fixed(pr, comp, val));
                return -2 * (refit.LogLik - llHat) - objective;
            }
            double? TryF(double val)
            {
                try { var f = F(val); return double.IsNaN(f) ? null : f; }
                catch (CohesionException) { return null; }
            }
            double lower = Bound(TryF, lo, vc, lowerSide: true);
            double upper = Bound(TryF, hi, vc, lowerSide: false);
            list.Add(new ProfileInterval(comp.Name, vc, lower, upper));
        }
        return list;
    }

    private static double Bound(Func<double, double?> f, double limit, double vc, bool lowerSide)
    {
        double epdiff = Math.Abs(limit - vc) / 10;
        for (int i = 0; i < 10; i++)
        {
            var res = f(limit);
            if (res is double r)
            {
                if (r < 0) return limit;
                double a = lowerSide ? limit : vc, b = lowerSide ? vc : limit;
                // a failed refit inside uniroot ends the search without a bound (metafor's try(uniroot(...)))
                double G(double v) => f(v) ?? throw new RefitFailed();
                try { return RootFinder.UniRoot(G, a, b, Tol, 1000, out var root, out _) ? root : double.NaN; }
                catch (RefitFailed) { return double.NaN; }
            }
            limit += lowerSide ? epdiff : -epdiff;
        }
        return double.NaN;
    }

    private sealed class RefitFailed : Exception;

    private static MetaMvProblem Fixed(MetaMvProblem pr, VarianceComponent comp, double value)
    {
        double[] Set(double[]? current, int n, bool mine)
        {
            var a = new double[n];
            Array.Fill(a, double.NaN);
            if (current is not null) Array.Copy(current, a, Math.Min(n, current.Length));
            if (mine) a[comp.Index] = value;
            return a;
        }
        int nt = pr.Structured.Count > 0 ? pr.Structured[0].NTau2 : 0, nr = pr.Structured.Count > 0 ? pr.Structured[0].NRho : 0;
        int ng = pr.Structured.Count > 1 ? pr.Structured[1].NTau2 : 0, nph = pr.Structured.Count > 1 ? pr.Structured[1].NRho : 0;
        return pr with
        {
            Sigma2Fixed = Set(pr.Sigma2Fixed, pr.Sigma.Count, comp.Kind == "sigma2"),
            Tau2Fixed = Set(pr.Tau2Fixed, nt, comp.Kind == "tau2"),
            RhoFixed = Set(pr.RhoFixed, nr, comp.Kind == "rho"),
            Gamma2Fixed = Set(pr.Gamma2Fixed, ng, comp.Kind == "gamma2"),
            PhiFixed = Set(pr.PhiFixed, nph, comp.Kind == "phi")
        };
    }
}
