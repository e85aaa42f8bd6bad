namespace SignalProp.Empirical.Attention;

/// <summary>Reported after each configuration of an attention verification.</summary>
/// <param name="Done">Configurations finished.</param>
/// <param name="Total">Configurations in the sweep.</param>
/// <param name="Row">The configuration just finished.</param>
/// <param name="Seconds">Wall time since the sweep started.</param>
public sealed record AttentionVerificationProgress(int Done, int Total, AttentionVerificationRow Row, double Seconds);
