using static Cohesion.Demography.PopulationIndex;

namespace Cohesion.Demography;

/// <summary>
/// Turns a <see cref="Scenario"/> into the <see cref="ProjectionRates"/> of each year:
/// <list type="bullet">
/// <item>mortality: the standard schedule (WPP 2024, 2015–2020, single years) scaled by proportional hazards so the
/// life table's e0 equals the scenario's e0 for the year (Brent root finding);</item>
/// <item>fertility: the standard age shape (WPP 2024 2015–2020 ASFR graduated to single years, shifted to age on
/// 1 January) times the origin differential, times a level k solved each year so that the national TFR (Σ over age
/// of births/women) equals the scenario's TFR given the origin mix of women at each age;</item>
/// <item>emigration: the origin's rate times the Rogers–Castro intensity by age;</item>
/// <item>net migration: the scenario's level by group, first generation times the calibration factor; with an observed
/// start (<see cref="Scenario.MigrationStart"/>) first-generation net migration relaxes from the observed base-year value
/// to that level;</item>
/// <item>immigration: per first-generation group, net migration + that group's expected emigrants, spread by the
/// Rogers–Castro age profile, the group's male share and (aged 18+) its education mix; for Dutch background plus
/// the second generation, net + their expected emigrants, distributed like their emigrants (returning emigrants);</item>
/// <item>education: the transitions of <see cref="EducationModel"/>.</item>
/// </list>
/// </summary>
public sealed class ScenarioRates
{
    private readonly Scenario _s;
    private readonly double[][] _stdMx;
    private readonly double[] _fertShape;
    private readonly double[][] _immAge;
    private readonly double[] _emigIntensity;
    private readonly EducationModel _edu;
    private readonly double _migrationScale;
    private readonly double _regionFactor;

    /// <param name="firstGenerationMigrationScale">Multiplies first-generation net migration (the calibration parameter).</param>
    /// <param name="netMigrationFactor">Multiplies all net migration (a region's proportional share of national migration).</param>
    public ScenarioRates(Scenario scenario, StandardSchedules std, double firstGenerationMigrationScale = 1.0, double netMigrationFactor = 1.0)
    {
        _regionFactor = netMigrationFactor;
        _s = scenario;
        _stdMx = std.Mortality;
        _fertShape = std.FertilityByStartAge;
        _immAge = scenario.ImmigrantPeakAge.Select(MigrationProfile.Distribution).ToArray();
        _emigIntensity = MigrationProfile.RelativeIntensity();
        _edu = new EducationModel(scenario);
        _migrationScale = firstGenerationMigrationScale;
    }

    public Scenario Scenario => _s;

    /// <summary>Net migration of group g (see <see cref="Scenario.MigrationGroups"/>) in the year after calibration scaling:
    /// the scaled long-run level, or with a <see cref="Scenario.MigrationStart"/> the path from the observed start to it.</summary>
    public double NetMigration(int group, int year)
    {
        double level = _s.NetMigration[group].ValueAt(year);
        if (group == 0) return level * _regionFactor;
        double scaled = level * _migrationScale;
        if (_s.MigrationStart is { } start)
        {
            int y0 = start.Year;
            double firstGen = 0;
            for (int g = 1; g < _s.NetMigration.Length; g++) firstGen += _s.NetMigration[g].ValueAt(y0);
            double observed = (start.Total - _s.NetMigration[0].ValueAt(y0)) * _s.NetMigration[group].ValueAt(y0) / firstGen;
            double w = start.Weight(year);
            scaled = scaled + (observed - scaled) * w;
        }
        return scaled * _regionFactor;
    }

