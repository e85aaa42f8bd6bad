namespace SignalProp.Theory.Schemes;

/// <summary>Which shortcut scale ω Admin uses (ADMIN.md §4).</summary>
public enum AdminOmega
{
    /// <summary>
    /// The profiled ω of the code (ADMIN.md §4.2): ω₁ = 1, ω_i² = ω_{i−1}²·Var[x_{i−2}] + Var[f_{i−1}], i.e.
    /// ω_i² = v₀ + Σ_{j&lt;i} Var[f_j] — computed from the theory's own branch variances.
    /// </summary>
    Profiled,

    /// <summary>admin-torch's constant ω = √((n+1)/ln(n+1) − 1) for an O(log n) output change (ADMIN.md §4.4).</summary>
    LogN,

    /// <summary>admin-torch's constant ω = √n for an O(1) output change (ADMIN.md §4.4).</summary>
    Constant,
}
