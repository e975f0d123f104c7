using System.IO.Compression;
using System.Text;
using Cohesion.Data;
using Cohesion.Statistics;
using Cohesion.Statistics.Survey;
using Cohesion.Tests.Infrastructure;
using Xunit;

namespace Cohesion.Tests.Reliability;

public class NumericRobustnessTests
{
    [Fact]
    public void Values_near_the_double_limit_give_the_mean_and_se_of_the_scaled_values()
    {
        var w = new[] { 1.0, 2, 3, 1.5, 2.5, 1, 4 };
        var y = new[] { 1.0, 1.7, 0.3, 1.1, 1.6, 0.9, 1.2 };
        var design = SurveyDesign.Create(new SurveyDesignOptions { Weights = w, Clusters = [[0, 0, 1, 1, 2, 2, 3]] });
        var small = SurveyEstimator.Mean(design, y);
        const double big = 1e307;
        var large = SurveyEstimator.Mean(design, y.Select(v => v * big).ToArray());
        Assert.True(double.IsFinite(large.Estimate) && double.IsFinite(large.StandardError));
        Approx.Equal(small.Estimate * big, large.Estimate, 1e-14, "mean");
        Approx.Equal(small.StandardError * big, large.StandardError, 1e-14, "se");
        Approx.Equal(small.Deff, large.Deff, 1e-12, "deff");
        // a ratio of two huge totals, and of a huge and a tiny one
        var x = new[] { 2.0, 1, 1.5, 3, 2, 2.2, 1.1 };
        var r0 = SurveyEstimator.Ratio(design, y, x);
        var r1 = SurveyEstimator.Ratio(design, y.Select(v => v * 1e300).ToArray(), x.Select(v => v * 1e300).ToArray());
        Approx.Equal(r0.Estimate, r1.Estimate, 1e-14, "ratio");
        Approx.Equal(r0.StandardError, r1.StandardError, 1e-14, "ratio se");
        var r2 = SurveyEstimator.Ratio(design, y.Select(v => v * 1e150).ToArray(), x.Select(v => v * 1e-150).ToArray());
        Approx.Equal(r0.Estimate * 1e300, r2.Estimate, 1e-13, "ratio of huge to tiny");
        // ordinary data are not touched: the same bits as before
        var again = SurveyEstimator.Mean(design, y);
        Assert.Equal(small, again);
    }

    [Fact]
    public void A_multi_member_gzip_file_is_read_whole()
    {
        var dir = Paths.TempDir();
        var file = Path.Combine(dir, "two.csv.gz");
        using (var fs = File.Create(file))
        {
            foreach (var part in new[] { "a,b\n1,2\n", "3,4\n5,6\n" })
            {
                using var gz = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true);
                gz.Write(Encoding.UTF8.GetBytes(part));
            }
        }
        var frame = DatasetLoader.Load(file);
        Assert.Equal(3, frame.RowCount);
        Assert.Equal(new[] { 1.0, 3, 5 }, frame.Numeric("a").Values);
    }

    [Fact]
    public void A_gzip_file_cut_anywhere_is_refused()
    {
        var dir = Paths.TempDir();
        var text = "id,x\n" + string.Concat(Enumerable.Range(0, 300).Select(i => $"{i},{i * 0.37}\n"));
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        var bytes = ms.ToArray();
        for (int cut = 1; cut < bytes.Length - 10; cut += 37)
        {
            var file = Path.Combine(dir, $"c{cut}.csv.gz");
            File.WriteAllBytes(file, bytes[..^cut]);
            var ex = Assert.Throws<CohesionException>(() => DatasetLoader.Load(file));
            Assert.Equal(file, ex.File);
        }
    }

    [Fact]
    public void Infinite_values_name_column_and_row_and_NaN_is_missing()
    {
        var f = TableWriter.FromColumns(("y", new[] { 1.0, double.NaN, double.NegativeInfinity }));
        var ex = Assert.Throws<CohesionException>(() => f.Numeric("y"));
        Assert.Equal("y", ex.Column);
        Assert.Equal(3, ex.Row);
        var ok = TableWriter.FromColumns(("y", new[] { 1.0, double.NaN, 3 }));
        Assert.True(ok.Numeric("y").IsMissing(1));
    }

    [Fact]
    public void Serve_on_a_port_in_use_fails_at_once()
    {
        var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        try
        {
            int port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;
            var r = CliRunner.Run("serve", "--urls", $"http://127.0.0.1:{port}");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("already in use", r.Err);
        }
        finally { busy.Stop(); }
    }
}
