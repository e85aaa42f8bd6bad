using SignalProp.Theory.Formulas;

namespace SignalProp.Cli.Prediction;

/// <summary>The component names of <c>signalprop predict component</c>, what each computes and which options it reads.</summary>
public static class ComponentCatalog
{
    /// <summary>Every accepted name, in the order the help lists them; the activations follow <see cref="ElementwiseFunction.BuiltIn"/>.</summary>
    public static IReadOnlyList<ComponentInfo> All { get; } = Build();

    /// <summary>The accepted names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];

    /// <summary>Finds a component by name (case-insensitive, surrounding blanks ignored); null when unknown.</summary>
    public static ComponentInfo? Find(string name)
    {
        string key = name.Trim().ToLowerInvariant();
        return All.FirstOrDefault(c => c.Name == key);
    }

    /// <summary>The one-line message for an unknown name, listing the valid ones.</summary>
    public static string UnknownMessage(string name)
        => $"unknown component '{name}': must be one of {string.Join(", ", Names)}.";

    private static List<ComponentInfo> Build()
    {
        List<ComponentInfo> list =
        [
            new("embedding", "word + position + segment embeddings (Zipf tokens, 2 segments) and embedding dropout; a source: ignores the input moments (THEORY.md §2.1)",
                ["--vocab-size", "--zipf-exponent", "--weight-std", "--p"], UsesInputMoments: false),
            new("linear", "y = xW, W: d-in×d-out with N(0, weight-std²) entries (§2.2)", ["--d-in", "--d-out", "--weight-std"]),
        ];
        foreach (var f in ElementwiseFunction.BuiltIn)
        {
            string how = f.Name switch
            {
                "relu" => "closed form at zero mean (§2.3), quadrature otherwise",
                "gelu" => "exact erf GeLU, closed form at zero mean (§2.4), quadrature otherwise",
                _ => "Gaussian quadrature",
            };
            list.Add(new(f.Name, $"elementwise {f.Name} on Gaussian input: {how}", ["--quadrature"]));
            if (f.Name == "silu") list.Add(new("swish", "alias of silu", ["--quadrature"]));
        }
        list.AddRange(
        [
            new("layernorm", "LayerNorm over d features at init (γ = 1, β = 0) (§2.5)", ["--d", "--ln-correlation"]),
            new("dropout", "inverted dropout with probability p (§2.6)", ["--p"]),
            new("softmax", "softmax over a row of seq-len logits; reports the full and the large-L approximate variance (§2.7)", ["--seq-len"]),
            new("sha", "single-head self-attention Q, K, V: d-in→d-out, no output projection (§2.8, §2.9 with --no-v); backward by --attention-backward",
                ["--d-in", "--d-out", "--seq-len", "--q-std", "--k-std", "--v-std", "--attention-dropout", "--no-v", "--attention-backward"]),
            new("mha", "multi-head attention block body: heads → W_O → hidden dropout p (§2.10)",
                ["--d", "--heads", "--seq-len", "--q-std", "--k-std", "--v-std", "--o-std", "--attention-dropout", "--p", "--attention-backward"]),
            new("ffn", "FFN block body: W_1 (d→d-ff) → activation → W_2 (d-ff→d) → dropout p (§2.11)",
                ["--d", "--d-ff", "--activation", "--weight-std", "--p", "--quadrature"]),
            new("residual", "λx + βf(x) for a branch f given by its output moments and backward gain (§2.12)",
                ["--lambda", "--beta", "--branch-variance", "--branch-correlation", "--branch-gain"]),
        ]);
        return list;
    }
}
