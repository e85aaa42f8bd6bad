using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

public class VerifyAttentionCommandTests
{
    [Fact]
    public void QuickGridPrintsJsonSummaryAndWritesRows()
    {
        string directory = Path.Combine(Path.GetTempPath(), "signalprop-verify-attention-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = CliRun.Of("verify", "attention", "--grid", "quick", "--count", "2", "--runs-cap", "16", "--json", "--out", directory, "--seed", "3");
            Assert.True(run.ExitCode == 0, run.Stderr);
            using var document = JsonDocument.Parse(run.Stdout);
            var root = document.RootElement;
            Assert.Equal("quick", root.GetProperty("grid").GetString());
            Assert.Equal(2, root.GetProperty("configurations").GetInt32());
            Assert.Equal(0, root.GetProperty("failed").GetInt32());
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            Assert.True(root.GetProperty("withinTolerance").GetBoolean());
            var authors = root.GetProperty("predictors").GetProperty("authors");
            Assert.False(authors.GetProperty("gated").GetBoolean());
            foreach (string q in (string[])["gVar", "gCov", "gCovRel"])
            {
                var e = authors.GetProperty(q);
                Assert.True(e.GetProperty("p50").GetDouble() <= e.GetProperty("p90").GetDouble());
                Assert.True(e.GetProperty("p90").GetDouble() <= e.GetProperty("p99").GetDouble());
                Assert.True(e.GetProperty("p99").GetDouble() <= e.GetProperty("max").GetDouble());
            }
            Assert.Equal(3, File.ReadAllLines(Path.Combine(directory, "attention-quick.csv")).Length);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(directory, "attention-quick.jsonl")).Length);
            Assert.Contains("attention quick: 2/2 configurations", run.Stderr);   // plain progress lines when redirected
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void TablePrintsPercentilesPerPredictor()
    {
        var run = CliRun.Of("verify", "attention", "--count", "1", "--runs-cap", "16");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("authors", run.Stdout);
        Assert.Contains("gCovRel", run.Stdout);
        Assert.Contains("max", run.Stdout);
    }

    [Theory]
    [InlineData("--grid", "--grid", "c")]
    [InlineData("--count", "--count", "0")]
    [InlineData("--count", "--count", "x")]
    [InlineData("--runs-cap", "--runs-cap", "1")]
    [InlineData("--time-cap", "--time-cap", "0")]
    [InlineData("--target-se", "--target-se", "-1")]
    [InlineData("--device", "--device", "tpu")]
    [InlineData("--dtype", "--dtype", "float16")]
    public void BadOptionsExitWithUsageErrorNamingTheOption(string option, params string[] args)
    {
        var run = CliRun.Of(["verify", "attention", .. args]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error", run.Stderr);
        Assert.Contains(option, run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void HelpListsTheOptionsAndPredictors()
    {
        var run = CliRun.Of("verify", "attention", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (string option in (string[])["--grid", "--count", "--seed", "--device", "--runs-cap", "--out", "--json", "authors"])
            Assert.Contains(option, run.Stdout);
    }
}
