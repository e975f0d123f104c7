namespace Cohesion.Statistics.Survey;

/// <summary>
/// The multistage Taylor-linearisation variance of R's <c>svyrecvar</c> (multistage → onestage → onestrat) for many
/// domains at once. Each active row carries K influence values and belongs to one domain; the kernel sums them per
/// (unit × domain) cell in one pass over the rows of each stage (rows pre-sorted by unit), then forms the
/// between-unit variance within each stratum from the cells. A domain's variance therefore comes from the full
/// design — units without rows of the domain count as zeros, as R's padding of subsetted designs does — and never
/// from a subset. Only variances (the diagonal) are formed.
/// </summary>
internal static class TaylorVariance
{
    /// <param name="design">The design (its stage structure and lonely-PSU rule).</param>
    /// <param name="domainOfRow">Domain 0..D-1 of each row, or -1 for rows that take no part (out of every domain,
    /// or missing). Null: every row is active in domain 0.</param>
    /// <param name="domainCount">D.</param>
    /// <param name="z">Influence values, row-major n × K (values of inactive rows are never read).</param>
    /// <param name="k">K.</param>
    /// <returns>Variance per domain and column, index d·K + k.</returns>
    public static double[] Compute(SurveyDesign design, int[]? domainOfRow, int domainCount, double[] z, int k)
    {
        int D = domainCount, K = k, DK = D * K;
        var result = new double[DK];
        var stages = design.Stages;
        double[]? unitMultiplier = null; // per unit of the previous stage: product of sampling fractions n/N above it
        var scratch = new double[DK];
        var touched = new int[D];
        var seen = new bool[D];
        var cellUnit = new List<int>();
        var cellDom = new List<int>();
        var cellT = new List<double>();

        for (int s = 0; s < stages.Length; s++)
        {
            if (s > 0 && !design.HasFpc) break; // R: later stages only when fpc is given (else ultimate cluster)
            var st = stages[s];
            // group multipliers
            var groupMult = new double[st.GroupCount];
            if (s == 0) Array.Fill(groupMult, 1.0);
            else
            {
                for (int g = 0; g < st.GroupCount; g++) groupMult[g] = unitMultiplier![st.ParentOfGroup[g]];
            }
            bool anyNonZero = false;
            foreach (var m in groupMult) if (m != 0) { anyNonZero = true; break; }
            if (!anyNonZero) break;

            // ---- cells: per unit, per domain, the K sums of z
            cellUnit.Clear(); cellDom.Clear(); cellT.Clear();
            if ((long)st.UnitCount * DK <= DenseCellLimit)
                DenseCells(st, groupMult, domainOfRow, z, D, K, cellUnit, cellDom, cellT);
            else
            {
            var order = st.RowOrder;
            var start = st.UnitStart;
            for (int u = 0; u < st.UnitCount; u++)
            {
                if (groupMult[st.GroupOfUnit[u]] == 0) continue;
                int nt = 0;
                for (int p = start[u], e = start[u + 1]; p < e; p++)
                {
                    int r = order[p];
                    int d = domainOfRow is null ? 0 : domainOfRow[r];
                    if (d < 0) continue;
                    if (!seen[d]) { seen[d] = true; touched[nt++] = d; }
                    int off = d * K, zo = r * K;
                    for (int c = 0; c < K; c++) scratch[off + c] += z[zo + c];
                }
                for (int t = 0; t < nt; t++)
                {
                    int d = touched[t];
                    cellUnit.Add(u); cellDom.Add(d);
                    int off = d * K;
                    for (int c = 0; c < K; c++) { cellT.Add(scratch[off + c]); scratch[off + c] = 0; }
                    seen[d] = false;
                }
            }
            }

            // ---- per (group, domain): sum of T and number of present units
            int G = st.GroupCount;
            var sumT = new double[(long)G * DK];
            var present = new int[G * D];
            int cells = cellUnit.Count;
            for (int c = 0; c < cells; c++)
            {
                int g = st.GroupOfUnit[cellUnit[c]], d = cellDom[c];
                present[g * D + d]++;
                long off = (long)g * DK + d * K;
                for (int j = 0; j < K; j++) sumT[off + j] += cellT[c * K + j];
            }
            // group constants
            var groupF = new double[G];
            var groupScale = new double[G];
            var firstUnit = new int[G];
            Array.Fill(firstUnit, -1);
            for (int u = 0; u < st.UnitCount; u++) { int g = st.GroupOfUnit[u]; if (firstUnit[g] < 0) firstUnit[g] = u; }
            for (int g = 0; g < G; g++)
            {
                int nh = st.NOfGroup[g];
                double pop = st.PopOfUnit[firstUnit[g]];
                double f = double.IsPositiveInfinity(pop) ? 1.0 : (pop - nh) / pop;
                groupF[g] = f;
                groupScale[g] = nh > 1 ? f * nh / (nh - 1.0) : f;
            }
            // sum of squared deviations over present cells (absent units add (n − present)·mean²)
            var ss = new double[(long)G * DK];
            for (int c = 0; c < cells; c++)
            {
                int g = st.GroupOfUnit[cellUnit[c]], d = cellDom[c];
                int nh = st.NOfGroup[g];
                long off = (long)g * DK + d * K;
                bool adjustLonely = nh == 1 && design.LonelyPsu == LonelyPsu.Adjust;
                for (int j = 0; j < K; j++)
                {
                    double t = cellT[c * K + j];
                    double dev = adjustLonely ? t : t - sumT[off + j] / nh;
                    ss[off + j] += dev * dev;
                }
            }
            // ---- combine strata
            var stageVar = s == 0 ? new double[DK] : null;
            var nstrat = s == 0 ? new int[D] : null;
            var nok = s == 0 ? new int[D] : null;
            for (int g = 0; g < G; g++)
            {
                double mult = groupMult[g];
                if (mult == 0) continue;
                int nh = st.NOfGroup[g];
                for (int d = 0; d < D; d++)
                {
                    int pc = present[g * D + d];
                    if (pc == 0) continue; // stratum not in this domain: R's subset has no rows there
                    long off = (long)g * DK + d * K;
                    bool na = false;
                    if (groupF[g] < 1e-7)
                    {
                        // certainty stratum (fpc = sample size): contributes zero
                        if (s == 0) { nstrat![d]++; nok![d]++; }
                        continue;
                    }
                    if (nh == 1)
                    {
                        switch (design.LonelyPsu)
                        {
                            case LonelyPsu.Fail:
                                throw LonelyError(design, s, g);
                            case LonelyPsu.Remove:
                            case LonelyPsu.Certainty:
                                if (s == 0) { nstrat![d]++; nok![d]++; }
                                continue;
                            case LonelyPsu.Average:
                                na = true;
                                break;
                        }
                    }
                    if (s == 0)
                    {
                        nstrat![d]++;
                        if (na) continue;
                        nok![d]++;
                        double sc = groupScale[g];
                        double mean2Count = nh - pc;
                        for (int j = 0; j < K; j++)
                        {
                            double m = sumT[off + j] / nh;
                            double v = ss[off + j];
                            if (mean2Count > 0 && !(nh == 1)) v += mean2Count * m * m;
                            stageVar![d * K + j] += sc * v;
                        }
                    }
                    else
                    {
                        double sc = groupScale[g];
                        for (int j = 0; j < K; j++)
                        {
                            if (na) { result[d * K + j] = double.NaN; continue; }
                            double m = sumT[off + j] / nh;
                            double v = ss[off + j];
                            if (nh - pc > 0 && nh > 1) v += (nh - pc) * m * m;
                            result[d * K + j] += mult * sc * v;
                        }
                    }
                }
            }
            if (s == 0)
            {
                for (int d = 0; d < D; d++)
                {
                    if (nstrat![d] == 0) continue;
                    double factor = nstrat[d] == nok![d] ? 1.0 : (double)nstrat[d] / nok[d];
                    for (int j = 0; j < K; j++) result[d * K + j] += stageVar![d * K + j] * factor;
                }
            }
            // multipliers for the next stage: n/N of each unit's stratum, times the group's own multiplier
            if (s + 1 < stages.Length)
            {
                unitMultiplier = new double[st.UnitCount];
                for (int u = 0; u < st.UnitCount; u++)
                {
                    int g = st.GroupOfUnit[u];
                    double pop = st.PopOfUnit[u];
                    unitMultiplier[u] = double.IsPositiveInfinity(pop) ? 0 : groupMult[g] * st.NOfGroup[g] / pop;
                }
            }
        }
        return result;
    }

