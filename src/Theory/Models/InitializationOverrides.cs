namespace SignalProp.Theory.Models;

/// <summary>User overrides applied on top of a scheme (null = keep the scheme's value). Applied uniformly to every layer.</summary>
public sealed record InitializationOverrides
{
    /// <summary>σ of every embedding table.</summary>
    public double? EmbeddingStd { get; init; }
    /// <summary>σ_q.</summary>
    public double? QueryStd { get; init; }
    /// <summary>σ_k.</summary>
    public double? KeyStd { get; init; }
    /// <summary>σ_v.</summary>
    public double? ValueStd { get; init; }
    /// <summary>σ_o.</summary>
    public double? OutputStd { get; init; }
    /// <summary>σ_1 of W_1.</summary>
    public double? UpStd { get; init; }
    /// <summary>σ_2 of W_2.</summary>
    public double? DownStd { get; init; }
    /// <summary>λ of every residual.</summary>
    public double? Lambda { get; init; }
    /// <summary>β of every residual.</summary>
    public double? Beta { get; init; }

    /// <summary>The overridden values, e.g. <c>σ_q = 0.05, λ = 0.9</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        void Add(string name, double? value) { if (value is double v) parts.Add($"{name} = {Require.Show(v)}"); }
        Add("σ_emb", EmbeddingStd); Add("σ_q", QueryStd); Add("σ_k", KeyStd); Add("σ_v", ValueStd); Add("σ_o", OutputStd);
        Add("σ_1", UpStd); Add("σ_2", DownStd); Add("λ", Lambda); Add("β", Beta);
        return parts.Count == 0 ? "nothing" : string.Join(", ", parts);
    }

    /// <summary>True when nothing is overridden.</summary>
    public bool IsEmpty => this == new InitializationOverrides();
}
