using System.Text.Json;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary><c>signalprop simulate</c> on tiny models (2 layers, d = 16, L = 8): output shape, field names, errors.</summary>
public class SimulateCommandTests
{
    private static readonly string[] Tiny = ["simulate", "--layers", "2", "--d-model", "16", "--heads", "2", "--seq-len", "8", "--batch", "2", "--replicas", "2", "--dtype", "float64", "--device", "cpu"];

    [Fact]
    public void JsonHasMeasuredStdErrAndPredictedFieldsForEverySubLayer()
    {
        var run = CliRun.Of([.. Tiny, "--init", "dslm", "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        var stream = root.GetProperty("stream");
        Assert.Equal(5, stream.GetArrayLength());
        var row = stream[1];
        Assert.Equal(1, row.GetProperty("sublayer").GetInt32());
        Assert.Equal(0, row.GetProperty("layer").GetInt32());
        Assert.Equal("attention", row.GetProperty("kind").GetString());
        foreach (string q in new[] { "ForwardVariance", "ForwardCorrelation", "GradientVariance", "GradientCorrelation", "BlockVariance", "BlockCorrelation", "ScoreVariance", "OutputChange" })
        {
            Assert.Equal(JsonValueKind.Number, row.GetProperty("measured" + q).ValueKind);
            Assert.Equal(JsonValueKind.Number, row.GetProperty(char.ToLowerInvariant(q[0]) + q[1..] + "StdErr").ValueKind);
            Assert.Equal(JsonValueKind.Number, row.GetProperty("predicted" + q).ValueKind);
        }
        Assert.Equal(JsonValueKind.Number, row.GetProperty("measuredAttentionEntropy").ValueKind);
        Assert.Equal(JsonValueKind.Null, stream[2].GetProperty("predictedScoreVariance").ValueKind);
        Assert.Equal(8, root.GetProperty("summary").GetArrayLength());
        var fit = root.GetProperty("outputChangeFit");
        Assert.Equal(JsonValueKind.Number, fit.GetProperty("scale").ValueKind);
        Assert.InRange(fit.GetProperty("rSquared").GetDouble(), -1e9, 1.0);
        Assert.Equal(2, root.GetProperty("options").GetProperty("replicas").GetInt32());
        Assert.True(root.GetProperty("timing").GetProperty("meanReplicaSeconds").GetDouble() > 0);
        Assert.Contains("replica 2/2", run.Stderr);
        // The prediction is exactly predict model's.
        var predicted = CliRun.Of(["predict", "model", "--layers", "2", "--d-model", "16", "--heads", "2", "--seq-len", "8", "--init", "dslm", "--json"]);
        using var p = JsonDocument.Parse(predicted.Stdout);
        for (int k = 0; k < 5; k++)
            Assert.Equal(p.RootElement.GetProperty("stream")[k].GetProperty("forwardVariance").GetDouble(), stream[k].GetProperty("predictedForwardVariance").GetDouble(), 12);
    }

    [Fact]
    public void CsvTextAndOutDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), "signalprop-simulate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var csv = CliRun.Of([.. Tiny, "--arch", "postln", "--input-correlation", "0.2", "--csv", "--out", dir]);
            Assert.True(csv.ExitCode == 0, csv.Stderr);
            var lines = csv.Stdout.TrimEnd().Split('\n');
            Assert.Equal(6, lines.Length);
            Assert.StartsWith("sublayer,layer,kind,measuredForwardVariance,forwardVarianceStdErr,predictedForwardVariance", lines[0]);
            Assert.True(File.Exists(Path.Combine(dir, "simulate.json")) && File.Exists(Path.Combine(dir, "simulate.csv")) && File.Exists(Path.Combine(dir, "simulate.txt")));
            var text = CliRun.Of([.. Tiny, "--init", "xavier", "--no-output-change"]);
            Assert.True(text.ExitCode == 0, text.Stderr);
            Assert.Contains("Largest error per quantity", text.Stdout);
            Assert.Contains("forwardVariance", text.Stdout);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--batch", "0", "--batch")]
    [InlineData("--replicas", "0", "--replicas")]
    [InlineData("--device", "tpu", "--device")]
    [InlineData("--dtype", "float16", "--dtype")]
    [InlineData("--input", "words", "--input")]
    [InlineData("--heads", "3", "--heads")]
    [InlineData("--layers", "0", "--layers")]
    [InlineData("--gradient", "ce", "--gradient")]
    [InlineData("--mask-probability", "0", "--mask-probability")]
    public void BadOptionsExitTwoWithTheOptionNamed(string option, string value, string named)
    {
        var run = CliRun.Of([.. Tiny, option, value]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(named, run.Stderr);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public void TokensWithAnExplicitInputCorrelationIsAUsageError()
    {
        var run = CliRun.Of([.. Tiny, "--input", "tokens", "--input-correlation", "0.2"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--input gaussian", run.Stderr);
    }

    [Fact]
    public void MlmGradientWithGaussianInputsIsAUsageError()
    {
        var run = CliRun.Of([.. Tiny, "--gradient", "mlm", "--input", "gaussian"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--input tokens", run.Stderr);
    }

    [Fact]
    public void MlmGradientRunsAndReportsTheMeasuredTopGradientAsThePredictionsStart()
    {
        var run = CliRun.Of([.. Tiny, "--gradient", "mlm", "--vocab-size", "200", "--json", "--no-output-change"]);
        Assert.Equal(0, run.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        var root = doc.RootElement;
        Assert.Equal("mlm", root.GetProperty("options").GetProperty("gradient").GetString());
        double top = root.GetProperty("config").GetProperty("gradVariance").GetDouble();
        var rows = root.GetProperty("stream");
        Assert.Equal(top, rows[rows.GetArrayLength() - 1].GetProperty("predictedGradientVariance").GetDouble(), 10);
        Assert.NotEqual(1.0, top);
    }

    [Fact]
    public void HelpShowsCpuSizedDefaults()
    {
        var run = CliRun.Of("simulate", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--replicas", run.Stdout);
        Assert.Contains("--layers", run.Stdout);
        Assert.Contains("default: 12", run.Stdout);
    }
}
