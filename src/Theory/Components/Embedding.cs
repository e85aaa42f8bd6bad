using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Components;

/// <summary>
/// Word + position (+ segment) embeddings followed by embedding dropout: a <em>source</em>. Its forward map ignores the
/// input moments and returns the embedding statistics (THEORY.md §2.1 [DERIVED]): μ = 0,
/// σ² = (σ_E² + σ_P² + σ_S²)/(1−p), r = (σ_E² q_tok + σ_S² q_seg)(1−p)/(σ_E² + σ_P² + σ_S²), with q_tok the token collision
/// probability (Zipf(s) over the vocabulary by default) and q_seg = 1/segments. Its backward map gives the gradient
/// at the summed tables (through the dropout).
/// </summary>
public sealed record Embedding : Component
{
    /// <summary>Creates the embedding.</summary>
    /// <param name="vocabularySize">|V| ≥ 1.</param>
    /// <param name="zipfExponent">s ≥ 0 of the Zipf unigram law (1 = classic Zipf).</param>
    /// <param name="wordStd">σ_E ≥ 0.</param>
    /// <param name="positionStd">σ_P ≥ 0.</param>
    /// <param name="segmentStd">σ_S ≥ 0 (0: no segment table).</param>
    /// <param name="segments">Number of equiprobable segments ≥ 1 (BERT with NSP: 2).</param>
    /// <param name="dropProbability">Embedding dropout p in [0, 1).</param>
    public Embedding(int vocabularySize, double zipfExponent, double wordStd, double positionStd, double segmentStd = 0.0,
        int segments = 2, double dropProbability = 0.0)
    {
        VocabularySize = vocabularySize;
        ZipfExponent = zipfExponent;
        WordStd = wordStd;
        PositionStd = positionStd;
        SegmentStd = segmentStd;
        Segments = segments;
        DropProbability = dropProbability;
    }

    /// <summary>|V|. Range: ≥ 1.</summary>
    public int VocabularySize { get; init => field = Require.AtLeast(value, 1, "vocab-size"); }

    /// <summary>s, the Zipf exponent. Range: ≥ 0.</summary>
    public double ZipfExponent { get; init => field = Require.NonNegativeFinite(value, "zipf-exponent"); }

    /// <summary>An explicit token collision probability q_tok that replaces the Zipf value (e.g. measured on a corpus). Range: [0, 1].</summary>
    public double? TokenCollisionOverride { get; init => field = value is double q ? Require.Probability(q, "token-collision") : null; }

    /// <summary>σ_E. Range: ≥ 0.</summary>
    public double WordStd { get; init => field = Require.NonNegativeFinite(value, "word-std"); }

    /// <summary>σ_P. Range: ≥ 0.</summary>
    public double PositionStd { get; init => field = Require.NonNegativeFinite(value, "position-std"); }

    /// <summary>σ_S. Range: ≥ 0.</summary>
    public double SegmentStd { get; init => field = Require.NonNegativeFinite(value, "segment-std"); }

    /// <summary>The number of equiprobable segments. Range: ≥ 1.</summary>
    public int Segments { get; init => field = Require.AtLeast(value, 1, "segments"); }

    /// <summary>Embedding dropout p. Range: [0, 1).</summary>
    public double DropProbability { get; init => field = Require.DropProbability(value, "p"); }

    /// <summary>q_tok = Pr(t_i = t_j): the override, or H_{V,2s}/H_{V,s}² for Zipf(s).</summary>
    public double TokenCollision => TokenCollisionOverride ?? ZipfDistribution.CollisionProbability(VocabularySize, ZipfExponent);

    /// <summary>The moments of the summed tables, before dropout.</summary>
    public ForwardMoments Tables => EmbeddingFormulas.Tables(WordStd, PositionStd, SegmentStd, TokenCollision, 1.0 / Segments);

    /// <inheritdoc />
    protected override bool BackwardReadsInput => false;

    /// <inheritdoc />
    protected override ForwardMoments ForwardCore(ForwardMoments input) => DropoutFormulas.Forward(Tables, DropProbability);

    /// <inheritdoc />
    protected override GradientMoments BackwardCore(ForwardMoments input, GradientMoments outputGradient)
        => DropoutFormulas.Backward(outputGradient, DropProbability);
}