    public ProjectionRates Build(int year, ReadOnlySpan<double> pop)
    {
        var r = new ProjectionRates(year);
        Span<double> mx = stackalloc double[Ages];
        Span<double> q = stackalloc double[Ages];
        for (int s = 0; s < Sexes; s++)
        {
            double e0 = s == Male ? _s.E0Male.ValueAt(year) : _s.E0Female.ValueAt(year);
            r.TargetLifeExpectancy[s] = e0;
            LifeTable.ScaleToLifeExpectancy(s, _stdMx[s], e0, mx);
            LifeTable.ProjectionProbabilities(s, mx, q, out double sb);
            q.CopyTo(r.DeathProbability.AsSpan(s * Ages, Ages));
            r.BirthSurvival[s] = sb;
        }

        // fertility level: national TFR = Σ_a shape(a) · k · Σ_o d_o W_o(a) / W(a)
        double denom = 0;
        Span<double> wo = stackalloc double[Origins];
        for (int a = 0; a < Ages; a++)
        {
            if (_fertShape[a] == 0) continue;
            double w = 0, wd = 0;
            for (int o = 0; o < Origins; o++)
            {
                int i = Index(Female, a, o, 0);
                double n = pop[i] + pop[i + 1] + pop[i + 2];
                w += n; wd += n * _s.FertilityDifferentials[o];
            }
            double rel = w > 0 ? wd / w : _s.FertilityDifferentials[Dutch];
            denom += _fertShape[a] * rel;
        }
        r.TargetTfr = _s.Tfr.ValueAt(year);
        double k = denom > 0 ? r.TargetTfr / denom : 0;
        for (int o = 0; o < Origins; o++)
            for (int a = 0; a < Ages; a++) r.Fertility[o * Ages + a] = k * _s.FertilityDifferentials[o] * _fertShape[a];

        // emigration
        for (int o = 0; o < Origins; o++)
            for (int s = 0; s < Sexes; s++)
                for (int a = 0; a < Ages; a++)
                    r.EmigrationRate[OriginSexAge(o, s, a)] = Math.Min(1, _s.EmigrationRates[o] * _emigIntensity[a]);

        // immigration = net + expected emigration, per migration group
        var emigrants = new double[CellCount];
        var emigByOrigin = new double[Origins];
        for (int s = 0; s < Sexes; s++)
            for (int a = 0; a < Ages; a++)
                for (int o = 0; o < Origins; o++)
                {
                    double mu = r.EmigrationRate[OriginSexAge(o, s, a)];
                    int i = Index(s, a, o, 0);
                    for (int e = 0; e < Educations; e++) { emigrants[i + e] = pop[i + e] * mu; emigByOrigin[o] += emigrants[i + e]; }
                }
        // first generation groups
        for (int g = 1; g <= 3; g++)
        {
            int o = g; // G1Classic = 1, G1Asylum = 2, G1Labour = 3
            double total = Math.Max(0, NetMigration(g, year) + emigByOrigin[o]);
            r.NetMigration[g] = total - emigByOrigin[o];
            var mix = _s.ImmigrantEducation[o];
            for (int s = 0; s < Sexes; s++)
            {
                double sexShare = s == Male ? _s.ImmigrantMaleShare[o] : 1 - _s.ImmigrantMaleShare[o];
                for (int a = 0; a < Ages; a++)
                {
                    double n = total * sexShare * _immAge[o][a];
                    int i = Index(s, a, o, 0);
                    if (a < 18) r.Immigrants[i] = n;
                    else for (int e = 0; e < Educations; e++) r.Immigrants[i + e] = n * mix[e];
                }
            }
        }
        // Dutch background + second generation: returning emigrants, distributed like this year's emigrants
        double emigDg2 = emigByOrigin[Dutch] + emigByOrigin[G2Classic] + emigByOrigin[G2Asylum] + emigByOrigin[G2Labour];
        double immDg2 = Math.Max(0, NetMigration(0, year) + emigDg2);
        r.NetMigration[0] = emigDg2 > 0 ? immDg2 - emigDg2 : 0;
        if (emigDg2 > 0)
        {
            double f = immDg2 / emigDg2;
            for (int s = 0; s < Sexes; s++)
                for (int a = 0; a < Ages; a++)
                    foreach (int o in (ReadOnlySpan<int>)[Dutch, G2Classic, G2Asylum, G2Labour])
                    {
                        int i = Index(s, a, o, 0);
                        for (int e = 0; e < Educations; e++) r.Immigrants[i + e] = emigrants[i + e] * f;
                    }
        }

        for (int s = 0; s < Sexes; s++)
            for (int a = 0; a < Ages; a++)
                for (int o = 0; o < Origins; o++)
                {
                    _edu.Transitions(year, a, o, s, out double lm, out double mh);
                    int ei = ProjectionRates.EducationIndex(s, a, o);
                    r.LowToMiddle[ei] = lm;
                    r.MiddleToHigh[ei] = mh;
                }
        return r;
    }
}
