using System.Globalization;
using System.Text;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace SignalProp.Plots;

/// <summary>
/// The fake log axis (ScottPlot 5 has no true one): values are plotted as log10, major ticks sit on integer exponents
/// and are labelled "10ᵏ", minor ticks at log10(2…9) within each decade.
/// </summary>
internal static class AxisScales
{
    /// <summary>log10 of a positive finite value, else NaN.</summary>
    public static double Log(double value) => value > 0 && double.IsFinite(value) ? Math.Log10(value) : double.NaN;

    /// <summary>"10" followed by the exponent in Unicode superscripts, e.g. 10⁻³; non-integers fall back to 10^x.</summary>
    public static string PowerOfTen(double exponent)
    {
        double rounded = Math.Round(exponent);
        if (Math.Abs(exponent - rounded) > 1e-9)
            return "10^" + exponent.ToString("0.##", CultureInfo.InvariantCulture);
        var text = new StringBuilder("10");
        foreach (char c in ((long)rounded).ToString(CultureInfo.InvariantCulture))
            text.Append(c switch
            {
                '-' => '⁻', '0' => '⁰', '1' => '¹', '2' => '²', '3' => '³', '4' => '⁴',
                '5' => '⁵', '6' => '⁶', '7' => '⁷', '8' => '⁸', _ => '⁹',
            });
        return text.ToString();
    }

    /// <summary>
    /// Makes the plot's left (<paramref name="vertical"/>) or bottom axis a decade axis for log10 coordinates spanning
    /// <paramref name="span"/> decades, with faint minor grid lines at 2…9 × 10ᵏ.
    /// </summary>
    public static void ApplyLog(Plot plot, bool vertical, double span)
    {
        IAxis axis = vertical ? plot.Axes.Left : plot.Axes.Bottom;
        var grid = vertical ? plot.Grid.YAxisStyle : plot.Grid.XAxisStyle;
        if (span <= 10)
        {
            grid.MinorLineStyle.Width = 1;
            grid.MinorLineStyle.Color = Colors.Black.WithAlpha(0.05);
        }
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = PowerOfTen,
            // Minor ticks at 2…9 × 10ᵏ make sense only while every decade has a major tick.
            MinorTickGenerator = span <= 10 ? new LogMinorTickGenerator() : new EvenlySpacedMinorTickGenerator(1),
        };
    }

    /// <summary>Plain-number ticks with invariant formatting (the default, made explicit).</summary>
    public static void ApplyLinear(IAxis axis)
        => axis.TickGenerator = new NumericAutomatic { LabelFormatter = FormatNumber };

    /// <summary>Compact invariant formatting of a tick value.</summary>
    public static string FormatNumber(double value)
    {
        if (value == 0) return "0";
        double abs = Math.Abs(value);
        if (abs >= 1e6 || abs < 1e-4) return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Axis limits for data spanning [<paramref name="min"/>, <paramref name="max"/>] in plot coordinates. Log axes snap to
    /// whole decades (at least one full decade, so there are always two labelled ticks); linear axes get a 5% margin, and
    /// a flat positive series is shown from 0 to twice its value. No finite data gives a unit range.
    /// </summary>
    public static (double Low, double High) Limits(double min, double max, bool log)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max)) return log ? (-1, 1) : (0, 1);
        if (log)
        {
            double low = Math.Floor(min + 1e-9), high = Math.Ceiling(max - 1e-9);
            if (high <= low) { low -= 1; high += 1; }
            double pad = 0.02 * (high - low);
            return (low - pad, high + pad);
        }
        double span = max - min, scale = Math.Max(Math.Abs(min), Math.Abs(max));
        if (span <= 1e-9 * scale || span == 0)
            return scale == 0 ? (-1, 1) : min > 0 ? (0, 2 * max) : max < 0 ? (2 * min, 0) : (min - 1, max + 1);
        return (min - 0.05 * span, max + 0.05 * span);
    }
}
