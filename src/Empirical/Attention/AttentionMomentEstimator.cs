using static TorchSharp.torch;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// The per-run moment estimators of the attention Monte Carlo (ATTENTION.md §10.1), for a zero-mean signal g of shape
/// <c>[runs, L, n]</c> (uncentred moments, since the input gradient and the attention output have mean zero):
/// <c>σ̂² = mean_{i,k} g_ik²</c> and <c>Ĉ = mean_{i≠j,k} g_ik g_jk</c>.
/// </summary>
/// <remarks>
/// The off-diagonal mean is computed in O(runs·L·n) from the token sum, never from an L×L matrix: with
/// <c>T = mean_k (Σ_i g_ik)² = L·σ̂² + L(L−1)·Ĉ</c> (mean over features k), <c>Ĉ = (T − L·σ̂²)/(L(L−1))</c>
/// (mc.py <c>_moments</c>).
/// </remarks>
public static class AttentionMomentEstimator
{
    /// <summary>
    /// Per-run estimates: a tensor <c>[2, runs]</c> whose row 0 is σ̂² = mean_{i,k} g_ik² and row 1 is
    /// Ĉ = (mean_k(Σ_i g_ik)² − L·σ̂²)/(L(L−1)).
    /// </summary>
    /// <param name="signal">g, shape <c>[runs, L, n]</c> with L ≥ 2.</param>
    /// <returns>The estimates, in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentException">The tensor is not 3-D or L &lt; 2.</exception>
    public static Tensor PerRun(Tensor signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.dim() != 3 || signal.shape[1] < 2)
            throw new ArgumentException($"Expected a [runs, L, n] tensor with L >= 2, got [{string.Join(", ", signal.shape)}].", nameof(signal));
        double length = signal.shape[1];
        using var scope = NewDisposeScope();
        Tensor variance = signal.square().mean([1, 2]);
        Tensor total = signal.sum(1).square().mean([1]);
        Tensor covariance = (total - variance * length) / (length * (length - 1));
        return stack([variance, covariance]).MoveToOuterDisposeScope();
    }
}
