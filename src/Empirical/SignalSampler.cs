using TorchSharp;
using static TorchSharp.torch;

namespace SignalProp.Empirical;

/// <summary>
/// Draws the Gaussian inputs and upstream gradients of the verification protocol (THEORY.md §5.1, steps 1–2):
/// tensors of shape <c>[runs, L, d]</c> whose entries have mean μ, variance σ² and token–token correlation r
/// (<c>Cov(x_ik, x_jk) = r σ²</c> for tokens i ≠ j and the same feature k), with distinct features and distinct runs
/// independent. Each run and feature is one draw of an L-vector from <c>MVN(μ·1, σ²[(1−r)I + r·11ᵀ])</c>, which is the
/// distribution the authors sample with <c>torch.distributions.MultivariateNormal</c>.
/// </summary>
/// <remarks>
/// <para>Construction for 0 ≤ r ≤ 1 (equicorrelated, no L×L matrix, no Cholesky factor):
/// <c>x = μ + σ(√r·s + √(1−r)·z)</c>, with <c>z ~ N(0,1)</c> of shape <c>[runs, L, d]</c> and one shared
/// <c>s ~ N(0,1)</c> of shape <c>[runs, 1, d]</c> broadcast over the tokens. Then Var = σ²(r + 1 − r) = σ² and
/// Cov(x_i, x_j) = σ²r for i ≠ j.</para>
/// <para>Construction for −1/(L−1) ≤ r &lt; 0 (an equicorrelation matrix is positive semi-definite only down to
/// −1/(L−1)): subtract a fraction c of the token mean, <c>x = μ + σ·a·(z − c·z̄)</c>, with <c>z̄ = (1/L)Σ_j z_j</c>.
/// For u_i = z_i − c z̄: Var(u_i) = 1 + t/L and Cov(u_i, u_j) = t/L with t = c² − 2c, so the correlation is t/(L + t).
/// Solving for the requested r gives t = rL/(1 − r) ∈ [−1, 0), c = 1 − √(1 + t) ∈ (0, 1] and
/// a = √(L/(L + t)). At r = −1/(L−1), c = 1 (the fully centred sequence). Both constructions are exactly Gaussian
/// with the requested covariance. A correlation below −1/(L−1), above 1, or negative with L = 1 is rejected.</para>
/// <para>Randomness comes only from this sampler's <see cref="StreamCount"/> <see cref="torch.Generator"/>s, seeded
/// explicitly from the sampler seed (<see cref="StreamSeed"/>). The runs of a batch are split into that many slices,
/// slice s drawn from stream s; on CPU the slices are drawn in parallel, because libtorch's CPU normal generator is
/// serial (about 90 million float32 or 20 million float64 numbers per second per core here). The slice → stream map is
/// fixed, so a batch is reproducible from (seed, call order) on any number of cores. Successive calls draw fresh numbers
/// from the same streams: a gradient drawn after the input is independent of it.</para>
/// <para>With <see cref="SamplerAlgorithm.CounterBased"/> (the component verifier's default) the same constructions
/// are written in one pass straight into the tensor's memory from a counter-based SplitMix64 stream and a vectorised
/// Box–Muller transform (<c>CounterNormal</c>): each call takes a fresh stream key derived from (seed, call index),
/// each fixed chunk of about 2^16 elements of whole runs its own key derived from that, so the result depends only on
/// (seed, call order, shape), never on the number of cores; draws after the input (the gradient) are independent of
/// it. Per run the shared part s (d normals, r &gt; 0) comes first, then the L·d token normals.</para>
/// <para>The sampler owns its generators: dispose it when done. Returned tensors belong to the caller's current
/// <see cref="DisposeScope"/> (or to no scope), exactly like the result of <c>torch.randn</c>.</para>
/// </remarks>
public sealed partial class SignalSampler : IDisposable
{
    /// <summary>Number of independent random streams; the runs are split into this many slices.</summary>
    public const int StreamCount = 4;

    private const long ParallelThreshold = 1 << 18;
    private const long BlockElements = 1 << 20;
    private readonly Generator[] generators;
    private ulong counterCalls;

