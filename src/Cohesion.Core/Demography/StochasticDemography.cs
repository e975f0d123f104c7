using Cohesion.Simulation;
using Cohesion.Statistics;

namespace Cohesion.Demography;

/// <summary>How the trajectories are scaled: <see cref="None"/> uses the documented AR(1) parameters of
/// <see cref="StochasticSettings"/> (fertility, mortality and migration all random); <see cref="Wpp2022"/> maps each
/// year's latent score through the WPP 2022 prediction intervals of TFR and e0 for the Netherlands and keeps net
/// migration deterministic, as WPP 2022 does.</summary>
public enum StochasticCalibration { None, Wpp2022 }

/// <summary>
/// Settings of the stochastic demography (<c>cohesion population --stochastic N</c>).
/// <para><b>Time correlation.</b> Each random input has a latent Gaussian AR(1) process started at zero in the scenario's
/// base year: X(0) = 0, X(h) = ρ·X(h−1) + ε(h), ε ~ N(0, 1) independent, h = 1 for the base year's rates (the first
/// projected year is already uncertain). Var X(h) = (1 − ρ^2h)/(1 − ρ²), so the spread grows with the horizon and levels
/// off; corr(X(h), X(h+k)) = ρ^k·sd X(h)/sd X(h+k). TFR, e0 and migration have independent latent processes; women's and
/// men's e0 share one (their deviations move together, as in the UN's joint female–male model where the gap varies little).</para>
/// <para><b>Uncalibrated</b> (<see cref="StochasticCalibration.None"/>): deviation = σ·X(h): on log TFR
/// (TFR = variant TFR × exp(σ_tfr X)), on e0 in years (e0 = variant e0 + σ_e0 X), and on the log of first-generation
/// net migration (long-run levels × exp(σ_mig X)). σ_tfr and σ_e0 are set so that the 2050 80% TFR and e0 intervals are
/// about those of WPP 2022 (with ρ = 0.99, sd X(28) ≈ 4.65: 0.027 × 4.65 ≈ 0.125 on log TFR, 0.47 × 4.65 ≈ 2.2 years);
/// migration's σ and ρ are an assumption (a stationary sd of 30%, ρ = 0.8), not an estimate.</para>
/// <para><b>Calibrated to WPP 2022</b> (<see cref="StochasticCalibration.Wpp2022"/>): Z(h) = X(h)/sd X(h) is a standard
/// normal score in every year; the deviation of year t is WPP 2022's quantile function of year t at Z (piecewise linear
/// through the published 2.5/10/50/90/97.5% points in the standard-normal score; <see cref="PredictionQuantiles.AtScore"/>)
/// applied to the variant: TFR = variant TFR × Q(Z)/median (relative, so lower variants get proportionally narrower
/// bands), e0 = variant e0 + Q(Z) − median (years). The 80% and 95% TFR and e0 intervals of every year
/// therefore equal WPP 2022's by construction; years before 2022 have no WPP interval (deviation 0), years after 2100
/// keep 2100's. The AR coefficients <see cref="TfrAutocorrelation"/> and <see cref="E0Autocorrelation"/> set how the
/// yearly deviations persist, and with it the spread of the population: they were chosen so that the 80% and 95%
/// intervals of the total population of the medium variant in 2050 and 2100 are within 15% of WPP 2022's (ρ = 0.99
/// for both; 0.97 leaves the 2100 intervals 10–17% too narrow; checked by the tests, figures in
/// data/demography/README.md). The TFR quantiles are interpolated on the natural scale: on the log scale WPP's skew
/// pulls the median population of 2100 about 1% below the deterministic projection.</para>
/// <para><b>Seeds.</b> Trajectory i draws its numbers from counter-based streams keyed by (seed, i, process)
/// (<see cref="CounterRng.RunKey"/>), so results do not depend on threads or on which other trajectories run; the same
/// trajectory index gives the same deviations in every variant (common random numbers: variants differ only by their
/// assumptions) and for every last year (the h-th draw is the same whatever the horizon).</para>
/// </summary>
public sealed record StochasticSettings
{
    public const int MaxTrajectories = 100_000;

    /// <summary>Number of trajectories per variant.</summary>
    public required int Trajectories { get; init; }
    public ulong Seed { get; init; } = 1;
    public StochasticCalibration Calibration { get; init; } = StochasticCalibration.None;

