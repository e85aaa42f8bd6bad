namespace SignalProp.Theory.Components;

/// <summary>How an <see cref="Activation"/> evaluates its moments.</summary>
public enum ActivationMethod
{
    /// <summary>Closed form where one exists (ReLU and GeLU at zero mean), quadrature otherwise.</summary>
    Auto,

    /// <summary>Always Gaussian quadrature (the deterministic oracle).</summary>
    Quadrature,
}
