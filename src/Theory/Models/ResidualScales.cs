namespace SignalProp.Theory.Models;

/// <summary>The scales of one residual connection y = λx + βf(x) (Admin's ω and DeepNorm's α are λ in Post-LN).</summary>
/// <param name="Skip">λ, the shortcut scale.</param>
/// <param name="Branch">β, the branch scale.</param>
public readonly record struct ResidualScales(double Skip, double Branch)
{
    /// <summary>The plain residual λ = β = 1.</summary>
    public static ResidualScales Plain => new(1.0, 1.0);
}
