using MathNet.Numerics;

namespace SignalProp.Theory.Formulas;

/// <summary>
/// An elementwise activation: its value, its derivative and the points where it is not smooth (so that quadrature
/// can split there). Built-ins: <see cref="Relu"/>, <see cref="Gelu"/>, <see cref="Silu"/>, <see cref="Tanh"/>,
/// <see cref="Sigmoid"/>, <see cref="Identity"/>; any other through the constructor.
/// </summary>
/// <param name="Name">Lower-case name used by the CLI and in paths, e.g. <c>silu</c>.</param>
/// <param name="Value">f(x).</param>
/// <param name="Derivative">f'(x). When null, a central difference with step 10⁻⁵·max(1, |x|) is used (about 10⁻¹⁰ relative accuracy for smooth f).</param>
/// <param name="Kinks">Points where f or f' is not smooth (0 for ReLU).</param>
public sealed record ElementwiseFunction(string Name, Func<double, double> Value, Func<double, double>? Derivative = null,
    IReadOnlyList<double>? Kinks = null)
{
    /// <summary>The derivative, by formula or by central difference.</summary>
    public double Slope(double x)
    {
        if (Derivative is not null) return Derivative(x);
        double h = 1e-5 * Math.Max(1.0, Math.Abs(x));
        return (Value(x + h) - Value(x - h)) / (2 * h);
    }

    /// <summary>ReLU max(0, x); derivative 1 for x &gt; 0 and 0 otherwise (PyTorch's convention at 0).</summary>
    public static ElementwiseFunction Relu { get; } = new("relu", x => x > 0 ? x : 0.0, x => x > 0 ? 1.0 : 0.0, [0.0]);

    /// <summary>Exact GeLU x·Φ(x); derivative Φ(x) + x·φ(x).</summary>
    public static ElementwiseFunction Gelu { get; } = new("gelu", x => x * NormalCdf(x), x => NormalCdf(x) + x * NormalPdf(x));

    /// <summary>SiLU / Swish x·sigmoid(x); derivative s(x)(1 + x(1 − s(x))).</summary>
    public static ElementwiseFunction Silu { get; } = new("silu", x => x * Logistic(x), x =>
    {
        double s = Logistic(x);
        return s * (1 + x * (1 - s));
    });

    /// <summary>tanh(x); derivative 1 − tanh²(x).</summary>
    public static ElementwiseFunction Tanh { get; } = new("tanh", Math.Tanh, x =>
    {
        double t = Math.Tanh(x);
        return 1 - t * t;
    });

    /// <summary>Logistic sigmoid 1/(1+e^{−x}); derivative s(1 − s).</summary>
    public static ElementwiseFunction Sigmoid { get; } = new("sigmoid", Logistic, x =>
    {
        double s = Logistic(x);
        return s * (1 - s);
    });

    /// <summary>The identity, for checks: moments pass through unchanged.</summary>
    public static ElementwiseFunction Identity { get; } = new("identity", x => x, _ => 1.0);

    /// <summary>The built-in functions by name.</summary>
    public static IReadOnlyList<ElementwiseFunction> BuiltIn { get; } = [Relu, Gelu, Silu, Tanh, Sigmoid, Identity];

    /// <summary>Finds a built-in function by name (case-insensitive; <c>swish</c> is an alias of <c>silu</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The name is not a built-in activation.</exception>
    public static ElementwiseFunction FromName(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        if (key == "swish") key = "silu";
        return BuiltIn.FirstOrDefault(f => f.Name == key)
            ?? throw Require.Fail("activation", name, "one of " + string.Join(", ", BuiltIn.Select(f => f.Name)) + " (or swish)");
    }

    private static double NormalCdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    private static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    private static double Logistic(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <inheritdoc />
    public bool Equals(ElementwiseFunction? other) => other is not null && Name == other.Name && Value == other.Value;

    /// <inheritdoc />
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}
