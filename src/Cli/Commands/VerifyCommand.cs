using System.CommandLine;

namespace SignalProp.Cli.Commands;

/// <summary><c>signalprop verify …</c>: Monte Carlo checks of the Theory against real TorchSharp layers.</summary>
public sealed class VerifyCommand : Command
{
    /// <summary>Creates the command group.</summary>
    public VerifyCommand() : base("verify", "Verify the closed-form moments against real TorchSharp layers (Monte Carlo).")
    {
        Subcommands.Add(new VerifyComponentCommand());
        Subcommands.Add(new VerifyAttentionCommand());
        SetAction(CliHelp.MissingSubcommand);
    }
}
