namespace SignalProp.Theory;

/// <summary>
/// Thrown when a formula is asked for moments outside the assumptions it was derived under
/// (e.g. an elementwise activation fed non-Gaussian input, or attention without V fed non-zero-mean input).
/// </summary>
public sealed class AssumptionViolatedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message that names the violated assumption.</summary>
    public AssumptionViolatedException(string message) : base(message) { }
}