    /// <summary>AR(1) coefficient of the latent TFR process.</summary>
    public double TfrAutocorrelation { get; init; } = 0.99;
    /// <summary>AR(1) coefficient of the latent e0 process (both sexes).</summary>
    public double E0Autocorrelation { get; init; } = 0.99;
    /// <summary>Uncalibrated: innovation sd of the log-TFR deviation.</summary>
    public double TfrInnovationSd { get; init; } = 0.027;
    /// <summary>Uncalibrated: innovation sd of the e0 deviation (years).</summary>
    public double E0InnovationSd { get; init; } = 0.47;
    /// <summary>Uncalibrated: AR(1) coefficient of the log first-generation net-migration deviation.</summary>
    public double MigrationAutocorrelation { get; init; } = 0.8;
    /// <summary>Uncalibrated: innovation sd of the log first-generation net-migration deviation (stationary sd
    /// σ/√(1 − ρ²) = 0.30 with ρ = 0.8).</summary>
    public double MigrationInnovationSd { get; init; } = 0.18;

    /// <summary>The stochastic model in one sentence (JSON notes, captions, charts).</summary>
    public string Describe()
    {
        static string N(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return $"Stochastic: {Trajectories} trajectories per variant (seed {Seed}); latent AR(1) deviations (rho {N(TfrAutocorrelation)} for TFR, {N(E0Autocorrelation)} for e0) " +
            (Calibration == StochasticCalibration.Wpp2022
                ? "mapped each year to the UN WPP 2022 TFR and e0 prediction intervals for the Netherlands (real), net migration deterministic as in WPP 2022; quantiles are derived."
                : $"on log TFR (sd {N(TfrInnovationSd)}), e0 (sd {N(E0InnovationSd)} years) and log first-generation net migration (rho {N(MigrationAutocorrelation)}, sd {N(MigrationInnovationSd)}), documented assumptions; quantiles are derived.");
    }

    /// <summary>The calibration's name on the command line and in JSON: <c>wpp2022</c> or <c>none</c>.</summary>
    public string CalibrationName => Calibration == StochasticCalibration.Wpp2022 ? "wpp2022" : "none";

    /// <summary>The settings of <c>--stochastic N [--calibrate wpp2022]</c>; a <see cref="CohesionException"/> naming the
    /// flag and the value when N is not a whole number from 1 to <see cref="MaxTrajectories"/> or the calibration is unknown.
    /// Null when neither flag is given.</summary>
    public static StochasticSettings? Parse(string? trajectories, string? calibrate, ulong seed)
    {
        if (trajectories is null)
        {
            if (calibrate is not null) throw new CohesionException($"--calibrate {calibrate} needs --stochastic N");
            return null;
        }
        if (!int.TryParse(trajectories, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxTrajectories)
            throw new CohesionException($"--stochastic must be a whole number of trajectories from 1 to {MaxTrajectories}, not '{trajectories}'");
        var calibration = calibrate switch
        {
            null => StochasticCalibration.None,
            "wpp2022" => StochasticCalibration.Wpp2022,
            _ => throw new CohesionException($"--calibrate must be wpp2022, not '{calibrate}'"),
        };
        return new StochasticSettings { Trajectories = n, Seed = seed, Calibration = calibration };
    }

    public void Validate()
    {
        if (Trajectories < 1 || Trajectories > MaxTrajectories)
            throw new CohesionException($"the number of trajectories must be between 1 and {MaxTrajectories}, got {Trajectories}");
        foreach (var (name, rho) in new[] { ("TFR", TfrAutocorrelation), ("e0", E0Autocorrelation), ("migration", MigrationAutocorrelation) })
            if (!(rho >= 0 && rho < 1)) throw new CohesionException($"the {name} AR(1) coefficient must lie in [0, 1), got {rho}");
    }
}

/// <summary>One trajectory's assumptions for the rate years <see cref="FirstYear"/>.. (TFR, e0 by sex, and the factor on
/// first-generation net migration).</summary>
public sealed record DemographicTrajectory(int FirstYear, double[] Tfr, double[] E0Female, double[] E0Male, double[] MigrationFactor)
{
    public int LastYear => FirstYear + Tfr.Length - 1;

    private TimeSeries Series(double[] v) => new(v.Select((x, k) => new KeyValuePair<int, double>(FirstYear + k, x)));

    /// <summary>The scenario with this trajectory's assumptions (annual anchors; first-generation groups × the factor).</summary>
    public Scenario Apply(Scenario s)
    {
        var nets = s.NetMigration.Select((ts, g) => g == 0 ? ts
            : new TimeSeries(MigrationFactor.Select((f, k) => new KeyValuePair<int, double>(FirstYear + k, ts.ValueAt(FirstYear + k) * f)))).ToArray();
        return s.WithTrajectory(Series(Tfr), Series(E0Female), Series(E0Male), nets);
    }
}

/// <summary>Draws the stochastic trajectories of fertility, mortality and migration around a variant (no I/O; see
/// <see cref="StochasticSettings"/> for the model).</summary>
public sealed class TrajectoryGenerator
{
    private readonly StochasticSettings _settings;
    private readonly Wpp2022Intervals? _wpp;

    public TrajectoryGenerator(StochasticSettings settings, Wpp2022Intervals? wpp = null)
    {
        settings.Validate();
        if (settings.Calibration == StochasticCalibration.Wpp2022 && wpp is null)
            throw new ArgumentException("calibration to WPP 2022 needs the WPP 2022 intervals", nameof(wpp));
        _settings = settings;
        _wpp = wpp;
    }

    public StochasticSettings Settings => _settings;

    /// <summary>The latent AR(1) path X(1..n) of one process of trajectory <paramref name="trajectory"/>, standardised
    /// (X(h)/sd X(h)) when <paramref name="standardise"/>.</summary>
    public static double[] LatentPath(ulong seed, int trajectory, ulong stream, double rho, int n, bool standardise)
    {
        var rng = new RngStream(CounterRng.RunKey(seed, trajectory, stream));
        var x = new double[n];
        double prev = 0, variance = 0;
        for (int h = 0; h < n; h++)
        {
            prev = rho * prev + IndicatorModel.StandardNormal(ref rng);
            variance = rho * rho * variance + 1;
            x[h] = standardise ? prev / Math.Sqrt(variance) : prev;
        }
        return x;
    }

    /// <summary>Trajectory <paramref name="trajectory"/> of <paramref name="scenario"/> for the rate years base year ..
    /// <paramref name="lastRateYear"/>.</summary>
    public DemographicTrajectory Generate(Scenario scenario, int trajectory, int lastRateYear)
    {
        int y0 = scenario.BaseYear, n = lastRateYear - y0 + 1;
        var s = _settings;
        bool cal = s.Calibration == StochasticCalibration.Wpp2022;
        var zt = LatentPath(s.Seed, trajectory, CounterRng.DemographyFertility, s.TfrAutocorrelation, n, cal);
        var ze = LatentPath(s.Seed, trajectory, CounterRng.DemographyMortality, s.E0Autocorrelation, n, cal);
        var zm = cal ? null : LatentPath(s.Seed, trajectory, CounterRng.DemographyMigration, s.MigrationAutocorrelation, n, false);
        var tfr = new double[n]; var e0F = new double[n]; var e0M = new double[n]; var mig = new double[n];
        for (int k = 0; k < n; k++)
        {
            int y = y0 + k;
            double vt = scenario.Tfr.ValueAt(y), vf = scenario.E0Female.ValueAt(y), vm = scenario.E0Male.ValueAt(y);
            if (cal)
            {
                bool covered = y >= _wpp!.FirstYear;
                tfr[k] = covered ? vt * RelativeFactor(_wpp.Tfr(y), zt[k]) : vt;
                e0F[k] = covered ? vf + Deviation(_wpp.E0(PopulationIndex.Female, y), ze[k]) : vf;
                e0M[k] = covered ? vm + Deviation(_wpp.E0(PopulationIndex.Male, y), ze[k]) : vm;
                mig[k] = 1;
            }
            else
            {
                tfr[k] = vt * Math.Exp(s.TfrInnovationSd * zt[k]);
                e0F[k] = vf + s.E0InnovationSd * ze[k];
                e0M[k] = vm + s.E0InnovationSd * ze[k];
                mig[k] = Math.Exp(s.MigrationInnovationSd * zm![k]);
            }
        }
        return new DemographicTrajectory(y0, tfr, e0F, e0M, mig);
    }

    /// <summary>Deviation from the median of a WPP quantile function at score z.</summary>
    public static double Deviation(PredictionQuantiles q, double z) => q.AtScore(z) - q.Q50;

    /// <summary>The quantile function at score z relative to the median, Q(z)/Q(0), at least <see cref="MinimumRelativeTfr"/>
    /// (the linear continuation beyond the 2.5% point could otherwise reach zero far in the tail).</summary>
    public static double RelativeFactor(PredictionQuantiles q, double z) => Math.Max(MinimumRelativeTfr, q.AtScore(z) / q.Q50);

    /// <summary>Floor of the relative TFR factor (reached only beyond z ≈ −4).</summary>
    public const double MinimumRelativeTfr = 0.2;
}

/// <summary>Quantiles 2.5%, 10%, 50%, 90%, 97.5% (R type 7) of a quantity over the trajectories.</summary>
public readonly record struct TrajectoryQuantiles(double Q025, double Q10, double Q50, double Q90, double Q975)
{
    public static readonly double[] Probabilities = [0.025, 0.10, 0.50, 0.90, 0.975];
    public static readonly string[] Names = ["q025", "q10", "q50", "q90", "q975"];

    public static TrajectoryQuantiles Of(IEnumerable<double> values)
    {
        var q = SampleQuantile.Type7(values, Probabilities);
        return new TrajectoryQuantiles(q[0], q[1], q[2], q[3], q[4]);
    }

    public double[] ToArray() => [Q025, Q10, Q50, Q90, Q975];
}

/// <summary>The quantiles of one variant in one year (1 January): total population, share aged 65+, and the shares
/// of each origin and education group (of the whole population).</summary>
public sealed record StochasticYear(int Year, TrajectoryQuantiles Total, TrajectoryQuantiles Share65Plus, TrajectoryQuantiles[] OriginShares, TrajectoryQuantiles[] EducationShares);

/// <summary>The stochastic projection of one variant: quantiles per year over <see cref="Trajectories"/> trajectories.</summary>
public sealed record StochasticProjection(Scenario Scenario, int Trajectories, StochasticYear[] Years)
{
    public StochasticYear At(int year) => Years.First(y => y.Year == year);
}

/// <summary>Runs the trajectories of each variant through the cohort-component engine (in parallel over trajectories;
/// each trajectory's result lands in its own slot, so the quantiles do not depend on scheduling).</summary>
public static class StochasticRunner
{
    private const int Summaries = 2 + PopulationIndex.Origins + PopulationIndex.Educations;

    /// <summary>Quantiles of each variant's trajectories for the years <paramref name="fromYear"/>..<paramref name="toYear"/>.
    /// <paramref name="deterministic"/> holds the variants' deterministic projections (their solved migration factor is
    /// applied unchanged to every trajectory, so calibration does not absorb the uncertainty).</summary>
    public static StochasticProjection[] Run(ProjectionEngine engine, IReadOnlyList<PopulationProjection> deterministic, TrajectoryGenerator generator,
        int fromYear, int toYear, Action<double>? progress = null)
    {
        int n = generator.Settings.Trajectories, m = deterministic.Count;
        int years = toYear - fromYear + 1;
        // summaries[scenario][trajectory][year * Summaries + k]
        var summaries = new double[m][][];
        for (int s = 0; s < m; s++) summaries[s] = new double[n][];
        int done = 0;
        try
        {
            Parallel.For(0, m * n, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, job =>
            {
                int s = job / n, i = job % n;
                var p = Trajectory(engine, deterministic[s], generator, i, toYear);
                var row = new double[years * Summaries];
                for (int k = 0; k < years; k++) Summarise(p.PopulationAt(fromYear + k), row.AsSpan(k * Summaries, Summaries));
                summaries[s][i] = row;
                progress?.Invoke((double)Interlocked.Increment(ref done) / (m * n));
            });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerExceptions[0]).Throw();
        }
        var result = new StochasticProjection[m];
        for (int s = 0; s < m; s++)
        {
            var rows = summaries[s];
            TrajectoryQuantiles Q(int k, int j) => TrajectoryQuantiles.Of(rows.Select(r => r[k * Summaries + j]));
            var ys = new StochasticYear[years];
            for (int k = 0; k < years; k++)
                ys[k] = new StochasticYear(fromYear + k, Q(k, 0), Q(k, 1),
                    Enumerable.Range(0, PopulationIndex.Origins).Select(o => Q(k, 2 + o)).ToArray(),
                    Enumerable.Range(0, PopulationIndex.Educations).Select(e => Q(k, 2 + PopulationIndex.Origins + e)).ToArray());
            result[s] = new StochasticProjection(deterministic[s].Scenario, n, ys);
        }
        return result;
    }

    /// <summary>Trajectory <paramref name="trajectory"/> of a variant projected to 1 January of <paramref name="toYear"/>:
    /// the variant's assumptions replaced by the trajectory's, run with the deterministic projection's migration factor.
    /// <c>cohesion population --stochastic</c> and <c>cohesion simulate --stochastic</c> (replication r on trajectory r)
    /// both run their trajectories through here, so the same seed gives the same populations in both.</summary>
    public static PopulationProjection Trajectory(ProjectionEngine engine, PopulationProjection deterministic, TrajectoryGenerator generator, int trajectory, int toYear)
    {
        var traj = generator.Generate(deterministic.Scenario, trajectory, toYear - 1);
        return engine.RunWithMigrationScale(traj.Apply(deterministic.Scenario), deterministic.MigrationScale, toYear);
    }

    private static void Summarise(ReadOnlySpan<double> pop, Span<double> into)
    {
        var bo = PopulationProjection.ByOrigin(pop);
        var be = PopulationProjection.ByEducation(pop);
        double total = bo.Sum();
        into[0] = total;
        into[1] = PopulationProjection.Share65Plus(pop);
        for (int o = 0; o < bo.Length; o++) into[2 + o] = bo[o] / total;
        for (int e = 0; e < be.Length; e++) into[2 + bo.Length + e] = be[e] / total;
    }
}
