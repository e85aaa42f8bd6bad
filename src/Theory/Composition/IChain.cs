namespace SignalProp.Theory.Composition;

/// <summary>
/// A composite whose children are applied one after another, y = f_n(… f_1(x)). The backward map of a chain needs
/// the forward input of every child; <see cref="IComponent.Backward"/> recomputes them, which doubles the cost of a
/// forward-then-backward sweep. A caller that runs the forward pass anyway (the whole-model recurrences of
/// <see cref="Models.TransformerModel"/>) records those inputs once with <see cref="ForwardRecording"/>
/// and hands them back to <see cref="BackwardRecorded"/>. Together they give
/// exactly the results of the plain <see cref="IComponent.Forward"/> and <see cref="IComponent.Backward"/>.
/// </summary>
public interface IChain : IComposite
{
    /// <summary>The forward map, writing the input of child i to <paramref name="childInputs"/>[i].</summary>
    /// <param name="input">The chain's input moments.</param>
    /// <param name="childInputs">At least <see cref="IComposite.Children"/>.Count slots.</param>
    ForwardMoments ForwardRecording(ForwardMoments input, Span<ForwardMoments> childInputs);

    /// <summary>The backward map given the child inputs recorded by <see cref="ForwardRecording"/>.</summary>
    /// <param name="childInputs">The recorded inputs, one per child.</param>
    /// <param name="outputGradient">The gradient moments at the chain's output.</param>
    GradientMoments BackwardRecorded(ReadOnlySpan<ForwardMoments> childInputs, GradientMoments outputGradient);

    /// <summary>
    /// <see cref="IComponent.Backward"/> of a chain with <paramref name="childCount"/> children: the child inputs recorded
    /// by <see cref="ForwardRecording"/> (on the stack for up to 32 children), then <see cref="BackwardRecorded"/>.
    /// </summary>
    /// <param name="chain">The chain.</param>
    /// <param name="childCount">Its number of children.</param>
    /// <param name="input">The chain's forward input.</param>
    /// <param name="outputGradient">The gradient at its output.</param>
    /// <returns>The gradient at its input.</returns>
    public static GradientMoments BackwardByRecording(IChain chain, int childCount, ForwardMoments input, GradientMoments outputGradient)
    {
        ArgumentNullException.ThrowIfNull(chain);
        Span<ForwardMoments> inputs = childCount <= 32 ? stackalloc ForwardMoments[childCount] : new ForwardMoments[childCount];
        chain.ForwardRecording(input, inputs);
        return chain.BackwardRecorded(inputs, outputGradient);
    }
}
