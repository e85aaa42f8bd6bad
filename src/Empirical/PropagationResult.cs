using static TorchSharp.torch;

namespace SignalProp.Empirical;

/// <summary>
/// One forward and backward pass of a component under an injected upstream gradient (THEORY.md §5.1, step 3):
/// the input x, the output y = f(x), the upstream gradient g = ∂Loss/∂y and the input gradient
/// ∂Loss/∂x = Jᵀg for Loss = Σ(y ⊙ g).
/// </summary>
/// <remarks>All four tensors are detached from the autograd graph and belong to the dispose scope that was current
/// when they were made; read them with <see cref="MomentEstimator"/> inside that scope.</remarks>
/// <param name="Input">x, shape <c>[runs, L, d_in]</c>.</param>
/// <param name="Output">y = f(x).</param>
/// <param name="OutputGradient">g, the injected upstream gradient, same shape as <paramref name="Output"/>.</param>
/// <param name="InputGradient">∂Loss/∂x = Jᵀg, same shape as <paramref name="Input"/>.</param>
public sealed record PropagationResult(Tensor Input, Tensor Output, Tensor OutputGradient, Tensor InputGradient);
