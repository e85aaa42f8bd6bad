namespace SignalProp.Cli.Prediction;

/// <summary>One name accepted by <c>signalprop predict component</c>.</summary>
/// <param name="Name">The name the user types, lower case (e.g. <c>sha</c>).</param>
/// <param name="Summary">What it computes, one line, with its THEORY.md section.</param>
/// <param name="Options">The options (with dashes) that configure it, besides the input/gradient moments and <c>--json</c>.</param>
/// <param name="UsesInputMoments">False for sources (the embedding), which ignore the input moments.</param>
public sealed record ComponentInfo(string Name, string Summary, IReadOnlyList<string> Options, bool UsesInputMoments = true);
