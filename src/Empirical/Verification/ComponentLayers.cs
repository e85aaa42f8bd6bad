using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Composition;
using SignalProp.Theory.Formulas;
using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Verification;

/// <summary>
/// The one factory from a Theory spec record to a real TorchSharp layer (THEORY.md §2): every weight is drawn
/// explicitly from the spec (N(0, σ²), no bias, γ = 1, β = 0), never from TorchSharp's default initialisation.
/// Call <see cref="Create"/> once per replica (fresh weights: the theory averages over initialisation) inside the
/// replica's dispose scope, so the weights are released with it.
/// </summary>
/// <remarks>
/// Layers operate on <c>[runs, L, d]</c> tensors. Linear maps are <c>x·W</c> with W of shape <c>[d_in, d_out]</c>;
/// ReLU is <c>torch.nn.functional.relu</c>, GeLU the exact erf form (<c>gelu</c> with approximate "none"); LayerNorm is
/// <c>torch.nn.functional.layer_norm</c> over the last axis with the spec's ε and no affine parameters (γ = 1, β = 0);
/// dropout is inverted dropout in training mode, with its Bernoulli keep-mask drawn from the replica's generator (so a
/// sweep is reproducible from its seed; distributionally identical to <c>functional.dropout(training: true)</c>);
/// softmax is over the token axis (dim 1); attention is per head <c>dropout(softmax(QKᵀ/√d_h))·V</c> (scores over the
/// key axis), heads concatenated; multi-head attention adds W_O and hidden dropout; the FFN block is
/// <c>dropout(act(x·W₁)·W₂)</c>; a residual is <c>λx + β·f(x)</c>.
/// </remarks>
public static class ComponentLayers
{
    /// <summary>True when <see cref="Create"/> can build a real layer for <paramref name="spec"/>.</summary>
    /// <param name="spec">A Theory component.</param>
    public static bool IsSupported(IComponent spec) => spec switch
    {
        Linear or Dropout or Softmax or SelfAttention or MultiHeadAttention or FeedForward or LayerNorm => true,
        Activation a => IsSupportedActivation(a.Function),
        Residual r => IsSupported(r.Branch),
        Sequential s => s.Children.All(c => IsSupported(c.Component)),
        _ => false,
    };

    /// <summary>
    /// Builds the layer for <paramref name="spec"/>, drawing its weights (and later its dropout masks) from
    /// <paramref name="generator"/>.
    /// </summary>
    /// <param name="spec">The component record (the same one whose Forward/Backward gives the prediction).</param>
    /// <param name="generator">The replica's random stream for weights and dropout masks.</param>
    /// <param name="dataType">Float32 or Float64.</param>
    /// <param name="device">The device of the weights.</param>
    /// <returns>The layer as a differentiable function of a <c>[runs, L, d_in]</c> tensor.</returns>
    /// <exception cref="NotSupportedException">The spec has no real-layer counterpart here (e.g. Embedding, whose input is
    /// tokens, not a Gaussian signal).</exception>
    public static Func<Tensor, Tensor> Create(IComponent spec, Generator generator, ScalarType dataType, Device device)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(generator);
        return spec switch
        {
            Linear l => LinearMap(Weight(l.InFeatures, l.OutFeatures, l.WeightStd, generator, dataType, device)),
            Activation a => ActivationFunction(a.Function),
            LayerNorm n => x => nn.functional.layer_norm(x, [x.shape[^1]], null, null, n.Epsilon),
            Dropout d => DropoutFunction(d.DropProbability, generator),
            Softmax => x => x.softmax(1),
            SelfAttention s => Attention(s, generator, dataType, device),
            MultiHeadAttention m => Chain(
                Attention(m.Attention, generator, dataType, device),
                LinearMap(Weight(m.Output.InFeatures, m.Output.OutFeatures, m.Output.WeightStd, generator, dataType, device)),
                DropoutFunction(m.HiddenDropout.DropProbability, generator)),
            FeedForward f => Chain(
                LinearMap(Weight(f.Up.InFeatures, f.Up.OutFeatures, f.Up.WeightStd, generator, dataType, device)),
                ActivationFunction(f.Act.Function),
                LinearMap(Weight(f.Down.InFeatures, f.Down.OutFeatures, f.Down.WeightStd, generator, dataType, device)),
                DropoutFunction(f.HiddenDropout.DropProbability, generator)),
            Residual r => ResidualFunction(r.SkipScale, r.BranchScale, Create(r.Branch, generator, dataType, device)),
            Sequential s => Chain([.. s.Children.Select(c => Create(c.Component, generator, dataType, device))]),
            _ => throw new NotSupportedException($"No real layer for {spec.GetType().Name}."),
        };
    }

    private static bool IsSupportedActivation(ElementwiseFunction f) => f.Name is "relu" or "gelu";

    private static Tensor Weight(int rows, int columns, double std, Generator generator, ScalarType dataType, Device device)
        => randn([rows, columns], dataType, device, generator: generator).mul_(std);

    private static Func<Tensor, Tensor> LinearMap(Tensor weight) => x => x.matmul(weight);

    private static Func<Tensor, Tensor> ActivationFunction(ElementwiseFunction f) => f.Name switch
    {
        "relu" => x => nn.functional.relu(x),
        "gelu" => x => nn.functional.gelu(x),
        _ => throw new NotSupportedException($"No real layer for the activation '{f.Name}' (relu and gelu are supported)."),
    };

    private static Func<Tensor, Tensor> DropoutFunction(double p, Generator generator)
    {
        if (p == 0) return x => x;
        return x =>
        {
            Tensor mask;
            using (no_grad())
            {
                mask = rand(x.shape, x.dtype, x.device, generator: generator).ge(p).to_type(x.dtype).div_(1.0 - p);
            }
            return x * mask;
        };
    }

    private static Func<Tensor, Tensor> ResidualFunction(double skip, double branchScale, Func<Tensor, Tensor> branch)
        => x => x.mul(skip).add_(branch(x).mul(branchScale));

    private static Func<Tensor, Tensor> Chain(params Func<Tensor, Tensor>[] steps) => x =>
    {
        Tensor y = x;
        foreach (var step in steps) y = step(y);
        return y;
    };

    private static Func<Tensor, Tensor> Attention(SelfAttention s, Generator generator, ScalarType dataType, Device device)
    {
        int h = s.Heads, dh = s.HeadFeatures, total = s.TotalOutFeatures;
        Tensor wq = Weight(s.InFeatures, total, s.QueryStd, generator, dataType, device);
        Tensor wk = Weight(s.InFeatures, total, s.KeyStd, generator, dataType, device);
        Tensor? wv = s.ValueStd is double v ? Weight(s.InFeatures, total, v, generator, dataType, device) : null;
        Func<Tensor, Tensor> dropout = DropoutFunction(s.AttentionDropout, generator);
        double scale = 1.0 / Math.Sqrt(dh);
        return x =>
        {
            long runs = x.shape[0], length = x.shape[1];
            Tensor Split(Tensor t) => t.view(runs, length, h, dh).transpose(1, 2); // [runs, h, L, d_h]
            Tensor q = Split(x.matmul(wq));
            Tensor k = Split(x.matmul(wk));
            Tensor values = wv is null ? Split(x) : Split(x.matmul(wv));
            Tensor probabilities = dropout(q.matmul(k.transpose(2, 3)).mul_(scale).softmax(-1));
            return probabilities.matmul(values).transpose(1, 2).reshape(runs, length, total);
        };
    }
}
