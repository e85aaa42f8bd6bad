using static TorchSharp.torch;

namespace SignalProp.Empirical;

/// <summary>
/// Runs a component forward and injects an upstream gradient backward: the C# form of the authors'
/// <c>loss = torch.sum(layer_output * grads_in); loss.backward()</c> (THEORY.md §5.1, step 3), computed as the
/// vector–Jacobian product ∂Loss/∂x = Jᵀg with <c>torch.autograd.grad(outputs: [y], inputs: [x], grad_outputs: [g])</c>.
/// </summary>
/// <remarks>
/// <c>autograd.grad</c> returns the gradient with respect to x only: the parameters of the component (weights that
/// require gradients) do not accumulate a <c>.grad</c>, so one module can be reused across trials without
/// <c>zero_grad</c>. Call inside a <c>torch.NewDisposeScope()</c>; every tensor made here belongs to it.
/// </remarks>
public static class VectorJacobianProduct
{
    /// <summary>
    /// Computes y = f(x) and ∂Loss/∂x for Loss = Σ(y ⊙ g), for a given input and upstream gradient.
    /// </summary>
    /// <param name="function">The component f. It must be differentiable in its argument.</param>
    /// <param name="input">x. It is not modified; a detached copy with gradient tracking is used.</param>
    /// <param name="outputGradient">g, of the same shape as f(x).</param>
    /// <returns>x, y, g and Jᵀg, all detached.</returns>
    /// <exception cref="ArgumentException">g does not have the shape of f(x).</exception>
    /// <exception cref="InvalidOperationException">f(x) does not depend differentiably on x.</exception>
    public static PropagationResult Compute(Func<Tensor, Tensor> function, Tensor input, Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        using (enable_grad())
        {
            Tensor source = input.detach().requires_grad_(true);
            Tensor output = function(source);
            EnsureDifferentiable(output);
            if (!output.shape.SequenceEqual(outputGradient.shape))
            {
                throw new ArgumentException(
                    $"The upstream gradient has shape [{string.Join(", ", outputGradient.shape)}] but the output has " +
                    $"shape [{string.Join(", ", output.shape)}].", nameof(outputGradient));
            }
            Tensor inputGradient = autograd.grad([output], [source], [outputGradient])[0];
            return new PropagationResult(source.detach(), output.detach(), outputGradient, inputGradient);
        }
    }

    /// <summary>
    /// Draws x with the given moments, computes y = f(x), draws g with the given moments and the shape of y
    /// (independent of x), and returns ∂Loss/∂x for Loss = Σ(y ⊙ g): one trial of THEORY.md §5.1.
    /// </summary>
    /// <param name="sampler">The random stream, device and precision.</param>
    /// <param name="function">The component f; its output must have shape <c>[runs, L, d_out]</c>.</param>
    /// <param name="shape">The input shape <c>[runs, L, d_in]</c>.</param>
    /// <param name="mean">Input mean μ.</param>
    /// <param name="variance">Input variance σ².</param>
    /// <param name="correlation">Input token–token correlation r.</param>
    /// <param name="gradientVariance">Upstream gradient variance σ_g².</param>
    /// <param name="gradientCorrelation">Upstream gradient token–token correlation r_g.</param>
    /// <returns>x, y, g and Jᵀg, all detached.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A moment or dimension is out of range.</exception>
    /// <exception cref="ArgumentException">The output is not of rank 3.</exception>
    /// <exception cref="InvalidOperationException">f(x) does not depend differentiably on x.</exception>
    public static PropagationResult Propagate(
        SignalSampler sampler,
        Func<Tensor, Tensor> function,
        SampleShape shape,
        double mean,
        double variance,
        double correlation,
        double gradientVariance,
        double gradientCorrelation)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(function);
        Tensor input = sampler.SampleInput(shape, mean, variance, correlation);
        using (enable_grad())
        {
            Tensor source = input.requires_grad_(true);
            Tensor output = function(source);
            EnsureDifferentiable(output);
            Tensor outputGradient = sampler.SampleGradient(SampleShape.From(output.shape), gradientVariance, gradientCorrelation);
            Tensor inputGradient = autograd.grad([output], [source], [outputGradient])[0];
            return new PropagationResult(source.detach(), output.detach(), outputGradient, inputGradient);
        }
    }

    private static void EnsureDifferentiable(Tensor output)
    {
        if (output is null || !output.requires_grad)
        {
            throw new InvalidOperationException(
                "The function's output does not depend differentiably on its input (requires_grad is false).");
        }
    }
}
