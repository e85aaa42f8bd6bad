using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace SignalProp.Cli;

/// <summary>Help output helpers shared by the commands.</summary>
public static class CliHelp
{
    /// <summary>
    /// The action of a command that only groups subcommands (e.g. <c>signalprop</c>, <c>signalprop predict</c>): prints an
    /// error and its help to stderr and returns <see cref="CliExitCodes.Usage"/>, since a subcommand was expected.
    /// </summary>
    public static int MissingSubcommand(ParseResult parseResult)
    {
        var stderr = parseResult.InvocationConfiguration.Error;
        var command = parseResult.CommandResult.Command;
        CliErrors.WriteError(stderr, $"'{CommandPath(parseResult)}' needs a subcommand: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}.");
        stderr.WriteLine();
        WriteHelp(parseResult, stderr);
        return CliExitCodes.Usage;
    }

    /// <summary>Writes the help of the invoked command (as <c>--help</c> would) to <paramref name="writer"/>.</summary>
    public static void WriteHelp(ParseResult parseResult, TextWriter writer)
    {
        var words = CommandPath(parseResult).Split(' ').Skip(1).Append("--help").ToArray();
        parseResult.RootCommandResult.Command.Parse(words).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
    }

    /// <summary>The words of the invoked command, e.g. <c>signalprop predict component</c>.</summary>
    public static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = parseResult.CommandResult; r is not null; r = r.Parent)
            if (r is System.CommandLine.Parsing.CommandResult c) names.Add(c.Command is RootCommand ? Program.Name : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>Makes the (recursive) help option of <paramref name="root"/> append <see cref="IHelpEpilog.HelpEpilog"/> of the command shown.</summary>
    public static void InstallEpilogs(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction standard) help.Action = new EpilogHelpAction(standard);
    }

    private sealed class EpilogHelpAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int result = standard.Invoke(parseResult);
            if (parseResult.CommandResult.Command is IHelpEpilog { HelpEpilog: { Length: > 0 } epilog })
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(epilog.TrimEnd());
                output.WriteLine();
            }
            return result;
        }
    }
}
