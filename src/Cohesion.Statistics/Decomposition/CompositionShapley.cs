namespace Cohesion.Statistics.Decomposition;

/// <summary>
/// The composition part of a Kitagawa decomposition, <c>Σ_g (c₁_g − c₀_g) r₀_g</c>, split exactly over the factors
/// that define the cells (e.g. sex, age, origin, education) by Shapley averaging over the orderings of the factors.
/// <para>
/// The cells are the row-major cross-classification of the factors in the given order. Each period's joint
/// distribution is written as a chain of conditionals in that order, <c>P(f₁) P(f₂|f₁) … P(f_K|f₁…f_{K−1})</c>; the
/// counterfactual distribution for a set S of factors takes the conditionals of the factors in S from period 1 and the
/// others from period 0. The value of S is the composition effect of that counterfactual,
/// <c>v(S) = Σ_g (c_S,g − c₀_g) r₀_g</c>, so v(∅) = 0 and v(all) = the composition part; the Shapley value of factor k
/// is the average over all K! orderings of v(S ∪ {k}) − v(S), and the K values add up to v(all) (efficiency). If
/// only one factor's conditional changes, every other factor gets exactly 0. A conditional that is undefined in one
/// period (its conditioning cell is empty there) is taken from the other period.
/// </para>
/// </summary>
public static class CompositionShapley
{
    /// <param name="sizes">Number of levels of each factor, in the chain order (the cells are row-major in it).</param>
    /// <param name="counts0">Cell counts in period 0 (any scale; zero for cells outside the population analysed).</param>
    /// <param name="counts1">Cell counts in period 1.</param>
    /// <param name="rates0">Cell rates in period 0 (ignored where both counts are zero).</param>
    /// <returns>One contribution per factor, in the order of <paramref name="sizes"/>.</returns>
    public static double[] Split(IReadOnlyList<int> sizes, ReadOnlySpan<double> counts0, ReadOnlySpan<double> counts1, ReadOnlySpan<double> rates0)
    {
        int k = sizes.Count;
        if (k == 0 || k > 12) throw new ArgumentException("between 1 and 12 factors", nameof(sizes));
        long cells = 1;
        foreach (var s in sizes) { if (s <= 0) throw new ArgumentException("factor sizes must be positive", nameof(sizes)); cells *= s; }
        if (counts0.Length != cells || counts1.Length != cells || rates0.Length != cells)
            throw new ArgumentException($"counts and rates must have {cells} cells (the product of the factor sizes)");
        var c0 = Normalise(counts0, "period 0");
        var c1 = Normalise(counts1, "period 1");
        var r = rates0.ToArray();
        for (int g = 0; g < cells; g++)
        {
            if (c0[g] > 0 || c1[g] > 0)
            {
                if (!double.IsFinite(r[g])) throw new CohesionException($"cell {g}: rate is missing for a cell with population");
            }
            else r[g] = 0;
        }
        var cond0 = Conditionals(sizes, c0);
        var cond1 = Conditionals(sizes, c1);
        // Undefined conditionals (empty conditioning cell) fall back on the other period's.
        for (int f = 0; f < k; f++)
            for (int i = 0; i < cond0[f].Length; i++)
            {
                if (double.IsNaN(cond0[f][i])) cond0[f][i] = cond1[f][i];
                if (double.IsNaN(cond1[f][i])) cond1[f][i] = cond0[f][i];
            }

        double baseline = Dot(c0, r);
        int subsets = 1 << k;
        var value = new double[subsets];
        var joint = new double[cells];
        for (int mask = 1; mask < subsets; mask++)
        {
            Compose(sizes, cond0, cond1, mask, joint);
            value[mask] = Dot(joint, r) - baseline;
        }

        // φ_k = Σ_{S ∌ k} |S|!(K−|S|−1)!/K! · (v(S∪{k}) − v(S))
        var fact = new double[k + 1];
        fact[0] = 1;
        for (int i = 1; i <= k; i++) fact[i] = fact[i - 1] * i;
        var phi = new double[k];
        for (int f = 0; f < k; f++)
        {
            double sum = 0, comp = 0;
            for (int mask = 0; mask < subsets; mask++)
            {
                if ((mask & (1 << f)) != 0) continue;
                int size = System.Numerics.BitOperations.PopCount((uint)mask);
                double term = fact[size] * fact[k - size - 1] / fact[k] * (value[mask | (1 << f)] - value[mask]);
                double t = sum + term;
                comp += Math.Abs(sum) >= Math.Abs(term) ? (sum - t) + term : (term - t) + sum;
                sum = t;
            }
            phi[f] = sum + comp;
        }
        return phi;
    }

    private static double[] Normalise(ReadOnlySpan<double> counts, string label)
    {
        double n = 0;
        foreach (var c in counts)
        {
            if (!(c >= 0) || double.IsInfinity(c)) throw new CohesionException($"{label}: negative, missing or infinite count");
            n += c;
        }
        if (n <= 0) throw new CohesionException($"{label}: the population is empty");
        var p = new double[counts.Length];
        for (int i = 0; i < p.Length; i++) p[i] = counts[i] / n;
        return p;
    }

    /// <summary>cond[f][prefix·size_f + level] = P(f = level | factors before f = prefix); NaN where the prefix is empty.</summary>
    private static double[][] Conditionals(IReadOnlyList<int> sizes, double[] joint)
    {
        int k = sizes.Count;
        var result = new double[k][];
        // Marginal over the first f+1 factors, computed from the full joint by summing the trailing factors.
        var marginals = new double[k][];
        marginals[k - 1] = joint;
        for (int f = k - 2; f >= 0; f--)
        {
            int next = sizes[f + 1];
            var m = new double[marginals[f + 1].Length / next];
            for (int i = 0; i < m.Length; i++)
            {
                double s = 0;
                for (int l = 0; l < next; l++) s += marginals[f + 1][i * next + l];
                m[i] = s;
            }
            marginals[f] = m;
        }
        for (int f = 0; f < k; f++)
        {
            var m = marginals[f];
            int size = sizes[f];
            var c = new double[m.Length];
            for (int prefix = 0; prefix < m.Length / size; prefix++)
            {
                double total = 0;
                for (int l = 0; l < size; l++) total += m[prefix * size + l];
                for (int l = 0; l < size; l++) c[prefix * size + l] = total > 0 ? m[prefix * size + l] / total : double.NaN;
            }
            result[f] = c;
        }
        return result;
    }

    /// <summary>The joint distribution whose factor-f conditional comes from period 1 when bit f of mask is set.</summary>
    private static void Compose(IReadOnlyList<int> sizes, double[][] cond0, double[][] cond1, int mask, double[] joint)
    {
        var current = new double[] { 1.0 };
        for (int f = 0; f < sizes.Count; f++)
        {
            var cond = (mask & (1 << f)) != 0 ? cond1[f] : cond0[f];
            int size = sizes[f];
            var next = f == sizes.Count - 1 ? joint : new double[current.Length * size];
            for (int prefix = 0; prefix < current.Length; prefix++)
                for (int l = 0; l < size; l++)
                    next[prefix * size + l] = current[prefix] == 0 ? 0 : current[prefix] * cond[prefix * size + l];
            current = next;
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0, c = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double x = a[i] * b[i], t = s + x;
            c += Math.Abs(s) >= Math.Abs(x) ? (s - t) + x : (x - t) + s;
            s = t;
        }
        return s + c;
    }
}
