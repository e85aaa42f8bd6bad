using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// Fully connected layer y = x W without bias, W ∈ R^{d_in×d_out} with i.i.d. N(0, σ_w²) entries.
/// Moments: <see cref="LinearFormulas"/> (THEORY.md §2.2, <c>simulations/linear.py</c>).
/// PyTorch: <c>nn.Linear(d_in, d_out, bias: false)</c> with <c>normal_(0, σ_w)</c>.
/// </summary>
public sealed record Linear : Component
{
    /// <summary>Creates the layer.</summary>
    /// <param name="inFeatures">d_in ≥ 1.</param>
    /// <param name="outFeatures">d_out ≥ 1.</param>
    /// <param name="weightStd">σ_w ≥ 0.</param>
    public Linear(int inFeatures, int outFeatures, double weightStd)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        WeightStd = weightStd;
    }

    /// <summary>Fan-in d_in. Range: ≥ 1.</summary>
    public int InFeatures { get; init => field = Require.AtLeast(value, 1, "d-in"); }

    /// <summary>Fan-out d_out. Range: ≥ 1.</summary>
    public int OutFeatures { get; init => field = Require.AtLeast(value, 1, "d-out"); }

    /// <summary>σ_w, the standard deviation of each weight. Range: ≥ 0.</summary>
    public double WeightStd { get; init => field = Require.NonNegativeFinite(value, "weight-std"); }

    /// <summary>σ_w = gain/√d_in.</summary>
    public static Linear FanIn(int inFeatures, int outFeatures, double gain = 1.0)
        => new(inFeatures, outFeatures, gain / Math.Sqrt(Require.AtLeast(inFeatures, 1, "d-in")));

    /// <inheritdoc />
    protected override bool BackwardReadsInput => false;

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => LinearFormulas.Forward(input, InFeatures, WeightStd);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => LinearFormulas.Backward(outputGradient, OutFeatures, WeightStd);
}
