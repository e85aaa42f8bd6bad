using SignalProp.Cli.Commands;
using SignalProp.Cli.Prediction;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary><c>--help</c> exits 0 and documents every option with its range and default.</summary>
public class HelpTests
{
    [Fact]
    public void Component_help_documents_every_option_with_range_and_default()
    {
        var run = CliRun.Of("predict", "component", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        var command = new PredictComponentCommand();
        foreach (var option in command.Options)
        {
            Assert.Contains(option.Name, run.Stdout);
            if (option.ValueType == typeof(bool)) continue;
            string description = option.Description ?? "";
            Assert.True(description.Contains("Range:") || option.HelpName?.Contains('|') == true || description.Contains(" or "),
                $"{option.Name} does not state its range");
            Assert.True(option.HasDefaultValue || description.Contains("default", StringComparison.OrdinalIgnoreCase),
                $"{option.Name} does not state its default");
        }
        foreach (string name in ComponentCatalog.Names) Assert.Contains(name, run.Stdout);
        foreach (string required in new[] { "--mean", "--variance", "--correlation", "--grad-variance", "--grad-correlation", "--d-in", "--d-out",
                     "--d", "--d-ff", "--heads", "--seq-len", "--weight-std", "--q-std", "--k-std", "--v-std", "--o-std", "--p",
                     "--attention-dropout", "--lambda", "--beta", "--vocab-size", "--zipf-exponent", "--json" })
            Assert.Contains(required + " ", run.Stdout);
        Assert.Contains("[default: 30522]", run.Stdout);
        Assert.Contains("Exit codes", run.Stdout);
    }

    [Fact]
    public void Root_help_lists_the_commands()
    {
        var run = CliRun.Of("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("predict", run.Stdout);
        Assert.Contains("signalprop predict component <name>", run.Stdout);
    }

    [Fact]
    public void Predict_help_lists_component()
    {
        var run = CliRun.Of("predict", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("component", run.Stdout);
    }

    [Fact]
    public void Help_wins_over_parse_errors()
    {
        var run = CliRun.Of("predict", "component", "--bogus", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Usage:", run.Stdout);
    }
}
