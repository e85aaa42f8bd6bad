using System.Text.Json.Serialization;

namespace SignalProp.Cli.Prediction;

/// <summary>
/// The result of <c>signalprop predict component</c>, serialized as is by <c>--json</c> (property order = JSON order):
/// <c>{"component":…,"forward":{…},"backward":{…},["scoreVariance":…,]["tokenCollision":…,]"input":{…},"outputGradient":{…},"parameters":{…}}</c>.
/// </summary>
public sealed record ComponentReport
{
    /// <summary>The component name as requested (lower case).</summary>
    public required string Component { get; init; }

    /// <summary>Moments of the output.</summary>
    public required ForwardReport Forward { get; init; }

    /// <summary>Moments of the gradient at the input.</summary>
    public required GradientReport Backward { get; init; }

    /// <summary>sha/mha: the attention logit variance S² = d_in² E[x²]² σ_q² σ_k² (THEORY.md §1).</summary>
    public double? ScoreVariance { get; init; }

    /// <summary>embedding: the token collision probability q_tok (THEORY.md §2.1).</summary>
    public double? TokenCollision { get; init; }

    /// <summary>The input moments used (null for sources, which ignore them).</summary>
    public ForwardReport? Input { get; init; }

    /// <summary>The gradient moments at the output that were propagated back.</summary>
    public required GradientReport OutputGradient { get; init; }

    /// <summary>The component's parameters after defaults were applied, keyed by option name without dashes, in a fixed order.</summary>
    public required IReadOnlyDictionary<string, object> Parameters { get; init; }

    /// <summary>One line describing what was computed (table output only).</summary>
    [JsonIgnore]
    public string Summary { get; init; } = "";

    /// <summary>The printed quantities that are not finite, as <c>(path, value)</c>, e.g. <c>("forward.variance", +∞)</c>.</summary>
    public IEnumerable<(string Path, double Value)> NonFinite()
    {
        (string, double?)[] all =
        [
            ("forward.mean", Forward.Mean), ("forward.variance", Forward.Variance), ("forward.correlation", Forward.Correlation),
            ("forward.covariance", Forward.Covariance), ("forward.varianceApprox", Forward.VarianceApprox),
            ("backward.variance", Backward.Variance), ("backward.correlation", Backward.Correlation),
            ("backward.covariance", Backward.Covariance), ("backward.varianceApprox", Backward.VarianceApprox),
            ("scoreVariance", ScoreVariance), ("tokenCollision", TokenCollision),
        ];
        foreach (var (path, value) in all)
            if (value is double v && !double.IsFinite(v)) yield return (path, v);
    }
}