    /// <summary>Creates a sampler with its own random streams.</summary>
    /// <param name="seed">The sampler seed (the authors used 42); stream s uses a <see cref="torch.Generator"/> seeded
    /// with <see cref="StreamSeed"/>(seed, s).</param>
    /// <param name="device">Device to draw on, e.g. from <see cref="TorchDevice.Resolve"/>. Defaults to CPU.</param>
    /// <param name="dataType">Float32 or Float64, e.g. from <see cref="TorchDataType.Resolve"/>. Defaults to
    /// Float64.</param>
    /// <param name="drawInSinglePrecision">For Float64 samples only: draw the zero-mean normals in float32 (libtorch's
    /// vectorised float32 generator, about 4–5 times faster on CPU than its float64 one) and widen them to float64;
    /// the mean μ, the shared part and every later operation are float64. The noise then has float32 resolution
    /// (relative 6e-8, tails cut near 5.8σ), which changes no moment by more than about 1e-6 relative. Ignored for
    /// Float32. Default false.</param>
    /// <exception cref="ArgumentException">The data type is neither Float32 nor Float64.</exception>
    /// <param name="algorithm">Where the normals come from: libtorch's generators (default) or the counter-based
    /// vectorised generator (see <see cref="SamplerAlgorithm"/>).</param>
    public SignalSampler(ulong seed, Device? device = null, ScalarType dataType = ScalarType.Float64,
        bool drawInSinglePrecision = false, SamplerAlgorithm algorithm = SamplerAlgorithm.TorchGenerators)
    {
        _ = TorchDataType.NameOf(dataType);
        if (!Enum.IsDefined(algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown sampler algorithm.");
        }
        Seed = seed;
        Device = device ?? CPU;
        DataType = dataType;
        Algorithm = algorithm;
        DrawInSinglePrecision = drawInSinglePrecision && dataType == ScalarType.Float64;
        generators = new Generator[StreamCount];
        for (int stream = 0; stream < StreamCount; stream++)
        {
            generators[stream] = new Generator(StreamSeed(seed, stream), Device);
        }
    }

    /// <summary>The sampler seed, from which the seeds of the streams are derived.</summary>
    public ulong Seed { get; }

    /// <summary>The device samples are drawn on.</summary>
    public Device Device { get; }

    /// <summary>The scalar type of the samples (Float32 or Float64).</summary>
    public ScalarType DataType { get; }

    /// <summary>True when Float64 samples are built from normals drawn in float32 (see the constructor).</summary>
    public bool DrawInSinglePrecision { get; }

    /// <summary>The source of the normals.</summary>
    public SamplerAlgorithm Algorithm { get; }

    /// <summary>
    /// Draws an input <c>x</c> of shape <c>[runs, L, d]</c> with mean μ, variance σ² and token–token correlation r
    /// (THEORY.md §5.1, step 1; construction in the class remarks).
    /// </summary>
    /// <param name="shape">The shape <c>[runs, L, d]</c>.</param>
    /// <param name="mean">μ, any finite value.</param>
    /// <param name="variance">σ² ≥ 0, finite.</param>
    /// <param name="correlation">r, with −1/(L−1) ≤ r ≤ 1 (r ≥ 0 when L = 1).</param>
    /// <returns>A new tensor of <see cref="DataType"/> on <see cref="Device"/>, without gradient tracking.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A moment or dimension is out of range.</exception>
    public Tensor SampleInput(SampleShape shape, double mean, double variance, double correlation)
    {
        shape.EnsureValid(nameof(shape));
        if (!double.IsFinite(mean))
        {
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        }
        if (!double.IsFinite(variance) || variance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(variance), variance, "The variance must be finite and ≥ 0.");
        }
        EnsureCorrelation(correlation, shape.Length, nameof(correlation));
        if (Algorithm == SamplerAlgorithm.CounterBased)
        {
            return SampleCounterBased(shape, mean, variance, correlation);
        }

        Tensor result = empty(shape.ToArray(), DataType, Device);
        long slices = Math.Min(StreamCount, shape.Runs);
        void Fill(long slice)
        {
            long first = shape.Runs * slice / slices, runs = shape.Runs * (slice + 1) / slices - first;
            using var scope = NewDisposeScope();
            FillSlice(result.narrow(0, first, runs), generators[slice], mean, variance, correlation, DrawInSinglePrecision);
        }
        // libtorch's CPU normal_ is serial; independent streams let the slices use several cores. The slice →
        // generator map is fixed, so the result does not depend on the number of cores.
        if (Device.type == DeviceType.CPU && shape.ElementCount >= ParallelThreshold && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, slices, slice => Fill(slice));
        }
        else
        {
            for (long slice = 0; slice < slices; slice++)
            {
                Fill(slice);
            }
        }
        return result;
    }

    private static void FillSlice(
        Tensor slice, Generator generator, double mean, double variance, double correlation, bool singlePrecision)
    {
        double scale = Math.Sqrt(variance);
        if (correlation >= 0)
        {
            // normal_(0, σ√(1−r)) draws and scales in one pass; the shared part (which carries μ) is added in a second.
            Normal(slice, 0.0, scale * Math.Sqrt(1.0 - correlation), generator, singlePrecision);
            if (correlation > 0)
            {
                Tensor shared = empty([slice.shape[0], 1, slice.shape[2]], slice.dtype, slice.device);
                Normal(shared, mean, scale * Math.Sqrt(correlation), generator, singlePrecision);
                slice.add_(shared);
            }
            else if (mean != 0)
            {
                slice.add_(mean);
            }
        }
        else
        {
            double length = slice.shape[1];
            double t = Math.Max(-1.0, correlation * length / (1.0 - correlation));
            double fraction = 1.0 - Math.Sqrt(1.0 + t);
            double amplitude = scale * Math.Sqrt(length / (length + t));
            Normal(slice, 0.0, 1.0, generator, singlePrecision);
            Tensor tokenMean = slice.mean([1], keepdim: true);
            slice.add_(tokenMean, -fraction).mul_(amplitude);
            if (mean != 0)
            {
                slice.add_(mean);
            }
        }
    }

    // Fills the tensor with N(mean, deviation²). In single precision the normals are drawn in float32 blocks of whole
    // runs (about 2^20 elements, so the temporary is reused from the heap) and widened into the float64 tensor.
    private static void Normal(Tensor target, double mean, double deviation, Generator generator, bool singlePrecision)
    {
        if (!singlePrecision)
        {
            target.normal_(mean, deviation, generator);
            return;
        }
        long runs = target.shape[0];
        long runsPerBlock = Math.Max(1, BlockElements / (target.shape[1] * target.shape[2]));
        for (long first = 0; first < runs; first += runsPerBlock)
        {
            using var scope = NewDisposeScope();
            Tensor block = target.narrow(0, first, Math.Min(runsPerBlock, runs - first));
            block.copy_(empty(block.shape, ScalarType.Float32, block.device).normal_(0.0, deviation, generator));
            if (mean != 0)
            {
                block.add_(mean);   // in float64, so that μ is not rounded to float32
            }
        }
    }

    /// <summary>
    /// Draws an upstream gradient <c>g</c> of shape <c>[runs, L, d_out]</c> with mean 0, variance σ_g² and
    /// token–token correlation r_g, from the same construction as <see cref="SampleInput"/> (THEORY.md §5.1, step 2).
    /// It is independent of every earlier draw of this sampler, in particular of the input.
    /// </summary>
    /// <param name="shape">The shape <c>[runs, L, d_out]</c> of the component's output.</param>
    /// <param name="variance">σ_g² ≥ 0, finite.</param>
    /// <param name="correlation">r_g, with −1/(L−1) ≤ r_g ≤ 1.</param>
    /// <returns>A new tensor of <see cref="DataType"/> on <see cref="Device"/>, without gradient tracking.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A moment or dimension is out of range.</exception>
    public Tensor SampleGradient(SampleShape shape, double variance, double correlation)
        => SampleInput(shape, 0.0, variance, correlation);

    /// <summary>The smallest admissible token–token correlation for sequence length L: −1/(L−1) (0 when L = 1),
    /// where the equicorrelation matrix (1−r)I + r·11ᵀ stops being positive semi-definite.</summary>
    /// <param name="length">The sequence length L ≥ 1.</param>
    /// <returns>The lower bound of r.</returns>
    public static double MinimumCorrelation(long length) => length <= 1 ? 0.0 : -1.0 / (length - 1);

    /// <summary>Releases the generators.</summary>
    public void Dispose()
    {
        foreach (Generator generator in generators)
        {
            generator.Dispose();
        }
    }

    /// <summary>
    /// The seed of random stream <paramref name="stream"/>: the SplitMix64 finaliser of seed + (stream + 1)·γ,
    /// γ = 0x9E3779B97F4A7C15, so that neighbouring seeds and streams give unrelated generator states.
    /// </summary>
    /// <param name="seed">The sampler seed.</param>
    /// <param name="stream">The stream index, 0 ≤ stream &lt; <see cref="StreamCount"/>.</param>
    /// <returns>The seed of that stream's <see cref="torch.Generator"/>.</returns>
    public static ulong StreamSeed(ulong seed, int stream)
    {
        unchecked
        {
            ulong value = seed + (ulong)(stream + 1) * 0x9E3779B97F4A7C15UL;
            value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
            value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
            return value ^ (value >> 31);
        }
    }

    private static void EnsureCorrelation(double correlation, long length, string parameterName)
    {
        double minimum = MinimumCorrelation(length);
        // A relative slack of 1e-12 lets r = −1/(L−1) computed in another way pass.
        if (double.IsNaN(correlation) || correlation > 1.0 || correlation < minimum * (1 + 1e-12))
        {
            throw new ArgumentOutOfRangeException(parameterName, correlation,
                $"The token-token correlation must satisfy -1/(L-1) <= r <= 1, that is {minimum} <= r <= 1 for L = {length}.");
        }
    }
}
