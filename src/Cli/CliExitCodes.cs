namespace SignalProp.Cli;

/// <summary>
/// The process exit codes of every <c>signalprop</c> command. Commands return one of these; <see cref="Program.Run"/>
/// maps exceptions to them through <see cref="CliErrors.ExitCodeFor"/>.
/// </summary>
public static class CliExitCodes
{
    /// <summary>The command did what was asked (warnings such as an overflow to +∞ may have been printed).</summary>
    public const int Success = 0;

    /// <summary>The command ran but failed: an unexpected error, or a check (e.g. <c>verify</c>) that did not pass.</summary>
    public const int Failure = 1;

    /// <summary>
    /// Bad usage: a parse error (unknown command or option, non-numeric value), an option out of range, or a request
    /// outside a formula's assumptions. Nothing was computed.
    /// </summary>
    public const int Usage = 2;
}
