using SignalProp.Theory.Models;

namespace SignalProp.Theory.Schemes;

/// <summary>An initialisation scheme: a named preset that sets every σ and residual scale of a model.</summary>
public interface IInitScheme
{
    /// <summary>The CLI name, e.g. <c>dslm</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c> and summaries.</summary>
    string Description { get; }

    /// <summary>The σ's and residual scales for this configuration.</summary>
    ModelInitialization Initialize(TransformerConfig config);
}
