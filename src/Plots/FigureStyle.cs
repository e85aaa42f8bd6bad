using ScottPlot;
using SkiaSharp;

namespace SignalProp.Plots;

/// <summary>
/// The shared look of every figure: a sans font that is actually installed (so text never silently disappears), font
/// sizes readable at README width, and one fixed colour per scheme name so that all figures agree.
/// </summary>
public static class FigureStyle
{
    private static readonly Lock Gate = new();
    private static string? resolvedFont;

    /// <summary>Sans fonts tried in order; "DejaVu Sans" is what CI installs (Debian's fonts-dejavu-core).</summary>
    public static IReadOnlyList<string> PreferredFonts { get; } =
        ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans", "Arial", "Helvetica"];

    /// <summary>Title font size in pixels.</summary>
    public const float TitleSize = 19;

    /// <summary>Axis-label font size in pixels.</summary>
    public const float AxisLabelSize = 16;

    /// <summary>Tick-label font size in pixels.</summary>
    public const float TickLabelSize = 13;

    /// <summary>Legend font size in pixels.</summary>
    public const float LegendSize = 13;

    /// <summary>
    /// The font family used for all text: the first installed of <see cref="PreferredFonts"/>, otherwise the
    /// alphabetically first installed family whose name contains "Sans", otherwise the first installed family.
    /// </summary>
    /// <exception cref="InvalidOperationException">No font at all is installed (text would be invisible).</exception>
    public static string FontName
    {
        get
        {
            lock (Gate) return resolvedFont ??= ResolveFont();
        }
    }

    /// <summary>True when the font manager can load a face of exactly this family.</summary>
    public static bool IsFontInstalled(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        using var typeface = SKFontManager.Default.MatchFamily(family);
        return typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Uses a TrueType file for all text (for machines without system fonts): registers it with ScottPlot and makes it
    /// <see cref="FontName"/>. Returns the family name read from the file.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The file is not a font SkiaSharp can read.</exception>
    public static string UseFontFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException("Font file not found.", path);
        using var typeface = SKTypeface.FromFile(path)
            ?? throw new ArgumentException($"'{path}' is not a font file SkiaSharp can read.", nameof(path));
        string family = typeface.FamilyName;
        Fonts.AddFontFile(family, path);
        lock (Gate) resolvedFont = family;
        return family;
    }

    private static string ResolveFont()
    {
        foreach (var name in PreferredFonts)
            if (IsFontInstalled(name)) return name;
        var families = SKFontManager.Default.GetFontFamilies().Where(f => !string.IsNullOrWhiteSpace(f))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var sans = families.FirstOrDefault(f => f.Contains("Sans", StringComparison.OrdinalIgnoreCase)
                                                && !f.Contains("Mono", StringComparison.OrdinalIgnoreCase));
        return sans ?? families.FirstOrDefault() ?? throw new InvalidOperationException(
            "No fonts are installed, so figure text would be invisible. Install one, e.g. on Debian/Ubuntu: "
            + "apt-get install -y fonts-dejavu-core (or call FigureStyle.UseFontFile(\"/path/to/font.ttf\")).");
    }

    /// <summary>Fixed colours (hex) of the scheme names and layer-norm placements, lower-case keys.</summary>
    public static IReadOnlyDictionary<string, string> SchemeColors { get; } = new Dictionary<string, string>
    {
        ["xavier"] = "#1f77b4",
        ["default"] = "#7f7f7f",
        ["dslm"] = "#2ca02c",
        ["admin"] = "#d62728",
        ["admin-logn"] = "#ff7f0e",
        ["admin-o1"] = "#8c564b",
        ["deepnorm"] = "#9467bd",
        ["rezero"] = "#e377c2",
        ["solved"] = "#17becf",
        ["pre-ln"] = "#bcbd22",
        ["post-ln"] = "#393b79",
    };

    /// <summary>Colours handed out, in order, to keys that are not scheme names (skipping ones already used in the figure).</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
    ];

    /// <summary>
    /// The scheme (or placement) a key names, if any: an exact case-insensitive match of a <see cref="SchemeColors"/> key,
    /// or the longest such key that the text starts with, followed by a space, '(', ',', ':' or '/'
    /// (so "admin-logn (theory)" → "admin-logn", "Admin measured" → "admin", "Pre-LN" → "pre-ln").
    /// </summary>
    public static string? SchemeOf(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return null;
        string k = key.Trim().ToLowerInvariant();
        if (k is "preln" or "pre ln") k = "pre-ln";
        if (k is "postln" or "post ln") k = "post-ln";
        if (SchemeColors.ContainsKey(k)) return k;
        string? best = null;
        foreach (var name in SchemeColors.Keys)
            if (k.Length > name.Length && k.StartsWith(name, StringComparison.Ordinal) && k[name.Length] is ' ' or '(' or ',' or ':' or '/'
                && (best is null || name.Length > best.Length))
                best = name;
        return best;
    }

    /// <summary>The fixed colour of a scheme key (see <see cref="SchemeOf"/>), or null when the key names no scheme.</summary>
    public static Color? ColorFor(string? key)
        => SchemeOf(key) is { } scheme ? Color.FromHex(SchemeColors[scheme]) : null;

    /// <summary>
    /// Applies the shared style to a finished plot: font family everywhere (title, axis and tick labels, legend), font
    /// sizes, white background, light grid. Figures call this last, after adding plottables.
    /// </summary>
    public static void Apply(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        string font = FontName;
        plot.Font.Set(font);
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = false;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontSize = AxisLabelSize;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = TickLabelSize;
        }
        plot.Legend.FontSize = LegendSize;
        plot.Legend.FontName = font;
        plot.Legend.SetBestFontOnEachRender = false;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.OutlineColor = Colors.Black.WithAlpha(0.4);
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithAlpha(0.05);
        foreach (var text in plot.GetPlottables<ScottPlot.Plottables.Text>()) text.LabelFontName = font;
        foreach (var line in plot.GetPlottables<ScottPlot.Plottables.AxisLine>()) line.LabelFontName = font;
    }
}
