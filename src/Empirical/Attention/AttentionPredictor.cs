namespace SignalProp.Empirical.Attention;

/// <summary>
/// A named predictor of the attention input-gradient moments, as the verifier calls it: any function of the
/// configuration. Predictors are independent of the Monte Carlo; register them in <see cref="AttentionPredictors"/>.
/// </summary>
/// <param name="Name">Short name used in tables, CSV columns and JSON keys (e.g. <c>authors</c>, <c>full</c>).</param>
/// <param name="Description">One line: formula and source.</param>
/// <param name="Predict">Maps a configuration (single- or multi-head) to (variance, covariance). May throw for a
/// configuration outside its domain: the verifier then records NaN and the message.</param>
/// <param name="Gated">True when <c>signalprop verify attention</c> fails (exit 1) if this predictor's error percentiles
/// exceed the grid's tolerances; false for predictors that are only reported.</param>
public sealed record AttentionPredictor(
    string Name,
    string Description,
    Func<AttentionCase, AttentionPrediction> Predict,
    bool Gated = false);
