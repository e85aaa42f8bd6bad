using System.Globalization;

namespace SignalProp.Cli;

/// <summary>Culture-independent number formatting for human-readable (table) output; JSON uses <see cref="CliJson"/>.</summary>
public static class CliFormat
{
    /// <summary>Six significant digits, invariant culture; ±∞ as <c>+∞</c>/<c>−∞</c> and NaN as <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+∞",
        double.NegativeInfinity => "−∞",
        double.NaN => "NaN",
        _ => value.ToString("G6", CultureInfo.InvariantCulture),
    };

    /// <summary>Formats a parameter value (numbers as <see cref="Number"/>, anything else invariantly).</summary>
    public static string Value(object? value) => value switch
    {
        null => "",
        double d => Number(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
