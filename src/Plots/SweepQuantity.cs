namespace SignalProp.Plots;

/// <summary>Which moment a depth-sweep panel shows.</summary>
public enum SweepQuantity
{
    /// <summary><see cref="SweepSeries.ForwardVariance"/>: σ² at the top of the stack.</summary>
    ForwardVariance,

    /// <summary><see cref="SweepSeries.GradientVariance"/>: σ²_g at the bottom of the stack.</summary>
    GradientVariance,
}
