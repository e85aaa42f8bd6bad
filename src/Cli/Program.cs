using System.CommandLine;
using SignalProp.Cli.Commands;

namespace SignalProp.Cli;

/// <summary>
/// The <c>signalprop</c> command line. <see cref="Run"/> is the in-process entry point (tests call it with string
/// writers); <see cref="BuildRootCommand"/> is where every verb is registered.
/// </summary>
public static class Program
{
    /// <summary>The command name shown in help and messages.</summary>
    public const string Name = "signalprop";

    /// <summary>Process entry point.</summary>
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing results and help to <paramref name="stdout"/> and errors and
    /// warnings to <paramref name="stderr"/>, and returns the exit code (<see cref="CliExitCodes"/>): parse errors and
    /// out-of-range values give <see cref="CliExitCodes.Usage"/> with one line per error and no stack trace.
    /// Commands read the writers from <c>parseResult.InvocationConfiguration.Output</c>/<c>.Error</c>.
    /// </summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ParseResult? parseResult = null;
        try
        {
            parseResult = BuildRootCommand().Parse(args);
            if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Invocation.CommandLineAction { ClearsParseErrors: true })
            {
                foreach (string message in parseResult.Errors.Select(e => e.Message).Distinct())
                    CliErrors.WriteError(stderr, message);
                stderr.WriteLine($"Run '{CliHelp.CommandPath(parseResult)} --help' for usage.");
                return CliExitCodes.Usage;
            }
            var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return parseResult.Invoke(configuration);
        }
        catch (Exception exception)
        {
            return CliErrors.Report(exception, stderr, parseResult?.CommandResult.Command);
        }
    }

    /// <summary>The root command with every verb. Add a verb here as <c>root.Subcommands.Add(new XCommand())</c>.</summary>
    public static RootCommand BuildRootCommand()
    {
        var root = new CliRootCommand(
            "signalprop: closed-form signal-propagation moments (mean, variance, token correlation, and their gradients) " +
            "of transformer components at initialisation, after Kedia et al. 2024, 'Transformers Get Stable'.");
        root.Subcommands.Add(new PredictCommand());
        root.Subcommands.Add(new InitCommand());
        root.Subcommands.Add(new PlotCommand());
        root.Subcommands.Add(new ReportCommand());
        root.Subcommands.Add(new VerifyCommand());
        root.Subcommands.Add(new SimulateCommand());
        root.Subcommands.Add(new NotebookCommand());
        root.SetAction(CliHelp.MissingSubcommand);
        CliHelp.InstallEpilogs(root);
        return root;
    }
}
