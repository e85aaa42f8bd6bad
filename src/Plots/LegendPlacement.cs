namespace SignalProp.Plots;

/// <summary>Where a figure's legend goes. The outside placements never cover data.</summary>
public enum LegendPlacement
{
    /// <summary>Outside the data area, to the right (default).</summary>
    OutsideRight,

    /// <summary>Outside the data area, below the x axis.</summary>
    OutsideBottom,

    /// <summary>Inside the upper-left corner of the data area (use only when that corner is known to be empty).</summary>
    InsideUpperLeft,

    /// <summary>Inside the upper-right corner of the data area.</summary>
    InsideUpperRight,

    /// <summary>Inside the lower-right corner of the data area.</summary>
    InsideLowerRight,

    /// <summary>No legend.</summary>
    None,
}
