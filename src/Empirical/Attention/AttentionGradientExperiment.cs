using System.Diagnostics;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// The Monte Carlo measurement of the input-gradient moments of softmax self-attention at initialisation
/// (ATTENTION.md §10.1), batched in TorchSharp.
/// </summary>
/// <remarks>
/// <para>Every run (= batch element) draws fresh weights W_Q, W_K, W_V ∈ ℝ^{n×h·d} (and W_O ∈ ℝ^{d_m×d_m}) as
/// <c>[runs, ·, ·]</c> tensors, a fresh input X (<see cref="SignalSampler"/>: x_i = σ_x(√r z + √(1−r) z_i), ATTENTION.md
/// §1), a fresh upstream gradient G (variance σ_g², token correlation r_g) and fresh inverted-dropout masks, so runs are
/// i.i.d. and the expectation includes the weights. The block is
/// <c>Y_h = M_h ⊙ softmax(X W_{Q,h} (X W_{K,h})ᵀ/√d) · X W_{V,h}</c> per head, the single-head output Y = Y_1, and the
/// multi-head output <c>O = M_o ⊙ (concat_h(Y_h) W_O)</c> (ATTENTION.md §9). The input gradient
/// g = ∂(Σ out ⊙ G)/∂X is taken by autograd (<c>autograd.grad([out], [X], [G])</c>).</para>
/// <para>Per run the estimators of <see cref="AttentionMomentEstimator"/> give σ̂² and Ĉ of g and of the output; the
/// reported value is the mean over runs with s.e. = std/√runs. Batches of runs are added until the relative s.e. of
/// gVar is below the target, or the run or time cap is reached (<see cref="AttentionMonteCarloOptions"/>).</para>
/// <para>Variance reduction that leaves the target unchanged (§10.1; optional): W_V scaled Haar semi-orthogonal, the
/// shared component of G with fixed norm √width. Both are valid because g (and Y) are linear in W_V and in G, and W_V
/// and G are independent of everything else, so only E[W_V⊗W_V] and E[G⊗G] enter the second moments.</para>
/// </remarks>
public sealed class AttentionGradientExperiment
{
    /// <summary>Creates the experiment.</summary>
    /// <param name="device">Device (e.g. from <see cref="TorchDevice.Resolve"/>); CPU when null.</param>
    /// <param name="dataType">Float64 (default) or Float32.</param>
    /// <param name="options">Adaptive-loop and variance-reduction settings; <see cref="AttentionMonteCarloOptions.Default"/>
    /// when null.</param>
    public AttentionGradientExperiment(Device? device = null, ScalarType dataType = ScalarType.Float64,
        AttentionMonteCarloOptions? options = null)
    {
        _ = TorchDataType.NameOf(dataType);
        Device = device ?? CPU;
        DataType = dataType;
        Options = (options ?? AttentionMonteCarloOptions.Default).EnsureValid();
    }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The scalar type.</summary>
    public ScalarType DataType { get; }

    /// <summary>The settings.</summary>
    public AttentionMonteCarloOptions Options { get; }