    /// <summary>Above this many unit × domain × column cells the sparse (rows sorted by unit) path is used.</summary>
    private const long DenseCellLimit = 4_000_000;

    /// <summary>Cells by one sequential pass over the rows into a dense unit × domain × K array (cache friendly
    /// when there are few units, e.g. PSUs, and the rows are in file order).</summary>
    private static void DenseCells(DesignStage st, double[] groupMult, int[]? domainOfRow, double[] z, int D, int K,
        List<int> cellUnit, List<int> cellDom, List<double> cellT)
    {
        int DK = D * K;
        var acc = new double[st.UnitCount * DK];
        var has = new bool[st.UnitCount * D];
        var unitOfRow = st.UnitOfRow;
        int n = unitOfRow.Length;
        for (int r = 0; r < n; r++)
        {
            int d = domainOfRow is null ? 0 : domainOfRow[r];
            if (d < 0) continue;
            int u = unitOfRow[r];
            has[u * D + d] = true;
            int off = u * DK + d * K, zo = r * K;
            if (K == 1) acc[off] += z[zo];
            else for (int c = 0; c < K; c++) acc[off + c] += z[zo + c];
        }
        for (int u = 0; u < st.UnitCount; u++)
        {
            if (groupMult[st.GroupOfUnit[u]] == 0) continue;
            for (int d = 0; d < D; d++)
            {
                if (!has[u * D + d]) continue;
                cellUnit.Add(u); cellDom.Add(d);
                int off = u * DK + d * K;
                for (int c = 0; c < K; c++) cellT.Add(acc[off + c]);
            }
        }
    }

    private static CohesionException LonelyError(SurveyDesign design, int stage, int group)
    {
        var st = design.Stages[stage];
        var o = design.Options;
        string? col = stage == 0 ? (o?.StrataName ?? DesignBuilder.ClusterName(o, 0)) : DesignBuilder.ClusterName(o, stage);
        string what = stage == 0
            ? $"stratum '{design.StratumText(0, group)}' has only one PSU"
            : $"PSU of row {st.FirstRowOfGroup[group] + 1} has only one sampled unit at stage {stage + 1}";
        return new CohesionException(
            $"{what} (stage {stage + 1}); its variance cannot be estimated. Choose a lonely-PSU rule: adjust, average, certainty or remove ({ParameterText.Of("lonelyPsu")}; R's options(survey.lonely.psu=...))",
            column: col, row: st.FirstRowOfGroup[group] + 1);
    }
}
