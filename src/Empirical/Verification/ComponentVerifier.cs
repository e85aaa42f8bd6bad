using System.Diagnostics;
using SignalProp.Theory;
using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Verification;

/// <summary>
/// Measures one configuration (THEORY.md §5.1) and compares it with the Theory prediction: per replica, fresh weights
/// (<see cref="ComponentLayers"/>), an input with the requested (μ, σ², r) and an independent upstream gradient
/// (σ_g², r_g) from <see cref="SignalSampler"/>, forward and vector–Jacobian product
/// (<see cref="VectorJacobianProduct"/>, the authors' loss Σ out ⊙ g), then O(n) moments of the output and of the
/// input gradient (<see cref="MomentEstimator"/>). Replicas give the standard errors. Predictions come only from the
/// spec's Forward/Backward (and, for LayerNorm's feature covariance, <see cref="LayerNormFormulas.FeatureCovariance"/>;
/// for softmax's approximate forms, the spec with <c>Approximate = true</c>).
/// </summary>
public sealed class ComponentVerifier
{
    /// <summary>Creates a verifier.</summary>
    /// <param name="device">Where to run.</param>
    /// <param name="dataType">Float32 or Float64.</param>
    /// <param name="drawInSinglePrecision">For Float64: draw the normals in float32 (see <see cref="SignalSampler"/>).</param>
    /// <param name="algorithm">The sampler's source of normals; the counter-based vectorised generator by default
    /// (several times faster than libtorch's serial <c>normal_</c> on CPU, same distribution).</param>
    public ComponentVerifier(Device? device = null, ScalarType dataType = ScalarType.Float64, bool drawInSinglePrecision = true,
        SamplerAlgorithm algorithm = SamplerAlgorithm.CounterBased)
    {
        Device = device ?? CPU;
        DataType = dataType;
        DrawInSinglePrecision = drawInSinglePrecision;
        Algorithm = algorithm;
        LargeAllocationReuse.EnsureConfigured();   // reuse the replicas' large buffers instead of fresh mmaps
    }

    /// <summary>The sampler's source of normals.</summary>
    public SamplerAlgorithm Algorithm { get; }

    /// <summary>The device.</summary>
    public Device Device { get; }

    /// <summary>The scalar type.</summary>
    public ScalarType DataType { get; }

    /// <summary>Whether float64 samples are drawn in float32.</summary>
    public bool DrawInSinglePrecision { get; }

    /// <summary>Measures <paramref name="verificationCase"/> with random streams derived from <paramref name="seed"/>.
    /// Never throws for a numerical failure: overflow, NaN or an exception of the layer give a failed result.</summary>
    /// <param name="verificationCase">The configuration.</param>
    /// <param name="seed">The configuration's seed.</param>
    /// <returns>The comparison.</returns>
    public VerificationResult Verify(VerificationCase verificationCase, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(verificationCase);
        var watch = Stopwatch.StartNew();
        try
        {
            var replicas = MeasureReplicas(verificationCase, seed);
            var quantities = Compare(verificationCase, replicas);
            string? failure = quantities.Any(q => !double.IsFinite(q.Measured))
                ? "measurement overflow or NaN: " + string.Join(", ", quantities.Where(q => !double.IsFinite(q.Measured)).Select(q => q.Name))
                : quantities.Any(q => !double.IsFinite(q.Predicted))
                    ? "prediction overflow or NaN: " + string.Join(", ", quantities.Where(q => !double.IsFinite(q.Predicted)).Select(q => q.Name))
                    : null;
            return new VerificationResult(verificationCase, failure is null ? quantities : [], watch.Elapsed.TotalSeconds, failure);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new VerificationResult(verificationCase, [], watch.Elapsed.TotalSeconds, exception.GetType().Name + ": " + exception.Message);
        }
    }

