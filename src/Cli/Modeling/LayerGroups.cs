using SignalProp.Theory.Models;

namespace SignalProp.Cli.Modeling;

/// <summary>A run of consecutive layers with identical σ's and residual scales.</summary>
/// <param name="First">The first layer (0-based).</param>
/// <param name="Last">The last layer (inclusive).</param>
/// <param name="Values">Their common initialisation.</param>
public sealed record LayerGroup(int First, int Last, LayerInitialization Values)
{
    /// <summary>"all layers", "layer 3" or "layers 3–7" (0-based) for tables.</summary>
    public string Label(int layerCount)
        => First == 0 && Last == layerCount - 1 && layerCount > 1 ? "all layers"
            : First == Last ? First.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"{First}–{Last}";
}

/// <summary>Groups the layers of an initialisation into runs of identical values (one group for schemes with identical layers).</summary>
public static class LayerGroups
{
    /// <summary>The runs, bottom first.</summary>
    public static IReadOnlyList<LayerGroup> Of(ModelInitialization initialization)
    {
        var groups = new List<LayerGroup>();
        var layers = initialization.Layers;
        int start = 0;
        for (int l = 1; l <= layers.Count; l++)
        {
            if (l < layers.Count && (ReferenceEquals(layers[l], layers[start]) || layers[l] == layers[start])) continue;
            groups.Add(new LayerGroup(start, l - 1, layers[start]));
            start = l;
        }
        return groups;
    }
}
