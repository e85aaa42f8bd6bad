namespace SignalProp.Theory.Schemes;

/// <summary>The registry of named initialisation schemes (the CLI's <c>--init</c> values).</summary>
public static class InitSchemes
{
    /// <summary>Every built-in scheme with its default parameters.</summary>
    public static IReadOnlyList<IInitScheme> All { get; } =
    [
        new XavierScheme(), new NormalScheme(), new DslmScheme(), new AdminScheme(), new AdminScheme(AdminOmega.LogN),
        new AdminScheme(AdminOmega.Constant), new DeepNormScheme(), new ReZeroScheme(),
    ];

    /// <summary>The names, in registry order.</summary>
    public static IEnumerable<string> Names => All.Select(s => s.Name);

    /// <summary>Finds a scheme by name (case-insensitive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown name; the message lists the valid ones.</exception>
    public static IInitScheme FromName(string name)
        => All.FirstOrDefault(s => string.Equals(s.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
           ?? throw Require.Fail("init", name ?? "", "one of " + string.Join(", ", Names));
}
