using SignalProp.Theory.Components;
using SignalProp.Theory.Formulas;

namespace SignalProp.Theory.Tests.Components;

/// <summary><see cref="LayerNorm.ForwardAfterResidual"/>: where the normalised-skip map applies and where it does not.</summary>
public class LayerNormAfterResidualTests
{
    private static readonly ForwardMoments Skip = new(0, 1, 0.6), Branch = new(0, 0.8, 0.9);

    [Fact]
    public void Applies_only_to_a_normalised_skip_under_the_exact_map()
    {
        var z = new ForwardMoments(0, 0.95 + 0.05 * 0.8, (0.95 * 0.6 + 0.05 * 0.8 * 0.9) / (0.95 + 0.05 * 0.8));
        var exact = new LayerNorm(256);
        double lambda = Math.Sqrt(0.95), beta = Math.Sqrt(0.05);
        Assert.Equal(exact.Forward(z), exact.ForwardAfterResidual(Skip, lambda, Branch, beta, z, skipIsNormalised: false));
        var authors = new LayerNorm(256, LayerNormCorrelation.Authors);
        Assert.Equal(authors.Forward(z), authors.ForwardAfterResidual(Skip, lambda, Branch, beta, z, skipIsNormalised: true));
        var normalised = exact.ForwardAfterResidual(Skip, lambda, Branch, beta, z, skipIsNormalised: true);
        Assert.Equal(LayerNormFormulas.NormalisedSkipCorrelation(0.6, 0.95, 0.05 * 0.8, 0.9, 256), normalised.Correlation, 15);
        // A small branch on a normalised stream: the LayerNorm barely moves r, unlike the Gaussian exact map.
        Assert.True(Math.Abs(normalised.Correlation - z.Correlation) < 0.2 * Math.Abs(exact.Forward(z).Correlation - z.Correlation));
        Assert.Equal(1.0, normalised.Variance);
    }
}
