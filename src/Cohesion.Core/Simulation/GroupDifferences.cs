namespace Cohesion.Simulation;

/// <summary>The spread of a dimension's share across the levels of each group factor in the survey.</summary>
public sealed record GroupDifference(string Dimension, double Education, double Origin, double Age, double Sex)
{
    /// <summary>The factor with the largest spread.</summary>
    public string Largest => new[] { ("education", Education), ("origin", Origin), ("age", Age), ("sex", Sex) }.MaxBy(t => t.Item2).Item1;
}

/// <summary>
/// Which group difference is largest (SCP: education, by far): for each dimension and factor, the survey-weighted
/// mean fitted propensity (averaged over the dimension's indicators) in each level of the factor, and the difference
/// between the highest and the lowest level. With main effects in the model these level means equal the observed
/// weighted shares (the score equations).
/// </summary>
public static class GroupDifferences
{
    public static IReadOnlyList<GroupDifference> Compute(GroupModels models)
    {
        var result = new List<GroupDifference>();
        int[] levels = [GroupCoding.Sexes.Length, GroupCoding.AgeBands.Length, GroupCoding.Educations.Length, GroupCoding.Origins.Length];
        foreach (var (id, members) in models.Dimensions())
        {
            var spread = new double[4];
            for (int f = 0; f < 4; f++)
            {
                var codes = models.FactorCodes[f];
                var share = new double[levels[f]];
                foreach (var k in members)
                {
                    var fit = models.Models[k].Fit.Fit;
                    var sw = new double[levels[f]];
                    var swm = new double[levels[f]];
                    for (int i = 0; i < fit.ObservationCount; i++)
                    {
                        int c = codes[fit.Design.Rows[i]];
                        if (c < 0) continue;
                        sw[c] += fit.PriorWeights[i];
                        swm[c] += fit.PriorWeights[i] * fit.Fitted[i];
                    }
                    for (int l = 0; l < share.Length; l++) share[l] += (sw[l] > 0 ? swm[l] / sw[l] : double.NaN) / members.Length;
                }
                var present = share.Where(double.IsFinite).ToArray();
                spread[f] = present.Length == 0 ? double.NaN : present.Max() - present.Min();
            }
            result.Add(new GroupDifference(id, spread[2], spread[3], spread[1], spread[0]));
        }
        return result;
    }
}
