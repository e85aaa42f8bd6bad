namespace SignalProp.Theory.Tests.Support;

/// <summary>Laws every component must satisfy (DESIGN.md lesson 7: a shared contract suite).</summary>
public static class ComponentContract
{
    /// <summary>
    /// Backward is homogeneous of degree 1 in σ_g² and leaves r_g's map independent of the scale; forward output is
    /// finite and valid for a valid input; forward is deterministic.
    /// </summary>
    public static void Check(IComponent component, ForwardMoments input, GradientMoments gradient)
    {
        var y = component.Forward(input);
        Assert.True(y.IsFinite, $"{component.GetType().Name}: forward not finite: {y}");
        Assert.True(y.Variance >= 0 && Math.Abs(y.Correlation) <= 1, $"{component.GetType().Name}: invalid output {y}");
        Assert.Equal(y, component.Forward(input));
        var g1 = component.Backward(input, gradient);
        var g2 = component.Backward(input, gradient.Scale(3.7));
        Approx.Relative(3.7 * g1.Variance, g2.Variance, 1e-13, 1e-300, $"{component.GetType().Name}: homogeneity");
        Approx.Absolute(g1.Correlation, g2.Correlation, 1e-13, $"{component.GetType().Name}: r_g scale-free");
        Assert.True(g1.Variance >= 0 && Math.Abs(g1.Correlation) <= 1, $"{component.GetType().Name}: invalid gradient {g1}");
    }
}
