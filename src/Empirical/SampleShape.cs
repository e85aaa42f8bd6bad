namespace SignalProp.Empirical;

/// <summary>
/// The shape <c>[runs, L, d]</c> of one Monte Carlo batch (THEORY.md §5.1): <paramref name="Runs"/> independent
/// sequences, each of <paramref name="Length"/> token positions by <paramref name="Width"/> features.
/// </summary>
/// <param name="Runs">Number of independent sequences (the authors used 100 for most components). At least 1.</param>
/// <param name="Length">Sequence length L, the correlated (token) axis. At least 1.</param>
/// <param name="Width">Number of features d; features are independent. At least 1.</param>
public readonly record struct SampleShape(long Runs, long Length, long Width)
{
    /// <summary>Number of elements, runs·L·d.</summary>
    public long ElementCount => Runs * Length * Width;

    /// <summary>The shape as a TorchSharp size array <c>[runs, L, d]</c>.</summary>
    /// <returns>A new array.</returns>
    public long[] ToArray() => [Runs, Length, Width];

    /// <summary>Reads the shape of a rank-3 tensor <c>[runs, L, d]</c>.</summary>
    /// <param name="shape">A TorchSharp shape of rank 3.</param>
    /// <returns>The shape.</returns>
    /// <exception cref="ArgumentException">The rank is not 3.</exception>
    public static SampleShape From(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 3)
        {
            throw new ArgumentException(
                $"Expected a tensor of shape [runs, L, d] (rank 3), got rank {shape.Length} [{string.Join(", ", shape)}].",
                nameof(shape));
        }
        return new SampleShape(shape[0], shape[1], shape[2]);
    }

    /// <summary>Checks that every dimension is at least 1.</summary>
    /// <param name="parameterName">Name used in the exception.</param>
    /// <returns>This shape.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is smaller than 1.</exception>
    public SampleShape EnsureValid(string parameterName = "shape")
    {
        if (Runs < 1 || Length < 1 || Width < 1)
        {
            throw new ArgumentOutOfRangeException(parameterName, this,
                "Every dimension of [runs, L, d] must be at least 1.");
        }
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => $"[{Runs}, {Length}, {Width}]";
}
