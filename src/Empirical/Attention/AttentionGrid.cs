namespace SignalProp.Empirical.Attention;

/// <summary>
/// A verification grid (ATTENTION.md §10.1): value sets per axis and the map from one point of the grid to an
/// <see cref="AttentionCase"/>. Configurations are random samples of the grid (<see cref="AttentionGrids.Sample"/>).
/// </summary>
/// <param name="Name">The grid name (<c>a</c>, <c>b</c>, <c>mha</c>, <c>quick</c>).</param>
/// <param name="Description">One line: what the grid is.</param>
/// <param name="Axes">The axes, in sampling order.</param>
/// <param name="Build">Maps a point (axis name → value) to a configuration.</param>
public sealed record AttentionGrid(
    string Name,
    string Description,
    IReadOnlyList<AttentionGridAxis> Axes,
    Func<IReadOnlyDictionary<string, double>, AttentionCase> Build)
{
    /// <summary>The number of points of the full grid (product of the axis sizes).</summary>
    public double Size => Axes.Aggregate(1.0, (product, axis) => product * axis.Values.Count);
}
