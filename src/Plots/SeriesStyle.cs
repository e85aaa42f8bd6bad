namespace SignalProp.Plots;

/// <summary>How a <see cref="Series"/> is drawn.</summary>
public enum SeriesStyle
{
    /// <summary>A solid line without markers: a theoretical prediction.</summary>
    TheoryLine,

    /// <summary>Markers without a connecting line, with error bars when <see cref="Series.StdErr"/> is given: a measurement.</summary>
    MeasuredMarkers,

    /// <summary>A solid line with small markers at the data points: a prediction sampled at a few x values.</summary>
    LineWithMarkers,

    /// <summary>A dashed line with markers: e.g. a reference curve read off a published figure.</summary>
    DashedLineWithMarkers,

    /// <summary>A dashed line without markers: an alternative prediction beside the solid one of the same colour.</summary>
    DashedLine,
}