    /// <summary>The per-replica statistics of one configuration: for each replica the output and input-gradient
    /// moments.</summary>
    /// <param name="verificationCase">The configuration.</param>
    /// <param name="seed">The configuration's seed.</param>
    /// <returns>One (output, gradient) pair per replica.</returns>
    public IReadOnlyList<(MeasuredMoments Output, MeasuredMoments Gradient)> MeasureReplicas(VerificationCase verificationCase, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(verificationCase);
        bool features = verificationCase.Spec is LayerNorm;
        var measured = new List<(MeasuredMoments, MeasuredMoments)>(verificationCase.Replicas);
        using var sampler = new SignalSampler(seed, Device, DataType, DrawInSinglePrecision, Algorithm);
        for (int replica = 0; replica < verificationCase.Replicas; replica++)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(SignalSampler.StreamSeed(seed ^ 0x5EED_0F_7EA5UL, replica), Device);
            Func<Tensor, Tensor> layer = ComponentLayers.Create(verificationCase.Spec, generator, DataType, Device);
            PropagationResult result = VectorJacobianProduct.Propagate(sampler, layer, verificationCase.Shape,
                verificationCase.Input.Mean, verificationCase.Input.Variance, verificationCase.Input.Correlation,
                verificationCase.OutputGradient.Variance, verificationCase.OutputGradient.Correlation);
            measured.Add((MomentEstimator.Measure(result.Output, features), MomentEstimator.Measure(result.InputGradient)));
        }
        return measured;
    }

    /// <summary>Compares replica measurements with the spec's prediction, quantity by quantity, with the authors'
    /// calc_err calls (pred_var for means, x-cov and g-cov — except sha's g-cov, a pure relative error; variances
    /// relative; softmax.py's own error function for softmax).</summary>
    /// <param name="verificationCase">The configuration.</param>
    /// <param name="replicas">Per-replica measurements.</param>
    /// <returns>The quantities of THEORY.md §5.4 for this component.</returns>
    public static IReadOnlyList<QuantityResult> Compare(VerificationCase verificationCase, IReadOnlyList<(MeasuredMoments Output, MeasuredMoments Gradient)> replicas)
    {
        ArgumentNullException.ThrowIfNull(verificationCase);
        ArgumentNullException.ThrowIfNull(replicas);
        IComponent spec = verificationCase.Spec;
        ForwardMoments forward = spec.Forward(verificationCase.Input);
        GradientMoments backward = spec.Backward(verificationCase.Input, verificationCase.OutputGradient);
        MeasuredValue Summary(Func<(MeasuredMoments Output, MeasuredMoments Gradient), double> pick) => ReplicaStatistics.Summarize(replicas.Select(pick));
        var xMean = Summary(r => r.Output.Mean);
        var xVar = Summary(r => r.Output.Variance);
        var gVar = Summary(r => r.Gradient.Variance);
        var results = new List<QuantityResult>();
        QuantityResult Make(string name, double predicted, MeasuredValue value, double error)
            => new(name, predicted, value.Mean, value.StandardError, error);

        if (spec is Softmax softmax)
        {
            var approximate = softmax with { Approximate = true };
            ForwardMoments forwardApprox = approximate.Forward(verificationCase.Input);
            GradientMoments backwardApprox = approximate.Backward(verificationCase.Input, verificationCase.OutputGradient);
            results.Add(Make(Quantities.XMean, forward.Mean, xMean, ErrorMetric.SoftmaxErr(xMean.Mean, forward.Mean, forward.Variance)));
            results.Add(Make(Quantities.XVar, forward.Variance, xVar, ErrorMetric.SoftmaxErr(xVar.Mean, forward.Variance, 0)));
            results.Add(Make(Quantities.XVarApprox, forwardApprox.Variance, xVar, ErrorMetric.SoftmaxErr(xVar.Mean, forwardApprox.Variance, 0)));
            results.Add(Make(Quantities.GVar, backward.Variance, gVar, ErrorMetric.SoftmaxErr(gVar.Mean, backward.Variance, 0)));
            results.Add(Make(Quantities.GVarApprox, backwardApprox.Variance, gVar, ErrorMetric.SoftmaxErr(gVar.Mean, backwardApprox.Variance, 0)));
            return results;
        }

        var xCov = Summary(r => r.Output.TokenCovariance);
        var gCov = Summary(r => r.Gradient.TokenCovariance);
        results.Add(Make(Quantities.XMean, forward.Mean, xMean, ErrorMetric.CalcErr(xMean.Mean, forward.Mean, forward.Variance)));
        results.Add(Make(Quantities.XVar, forward.Variance, xVar, ErrorMetric.CalcErr(xVar.Mean, forward.Variance)));
        results.Add(Make(Quantities.GVar, backward.Variance, gVar, ErrorMetric.CalcErr(gVar.Mean, backward.Variance)));
        results.Add(Make(Quantities.XCov, forward.TokenCovariance, xCov, ErrorMetric.CalcErr(xCov.Mean, forward.TokenCovariance, forward.Variance)));
        bool authorsShaRelative = verificationCase.Component == "sha";
        results.Add(Make(Quantities.GCov, backward.TokenCovariance, gCov,
            ErrorMetric.CalcErr(gCov.Mean, backward.TokenCovariance, authorsShaRelative ? 0 : backward.Variance)));
        if (spec is LayerNorm layerNorm)
        {
            var xCovFeatures = Summary(r => r.Output.FeatureCovariance);
            double predicted = LayerNormFormulas.FeatureCovariance(layerNorm.Features) * forward.Variance;
            results.Add(Make(Quantities.XCovFeatures, predicted, xCovFeatures, ErrorMetric.CalcErr(xCovFeatures.Mean, predicted, forward.Variance)));
        }
        return results;
    }
}
