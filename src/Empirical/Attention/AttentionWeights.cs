using static TorchSharp.torch;

namespace SignalProp.Empirical.Attention;

/// <summary>One batch of attention weights, one independent draw per run (leading dimension = runs).</summary>
/// <param name="Query">W_Q, <c>[runs, n, h·d]</c>, i.i.d. N(0, σ_q²).</param>
/// <param name="Key">W_K, <c>[runs, n, h·d]</c>, i.i.d. N(0, σ_k²).</param>
/// <param name="Value">W_V, <c>[runs, n, h·d]</c>, i.i.d. N(0, σ_v²) or scaled Haar semi-orthogonal.</param>
/// <param name="Output">W_O, <c>[runs, h·d, d_m]</c>, i.i.d. N(0, σ_o²), or null for a single head.</param>
public sealed record AttentionWeights(Tensor Query, Tensor Key, Tensor Value, Tensor? Output);
