namespace SignalProp.Empirical.Models;

/// <summary>What a whole-model stack is fed at the bottom of its residual stream.</summary>
public enum StackInput
{
    /// <summary>
    /// Token ids drawn i.i.d. from Zipf(s) over the vocabulary (inverse-CDF via <c>torch.multinomial</c>, seeded), segment
    /// ids uniform over the segments, looked up in word + position (+ segment) tables and passed through embedding dropout.
    /// </summary>
    Tokens,

    /// <summary>
    /// Gaussian inputs fed directly as the embedding output (sub-layer 0), with the variance and token correlation the
    /// theory predicts there (<see cref="SignalSampler"/>); no embedding tables, no embedding dropout.
    /// </summary>
    Gaussian,
}

/// <summary>Where the gradient that flows down the residual stream comes from.</summary>
public enum StackGradient
{
    /// <summary>
    /// An upstream gradient G with the configuration's <see cref="SignalProp.Theory.Models.TransformerConfig.OutputGradient"/>
    /// moments, independent of everything, injected by the vector–Jacobian product of <c>Σ top ⊙ G</c> (THEORY.md §3.5).
    /// </summary>
    Injected,

    /// <summary>
    /// The gradient of a real masked-language-model loss: a fraction of the token positions is replaced by a [MASK] id, the
    /// top of the stream is projected onto the vocabulary with the tied word table (logits = h·Eᵀ) at the masked positions,
    /// and the mean cross-entropy against the original ids is back-propagated. Needs token inputs.
    /// </summary>
    MaskedLanguageModel,
}

/// <summary>Run-time options of a whole-model simulation (everything that is not architecture or initialisation).</summary>
public sealed record StackOptions
{
    /// <summary>Sequences per replica (batch size). Range: ≥ 1.</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Independent replicas (fresh weights, inputs, masks and upstream gradient each). Range: ≥ 1.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Base seed; replica r uses seeds derived from (Seed, r).</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Device name for <see cref="TorchDevice.Resolve"/>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Data type name for <see cref="TorchDataType.Resolve"/>.</summary>
    public string DataType { get; init; } = "float32";

    /// <summary>Input mode.</summary>
    public StackInput Input { get; init; } = StackInput.Tokens;

    /// <summary>The source of the stream's gradient. Default: <see cref="StackGradient.Injected"/>.</summary>
    public StackGradient Gradient { get; init; } = StackGradient.Injected;

    /// <summary>
    /// The fraction of positions masked by the masked-language-model loss (BERT: 0.15). The [MASK] id is the last
    /// vocabulary id, the rarest token of the Zipf law. Range: (0, 1].
    /// </summary>
    public double MaskProbability { get; init; } = 0.15;

    /// <summary>Apply a causal mask to the attention logits (decoder-only models). The theory assumes no mask.</summary>
    public bool Causal { get; init; }

    /// <summary>
    /// Append a final LayerNorm after the last sub-layer; the upstream gradient is then injected at its output, so the
    /// stream's top gradient is the LN backward of it (the theory injects at the top of the stream, without it).
    /// </summary>
    public bool FinalLayerNorm { get; init; }

    /// <summary>Also measure Admin's output change (a second, perturbed forward pass). Default true.</summary>
    public bool OutputChange { get; init; } = true;

    /// <summary>The perturbation size of the output-change measurement (ADMIN.md §3.4: 1e-4).</summary>
    public double PerturbationSize { get; init; } = 1e-4;

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names the option.</exception>
    public StackOptions EnsureValid()
    {
        if (Batch < 1) throw new ArgumentOutOfRangeException("batch", Batch, $"--batch = {Batch} is out of range: must be an integer ≥ 1.");
        if (Replicas < 1) throw new ArgumentOutOfRangeException("replicas", Replicas, $"--replicas = {Replicas} is out of range: must be an integer ≥ 1.");
        if (!(MaskProbability > 0 && MaskProbability <= 1))
            throw new ArgumentOutOfRangeException("mask-probability", MaskProbability, $"--mask-probability = {MaskProbability} is out of range: must be in (0, 1].");
        if (Gradient == StackGradient.MaskedLanguageModel && Input != StackInput.Tokens)
            throw new ArgumentOutOfRangeException("gradient", "mlm", "--gradient mlm needs token inputs (--input tokens): the loss predicts the masked token ids.");
        if (!(PerturbationSize > 0) || !double.IsFinite(PerturbationSize))
            throw new ArgumentOutOfRangeException("perturbation", PerturbationSize, "The perturbation size must be finite and > 0.");
        return this;
    }
}
