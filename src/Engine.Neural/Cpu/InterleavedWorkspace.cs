using System.Runtime.InteropServices;

namespace Engine.Neural.Cpu;

/// <summary>
/// One worker's scratch memory for <see cref="InterleavedTrainKernel{TV}"/>: a group of
/// <see cref="Lanes"/> agents laid out lane by lane, so that one vector holds the same number
/// of every agent of the group. Activations, weighted inputs, deltas and targets are
/// <c>[neuron][sample][lane]</c>; parameters and gradients <c>[parameter][lane]</c> in the flat
/// parameter order. Native memory, allocated once, invisible to the GC.
/// </summary>
internal sealed unsafe class InterleavedWorkspace : IDisposable
{
    private float* _block;

    public InterleavedWorkspace(BrainSpec spec, int batchSize, int lanes)
    {
        Spec = spec;
        BatchSize = batchSize;
        Lanes = lanes;
        RowStride = batchSize * lanes;
        var layers = spec.Layers;
        long floats = Round(spec.InputSize * RowStride);
        foreach (var layer in layers)
        {
            floats += 2 * Round(layer.Outputs * RowStride);    // weighted input and activation
        }

        floats += 2 * Round(spec.MaxWidth * RowStride);        // delta ping-pong
        floats += Round(spec.OutputSize * RowStride);          // targets
        floats += Round(RowStride);                            // sample mask
        floats += 2 * Round(lanes);                            // 1 / batch length, loss
        floats += 2 * Round(spec.ParameterCount * lanes);      // parameters, gradient
        GradientStride = Round(spec.ParameterCount);
        floats += (long)GradientStride * lanes;                // each lane's gradient
        floats += Round(Math.Max(8, Math.Max(spec.InputSize, spec.OutputSize))); // a zero sample
        floats += Round(AgentSnapshot.Floats(spec));           // divergence snapshot
        _block = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        new Span<float>(_block, (int)floats).Clear();

        var cursor = _block;
        Activations = new float*[layers.Count + 1];
        WeightedInputs = new float*[layers.Count];
        Activations[0] = Take(ref cursor, spec.InputSize * RowStride);
        for (var l = 0; l < layers.Count; l++)
        {
            WeightedInputs[l] = Take(ref cursor, layers[l].Outputs * RowStride);
            Activations[l + 1] = Take(ref cursor, layers[l].Outputs * RowStride);
        }

        DeltaA = Take(ref cursor, spec.MaxWidth * RowStride);
        DeltaB = Take(ref cursor, spec.MaxWidth * RowStride);
        Targets = Take(ref cursor, spec.OutputSize * RowStride);
        Mask = Take(ref cursor, RowStride);
        InverseLengths = Take(ref cursor, lanes);
        Losses = Take(ref cursor, lanes);
        Parameters = Take(ref cursor, spec.ParameterCount * lanes);
        Gradients = Take(ref cursor, spec.ParameterCount * lanes);
        AgentGradients = Take(ref cursor, GradientStride * lanes);
        ZeroSample = Take(ref cursor, Math.Max(8, Math.Max(spec.InputSize, spec.OutputSize)));
        Snapshot = Take(ref cursor, AgentSnapshot.Floats(spec));
    }

    public BrainSpec Spec { get; }

    /// <summary>Largest batch this workspace holds.</summary>
    public int BatchSize { get; }

    /// <summary>Agents per group: the vector width in floats.</summary>
    public int Lanes { get; }

    /// <summary>Floats from one neuron's row to the next: <c>BatchSize * Lanes</c>.</summary>
    public int RowStride { get; }

    /// <summary><c>a^l</c>, l = 0 (the inputs) .. L, each <c>[neurons][BatchSize][Lanes]</c>.</summary>
    public float*[] Activations { get; }

    /// <summary><c>z^l</c> of each dense layer.</summary>
    public float*[] WeightedInputs { get; }

    public float* DeltaA { get; }

    public float* DeltaB { get; }

    /// <summary>Targets, <c>[outputs][BatchSize][Lanes]</c>.</summary>
    public float* Targets { get; }

    /// <summary><c>[BatchSize][Lanes]</c>: 1 where the sample is one of the lane's, 0 past its batch.</summary>
    public float* Mask { get; }

    /// <summary>Per lane: 1 / its batch length (0 for an empty lane).</summary>
    public float* InverseLengths { get; }

    /// <summary>Per lane: its batch's mean loss.</summary>
    public float* Losses { get; }

    /// <summary>The group's parameters, <c>[parameter][Lanes]</c> in the flat parameter order.</summary>
    public float* Parameters { get; }

    /// <summary>The group's batch-mean gradients, laid out as <see cref="Parameters"/>.</summary>
    public float* Gradients { get; }

    /// <summary>Each lane's gradient in the flat parameter layout, for its update: lane i at <c>i * GradientStride</c>.</summary>
    public float* AgentGradients { get; }

    /// <summary>Floats from one lane's gradient in <see cref="AgentGradients"/> to the next.</summary>
    public int GradientStride { get; }

    /// <summary>Zeros, at least 8 and as many as a sample's inputs or targets: what padding samples read.</summary>
    public float* ZeroSample { get; }

    /// <summary>One agent's parameters and optimiser state before its update.</summary>
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