    /// <summary>
    /// Measures one configuration: batches of <see cref="AttentionMonteCarloOptions.BatchRunsFor"/> runs until
    /// s.e.(gVar)/gVar &lt; target, runs ≥ cap or time ≥ cap. Reproducible from (<paramref name="seed"/>, options).
    /// </summary>
    /// <param name="attentionCase">The configuration.</param>
    /// <param name="seed">Seed of every random stream of this measurement.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>Means and standard errors of gVar, gCov, output variance and output covariance.</returns>
    public AttentionMeasurement Measure(AttentionCase attentionCase, ulong seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attentionCase);
        attentionCase.EnsureValid();
        var watch = Stopwatch.StartNew();
        using var sampler = new SignalSampler(seed, Device, DataType, Options.SinglePrecisionNormals);
        using var generator = new Generator(SignalSampler.StreamSeed(seed, 97), Device);
        var gVar = new ReplicaStatistics();
        var gCov = new ReplicaStatistics();
        var yVar = new ReplicaStatistics();
        var yCov = new ReplicaStatistics();
        int batch = Options.BatchRunsFor(attentionCase);
        string reason;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int runs = (int)Math.Min(batch, Options.MaxRuns - gVar.Count);
            AttentionRunMoments moments = SampleRuns(attentionCase, sampler, generator, runs);
            gVar.AddRange(moments.GradientVariance);
            gCov.AddRange(moments.GradientCovariance);
            yVar.AddRange(moments.OutputVariance);
            yCov.AddRange(moments.OutputCovariance);
            if (gVar.StandardError / Math.Abs(gVar.Mean) < Options.TargetRelativeError) { reason = "target"; break; }
            if (gVar.Count >= Options.MaxRuns) { reason = "runs"; break; }
            if (watch.Elapsed.TotalSeconds >= Options.MaxSeconds) { reason = "time"; break; }
            if (!double.IsFinite(gVar.Mean)) { reason = "nonfinite"; break; }
        }
        return new AttentionMeasurement(gVar.ToMeasuredValue(), gCov.ToMeasuredValue(), yVar.ToMeasuredValue(),
            yCov.ToMeasuredValue(), gVar.Count, watch.Elapsed.TotalSeconds, reason);
    }

    /// <summary>
    /// Draws <paramref name="runs"/> i.i.d. runs (fresh weights, X, G, masks), in chunks bounded by
    /// <see cref="AttentionMonteCarloOptions.ChunkElements"/>, and returns their per-run estimates. Only doubles leave
    /// the method; every tensor is disposed per chunk.
    /// </summary>
    /// <param name="attentionCase">The configuration (validated by the caller).</param>
    /// <param name="sampler">The source of X.</param>
    /// <param name="generator">The source of the weights, G and the dropout masks.</param>
    /// <param name="runs">The number of runs, ≥ 1.</param>
    /// <returns>The per-run estimates.</returns>
    public AttentionRunMoments SampleRuns(AttentionCase attentionCase, SignalSampler sampler, Generator generator, int runs)
    {
        ArgumentNullException.ThrowIfNull(attentionCase);
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        var c = attentionCase;
        long perRun = Math.Max((long)c.Heads * c.Length * c.Length,
            Math.Max((long)c.Length * Math.Max(c.ModelWidth, c.ProjectionWidth), (long)c.ModelWidth * Math.Max(c.ProjectionWidth, c.OutputWidth)));
        int chunk = (int)Math.Clamp(Options.ChunkElements / perRun, 1, runs);
        var result = new AttentionRunMoments(new double[runs], new double[runs], new double[runs], new double[runs]);
        for (int first = 0; first < runs; first += chunk)
        {
            int size = Math.Min(chunk, runs - first);
            using var scope = NewDisposeScope();
            Tensor estimates = SampleChunk(c, sampler, generator, size).to_type(ScalarType.Float64).cpu().contiguous();
            double[] values = estimates.data<double>().ToArray();   // [4, size] row-major
            Array.Copy(values, 0 * size, result.GradientVariance, first, size);
            Array.Copy(values, 1 * size, result.GradientCovariance, first, size);
            Array.Copy(values, 2 * size, result.OutputVariance, first, size);
            Array.Copy(values, 3 * size, result.OutputCovariance, first, size);
        }
        return result;
    }

    // [4, runs]: gVar, gCov, outVar, outCov per run.
    private Tensor SampleChunk(AttentionCase c, SignalSampler sampler, Generator generator, int runs)
    {
        Tensor x = sampler.SampleInput(new SampleShape(runs, c.Length, c.ModelWidth), 0.0, c.InputVariance, c.InputCorrelation);
        AttentionWeights w = DrawWeights(c, runs, generator);
        Tensor g = UpstreamGradient(runs, c.Length, c.OutputWidth, c.GradientVariance, c.GradientCorrelation,
            Options.FixedNormSharedGradient, generator, DataType, Device, Options.SinglePrecisionNormals);
        Tensor? attentionMask = DropoutMask([runs, c.Heads, c.Length, c.Length], c.AttentionDropout, generator);
        Tensor? hiddenMask = c.MultiHead ? DropoutMask([runs, c.Length, c.ModelWidth], c.HiddenDropout, generator) : null;
        Tensor output, inputGradient;
        using (enable_grad())
        {
            Tensor source = x.requires_grad_(true);
            output = Output(source, w.Query, w.Key, w.Value, w.Output, c.Heads, attentionMask, hiddenMask);
            inputGradient = autograd.grad([output], [source], [g])[0];
        }
        return cat([AttentionMomentEstimator.PerRun(inputGradient), AttentionMomentEstimator.PerRun(output.detach())]);
    }

    /// <summary>
    /// The attention block for given weights and masks (ATTENTION.md §1, §9): per head h,
    /// <c>Y_h = (M_h ⊙ softmax(X W_{Q,h} (X W_{K,h})ᵀ/√d)) X W_{V,h}</c> with d = width/heads; concat over heads;
    /// then, when <paramref name="outputWeight"/> is given, <c>O = M_o ⊙ (concat_h(Y_h) W_O)</c>.
    /// </summary>
    /// <param name="x">X, <c>[runs, L, n]</c>.</param>
    /// <param name="queryWeight">W_Q, <c>[runs, n, h·d]</c> (columns of head h are h·d … h·d + d − 1).</param>
    /// <param name="keyWeight">W_K, <c>[runs, n, h·d]</c>.</param>
    /// <param name="valueWeight">W_V, <c>[runs, n, h·d]</c>.</param>
    /// <param name="outputWeight">W_O, <c>[runs, h·d, d_m]</c>, or null for a single head (output Y).</param>
    /// <param name="heads">h ≥ 1, dividing h·d.</param>
    /// <param name="attentionMask">Inverted-dropout mask on the probabilities (entries 0 or 1/(1−p)),
    /// <c>[runs, h, L, L]</c>, or null for p = 0.</param>
    /// <param name="hiddenMask">Inverted-dropout mask on O, <c>[runs, L, d_m]</c>, or null.</param>
    /// <returns>Y <c>[runs, L, h·d]</c> or O <c>[runs, L, d_m]</c>.</returns>
    public static Tensor Output(Tensor x, Tensor queryWeight, Tensor keyWeight, Tensor valueWeight, Tensor? outputWeight,
        int heads, Tensor? attentionMask, Tensor? hiddenMask)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(queryWeight);
        ArgumentNullException.ThrowIfNull(keyWeight);
        ArgumentNullException.ThrowIfNull(valueWeight);
        long runs = x.shape[0], length = x.shape[1], width = queryWeight.shape[2];
        if (heads < 1 || width % heads != 0)
            throw new ArgumentOutOfRangeException(nameof(heads), heads, $"heads = {heads} must divide the projection width {width}.");
        long d = width / heads;
        Tensor Split(Tensor t) => t.view(runs, length, heads, d).transpose(1, 2);   // [runs, h, L, d]
        Tensor q = Split(x.bmm(queryWeight));
        Tensor k = Split(x.bmm(keyWeight));
        Tensor v = Split(x.bmm(valueWeight));
        Tensor probabilities = q.matmul(k.transpose(-1, -2)).div(Math.Sqrt(d)).softmax(-1);
        if (attentionMask is not null) probabilities = probabilities.mul(attentionMask);
        Tensor y = probabilities.matmul(v).transpose(1, 2).reshape(runs, length, width);
        if (outputWeight is null) return y;
        Tensor o = y.bmm(outputWeight);
        return hiddenMask is null ? o : o.mul(hiddenMask);
    }

    /// <summary>
    /// Draws the weights of <paramref name="runs"/> runs: a fresh, independent W_Q, W_K, W_V (and W_O for multi-head) per
    /// run, as <c>[runs, ·, ·]</c> tensors (ATTENTION.md §10.1; the DSLM scripts draw one weight set per configuration
    /// instead). W_V is scaled Haar semi-orthogonal when <see cref="AttentionMonteCarloOptions.OrthogonalValue"/>.
    /// </summary>
    /// <param name="attentionCase">The configuration.</param>
    /// <param name="runs">Number of runs.</param>
    /// <param name="generator">Random stream.</param>
    /// <returns>The weights, in the caller's dispose scope.</returns>
    public AttentionWeights DrawWeights(AttentionCase attentionCase, int runs, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(attentionCase);
        ArgumentNullException.ThrowIfNull(generator);
        var c = attentionCase;
        int n = c.ModelWidth, k = c.ProjectionWidth;
        Tensor wq = GaussianWeights(runs, n, k, c.QueryVariance, generator);
        Tensor wk = GaussianWeights(runs, n, k, c.KeyVariance, generator);
        Tensor wv = Options.OrthogonalValue ? OrthogonalWeights(runs, n, k, c.ValueVariance, generator, DataType, Device, Options.SinglePrecisionNormals)
                                            : GaussianWeights(runs, n, k, c.ValueVariance, generator);
        Tensor? wo = c.MultiHead ? GaussianWeights(runs, k, c.ModelWidth, c.OutputVariance, generator) : null;
        return new AttentionWeights(wq, wk, wv, wo);
    }

    private Tensor GaussianWeights(int runs, int rows, int columns, double variance, Generator generator)
        => Normals([runs, rows, columns], generator, DataType, Device, Options.SinglePrecisionNormals).mul_(Math.Sqrt(variance));

    // N(0, 1) of the given type; for float64 optionally drawn in float32 and widened (AttentionMonteCarloOptions.SinglePrecisionNormals).
    private static Tensor Normals(long[] shape, Generator generator, ScalarType dataType, Device device, bool singlePrecision)
        => singlePrecision && dataType == ScalarType.Float64
            ? randn(shape, ScalarType.Float32, device, generator: generator).to_type(ScalarType.Float64)
            : randn(shape, dataType, device, generator: generator);

    /// <summary>
    /// A scaled Haar semi-orthogonal matrix per run, <c>[runs, rows, columns]</c>, with
    /// E[W_ac W_bc'] = σ² δ_ab δ_cc' (the second moments of i.i.d. N(0, σ²)): the Q factor of the QR decomposition of a
    /// Gaussian max×min matrix (sign-fixed by diag R so that it is Haar), times √(σ²·max), transposed when rows &lt; columns.
    /// </summary>
    /// <param name="runs">Batch size.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="columns">Columns.</param>
    /// <param name="variance">σ².</param>
    /// <param name="generator">Random stream.</param>
    /// <param name="dataType">Scalar type.</param>
    /// <param name="device">Device.</param>
    /// <param name="singlePrecisionNormals">Draw the Gaussian matrix in float32 (for float64; see
    /// <see cref="AttentionMonteCarloOptions.SinglePrecisionNormals"/>).</param>
    public static Tensor OrthogonalWeights(int runs, int rows, int columns, double variance, Generator generator,
        ScalarType dataType, Device device, bool singlePrecisionNormals = false)
    {
        int big = Math.Max(rows, columns), small = Math.Min(rows, columns);
        using var scope = NewDisposeScope();
        Tensor gaussian = Normals([runs, big, small], generator, dataType, device, singlePrecisionNormals);
        var (q, r) = SingleThreadedQr(gaussian);
        Tensor signs = r.diagonal(0, -2, -1).sign().unsqueeze(-2);
        Tensor w = q.mul(signs).mul_(Math.Sqrt(variance * big));
        return (rows >= columns ? w : w.transpose(1, 2).contiguous()).MoveToOuterDisposeScope();
    }

    // libtorch's batched CPU QR calls LAPACK once per matrix inside its intra-op parallel loop; on this 2-core machine
    // it was 4–20× slower with 2 intra-op threads than with 1 ([64, 64, 64]: 75 vs 19 ms; [64, 128, 128]: 497 vs
    // 55 ms), and the QR of W_V then dominated a multi-head run. So it runs with one intra-op thread (restored after;
    // the thread count affects speed only, never results).
    private static (Tensor Q, Tensor R) SingleThreadedQr(Tensor matrices)
    {
        if (matrices.device_type != TorchSharp.DeviceType.CPU) return linalg.qr(matrices);
        int threads = get_num_threads();
        if (threads <= 1) return linalg.qr(matrices);
        set_num_threads(1);
        try { return linalg.qr(matrices); }
        finally { set_num_threads(threads); }
    }

    /// <summary>
    /// The upstream gradient G, <c>[runs, L, width]</c>: <c>σ_g(√(1−r_g) z + √r_g s)</c> with z ~ N(0, 1) per entry and a
    /// shared s per run and feature, either N(0, 1) or (variance reduction) of fixed norm √width with uniform direction.
    /// Either way E[G_ic G_jc'] = σ_g² δ_cc' (δ_ij + r_g(1 − δ_ij)).
    /// </summary>
    /// <param name="runs">Batch size.</param>
    /// <param name="length">L.</param>
    /// <param name="width">Output width.</param>
    /// <param name="variance">σ_g².</param>
    /// <param name="correlation">r_g ∈ [0, 1].</param>
    /// <param name="fixedNormShared">Fixed-norm shared component.</param>
    /// <param name="generator">Random stream.</param>
    /// <param name="dataType">Scalar type.</param>
    /// <param name="device">Device.</param>
    /// <param name="singlePrecisionNormals">Draw the normals in float32 (for float64; see
    /// <see cref="AttentionMonteCarloOptions.SinglePrecisionNormals"/>).</param>
    public static Tensor UpstreamGradient(int runs, int length, int width, double variance, double correlation,
        bool fixedNormShared, Generator generator, ScalarType dataType, Device device, bool singlePrecisionNormals = false)
    {
        using var scope = NewDisposeScope();
        Tensor g = Normals([runs, length, width], generator, dataType, device, singlePrecisionNormals).mul_(Math.Sqrt(1 - correlation));
        if (correlation > 0)
        {
            Tensor shared = Normals([runs, 1, width], generator, dataType, device, singlePrecisionNormals);
            if (fixedNormShared) shared = shared.div(shared.norm(-1, keepdim: true)).mul_(Math.Sqrt(width));
            g.add_(shared.mul_(Math.Sqrt(correlation)));
        }
        return g.mul_(Math.Sqrt(variance)).MoveToOuterDisposeScope();
    }

    private Tensor? DropoutMask(long[] shape, double probability, Generator generator)
        => probability > 0
            ? rand(shape, DataType, Device, generator: generator).ge(probability).to_type(DataType).div_(1.0 - probability)
            : null;
}
