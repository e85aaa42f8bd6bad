using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

public class VerifyCommandTests
{
    [Fact]
    public void LimitedRunPrintsJsonSummaryAndWritesRows()
    {
        string directory = Path.Combine(Path.GetTempPath(), "signalprop-verify-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = CliRun.Of("verify", "component", "relu", "--limit", "3", "--json", "--out", directory, "--seed", "5");
            Assert.True(run.ExitCode is 0 or 1, run.Stderr);
            using var document = JsonDocument.Parse(run.Stdout);
            var root = document.RootElement;
            Assert.Equal(JsonValueKind.Object, root.ValueKind);
            Assert.Equal("relu", root.GetProperty("component").GetString());
            Assert.Equal(3, root.GetProperty("configurations").GetInt32());
            Assert.True(root.GetProperty("seconds").GetDouble() > 0);
            foreach (string q in (string[])["xMean", "xVar", "gVar", "xCov", "gCov"])
            {
                var e = root.GetProperty("errors").GetProperty(q);
                Assert.True(e.GetProperty("p50").GetDouble() <= e.GetProperty("p90").GetDouble());
                Assert.True(e.GetProperty("p90").GetDouble() <= e.GetProperty("p99").GetDouble());
            }
            Assert.Equal(4, File.ReadAllLines(Path.Combine(directory, "relu.csv")).Length);
            Assert.Equal(3, File.ReadAllLines(Path.Combine(directory, "relu.jsonl")).Length);
            Assert.Contains("relu: 3/3 configurations", run.Stderr); // plain progress lines when redirected
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, true);
        }
    }

    [Fact]
    public void AllPrintsAnArrayWithEveryComponent()
    {
        var run = CliRun.Of("verify", "component", "all", "--limit", "1", "--json", "--dtype", "float32");
        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        string[] names = [.. document.RootElement.EnumerateArray().Select(e => e.GetProperty("component").GetString()!)];
        Assert.Equal(["linear", "relu", "gelu", "layernorm", "dropout", "softmax", "sha", "mha", "ffn", "residual"], names);
        Assert.Contains("xCovFeatures", run.Stdout);
        Assert.Contains("gVarApprox", run.Stdout);
    }

    [Fact]
    public void TablePrintsPercentilesAndTolerances()
    {
        var run = CliRun.Of("verify", "component", "dropout", "--limit", "2");
        Assert.True(run.ExitCode is 0 or 1, run.Stderr);
        Assert.Contains("dropout", run.Stdout);
        Assert.Contains("gCov", run.Stdout);
        Assert.Contains("p99", run.Stdout);
    }

    [Theory]
    [InlineData("verify", "component", "nope")]
    [InlineData("verify", "component", "relu", "--profile", "slow")]
    [InlineData("verify", "component", "relu", "--dtype", "float16")]
    [InlineData("verify", "component", "relu", "--device", "tpu")]
    [InlineData("verify", "component", "relu", "--limit", "0")]
    [InlineData("verify", "component", "relu", "--seed", "x")]
    [InlineData("verify", "component")]
    public void BadOptionsExitWithUsageError(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("error", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }

    [Fact]
    public void UnknownComponentMessageListsTheNames()
    {
        var run = CliRun.Of("verify", "component", "nope");
        Assert.Contains("component = nope is out of range", run.Stderr);
        Assert.Contains("residual", run.Stderr);
    }

    [Fact]
    public void HelpListsTheOptions()
    {
        var run = CliRun.Of("verify", "component", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (string option in (string[])["--profile", "--device", "--dtype", "--seed", "--out", "--json", "--limit"])
            Assert.Contains(option, run.Stdout);
    }
}
