using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// An elementwise activation y = f(x) on Gaussian input. ReLU and GeLU at zero mean use the authors' closed forms
/// (THEORY.md §2.3–2.4, <see cref="ReluFormulas"/>, <see cref="GeluFormulas"/>); every other case (non-zero mean,
/// SiLU, tanh, user functions) uses Gaussian quadrature (<see cref="ActivationQuadrature"/>). Backward assumes the
/// gradient independent of x (as the authors' scripts do).
/// </summary>
/// <param name="Function">The activation.</param>
/// <param name="Method">Closed form when available, or quadrature always.</param>
public sealed record Activation(ElementwiseFunction Function, ActivationMethod Method = ActivationMethod.Auto) : Component
{
    /// <summary>ReLU.</summary>
    public static Activation Relu { get; } = new(ElementwiseFunction.Relu);

    /// <summary>Exact (erf) GeLU.</summary>
    public static Activation Gelu { get; } = new(ElementwiseFunction.Gelu);

    /// <summary>True when this evaluation uses a closed form.</summary>
    public bool UsesClosedForm(ForwardMoments input)
        => Method == ActivationMethod.Auto && input.Mean == 0
           && (ReferenceEquals(Function, ElementwiseFunction.Relu) || ReferenceEquals(Function, ElementwiseFunction.Gelu));

    /// <inheritdoc />
    /// <exception cref="AssumptionViolatedException">The input is not Gaussian.</exception>
    protected override ForwardMoments ForwardCore(ForwardMoments input)
    {
        RequireGaussian(input);
        if (!UsesClosedForm(input)) return ActivationQuadrature.Forward(Function, input);
        return ReferenceEquals(Function, ElementwiseFunction.Relu)
            ? ReluFormulas.Forward(input.Variance, input.Correlation)
            : GeluFormulas.Forward(input.Variance, input.Correlation);
    }

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
    {
        RequireGaussian(input);
        if (!UsesClosedForm(input)) return ActivationQuadrature.Backward(Function, input, outputGradient);
        return ReferenceEquals(Function, ElementwiseFunction.Relu)
            ? ReluFormulas.Backward(input.Correlation, outputGradient)
            : GeluFormulas.Backward(input.Variance, input.Correlation, outputGradient);
    }

    private void RequireGaussian(ForwardMoments input)
    {
        if (!input.IsGaussian)
            throw new AssumptionViolatedException(
                $"{Function.Name}: the activation formulas are Gaussian expectations, but the input is not Gaussian " +
                "(e.g. the output of another activation or of dropout); put a linear layer in between.");
    }
}
