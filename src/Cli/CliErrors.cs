using System.CommandLine;
using SignalProp.Theory;

namespace SignalProp.Cli;

/// <summary>
/// How every command reports problems: one line per error on stderr, prefixed <c>error:</c> or <c>warning:</c>, never a
/// stack trace, and an exit code from <see cref="CliExitCodes"/>. <see cref="Program.Run"/> catches what a command
/// throws and calls <see cref="Report"/>; commands only throw.
/// </summary>
public static class CliErrors
{
    /// <summary>Set this environment variable to any non-empty value to get stack traces of unexpected errors.</summary>
    public const string DebugVariable = "SIGNALPROP_DEBUG";

    /// <summary>
    /// True for the errors that are the user's: <see cref="CliUsageException"/>, <see cref="ArgumentException"/>
    /// (including the <see cref="ArgumentOutOfRangeException"/> of <see cref="Require"/>) and
    /// <see cref="AssumptionViolatedException"/>.
    /// </summary>
    public static bool IsUsageError(Exception exception)
        => exception is CliUsageException or ArgumentException or AssumptionViolatedException;

    /// <summary><see cref="CliExitCodes.Usage"/> for usage errors, <see cref="CliExitCodes.Failure"/> otherwise.</summary>
    public static int ExitCodeFor(Exception exception)
        => IsUsageError(exception) ? CliExitCodes.Usage : CliExitCodes.Failure;

    /// <summary>
    /// The exception's message as one line. For <see cref="ArgumentException"/> the decorations .NET appends
    /// (<c> (Parameter 'x')</c> and <c>Actual value was …</c>) are removed, since <see cref="Require"/> messages already name
    /// the parameter, its value and the valid range.
    /// </summary>
    public static string Describe(Exception exception)
    {
        string message = exception.Message;
        int newline = message.IndexOfAny(['\r', '\n']);
        if (newline >= 0) message = message[..newline];
        if (exception is ArgumentException { ParamName: { Length: > 0 } name })
        {
            string suffix = $" (Parameter '{name}')";
            if (message.EndsWith(suffix, StringComparison.Ordinal)) message = message[..^suffix.Length];
        }
        return message.Trim();
    }

    /// <summary>
    /// Rewrites a message that starts with a bare parameter name (e.g. <c>heads = 3 is out of range …</c>, as the Theory
    /// library names its parameters) to the option spelling (<c>--heads = 3 …</c>) when <paramref name="command"/> has
    /// such an option, so that the user sees the name they typed.
    /// </summary>
    public static string WithOptionName(string message, Command? command)
    {
        if (command is null) return message;
        int equals = message.IndexOf(" = ", StringComparison.Ordinal);
        if (equals <= 0) return message;
        string name = message[..equals];
        if (name.StartsWith('-')) return message;
        string option = "--" + name;
        return command.Options.Any(o => o.Name == option || o.Aliases.Contains(option)) ? option + message[equals..] : message;
    }

    /// <summary>Writes <c>error: message</c> (one line) to <paramref name="stderr"/>.</summary>
    public static void WriteError(TextWriter stderr, string message) => stderr.WriteLine($"error: {OneLine(message)}");

    /// <summary>Writes <c>warning: message</c> (one line) to <paramref name="stderr"/>.</summary>
    public static void WriteWarning(TextWriter stderr, string message) => stderr.WriteLine($"warning: {OneLine(message)}");

    /// <summary>
    /// Reports an exception thrown while running <paramref name="command"/> and returns the exit code: usage errors as
    /// one line; unexpected errors as one line with the exception type (and the stack trace only when
    /// <see cref="DebugVariable"/> is set).
    /// </summary>
    public static int Report(Exception exception, TextWriter stderr, Command? command = null)
    {
        if (IsUsageError(exception))
        {
            WriteError(stderr, WithOptionName(Describe(exception), command));
            return CliExitCodes.Usage;
        }
        WriteError(stderr, $"unexpected {exception.GetType().Name}: {Describe(exception)}");
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DebugVariable))) stderr.WriteLine(exception);
        else stderr.WriteLine($"(set {DebugVariable}=1 for the stack trace)");
        return CliExitCodes.Failure;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
