using DemoGame.Ui;
using Engine.Neural;

namespace DemoGame.Presentation;

/// <summary>A brain as the UI's layered graph: its inputs and layers as columns of nodes, its weights as edges.</summary>
internal static class NetworkGraph
{
    /// <summary>
    /// A graph of <paramref name="spec"/>'s shape: a column of inputs, then one per layer, named
    /// for the tooltips ("input", "layer 1 neuron"..., <paramref name="outputName"/> for the last).
    /// </summary>
    public static LayeredGraphData For(BrainSpec spec, string outputName)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Span<int> sizes = stackalloc int[spec.LayerCount + 1];
        sizes[0] = spec.InputSize;
        for (var l = 0; l < spec.LayerCount; l++)
        {
            sizes[l + 1] = spec.Layers[l].Outputs;
        }

        var graph = new LayeredGraphData(sizes) { EdgeValueName = "weight" };
        graph.ColumnNames[0] = "input";
        for (var l = 0; l < spec.LayerCount; l++)
        {
            graph.ColumnNames[l + 1] = l == spec.LayerCount - 1 ? outputName : $"layer {l + 1} neuron";
        }

        return graph;
    }

    /// <summary>Sets every edge of <paramref name="graph"/> (made by <see cref="For"/>) to its weight in <paramref name="parameters"/> (flat: per layer W then b).</summary>
    public static void ShowWeights(LayeredGraphData graph, BrainSpec spec, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(spec);
        for (var l = 0; l < spec.LayerCount; l++)
        {
            // Both are row-major with a row per neuron of the layer: the weights copy as they lie.
            parameters.Slice(spec.WeightOffset(l), spec.Layers[l].WeightCount).CopyTo(graph.Edges(l));
        }
    }
}
