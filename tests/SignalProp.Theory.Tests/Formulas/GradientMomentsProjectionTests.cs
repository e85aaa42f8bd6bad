using SignalProp.Theory.Components;

namespace SignalProp.Theory.Tests.Formulas;

/// <summary><see cref="GradientMoments.LayerNormProjection"/>: isotropic (2) unless a Post-LN sub-layer sets it, kept by
/// scaling, dropped by any component that builds new moments.</summary>
public class GradientMomentsProjectionTests
{
    [Fact]
    public void Defaults_to_isotropic_and_travels_with_scaling()
    {
        Assert.Equal(2.0, new GradientMoments(1.0, 0.3).LayerNormProjection);
        Assert.Equal(2.0, default(GradientMoments).LayerNormProjection);
        var set = new GradientMoments(1.0, 0.3).WithLayerNormProjection(0.75);
        Assert.Equal(0.75, set.LayerNormProjection, 15);
        Assert.Equal(0.75, set.Scale(3.0).LayerNormProjection, 15);
        Assert.Equal(0.75, (set with { Correlation = 0.5 }).LayerNormProjection, 15);
        Assert.NotEqual(new GradientMoments(1.0, 0.3), set); // equality sees it
        // A component's backward builds new moments: isotropic again.
        Assert.Equal(2.0, new LayerNorm(64).Backward(new ForwardMoments(0, 1, 0.2), set).LayerNormProjection);
    }
}
