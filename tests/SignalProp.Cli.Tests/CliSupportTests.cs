using SignalProp.Cli.Prediction;
using SignalProp.Theory;

namespace SignalProp.Cli.Tests;

/// <summary>The shared helpers other commands reuse.</summary>
public class CliSupportTests
{
    [Fact]
    public void Describe_strips_the_dotnet_decorations_of_require_messages()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Require.NonNegativeFinite(-1, "--variance"));
        Assert.Equal("--variance = -1 is out of range: must be a finite number ≥ 0.", CliErrors.Describe(exception));
    }

    [Fact]
    public void Library_parameter_names_are_shown_as_options()
    {
        var command = new Commands.PredictComponentCommand();
        Assert.Equal("--heads = 3 is out of range: must be x.", CliErrors.WithOptionName("heads = 3 is out of range: must be x.", command));
        Assert.Equal("input.Variance = 3 …", CliErrors.WithOptionName("input.Variance = 3 …", command));
    }

    [Fact]
    public void Exit_codes_classify_exceptions()
    {
        Assert.Equal(CliExitCodes.Usage, CliErrors.ExitCodeFor(new ArgumentOutOfRangeException("x")));
        Assert.Equal(CliExitCodes.Usage, CliErrors.ExitCodeFor(new AssumptionViolatedException("x")));
        Assert.Equal(CliExitCodes.Usage, CliErrors.ExitCodeFor(new CliUsageException("x")));
        Assert.Equal(CliExitCodes.Failure, CliErrors.ExitCodeFor(new InvalidOperationException("x")));
    }

    [Fact]
    public void Unexpected_errors_are_one_line_without_stack_trace()
    {
        using var stderr = new StringWriter();
        int code = CliErrors.Report(new InvalidOperationException("boom\nsecond line"), stderr);
        Assert.Equal(CliExitCodes.Failure, code);
        Assert.StartsWith("error: unexpected InvalidOperationException: boom", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }

    [Fact]
    public void Json_writes_named_literals_and_omits_nulls()
    {
        string json = CliJson.Serialize(new ForwardReport(0, double.PositiveInfinity, 0, 0));
        Assert.Equal("{\"mean\":0,\"variance\":\"Infinity\",\"correlation\":0,\"covariance\":0}", json);
        Assert.Contains("\"NaN\"", CliJson.Serialize(new GradientReport(double.NaN, 0, 0)));
    }

    [Fact]
    public void Table_console_for_a_string_writer_has_no_ansi()
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer);
        console.Write(new Spectre.Console.Markup("[red]red[/]"));
        Assert.Equal("red", writer.ToString());
    }

    [Fact]
    public void Predictor_is_usable_without_the_command_line()
    {
        var report = ComponentPredictor.Predict(new ComponentRequest { Name = "dropout", DropProbability = 0.5 });
        Assert.Equal(2.0, report.Forward.Variance, 12);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => ComponentPredictor.Predict(new ComponentRequest { Name = "dropout", DropProbability = 1 }));
        Assert.StartsWith("--p = 1", CliErrors.Describe(exception));
        Assert.Throws<CliUsageException>(() => ComponentPredictor.Predict(new ComponentRequest { Name = "nope" }));
    }
}
