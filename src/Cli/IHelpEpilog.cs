namespace SignalProp.Cli;

/// <summary>
/// A command whose <c>--help</c> ends with extra text after the options (e.g. a list of accepted names, examples, exit
/// codes). <see cref="CliHelp.InstallEpilogs"/> makes the help option print it; keep the command's description one line,
/// since it also appears in its parent's list of subcommands.
/// </summary>
public interface IHelpEpilog
{
    /// <summary>The text printed after the generated help (may span several lines).</summary>
    string HelpEpilog { get; }
}
