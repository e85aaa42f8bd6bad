namespace SignalProp.Theory.Formulas;

/// <summary>
/// Moments of the summed embedding x_i = E[t_i] + P[i] + S[s_i] (word, position, segment tables with
/// N(0, σ²) entries) and of its dropout. THEORY.md §2.1 [DERIVED]: μ = 0, σ² = σ_E² + σ_P² + σ_S²,
/// C = σ_E² q_tok + σ_S² q_seg (distinct positions have independent rows), then dropout p: σ² → σ²/(1−p), C kept.
/// </summary>
public static class EmbeddingFormulas
{
    /// <summary>The moments of the summed tables before dropout.</summary>
    public static ForwardMoments Tables(double wordStd, double positionStd, double segmentStd, double tokenCollision, double segmentCollision)
    {
        double w = wordStd * wordStd, p = positionStd * positionStd, s = segmentStd * segmentStd;
        return ForwardMoments.FromCovariance(0.0, w + p + s, w * tokenCollision + s * segmentCollision);
    }
}
