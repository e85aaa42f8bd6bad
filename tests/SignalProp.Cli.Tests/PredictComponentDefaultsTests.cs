using System.Text.Json;
using SignalProp.Cli.Prediction;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary>Every component name works out of the box, in both output forms.</summary>
public class PredictComponentDefaultsTests
{
    public static TheoryData<string> Names() => [.. ComponentCatalog.Names];

    [Fact]
    public void The_catalog_has_every_documented_name()
    {
        string[] documented = ["embedding", "linear", "relu", "gelu", "layernorm", "dropout", "softmax", "sha", "mha", "ffn", "residual",
            "silu", "swish", "tanh", "sigmoid", "identity"];
        Assert.Equal(documented.Order(), ComponentCatalog.Names.Order());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_component_gives_valid_finite_json_with_defaults(string name)
    {
        var run = CliRun.Of("predict", "component", name, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("", run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        var root = document.RootElement;
        Assert.Equal(name, root.GetProperty("component").GetString());
        foreach (string path in new[] { "forward.mean", "forward.variance", "forward.correlation", "backward.variance", "backward.correlation" })
        {
            var element = Approx.At(root, path);
            Assert.Equal(JsonValueKind.Number, element.ValueKind);
            Assert.True(double.IsFinite(element.GetDouble()), path);
        }
        Assert.InRange(Approx.Number(root, "forward.correlation"), -1.0, 1.0);
        Assert.InRange(Approx.Number(root, "backward.correlation"), -1.0, 1.0);
        Assert.True(Approx.Number(root, "forward.variance") >= 0);
        Assert.True(Approx.Number(root, "backward.variance") >= 0);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_component_prints_a_plain_table_when_redirected(string name)
    {
        var run = CliRun.Of("predict", "component", name, "--correlation", "0.2");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.DoesNotContain('\u001b', run.Stdout); // no ANSI escape codes
        Assert.Contains("forward", run.Stdout);
        Assert.Contains("gradient", run.Stdout);
        Assert.Contains("variance", run.Stdout);
        Assert.Contains("correlation", run.Stdout);
        Assert.StartsWith(name + ":", run.Stdout);
    }

    [Fact]
    public void Table_shows_input_and_output_values()
    {
        var run = CliRun.Of("predict", "component", "relu", "--variance", "2", "--correlation", "0.5");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0.68169", run.Stdout);   // output variance
        Assert.Contains("0.426422", run.Stdout);  // output correlation
        Assert.Contains("closed form", run.Stdout);
    }

    [Fact]
    public void Softmax_table_shows_the_approximation()
    {
        var run = CliRun.Of("predict", "component", "softmax");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("approx", run.Stdout);
    }

    [Fact]
    public void Names_are_case_insensitive()
    {
        var json = CliRun.Json("ReLU");
        Assert.Equal("relu", json.GetProperty("component").GetString());
    }
}
