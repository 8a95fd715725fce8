using Engine.Neural.Cpu;

namespace Engine.Neural.Persistence;

/// <summary>
/// One slot of per-layer weight and bias buffers to and from the flat layout (per layer W then
/// b, W by output: <c>W[out][in]</c>): the parameters of <see cref="ParameterStore"/> and its
/// optimiser state, which is kept in the parameters' layout. The store keeps W by input
/// (<c>W[in][out]</c>), so the weights are turned on the way.
/// </summary>
internal static class FlatSlot
{
    public static void Read(PinnedBuffer[] weights, PinnedBuffer[] biases, DenseLayerShape[] layers, int slot, Span<float> flat)
    {
        var offset = 0;
        for (var l = 0; l < layers.Length; l++)
        {
            var w = layers[l].WeightCount;
            var o = layers[l].Outputs;
            WeightLayout.Turn(weights[l].Slice((long)slot * w, w), layers[l].Inputs, o, flat.Slice(offset, w));
            biases[l].Slice((long)slot * o, o).CopyTo(flat.Slice(offset + w, o));
            offset += w + o;
        }
    }

    public static void Write(PinnedBuffer[] weights, PinnedBuffer[] biases, DenseLayerShape[] layers, int slot, ReadOnlySpan<float> flat)
    {
        var offset = 0;
        for (var l = 0; l < layers.Length; l++)
        {
            var w = layers[l].WeightCount;
            var o = layers[l].Outputs;
            WeightLayout.Turn(flat.Slice(offset, w), o, layers[l].Inputs, weights[l].Slice((long)slot * w, w));
            flat.Slice(offset + w, o).CopyTo(biases[l].Slice((long)slot * o, o));
            offset += w + o;
        }
    }
}
