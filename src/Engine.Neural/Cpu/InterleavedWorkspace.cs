using System.Runtime.InteropServices;

namespace Engine.Neural.Cpu;

/// <summary>
/// One worker's scratch memory for <see cref="InterleavedTrainKernel{TV}"/>: a group of
/// <see cref="Lanes"/> agents laid out lane by lane, so that one vector holds the same number
/// of every agent of the group. Activations, weighted inputs, deltas and targets are
/// <c>[neuron][sample][lane]</c>; parameters, gradients and optimiser state
/// <c>[parameter][lane]</c> in the flat parameter order. Native memory, allocated once, invisible to the GC.
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
            floats += Round(layer.Outputs * RowStride);        // activation
        }

        floats += 2 * Round(spec.MaxWidth * RowStride);        // delta ping-pong
        floats += Round(spec.OutputSize * RowStride);          // targets
        floats += Round(RowStride);                            // sample mask
        floats += 6 * Round(lanes);                            // 1 / batch length, loss, step coefficients, finiteness
        floats += 4 * Round(spec.ParameterCount * lanes);      // parameters, gradient, optimiser state
        floats += Round(Math.Max(8, Math.Max(spec.InputSize, spec.OutputSize))); // a zero sample
        floats += Round(LargestBlock(spec));                   // where rolled-back lanes are written
        _block = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 64);
        new Span<float>(_block, (int)floats).Clear();

        var cursor = _block;
        Activations = new float*[layers.Count + 1];
        Activations[0] = Take(ref cursor, spec.InputSize * RowStride);
        for (var l = 0; l < layers.Count; l++)
        {
            Activations[l + 1] = Take(ref cursor, layers[l].Outputs * RowStride);
        }

        DeltaA = Take(ref cursor, spec.MaxWidth * RowStride);
        DeltaB = Take(ref cursor, spec.MaxWidth * RowStride);
        Targets = Take(ref cursor, spec.OutputSize * RowStride);
        Mask = Take(ref cursor, RowStride);
        InverseLengths = Take(ref cursor, lanes);
        Losses = Take(ref cursor, lanes);
        LearningRates = Take(ref cursor, lanes);
        FirstCorrections = Take(ref cursor, lanes);
        SecondCorrections = Take(ref cursor, lanes);
        Finite = Take(ref cursor, lanes);
        Parameters = Take(ref cursor, spec.ParameterCount * lanes);
        Gradients = Take(ref cursor, spec.ParameterCount * lanes);
        FirstState = Take(ref cursor, spec.ParameterCount * lanes);
        SecondState = Take(ref cursor, spec.ParameterCount * lanes);
        ZeroSample = Take(ref cursor, Math.Max(8, Math.Max(spec.InputSize, spec.OutputSize)));
        Discard = Take(ref cursor, LargestBlock(spec));
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

    /// <summary>
    /// The group's optimiser state, laid out as <see cref="Parameters"/>: momentum's velocity, or
    /// Adam's first moment.
    /// </summary>
    public float* FirstState { get; }

    /// <summary>Adam's second moment, laid out as <see cref="Parameters"/>.</summary>
    public float* SecondState { get; }

    /// <summary>Per lane: its set's learning rate for this step.</summary>
    public float* LearningRates { get; }

    /// <summary>Per lane: its set's first-moment bias correction.</summary>
    public float* FirstCorrections { get; }

    /// <summary>Per lane: its set's second-moment bias correction.</summary>
    public float* SecondCorrections { get; }

    /// <summary>Per lane after the update: 0 when every new parameter is finite (NaN otherwise).</summary>
    public float* Finite { get; }

    /// <summary>Zeros, at least 8 and as many as a sample's inputs or targets: what padding samples read.</summary>
    public float* ZeroSample { get; }

    /// <summary>Room for the largest layer's weights: where the lanes that must not be kept are written.</summary>
    public float* Discard { get; }

    public bool Fits(BrainSpec spec, int batchSize, int lanes) => Spec == spec && BatchSize >= batchSize && Lanes == lanes;

    public void Dispose()
    {
        if (_block != null)
        {
            NativeMemory.AlignedFree(_block);
            _block = null;
        }
    }

    private static int LargestBlock(BrainSpec spec) => spec.Layers.Max(l => Math.Max(l.WeightCount, l.Outputs));

    private static float* Take(ref float* cursor, int count)
    {
        var start = cursor;
        cursor += Round(count);
        return start;
    }

    // Every region starts 64-byte aligned (16 floats).
    private static int Round(int count) => (count + 15) & ~15;
}
