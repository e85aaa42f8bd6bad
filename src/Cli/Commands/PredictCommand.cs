using System.CommandLine;

namespace SignalProp.Cli.Commands;

/// <summary><c>signalprop predict</c>: groups the prediction subcommands (<c>component</c>, <c>model</c>).</summary>
public sealed class PredictCommand : Command
{
    /// <summary>Creates the command and its subcommands.</summary>
    public PredictCommand() : base("predict", "Predict moments in closed form (no simulation).")
    {
        Subcommands.Add(new PredictComponentCommand());
        Subcommands.Add(new PredictModelCommand());
        SetAction(CliHelp.MissingSubcommand);
    }
}
