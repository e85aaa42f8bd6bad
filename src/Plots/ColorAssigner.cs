using ScottPlot;

namespace SignalProp.Plots;

/// <summary>
/// Hands out colours within one figure: scheme keys get their fixed colour, other keys the next unused palette colour.
/// Distinct keys that share a colour (e.g. "xavier p=0.0" and "xavier p=0.1", both xavier blue) get distinct variants:
/// line patterns and marker shapes, so they remain distinguishable.
/// </summary>
internal sealed class ColorAssigner
{
    private static readonly LinePattern[] Patterns =
    [
        LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed,
        new([10, 4, 2, 4], 0, "DashDot"),
    ];

    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle,
    ];

    private readonly Dictionary<string, (Color Color, int Variant)> assigned = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> used = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<Color, int> variants = [];

    /// <summary>Creates an assigner that reserves the fixed colours of every scheme key among <paramref name="keys"/> first.</summary>
    public ColorAssigner(IEnumerable<string> keys)
    {
        foreach (var key in keys)
            if (FigureStyle.SchemeOf(key) is { } scheme) used.Add(FigureStyle.SchemeColors[scheme]);
    }

    public Color this[string key] => Get(key).Color;

    /// <summary>The line pattern of a key: solid for the first key of a colour, then dashed, dotted, ….</summary>
    public LinePattern Pattern(string key) => Patterns[Get(key).Variant % Patterns.Length];

    /// <summary>The marker shape of a key: filled circle for the first key of a colour, then square, triangle, ….</summary>
    public MarkerShape Shape(string key) => Shapes[Get(key).Variant % Shapes.Length];

    private (Color Color, int Variant) Get(string key)
    {
        if (assigned.TryGetValue(key, out var entry)) return entry;
        Color color;
        if (FigureStyle.SchemeOf(key) is { } scheme)
            color = Color.FromHex(FigureStyle.SchemeColors[scheme]);
        else
        {
            string hex = FigureStyle.Palette.FirstOrDefault(h => !used.Contains(h))
                         ?? FigureStyle.Palette[assigned.Count % FigureStyle.Palette.Count];
            used.Add(hex);
            color = Color.FromHex(hex);
        }
        variants.TryGetValue(color, out int variant);
        variants[color] = variant + 1;
        entry = (color, variant);
        assigned[key] = entry;
        return entry;
    }
}
