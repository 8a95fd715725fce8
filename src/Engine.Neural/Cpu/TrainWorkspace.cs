using System.Runtime.InteropServices;

namespace Engine.Neural.Cpu;

/// <summary>
/// One worker's scratch memory for training steps: every layer's activations and weighted
/// inputs for a mini-batch, stored feature-major (<c>[neuron][sample]</c>, each row padded to
/// a whole number of vectors) so the kernels vectorise over samples; two delta buffers; the
/// targets; one agent's gradient. Native memory: allocated once, invisible to the GC.
/// </summary>
internal sealed unsafe class TrainWorkspace : IDisposable
{
    private float* _block;

    public TrainWorkspace(BrainSpec spec, int batchSize, int lanes)
    {
        Spec = spec;
        BatchSize = batchSize;
        Padded = (batchSize + lanes - 1) / lanes * lanes;
        Lanes = lanes;
        var layers = spec.Layers;
        var widest = spec.MaxWidth;
        long floats = Round(spec.InputSize * Padded);
        foreach (var layer in layers)
        {
            floats += 2 * Round(layer.Outputs * Padded); // weighted input and activation
        }

        floats += 2 * Round(widest * Padded);            // delta ping-pong
        floats += Round(spec.OutputSize * Padded);       // targets
        floats += Round(spec.ParameterCount);            // gradient
        floats += Round(spec.Layers.Max(l => l.WeightCount)); // a layer's weight gradient by output
        floats += Round(lanes * lanes);                  // reduction scratch
        floats += Round(AgentSnapshot.Floats(spec));     // divergence snapshot
        _block = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        new Span<float>(_block, (int)floats).Clear();

        var cursor = _block;
        Activations = new float*[layers.Count + 1];
        WeightedInputs = new float*[layers.Count];
        Activations[0] = Take(ref cursor, spec.InputSize * Padded);
        for (var l = 0; l < layers.Count; l++)
        {
            WeightedInputs[l] = Take(ref cursor, layers[l].Outputs * Padded);
            Activations[l + 1] = Take(ref cursor, layers[l].Outputs * Padded);
        }

        DeltaA = Take(ref cursor, widest * Padded);
        DeltaB = Take(ref cursor, widest * Padded);
        Targets = Take(ref cursor, spec.OutputSize * Padded);
        Gradient = Take(ref cursor, spec.ParameterCount);
        GradientRows = Take(ref cursor, spec.Layers.Max(l => l.WeightCount));
        Scratch = Take(ref cursor, lanes * lanes);
        Snapshot = Take(ref cursor, AgentSnapshot.Floats(spec));
    }

    public BrainSpec Spec { get; }

    /// <summary>Largest batch this workspace holds.</summary>
    public int BatchSize { get; }

    /// <summary>Row length: <see cref="BatchSize"/> rounded up to whole vectors.</summary>
    public int Padded { get; }

    /// <summary>The vector width it was laid out for.</summary>
    public int Lanes { get; }

    /// <summary><c>a^l</c>, l = 0 (the inputs) .. L, each <c>[neurons][Padded]</c>.</summary>
    public float*[] Activations { get; }

    /// <summary><c>z^l</c> of each dense layer, <c>[neurons][Padded]</c>.</summary>
    public float*[] WeightedInputs { get; }

    public float* DeltaA { get; }

    public float* DeltaB { get; }

    /// <summary>Targets, <c>[outputs][Padded]</c>.</summary>
    public float* Targets { get; }

    /// <summary>One agent's gradient, flat parameter layout.</summary>
    public float* Gradient { get; }

    /// <summary>A layer's weight gradient by output (<c>[out][in]</c>), before it is turned into the store's layout.</summary>
    public float* GradientRows { get; }

    /// <summary>Room for one vector per lane, for transposing reductions.</summary>
    public float* Scratch { get; }

    /// <summary>One agent's parameters and optimiser state before its update (see <see cref="AgentSnapshot"/>).</summary>
    public float* Snapshot { get; }

    public bool Fits(BrainSpec spec, int batchSize, int lanes) => Spec == spec && BatchSize >= batchSize && Lanes == lanes;

    public void Dispose()
    {
        if (_block != null)
        {
            NativeMemory.AlignedFree(_block);
            _block = null;
        }
    }

    private static float* Take(ref float* cursor, int count)
    {
        var start = cursor;
        cursor += Round(count);
        return start;
    }

    // Every region starts 64-byte aligned (16 floats).
    private static int Round(int count) => (count + 15) & ~15;
}
