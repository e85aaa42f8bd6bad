using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>The answer of <see cref="InitSolver"/>.</summary>
/// <param name="Initialization">Every σ and residual scale.</param>
/// <param name="Prediction">The model's moments with them.</param>
/// <param name="BetaSquared">The β² used (λ² = 1 − β²).</param>
/// <param name="GradientSpread">max_k σ²_{g,k} / min_k σ²_{g,k} achieved.</param>
/// <param name="WithinBand">Whether the spread meets the requested band.</param>
public sealed record SolverResult(ModelInitialization Initialization, ModelPrediction Prediction, double BetaSquared, double GradientSpread, bool WithinBand);
