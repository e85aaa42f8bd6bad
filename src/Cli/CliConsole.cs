using Spectre.Console;

namespace SignalProp.Cli;

/// <summary>
/// Creates the Spectre.Console console a command renders tables to. Colours and other ANSI codes are used only when
/// the writer is the process's own stdout, stdout is a terminal and <c>NO_COLOR</c> is not set; redirected output
/// (a pipe, a file, a test's <see cref="StringWriter"/>) is plain text with a fixed width.
/// </summary>
public static class CliConsole
{
    /// <summary>The width used when the output is not a terminal.</summary>
    public const int RedirectedWidth = 120;

    /// <summary>True when <paramref name="writer"/> is a terminal that may receive ANSI codes.</summary>
    public static bool IsInteractiveTerminal(TextWriter writer)
        => ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected
           && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>A console that writes to <paramref name="writer"/> (see the type's remarks for when ANSI is used).</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        bool terminal = IsInteractiveTerminal(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
