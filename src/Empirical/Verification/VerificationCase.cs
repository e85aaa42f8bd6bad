using SignalProp.Theory;

namespace SignalProp.Empirical.Verification;

/// <summary>
/// One configuration of a verification sweep: the component spec (whose Forward/Backward gives the prediction and
/// from which <see cref="ComponentLayers"/> builds the real layer), the input and upstream-gradient moments, the
/// sample size and the number of independent replicas (fresh weights, inputs and gradients each).
/// </summary>
/// <param name="Component">The component name (linear, relu, gelu, layernorm, dropout, softmax, sha, mha, ffn, residual).</param>
/// <param name="Spec">The Theory record.</param>
/// <param name="Input">Input moments (μ, σ², r).</param>
/// <param name="OutputGradient">Upstream gradient moments (σ_g², r_g).</param>
/// <param name="Runs">Sequences per replica.</param>
/// <param name="Length">L.</param>
/// <param name="Width">Input width d_in.</param>
/// <param name="Replicas">Independent replicas (≥ 2 for a standard error).</param>
/// <param name="Parameters">The grid parameters of this configuration, for the CSV/JSON rows (ordered).</param>
public sealed record VerificationCase(
    string Component,
    IComponent Spec,
    ForwardMoments Input,
    GradientMoments OutputGradient,
    int Runs,
    int Length,
    int Width,
    int Replicas,
    IReadOnlyList<KeyValuePair<string, double>> Parameters)
{
    /// <summary>The shape of one replica's input.</summary>
    public SampleShape Shape => new(Runs, Length, Width);
}

/// <summary>One quantity of one configuration: the prediction, the replica mean and its standard error, and the
/// authors' error (a fraction).</summary>
/// <param name="Name">A <see cref="Quantities"/> name.</param>
/// <param name="Predicted">The Theory value.</param>
/// <param name="Measured">Mean over the replicas.</param>
/// <param name="StandardError">Standard error of <paramref name="Measured"/> over the replicas.</param>
/// <param name="Error">calc_err(measured, predicted[, pred_var]) as the authors call it.</param>
public readonly record struct QuantityResult(string Name, double Predicted, double Measured, double StandardError, double Error);

/// <summary>The outcome of one configuration. A failed configuration (overflow, NaN, an exception) keeps its
/// parameters and a message, and has no quantities.</summary>
/// <param name="Case">The configuration.</param>
/// <param name="Quantities">The compared quantities (empty when failed).</param>
/// <param name="Seconds">Wall time of the measurement.</param>
/// <param name="Failure">Null on success, else why the configuration failed.</param>
public sealed record VerificationResult(VerificationCase Case, IReadOnlyList<QuantityResult> Quantities, double Seconds, string? Failure)
{
    /// <summary>True when the configuration produced finite measurements.</summary>
    public bool Succeeded => Failure is null;

    /// <summary>The quantity with the given name.</summary>
    /// <param name="name">A <see cref="Quantities"/> name.</param>
    public QuantityResult this[string name] => Quantities.First(q => q.Name == name);
}
