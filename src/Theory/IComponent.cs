namespace SignalProp.Theory;

/// <summary>
/// A transformer component at initialisation, seen through its moment maps: forward (μ, σ², r) → (μ, σ², r) and
/// backward (σ_g², r_g at the output | forward input moments) → (σ_g², r_g at the input).
/// Implementations are immutable specification records; the same record is built into a real layer by the
/// Empirical project.
/// </summary>
public interface IComponent
{
    /// <summary>Moments of the output for the given input moments.</summary>
    ForwardMoments Forward(ForwardMoments input);

    /// <summary>
    /// Moments of ∂L/∂input from the moments of ∂L/∂output. Backward maps depend on the forward input
    /// (LayerNorm divides by σ_x², ReLU depends on r_x), so it is passed in; it is the same <paramref name="input"/>
    /// that <see cref="Forward"/> would receive. Every backward map is linear in σ_g² (homogeneous of degree 1).
    /// </summary>
    GradientMoments Backward(ForwardMoments input, GradientMoments outputGradient);
}
