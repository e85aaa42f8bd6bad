using System.CommandLine;

namespace SignalProp.Cli;

/// <summary>The <c>signalprop</c> root command; its help ends with the full tree of commands (every leaf with its description).</summary>
public sealed class CliRootCommand(string description) : RootCommand(description), IHelpEpilog
{
    /// <inheritdoc />
    public string HelpEpilog
    {
        get
        {
            var leaves = new List<(string Path, string Description)>();
            Collect(this, Program.Name, leaves);
            int width = leaves.Count == 0 ? 0 : leaves.Max(l => l.Path.Length);
            return "All commands (run any with --help for its options):" + Environment.NewLine
                   + string.Join(Environment.NewLine, leaves.Select(l => $"  {l.Path.PadRight(width)}  {l.Description}"));
        }
    }

    private static void Collect(Command command, string path, List<(string, string)> leaves)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            string subPath = $"{path} {sub.Name}";
            if (sub.Subcommands.Count == 0)
            {
                string arguments = string.Concat(sub.Arguments.Where(a => !a.Hidden).Select(a => $" <{a.HelpName ?? a.Name}>"));
                leaves.Add((subPath + arguments, sub.Description ?? ""));
            }
            else Collect(sub, subPath, leaves);
        }
    }
}
