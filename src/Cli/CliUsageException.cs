namespace SignalProp.Cli;

/// <summary>
/// A user error detected by a command (an impossible combination of options, an unknown name). Its message is printed
/// as one line to stderr, without a stack trace, and the process exits with <see cref="CliExitCodes.Usage"/>.
/// </summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> is shown to the user as is.</summary>
    public CliUsageException(string message) : base(message) { }

    /// <summary>Creates the exception with an inner cause (not shown to the user).</summary>
    public CliUsageException(string message, Exception innerException) : base(message, innerException) { }
}
