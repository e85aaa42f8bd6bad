namespace SignalProp.Cli.Reporting;

/// <summary>One figure <c>plot</c> and <c>report</c> can draw: its CLI name, number (as in the issue) and caption.</summary>
/// <param name="Name">The CLI name, e.g. <c>forward-variance</c>; also the file name without extension.</param>
/// <param name="Number">Figure number 1–7 (5a/5b for the two Admin figures).</param>
/// <param name="Title">Short title.</param>
/// <param name="Caption">Two sentences on what the figure shows (used in summary.md, index.html and the gallery).</param>
/// <param name="NeedsMeasurements">True when the figure cannot be drawn from theory alone (figures 1m–3m and 4).</param>
public sealed record FigureInfo(string Name, string Number, string Title, string Caption, bool NeedsMeasurements = false);

/// <summary>Every figure, in report order.</summary>
public static class FigureCatalog
{
    /// <summary>The figures.</summary>
    public static IReadOnlyList<FigureInfo> All { get; } =
    [
        new("forward-variance", "1", "Forward variance vs layer",
            "Variance of the residual stream after each layer for Xavier and DeepScaleLM (DSLM) initialisation, Pre-LN. " +
            "Xavier's variance grows linearly with depth (every block adds about the same variance), while DSLM's λ² + β² = 1 scaling keeps it at 1."),
        new("gradient-variance", "2", "Gradient variance vs layer",
            "Variance of the backpropagated gradient along the stream (log axis), relative to the gradient injected at the top. " +
            "Xavier Pre-LN grows hyperbolically towards the bottom, Xavier Post-LN vanishes exponentially towards the bottom (to ≈ 1 % over 192 layers), while both DSLM variants stay within a factor of 3."),
        new("correlation", "3", "Token correlation vs layer",
            "Correlation between the representations of different tokens after each layer (Pre-LN), for Xavier and DSLM at dropout 0, 0.1 and 0.3. " +
            "Attention mixes tokens, so correlation rises towards 1 (rank collapse); dropout decorrelates tokens and DSLM's smaller branches slow the rise."),
        new("forward-variance-measured", "1m", "Forward variance vs layer, measured",
            "Theory lines (the closed-form prediction) with measured means ±1 standard error (markers) from whole-model TorchSharp simulations of a CPU-sized model, for Xavier and DSLM on Pre-LN and Post-LN. " +
            "The measurements follow Xavier Pre-LN's linear growth and stay at 1 for DSLM and for every Post-LN model.", NeedsMeasurements: true),
        new("gradient-variance-measured", "2m", "Gradient variance vs layer, measured",
            "Predicted gradient variance (lines, log axis) beside the measured one (markers ±1 SE) in the same simulations, gradient of variance 1 injected at the top. " +
            "The theory uses the full attention backward (value, query and key paths, ATTENTION.md §7); figure 8b shows what the authors' value-path formula misses.", NeedsMeasurements: true),
        new("correlation-measured", "3m", "Token correlation vs layer, measured",
            "Predicted token correlation (lines) and measured correlation (markers ±1 SE) in the same simulations, input correlation r₀ = 0.221. " +
            "Correlation rises with depth for Xavier as attention mixes tokens and much more slowly for DSLM's small branches.", NeedsMeasurements: true),
        new("attention-entropy-measured", "6m", "Attention entropy vs layer, measured",
            "The softmax entropy of every attention sub-layer measured in the same whole-model simulations (markers ±1 SE), against ln L, the entropy of uniform attention (grey line). " +
            "Entropy well below ln L means peaked, saturating attention — where the score instability of figure 6 sets in and the authors' attention formulas lose accuracy.", NeedsMeasurements: true),
        new("verification", "4a", "Per-component verification: error percentiles",
            "50/90/99th-percentile relative errors of the predicted moments per component and quantity (blues), measured with TorchSharp on the first configurations of the quick profile, beside the authors' expected values (oranges, THEORY.md §5.4). " +
            "Few configurations per component are run here, so the 90th and 99th percentiles are rough.", NeedsMeasurements: true),
        new("verification-parity", "4b", "Per-component verification: predicted vs measured",
            "Every predicted moment against its measured value, one colour per quantity, all components pooled (log–log; non-positive values, e.g. zero means, are not shown). " +
            "Points on the dashed y = x line are exact predictions.", NeedsMeasurements: true),
        new("attention-gradient", "8a", "Attention gradient: authors' formula vs full, measured",
            "The input-gradient variance of softmax attention measured by a fresh-weights TorchSharp Monte Carlo (ATTENTION.md §10.1) on a seeded sample of the quick grid, against the authors' value-path formula and the full value + query + key formula (ATTENTION.md §7), log–log. " +
            "The authors' formula ignores the gradient through the queries and keys and falls far below y = x at Xavier-sized Q/K; the full formula sits on it.", NeedsMeasurements: true),
        new("gradient-profile", "8b", "Whole-model gradient: authors' formula vs full, measured",
            "The measured gradient variance of the Xavier whole-model simulations of figure 2m (markers ±1 SE) beside the prediction with the authors' attention backward (dashed) and with the full one (solid), log axis. " +
            "The authors' value path under-predicts the gradient below Xavier attention sub-layers (several-fold at the bottom of Xavier Pre-LN); the full formula follows the measurement.", NeedsMeasurements: true),
        new("dependency", "5a", "Admin dependency β(i, j)",
            "Admin's dependency β(i, j) of the stream after sub-layer i on the output of branch j, at initialisation, for 6-layer Pre-LN, Post-LN and Admin models (ADMIN.md §5.1). " +
            "Post-LN outputs depend mostly on their last branch (a heavy diagonal), while Pre-LN and Admin spread their dependency over all earlier branches."),
        new("dependency-18", "5a′", "Admin dependency β(i, j), 18 layers",
            "The same dependency matrices for 18-layer models (ADMIN.md §5.2). " +
            "Admin's ω rescaling makes its Post-LN model depend on its branches like a Pre-LN model at initialisation."),
        new("output-change", "5b", "Output change vs depth",
            "Admin's estimate of how much a small weight perturbation changes the output, Σᵢ β²(i, i), against the number of sub-layers. " +
            "It grows linearly for Post-LN (which makes deep Post-LN training unstable) and only logarithmically for Pre-LN and Admin."),
        new("attention-scores", "6", "Attention-score variance vs layer",
            "Variance S² of the attention logits at each attention sub-layer (log axis) for Xavier Pre-LN, Xavier with 3× larger W_Q and W_K, and Xavier Post-LN (which coincides with Pre-LN after the first layer: both feed unit-variance LayerNorm outputs to W_Q and W_K). " +
            "The dashed line marks the first layer where (1 − r)·S² exceeds ln L, where the softmax saturates and the score instability begins: from the bottom layer on with 3× σ_q, σ_k, never at the Xavier scale."),
        new("depth-sweep", "7", "Depth sweep",
            "Final-layer forward variance and gradient growth (bottom/top gradient variance) against the number of layers N for every initialisation scheme, log axes. " +
            "Admin and DeepNorm are Post-LN, the others Pre-LN; flat lines are schemes that stay stable at any depth."),
    ];

    /// <summary>The CLI names, plus <c>all</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(f => f.Name), "all"];

    /// <summary>Looks up a figure by name (case-insensitive); null when unknown.</summary>
    public static FigureInfo? Find(string name)
        => All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
