using Cohesion.Statistics.Inference;

namespace Cohesion.Compare;

/// <summary>An approximate 95% interval of a published country value, with how it was computed.</summary>
public sealed record CountryInterval(double Lower, double Upper, double NAnswering);

/// <summary>
/// Intervals where the shipped sources allow one. The EVS/WVS shares of the trustsurveys file come with the sample
/// size and the share that answered, so they get a Wilson score interval on the respondents who answered (R's
/// <c>prop.test(x, n, correct = FALSE)</c>): simple random sampling, no design effect, so the true intervals are
/// wider. The CBS/ESS means and shares and the GPS scores are published without standard errors or sample sizes:
/// no interval, and that is said.
/// </summary>
public static class CountryIntervals
{
    public const double Level = 0.95;

    public static CountryInterval? For(CountryValue v, CountryMeasure m)
    {
        if (m.Scale.Unit != "proportion" || v.Answering is not { } n || n <= 0 || v.Value is < 0 or > 1) return null;
        var (lo, hi) = ProportionInterval.Wilson(v.Value, n, Level);
        return new CountryInterval(lo, hi, n);
    }

    public static CountryInterval? For(CountryRow r) => For(r.Source, r.Measure);

    /// <summary>How the intervals of a measure are made, or why it has none (English, Dutch).</summary>
    public static (string En, string Nl) Method(CountryMeasure m) => m.Scale.Unit == "proportion" && m.SourceId == "trustsurveys"
        ? ("approximate 95% interval (Wilson, simple random sampling on the n who answered = n × p_response; a design effect makes the true interval wider)",
           "benaderd 95%-interval (Wilson, enkelvoudige steekproef op de n die antwoordde = n × p_response; een designeffect maakt het echte interval breder)")
        : m.SourceId == "trustsurveys"
            ? ("no interval: the GPS score is published without a standard error", "geen interval: de GPS-score is gepubliceerd zonder standaardfout")
            : ("no interval: CBS publishes these ESS figures without standard errors or sample sizes", "geen interval: het CBS publiceert deze ESS-cijfers zonder standaardfouten of steekproefomvang");
}
