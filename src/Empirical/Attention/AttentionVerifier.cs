using System.Diagnostics;
using SignalProp.Empirical.Verification;
using static TorchSharp.torch;

namespace SignalProp.Empirical.Attention;

/// <summary>
/// Runs attention configurations through <see cref="AttentionGradientExperiment"/>, calls every predictor and computes
/// the ATTENTION.md §10.1 errors: gVar |m − p|/|m|; gCov min(|m − p|/|m|, |m − p|/predicted variance) (the authors'
/// <see cref="ErrorMetric.CalcErr"/>) and its pure relative error; percentiles p50/p90/p99/max with the DSLM indexing.
/// Optionally writes every row as it arrives (<see cref="AttentionRowWriter"/>).
/// </summary>
public sealed class AttentionVerifier
{
    /// <summary>Creates a verifier.</summary>
    /// <param name="experiment">The Monte Carlo.</param>
    /// <param name="predictors">The predictors (e.g. <see cref="AttentionPredictors.Registered"/>); names must be unique.</param>
    public AttentionVerifier(AttentionGradientExperiment experiment, IReadOnlyList<AttentionPredictor> predictors)
    {
        Experiment = experiment ?? throw new ArgumentNullException(nameof(experiment));
        ArgumentNullException.ThrowIfNull(predictors);
        if (predictors.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != predictors.Count)
            throw new ArgumentException("Predictor names must be unique.", nameof(predictors));
        Predictors = predictors;
    }

    /// <summary>The Monte Carlo.</summary>
    public AttentionGradientExperiment Experiment { get; }

    /// <summary>The predictors.</summary>
    public IReadOnlyList<AttentionPredictor> Predictors { get; }

    /// <summary>
    /// Runs <paramref name="cases"/> in order (configuration i uses the Monte Carlo seed
    /// <see cref="SweepRunner.ConfigurationSeed"/>(seed, i)) and summarises them.
    /// </summary>
    /// <param name="grid">The grid name (file name stem and summary label).</param>
    /// <param name="cases">The configurations.</param>
    /// <param name="seed">The sweep seed.</param>
    /// <param name="outputDirectory">Directory for <c>attention-&lt;grid&gt;.csv</c> and <c>.jsonl</c>, or null.</param>
    /// <param name="progress">Reported after each configuration.</param>
    /// <param name="cancellationToken">Stops between configurations.</param>
    public AttentionVerificationSummary Run(string grid, IReadOnlyList<AttentionCase> cases, int seed,
        string? outputDirectory = null, IProgress<AttentionVerificationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(cases);
        var watch = Stopwatch.StartNew();
        var rows = new List<AttentionVerificationRow>(cases.Count);
        using var writer = outputDirectory is null ? null : new AttentionRowWriter(outputDirectory, "attention-" + grid, Predictors);
        for (int i = 0; i < cases.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong configurationSeed = SweepRunner.ConfigurationSeed(seed, i);
            AttentionVerificationRow row;
            try
            {
                AttentionMeasurement measurement;
                using (NewDisposeScope()) measurement = Experiment.Measure(cases[i], configurationSeed, cancellationToken);
                row = Evaluate(i, cases[i], measurement, configurationSeed, Predictors);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                row = new AttentionVerificationRow(i, cases[i], null, [], configurationSeed, e.GetType().Name + ": " + e.Message);
            }
            rows.Add(row);
            writer?.Write(row);
            progress?.Report(new AttentionVerificationProgress(i + 1, cases.Count, row, watch.Elapsed.TotalSeconds));
        }
        return AttentionVerificationSummary.From(grid, Predictors, rows, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Calls every predictor on <paramref name="attentionCase"/> and computes its errors against
    /// <paramref name="measurement"/>. A predictor that throws gives NaN errors and its message.</summary>
    /// <param name="index">Position in the sweep.</param>
    /// <param name="attentionCase">The configuration.</param>
    /// <param name="measurement">The Monte Carlo result.</param>
    /// <param name="seed">The Monte Carlo seed used.</param>
    /// <param name="predictors">The predictors.</param>
    public static AttentionVerificationRow Evaluate(int index, AttentionCase attentionCase, AttentionMeasurement measurement,
        ulong seed, IReadOnlyList<AttentionPredictor> predictors)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        ArgumentNullException.ThrowIfNull(predictors);
        string? failure = double.IsFinite(measurement.GradientVariance.Mean) && double.IsFinite(measurement.GradientCovariance.Mean)
            ? null : "the measured gradient moments are not finite";
        var results = new List<AttentionPredictorResult>(predictors.Count);
        foreach (var predictor in predictors)
        {
            AttentionPrediction prediction;
            string? message = null;
            try { prediction = predictor.Predict(attentionCase); }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or Theory.AssumptionViolatedException)
            {
                prediction = AttentionPrediction.Unavailable;
                message = e.Message;
            }
            results.Add(Errors(predictor.Name, measurement, prediction, message));
        }
        return new AttentionVerificationRow(index, attentionCase, measurement, results, seed, failure);
    }

    /// <summary>The ATTENTION.md §10.1 errors of one prediction (fractions).</summary>
    /// <param name="name">The predictor name.</param>
    /// <param name="measurement">The measurement.</param>
    /// <param name="prediction">The prediction.</param>
    /// <param name="message">Why the prediction is unavailable, or null.</param>
    public static AttentionPredictorResult Errors(string name, AttentionMeasurement measurement, AttentionPrediction prediction, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        double mv = measurement.GradientVariance.Mean, mc = measurement.GradientCovariance.Mean;
        bool available = double.IsFinite(prediction.Variance) && double.IsFinite(prediction.Covariance);
        double varianceError = available ? ErrorMetric.CalcErr(mv, prediction.Variance) : double.NaN;
        double covarianceError = available ? ErrorMetric.CalcErr(mc, prediction.Covariance, prediction.Variance) : double.NaN;
        double covarianceRelative = available ? ErrorMetric.CalcErr(mc, prediction.Covariance) : double.NaN;
        return new AttentionPredictorResult(name, prediction, varianceError, covarianceError, covarianceRelative,
            message ?? (available ? null : "prediction not finite"));
    }
}
