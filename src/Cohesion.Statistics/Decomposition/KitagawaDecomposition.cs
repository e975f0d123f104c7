namespace Cohesion.Statistics.Decomposition;

/// <summary>
/// A change in a population mean split into a composition part (the groups' shares changed), a within-group part
/// (the groups' rates changed) and their interaction. <see cref="Composition"/> + <see cref="Within"/> +
/// <see cref="Interaction"/> = <see cref="TotalChange"/> = <see cref="End"/> − <see cref="Start"/>.
/// </summary>
public sealed record DecompositionResult(double Start, double End, double TotalChange, double Composition, double Within, double Interaction)
{
    /// <summary>The largest absolute difference between the parts' sum and the total (rounding only).</summary>
    public double IdentityError => Math.Abs(Composition + Within + Interaction - TotalChange);
}

/// <summary>
/// Kitagawa (1955) and Das Gupta (1993) decomposition of the difference between two weighted means
/// <c>Y = Σ_g c_g r_g</c> with composition shares <c>c_g = n_g / Σ n</c> and group rates <c>r_g</c>.
/// <list type="bullet">
/// <item><see cref="ThreeWay"/>: Kitagawa's base-weighted split — composition Σ Δc·r₀, within Σ c₀·Δr,
/// interaction Σ Δc·Δr (the three add up to the total by algebra).</item>
/// <item><see cref="Symmetric"/>: Das Gupta's two-factor symmetric split — composition Σ Δc·(r₀+r₁)/2, within
/// Σ Δr·(c₀+c₁)/2, no interaction term (the interaction is shared equally).</item>
/// </list>
/// Group counts need not be normalised; they are turned into shares. Groups with zero count in both periods drop out.
/// Sums are compensated (Neumaier), and the reported total change is the sum of the parts in the order
/// composition + within + interaction, so the parts add up to it exactly in floating point; it differs from
/// End − Start only by rounding (≈1e-17).
/// </summary>
public static class KitagawaDecomposition
{
    public static DecompositionResult ThreeWay(ReadOnlySpan<double> counts0, ReadOnlySpan<double> rates0, ReadOnlySpan<double> counts1, ReadOnlySpan<double> rates1)
    {
        Check(counts0, rates0, counts1, rates1, out double n0, out double n1);
        Sum start = default, end = default, comp = default, within = default, inter = default;
        for (int g = 0; g < counts0.Length; g++)
        {
            double c0 = counts0[g] / n0, c1 = counts1[g] / n1;
            if (c0 == 0 && c1 == 0) continue;
            double r0 = rates0[g], r1 = rates1[g];
            start.Add(c0 * r0);
            end.Add(c1 * r1);
            double dc = c1 - c0, dr = r1 - r0;
            comp.Add(dc * r0);
            within.Add(c0 * dr);
            inter.Add(dc * dr);
        }
        double c = comp.Value, w = within.Value, i = inter.Value;
        return new DecompositionResult(start.Value, end.Value, c + w + i, c, w, i);
    }

    public static DecompositionResult Symmetric(ReadOnlySpan<double> counts0, ReadOnlySpan<double> rates0, ReadOnlySpan<double> counts1, ReadOnlySpan<double> rates1)
    {
        Check(counts0, rates0, counts1, rates1, out double n0, out double n1);
        Sum start = default, end = default, comp = default, within = default;
        for (int g = 0; g < counts0.Length; g++)
        {
            double c0 = counts0[g] / n0, c1 = counts1[g] / n1;
            if (c0 == 0 && c1 == 0) continue;
            double r0 = rates0[g], r1 = rates1[g];
            start.Add(c0 * r0);
            end.Add(c1 * r1);
            comp.Add((c1 - c0) * (r0 + r1) / 2);
            within.Add((r1 - r0) * (c0 + c1) / 2);
        }
        double c = comp.Value, w = within.Value;
        return new DecompositionResult(start.Value, end.Value, c + w + 0.0, c, w, 0);
    }

    /// <summary>Neumaier compensated summation.</summary>
    private struct Sum
    {
        private double _s, _c;
        public void Add(double x)
        {
            double t = _s + x;
            _c += Math.Abs(_s) >= Math.Abs(x) ? (_s - t) + x : (x - t) + _s;
            _s = t;
        }
        public readonly double Value => _s + _c;
    }

    private static void Check(ReadOnlySpan<double> counts0, ReadOnlySpan<double> rates0, ReadOnlySpan<double> counts1, ReadOnlySpan<double> rates1, out double n0, out double n1)
    {
        int k = counts0.Length;
        if (rates0.Length != k || counts1.Length != k || rates1.Length != k)
            throw new ArgumentException("counts and rates of both periods must have the same number of groups");
        n0 = 0; n1 = 0;
        for (int g = 0; g < k; g++)
        {
            if (!(counts0[g] >= 0) || !(counts1[g] >= 0)) throw new CohesionException($"group {g}: negative or missing count");
            if ((counts0[g] > 0 || counts1[g] > 0) && (!double.IsFinite(rates0[g]) || !double.IsFinite(rates1[g])))
                throw new CohesionException($"group {g}: rate is missing for a group with population");
            n0 += counts0[g]; n1 += counts1[g];
        }
        if (n0 <= 0 || n1 <= 0) throw new CohesionException("decomposition needs a positive population in both periods");
    }
}
