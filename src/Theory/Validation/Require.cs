using System.Globalization;

namespace SignalProp.Theory;

/// <summary>
/// Parameter checks shared by every component, the model configuration and the CLI. Each failure throws an
/// <see cref="ArgumentOutOfRangeException"/> whose message names the parameter, its value and the valid range,
/// e.g. <c>variance = -1 is out of range: must be a finite number ≥ 0.</c>
/// </summary>
public static class Require
{
    /// <summary>Formats a value the way messages show it (invariant culture, round-trip precision).</summary>
    public static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Throws the standard out-of-range exception.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Always.</exception>
    public static Exception Fail(string name, object value, string range)
        => new ArgumentOutOfRangeException(name, value,
            $"{name} = {(value is double d ? Show(d) : Convert.ToString(value, CultureInfo.InvariantCulture))} is out of range: must be {range}.");

    /// <summary>Requires a finite number (not NaN, not ±∞).</summary>
    public static double Finite(double value, string name)
        => double.IsFinite(value) ? value : throw Fail(name, value, "a finite number");

    /// <summary>Requires 0 ≤ value &lt; ∞ (variances, standard deviations, scales).</summary>
    public static double NonNegativeFinite(double value, string name)
        => double.IsFinite(value) && value >= 0 ? value : throw Fail(name, value, "a finite number ≥ 0");

    /// <summary>Requires 0 &lt; value &lt; ∞.</summary>
    public static double PositiveFinite(double value, string name)
        => double.IsFinite(value) && value > 0 ? value : throw Fail(name, value, "a finite number > 0");

    /// <summary>Requires −1 ≤ value ≤ 1 (a correlation).</summary>
    public static double Correlation(double value, string name)
        => value is >= -1.0 and <= 1.0 ? value : throw Fail(name, value, "in [-1, 1]");

    /// <summary>Requires 0 ≤ value ≤ 1 (a probability that may be 1).</summary>
    public static double Probability(double value, string name)
        => value is >= 0.0 and <= 1.0 ? value : throw Fail(name, value, "in [0, 1]");

    /// <summary>Requires 0 ≤ p &lt; 1 (a dropout probability: PyTorch's p, the probability of zeroing an entry).</summary>
    public static double DropProbability(double value, string name)
        => value is >= 0.0 and < 1.0 ? value : throw Fail(name, value, "in [0, 1)");

    /// <summary>Requires an integer ≥ <paramref name="minimum"/> (sizes: widths, lengths, counts).</summary>
    public static int AtLeast(int value, int minimum, string name)
        => value >= minimum ? value : throw BelowMinimum(value, minimum, name);

    // The message is built off the hot path: its interpolation would otherwise keep AtLeast from being inlined.
    private static Exception BelowMinimum(int value, int minimum, string name) => Fail(name, value, $"an integer ≥ {minimum}");
}
