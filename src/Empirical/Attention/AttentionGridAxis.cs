namespace SignalProp.Empirical.Attention;

/// <summary>One dimension of an attention verification grid: a name and its value set (ATTENTION.md §10.1).</summary>
/// <param name="Name">The axis name (e.g. <c>cqk</c>, <c>L</c>).</param>
/// <param name="Values">The values, sampled uniformly.</param>
public sealed record AttentionGridAxis(string Name, IReadOnlyList<double> Values);
