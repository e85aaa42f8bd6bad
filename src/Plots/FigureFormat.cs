namespace SignalProp.Plots;

/// <summary>The image formats a figure can be saved in.</summary>
public enum FigureFormat
{
    /// <summary>Raster PNG (for READMEs and notebooks).</summary>
    Png,

    /// <summary>Vector SVG; text is kept as &lt;text&gt; elements, so labels stay searchable.</summary>
    Svg,
}
