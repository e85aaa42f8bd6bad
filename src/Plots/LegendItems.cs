using ScottPlot;

namespace SignalProp.Plots;

/// <summary>Builders of manual legend entries (figures list their legend explicitly, in a fixed order).</summary>
internal static class LegendItems
{
    public static LegendItem Line(string label, Color color, float width = 2, LinePattern? pattern = null) => new()
    {
        LabelText = label,
        LineColor = color,
        LineWidth = width,
        LinePattern = pattern ?? LinePattern.Solid,
        MarkerShape = MarkerShape.None,
    };

    public static LegendItem Marker(string label, Color color, MarkerShape shape, float size = 8) => new()
    {
        LabelText = label,
        LineWidth = 0,
        MarkerShape = shape,
        MarkerSize = size,
        MarkerFillColor = color,
        MarkerLineColor = color,
    };

    public static LegendItem LineAndMarker(string label, Color color, MarkerShape shape, float markerSize, float width,
        LinePattern pattern) => new()
    {
        LabelText = label,
        LineColor = color,
        LineWidth = width,
        LinePattern = pattern,
        MarkerShape = shape,
        MarkerSize = markerSize,
        MarkerFillColor = color,
        MarkerLineColor = color,
    };

    public static LegendItem Box(string label, Color color) => new()
    {
        LabelText = label,
        FillColor = color,
        LineWidth = 0,
        MarkerShape = MarkerShape.None,
    };

    /// <summary>Puts the legend where asked (outside placements never cover data) and uses only the manual items.</summary>
    public static void Show(Plot plot, LegendPlacement placement)
    {
        plot.Legend.DisplayPlottableLegendItems = false;
        if (placement == LegendPlacement.None || plot.Legend.ManualItems.Count == 0)
        {
            plot.HideLegend();
            return;
        }
        switch (placement)
        {
            case LegendPlacement.OutsideRight:
                plot.ShowLegend(Edge.Right);
                break;
            case LegendPlacement.OutsideBottom:
                plot.ShowLegend(Edge.Bottom);
                plot.Legend.Orientation = Orientation.Horizontal;
                break;
            case LegendPlacement.InsideUpperLeft:
                plot.ShowLegend(Alignment.UpperLeft);
                break;
            case LegendPlacement.InsideUpperRight:
                plot.ShowLegend(Alignment.UpperRight);
                break;
            default:
                plot.ShowLegend(Alignment.LowerRight);
                break;
        }
        plot.Legend.DisplayPlottableLegendItems = false;
        plot.Legend.SymbolWidth = 34; // long enough to show dashed and dotted patterns
    }
}
