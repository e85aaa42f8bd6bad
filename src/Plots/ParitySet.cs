namespace SignalProp.Plots;

/// <summary>Predicted against measured values of one kind (figure 4b): each index is one point.</summary>
/// <param name="Label">Legend text, e.g. "ReLU xVar".</param>
/// <param name="Predicted">Theory values (x axis).</param>
/// <param name="Measured">Measured values (y axis); same length as <paramref name="Predicted"/>.</param>
/// <param name="ColorKey">Colour key as in <see cref="Series.ColorKey"/>; null means the label.</param>
public sealed record ParitySet(string Label, IReadOnlyList<double> Predicted, IReadOnlyList<double> Measured, string? ColorKey = null)
{
    /// <summary>Throws when the arrays do not have matching lengths.</summary>
    /// <exception cref="ArgumentException">Predicted and Measured differ in length.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Predicted);
        ArgumentNullException.ThrowIfNull(Measured);
        if (Predicted.Count != Measured.Count)
            throw new ArgumentException($"Parity set '{Label}': {Predicted.Count} predicted but {Measured.Count} measured values.");
    }
}
