namespace SignalProp.Plots;

/// <summary>
/// One scheme's final-layer moments over a range of depths (figure 7). Values may be +∞ (overflow) or 0 (underflow):
/// the figure draws them clipped at the edge with a distinct marker.
/// </summary>
/// <param name="Scheme">Scheme name ("xavier", "dslm", "admin", …): the legend text and the colour key.</param>
/// <param name="Depths">Number of layers N for each point (e.g. 1 … 1000).</param>
/// <param name="ForwardVariance">σ² of the stream at the top (after the last sub-layer) for each depth.</param>
/// <param name="GradientVariance">σ²_g of the gradient at the bottom (the embedding output) for each depth.</param>
/// <param name="Label">Legend text when it should differ from <paramref name="Scheme"/> (e.g. "xavier (Post-LN)").</param>
public sealed record SweepSeries(string Scheme, IReadOnlyList<double> Depths, IReadOnlyList<double> ForwardVariance,
    IReadOnlyList<double> GradientVariance, string? Label = null)
{
    /// <summary>The legend text.</summary>
    public string DisplayLabel => Label ?? Scheme;

    /// <summary>Throws when the arrays do not have matching lengths.</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Depths);
        ArgumentNullException.ThrowIfNull(ForwardVariance);
        ArgumentNullException.ThrowIfNull(GradientVariance);
        if (ForwardVariance.Count != Depths.Count || GradientVariance.Count != Depths.Count)
            throw new ArgumentException($"Sweep '{DisplayLabel}': {Depths.Count} depths, {ForwardVariance.Count} forward and "
                + $"{GradientVariance.Count} gradient values.");
    }
}
