using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SignalProp.Cli;

/// <summary>
/// Factories for options whose values are parsed with the invariant culture (<c>0.5</c>, <c>1e-3</c>, <c>NaN</c> and
/// <c>Infinity</c> parse; ranges are checked by the command with <see cref="SignalProp.Theory.Require"/>, so that NaN
/// and ∞ get the same one-line message as any out-of-range value). A value that is not a number is a parse error
/// naming the option. Put the valid range and the default in the description; options with a fixed default show it
/// in <c>--help</c> as <c>[default: …]</c>.
/// </summary>
public static class CliOptions
{
    /// <summary>A real-valued option with a fixed default.</summary>
    public static Option<double> Number(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        HelpName = "number",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseDouble(result, name) ?? defaultValue,
    };

    /// <summary>A real-valued option whose default depends on other options (null when not given).</summary>
    public static Option<double?> OptionalNumber(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "number",
        CustomParser = result => ParseDouble(result, name),
    };

    /// <summary>An integer option with a fixed default.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        HelpName = "int",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseInt(result, name) ?? defaultValue,
    };

    /// <summary>An integer option whose default depends on other options (null when not given).</summary>
    public static Option<int?> OptionalInteger(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "int",
        CustomParser = result => ParseInt(result, name),
    };

    /// <summary>
    /// A string option restricted to <paramref name="choices"/> (case-insensitive; completions offered). The help shows
    /// <c>&lt;a|b|c&gt;</c>, or <c>&lt;helpName&gt;</c> when given (then list the choices in the description).
    /// </summary>
    public static Option<string> Choice(string name, string description, string defaultValue, IReadOnlyList<string> choices, string? helpName = null)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = helpName ?? string.Join('|', choices),
            DefaultValueFactory = _ => defaultValue,
        };
        option.CompletionSources.Add([.. choices]);
        option.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (value is not null && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
                result.AddError($"{name} = {value} is out of range: must be one of {string.Join(", ", choices)}.");
        });
        return option;
    }

    /// <summary>
    /// <c>--attention-backward value|full|closed</c>, shared by every command that predicts attention gradients
    /// (<see cref="Theory.Components.AttentionBackward"/>).
    /// </summary>
    public static Option<string> AttentionBackward() => Choice("--attention-backward",
        "Attention formulas: value = the authors' (log-normal forward, value-path gradient; THEORY.md §2.8, reproduces the " +
        "paper), full = exact softmax statistics forward and the value + query + key gradient (ATTENTION.md §7), closed = " +
        "their closed forms (fast; only valid far from softmax saturation).", DefaultAttentionBackward, ["value", "full", "closed"]);

    /// <summary>The default of <see cref="AttentionBackward()"/>.</summary>
    public const string DefaultAttentionBackward = "full";

    /// <summary>Parses the value of <see cref="AttentionBackward()"/>.</summary>
    public static Theory.Components.AttentionBackward ParseAttentionBackward(string? value)
        => Enum.Parse<Theory.Components.AttentionBackward>(value ?? DefaultAttentionBackward, ignoreCase: true);

    /// <summary>A boolean switch (false unless given).</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>True when the user typed <paramref name="option"/> (as opposed to its default applying).</summary>
    public static bool IsGiven(ParseResult parseResult, Option option)
        => parseResult.GetResult(option) is { Implicit: false };

    private static double? ParseDouble(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0) return null;
        string token = result.Tokens[^1].Value;
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return value;
        result.AddError($"{name} = '{token}' is not a number (expected e.g. 0.5, -2, 1e-3).");
        return null;
    }

    private static int? ParseInt(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0) return null;
        string token = result.Tokens[^1].Value;
        if (int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)) return value;
        result.AddError($"{name} = '{token}' is not an integer (expected e.g. 256).");
        return null;
    }
}
