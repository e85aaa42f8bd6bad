namespace SignalProp.Theory.Models;

/// <summary>The weight standard deviations and residual scales of one transformer layer.</summary>
/// <param name="QueryStd">σ_q of W_Q.</param>
/// <param name="KeyStd">σ_k of W_K.</param>
/// <param name="ValueStd">σ_v of W_V.</param>
/// <param name="OutputStd">σ_o of W_O.</param>
/// <param name="UpStd">σ_1 of the FFN's W_1 (d → d_ff).</param>
/// <param name="DownStd">σ_2 of the FFN's W_2 (d_ff → d).</param>
/// <param name="Attention">λ, β of the attention sub-layer's residual.</param>
/// <param name="FeedForward">λ, β of the FFN sub-layer's residual.</param>
public sealed record LayerInitialization(double QueryStd, double KeyStd, double ValueStd, double OutputStd, double UpStd, double DownStd,
    ResidualScales Attention, ResidualScales FeedForward)
{
    /// <summary>Checks every value: standard deviations ≥ 0 and finite, scales finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range; the message names it.</exception>
    public LayerInitialization EnsureValid(int layer)
    {
        if (IsValid()) return this; // the common case allocates nothing
        string at = $" (layer {layer})";
        Require.NonNegativeFinite(QueryStd, "q-std" + at);
        Require.NonNegativeFinite(KeyStd, "k-std" + at);
        Require.NonNegativeFinite(ValueStd, "v-std" + at);
        Require.NonNegativeFinite(OutputStd, "o-std" + at);
        Require.NonNegativeFinite(UpStd, "up-std" + at);
        Require.NonNegativeFinite(DownStd, "down-std" + at);
        Require.Finite(Attention.Skip, "lambda" + at);
        Require.Finite(Attention.Branch, "beta" + at);
        Require.Finite(FeedForward.Skip, "lambda" + at);
        Require.Finite(FeedForward.Branch, "beta" + at);
        return this;
    }

    private bool IsValid()
    {
        static bool Std(double x) => double.IsFinite(x) && x >= 0;
        return Std(QueryStd) && Std(KeyStd) && Std(ValueStd) && Std(OutputStd) && Std(UpStd) && Std(DownStd)
               && double.IsFinite(Attention.Skip) && double.IsFinite(Attention.Branch)
               && double.IsFinite(FeedForward.Skip) && double.IsFinite(FeedForward.Branch);
    }
}
