using SignalProp.Empirical.Attention;
using SignalProp.Theory.Components;

namespace SignalProp.Cli.Reporting;

/// <summary>One configuration of figure 8a: the measured input-gradient variance and the two predictions.</summary>
/// <param name="Case">The attention configuration.</param>
/// <param name="Measured">The fresh-weights Monte Carlo mean of σ²_{g,in}.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="Authors">The authors' value-path prediction (THEORY.md §2.8).</param>
/// <param name="Full">The full prediction (ATTENTION.md §7, the model's default).</param>
public sealed record AttentionFigurePoint(AttentionCase Case, double Measured, double StandardError, double Authors, double Full);

/// <summary>
/// Figure 8a's data: the attention Monte Carlo of <c>verify attention</c> (ATTENTION.md §10.1: fresh weights per run,
/// TorchSharp, CPU, float64) on a seeded sample of the quick grid, with both predictions through the Theory components.
/// </summary>
public sealed class AttentionFigureData
{
    private AttentionFigureData(IReadOnlyList<AttentionFigurePoint> points, double seconds) => (Points, Seconds) = (points, seconds);

    /// <summary>The configurations measured.</summary>
    public IReadOnlyList<AttentionFigurePoint> Points { get; }

    /// <summary>Wall time of the measurements.</summary>
    public double Seconds { get; }

    /// <summary>Relative errors |m − p|/m of one predictor over the points.</summary>
    public IReadOnlyList<double> Errors(Func<AttentionFigurePoint, double> predictor)
        => [.. Points.Select(p => Math.Abs(p.Measured - predictor(p)) / Math.Abs(p.Measured))];

    /// <summary>Measures <paramref name="count"/> configurations of the quick grid (at most 6 s each).</summary>
    /// <param name="count">Configurations.</param>
    /// <param name="seed">Sampling and Monte Carlo seed.</param>
    public static AttentionFigureData Run(int count, int seed = 42)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var experiment = new AttentionGradientExperiment(options: new AttentionMonteCarloOptions(TargetRelativeError: 0.01, MaxSeconds: 6));
        var points = new List<AttentionFigurePoint>();
        foreach (var (c, i) in AttentionGrids.Sample(AttentionGrids.Quick, count, seed).Select((c, i) => (c, i)))
        {
            var m = experiment.Measure(c, (ulong)(seed + i));
            points.Add(new AttentionFigurePoint(c, m.GradientVariance.Mean, m.GradientVariance.StandardError,
                AttentionPredictors.Component(c, AttentionBackward.Value).Variance, AttentionPredictors.Component(c, AttentionBackward.Full).Variance));
        }
        return new AttentionFigureData(points, clock.Elapsed.TotalSeconds);
    }
}
