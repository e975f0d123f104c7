using Xunit;
using System.Text.Json;
using Cohesion.Data;
using Cohesion.Statistics.Data;
using Cohesion.Statistics.Meta;
using Cohesion.Tests.Infrastructure;

namespace Cohesion.Tests.Meta;

/// <summary>Loads a metafor fixture (JSON results + CSV data) and compares fits with it.</summary>
public sealed class MetaFixture
{
    public DataFrame Data { get; }
    public JsonElement Results { get; }

    public MetaFixture(params string[] path)
    {
        var json = Paths.Fixture(path);
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        Results = doc.RootElement.GetProperty("results").Clone();
        var csv = Path.Combine(Path.GetDirectoryName(json)!, doc.RootElement.GetProperty("data").GetString()!);
        Data = CsvReader.Read(csv);
    }

    public JsonElement this[string key] => Results.GetProperty(key);

    public static double Num(JsonElement e) => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble();

    public static bool Has(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>Compares the coefficient table and heterogeneity statistics with a fitinfo() record.</summary>
    public static void AssertFit(JsonElement expected, MetaFitSummary actual, double tol = 1e-6, string what = "")
    {
        Assert.Equal(expected.GetProperty("k").GetInt32(), actual.K);
        var coefs = expected.GetProperty("coefficients");
        Assert.Equal(coefs.GetArrayLength(), actual.Coefficients.Count);
        for (int j = 0; j < coefs.GetArrayLength(); j++)
        {
            var e = coefs[j];
            var a = actual.Coefficients[j];
            Assert.Equal(e.GetProperty("term").GetString(), a.Term);
            Approx.Equal(Num(e.GetProperty("estimate")), a.Estimate, tol, $"{what} {a.Term} estimate");
            Approx.Equal(Num(e.GetProperty("se")), a.Se, tol, $"{what} {a.Term} se");
            Approx.Equal(Num(e.GetProperty("statistic")), a.Statistic, tol, $"{what} {a.Term} statistic");
            Approx.Equal(Num(e.GetProperty("p")), a.P, tol, $"{what} {a.Term} p");
            Approx.Equal(Num(e.GetProperty("ci_lower")), a.CiLower, tol, $"{what} {a.Term} ci_lower");
            Approx.Equal(Num(e.GetProperty("ci_upper")), a.CiUpper, tol, $"{what} {a.Term} ci_upper");
        }
        if (Has(expected, "tau2")) AssertClose(Num(expected.GetProperty("tau2")), actual.Tau2, tol, $"{what} tau2");
        if (Has(expected, "I2")) AssertClose(Num(expected.GetProperty("I2")), actual.I2, tol, $"{what} I2");
        if (Has(expected, "H2")) AssertClose(Num(expected.GetProperty("H2")), actual.H2, tol, $"{what} H2");
        if (Has(expected, "sigma2"))
        {
            var s = expected.GetProperty("sigma2");
            if (s.ValueKind == JsonValueKind.Number) AssertClose(s.GetDouble(), actual.Sigma2[0], tol, $"{what} sigma2");
            else for (int i = 0; i < s.GetArrayLength(); i++) AssertClose(s[i].GetDouble(), actual.Sigma2[i], tol, $"{what} sigma2[{i}]");
        }
        Approx.Equal(Num(expected.GetProperty("Q")), actual.Q, tol, $"{what} Q");
        Assert.Equal(expected.GetProperty("Q_df").GetInt32(), actual.QDf);
        Approx.Equal(Num(expected.GetProperty("Q_p")), actual.QP, tol, $"{what} Q_p");
        if (Has(expected, "pi"))
        {
            var pi = expected.GetProperty("pi");
            Approx.Equal(Num(pi.GetProperty("pi_lower")), actual.PiLower, tol, $"{what} pi_lower");
            Approx.Equal(Num(pi.GetProperty("pi_upper")), actual.PiUpper, tol, $"{what} pi_upper");
        }
    }

    /// <summary>Relative tolerance, with an absolute floor for variance components estimated at (or next to) zero.</summary>
    public static void AssertClose(double expected, double actual, double tol, string what)
    {
        if (Math.Abs(expected) < 1e-8 && Math.Abs(actual) < 1e-8) return;
        Approx.Equal(expected, actual, tol, what);
    }
}
