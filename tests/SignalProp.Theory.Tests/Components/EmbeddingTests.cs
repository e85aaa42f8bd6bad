using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;
using SignalProp.Theory.Tests.Support;

namespace SignalProp.Theory.Tests.Components;

public class EmbeddingTests
{
    [Fact] // THEORY.md §2.1: three equal tables, 2 segments: r = (q_tok + 0.5)/3 ≈ 0.171; word + position only: q_tok/2 ≈ 0.007
    public void Correlation_from_repeated_tokens_and_segments()
    {
        var three = new Embedding(30522, 1.0, 1, 1, 1, segments: 2);
        Approx.Printed(0.171, three.Forward(default).Correlation, 3);
        Approx.Relative((0.01384 + 0.5) / 3, three.Forward(default).Correlation, 1e-3);
        var two = new Embedding(30522, 1.0, 1, 1, 0);
        Approx.Printed(0.007, two.Forward(default).Correlation, 1);
    }

    [Fact] // THEORY.md §2.1 / §4.2: DSLM tables σ = √((1−p)/3): summed variance 1−p, exactly 1 after embedding dropout; r → r(1−p)
    public void Dropout_scales_variance_and_correlation()
    {
        double s = Math.Sqrt(0.9 / 3);
        var emb = new Embedding(30522, 1.0, s, s, s, 2, 0.1);
        var y = emb.Forward(default);
        Approx.Relative(1.0, y.Variance, 1e-14);
        Approx.Relative(emb.Tables.Correlation * 0.9, y.Correlation, 1e-14);
        Assert.Equal(0.0, y.Mean);
        Approx.Relative(1 / 0.9, emb.Backward(default, GradientMoments.Unit).Variance, 1e-14);
    }

    [Fact]
    public void Override_and_validation()
    {
        var emb = new Embedding(100, 1, 1, 0, 0) { TokenCollisionOverride = 0.25 };
        Assert.Equal(0.25, emb.Forward(default).Correlation);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(10, 1, 1, 1, dropProbability: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => emb with { TokenCollisionOverride = 1.5 });
        Approx.Relative(ZipfDistribution.CollisionProbability(100, 1), new Embedding(100, 1, 1, 0, 0).TokenCollision, 1e-15);
    }
}
