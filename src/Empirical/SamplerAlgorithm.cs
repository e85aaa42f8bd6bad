namespace SignalProp.Empirical;

/// <summary>Where <see cref="SignalSampler"/> takes its normals from.</summary>
public enum SamplerAlgorithm
{
    /// <summary>libtorch's generators: <see cref="SignalSampler.StreamCount"/> seeded <c>torch.Generator</c>s, one per
    /// slice of runs, <c>normal_</c> on the sampler's device (the default; its streams match PyTorch's for a seed).</summary>
    TorchGenerators = 0,

    /// <summary>A counter-based SplitMix64 stream with a vectorised Box–Muller transform, written straight into the
    /// tensor's memory together with the equicorrelated construction (one pass, no temporaries), fixed chunks of runs
    /// filled in parallel. Several times faster on CPU than libtorch's serial <c>normal_</c>. Drawn on CPU (and copied
    /// for another device), so a seed gives the same numbers on every device and any number of cores.</summary>
    CounterBased = 1,
}
