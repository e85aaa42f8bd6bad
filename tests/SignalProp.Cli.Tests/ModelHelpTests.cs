using System.CommandLine;
using SignalProp.Cli.Commands;
using SignalProp.Cli.Tests.Support;

namespace SignalProp.Cli.Tests;

/// <summary><c>--help</c> of <c>predict model</c> and <c>init</c> lists every option with its range and default.</summary>
public class ModelHelpTests
{
    private static readonly string[] ModelOptionNames =
    [
        "--arch", "--layers", "--d-model", "--heads", "--d-ff", "--seq-len", "--dropout", "--attention-dropout", "--activation", "--init",
        "--vocab-size", "--zipf-exponent", "--input-correlation", "--lambda", "--beta", "--input-variance", "--segments", "--ln-correlation",
        "--grad-variance", "--grad-correlation", "--q-std", "--k-std", "--v-std", "--o-std", "--up-std", "--down-std", "--embedding-std",
        "--dslm-k", "--dslm-alpha", "--dslm-count", "--beta-squared", "--gradient-band", "--json", "--csv",
    ];

    private static readonly string[] InitOptionNames =
    [
        "--arch", "--layers", "--d-model", "--heads", "--d-ff", "--seq-len", "--dropout", "--attention-dropout", "--activation",
        "--vocab-size", "--zipf-exponent", "--input-correlation", "--input-variance", "--segments", "--ln-correlation",
        "--grad-variance", "--grad-correlation", "--dslm-k", "--dslm-alpha", "--dslm-count", "--beta-squared", "--gradient-band", "--json",
    ];

    public static TheoryData<string> Commands() => ["predict model", "init"];

    [Theory]
    [MemberData(nameof(Commands))]
    public void Help_documents_every_option_with_range_and_default(string path)
    {
        var run = CliRun.Of([.. path.Split(' '), "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Stderr);
        Command command = path == "init" ? new InitCommand() : new PredictModelCommand();
        foreach (var option in command.Options)
        {
            Assert.Contains(option.Name + " ", run.Stdout);
            if (option.ValueType == typeof(bool)) continue;
            string description = option.Description ?? "";
            Assert.True(description.Contains("Range:") || option.HelpName?.Contains('|') == true || description.Contains(" or "),
                $"{option.Name} does not state its range");
            Assert.True(option.HasDefaultValue || description.Contains("default", StringComparison.OrdinalIgnoreCase),
                $"{option.Name} does not state its default");
        }
        foreach (string required in path == "init" ? InitOptionNames : ModelOptionNames) Assert.Contains(required + " ", run.Stdout);
        foreach (string scheme in new[] { "xavier", "default", "dslm", "admin", "admin-logn", "admin-o1", "deepnorm", "rezero" })
            Assert.Contains(scheme, run.Stdout);
        Assert.Contains("Exit codes", run.Stdout);
        Assert.Contains("Examples", run.Stdout);
    }

    [Fact]
    public void Model_help_shows_the_paper_defaults()
    {
        var run = CliRun.Of("predict", "model", "--help");
        foreach (string text in new[] { "[default: 192]", "[default: 1024]", "[default: 16]", "[default: 256]", "[default: 0.1]", "[default: relu]",
                     "[default: preln]", "[default: 30522]", "[default: xavier]", "4·d-model" })
            Assert.Contains(text, run.Stdout);
    }

    [Fact]
    public void Root_and_predict_help_list_the_new_commands()
    {
        var root = CliRun.Of("--help");
        Assert.Contains("signalprop predict model", root.Stdout);
        Assert.Contains("signalprop init <scheme>", root.Stdout);
        var predict = CliRun.Of("predict", "--help");
        Assert.Contains("model", predict.Stdout);
    }
}
