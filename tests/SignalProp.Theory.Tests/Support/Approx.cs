namespace SignalProp.Theory.Tests.Support;

/// <summary>Assertions with explicit tolerances.</summary>
public static class Approx
{
    /// <summary>|actual − expected| ≤ tol·max(|expected|, floor).</summary>
    public static void Relative(double expected, double actual, double tolerance, double floor = 1e-300, string? what = null)
    {
        double error = Math.Abs(actual - expected);
        double scale = Math.Max(Math.Abs(expected), floor);
        Assert.True(error <= tolerance * scale,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (relative error {error / scale:E3} > {tolerance:E1})");
    }

    /// <summary>|actual − expected| ≤ tol.</summary>
    public static void Absolute(double expected, double actual, double tolerance, string? what = null)
        => Assert.True(Math.Abs(actual - expected) <= tolerance,
            $"{what ?? "value"}: expected {expected:R}, got {actual:R} (absolute error {Math.Abs(actual - expected):E3} > {tolerance:E1})");

    /// <summary>Agreement to the number of decimals a reference table prints: half a unit in the last place, relative to the printed value.</summary>
    public static void Printed(double printed, double actual, int significantDigits, string? what = null)
    {
        double unit = Math.Pow(10, Math.Floor(Math.Log10(Math.Abs(printed))) - (significantDigits - 1));
        Assert.True(Math.Abs(actual - printed) <= 0.5 * unit + 1e-15,
            $"{what ?? "value"}: reference prints {printed:R} ({significantDigits} significant digits), got {actual:R}");
    }
}
