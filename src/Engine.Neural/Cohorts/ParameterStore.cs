using Engine.Neural.Cpu;

namespace Engine.Neural;

/// <summary>
/// Every parameter of a cohort, one contiguous array per layer and kind:
/// <c>W[slot][in][out]</c> (by input, so the forward pass multiplies a column of weights by one
/// broadcast input, see <see cref="ColumnDots{TV}"/>) and <c>b[slot][out]</c>, plus the
/// optimiser's state in the same layout (allocated the first time an optimiser needs it). The
/// flat layout of <see cref="Read"/> and <see cref="Write"/>, the public one, is
/// <c>W[out][in]</c>.
/// </summary>
internal sealed unsafe class ParameterStore
{
    private readonly DenseLayerShape[] _layers;

    public ParameterStore(BrainSpec spec, int capacity)
    {
        Spec = spec;
        _layers = [.. spec.Layers];
        Capacity = capacity;
        Weights = _layers.Select(l => new PinnedBuffer((long)capacity * l.WeightCount)).ToArray();
        Biases = _layers.Select(l => new PinnedBuffer((long)capacity * l.Outputs)).ToArray();
        AdamSteps = new int[capacity];
    }

    public BrainSpec Spec { get; }

    public int Capacity { get; private set; }

    /// <summary>Per layer: <c>W[slot][in][out]</c>.</summary>
    public PinnedBuffer[] Weights { get; }

    /// <summary>Per layer: <c>b[slot][out]</c>.</summary>
    public PinnedBuffer[] Biases { get; }

    /// <summary>Momentum's velocity (weights then biases, per layer), or null until needed.</summary>
    public OptimizerState? Velocity { get; private set; }

    /// <summary>Adam's first moment, or null until needed.</summary>
    public OptimizerState? FirstMoment { get; private set; }

    /// <summary>Adam's second moment, or null until needed.</summary>
    public OptimizerState? SecondMoment { get; private set; }

    /// <summary>Adam's step count t per slot.</summary>
    public int[] AdamSteps { get; private set; }

    /// <summary>True when the state <paramref name="optimizer"/> needs exists.</summary>
    public bool HasState(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Momentum => Velocity is not null,
        OptimizerKind.Adam => FirstMoment is not null && SecondMoment is not null,
        _ => true,
    };

    /// <summary>Makes sure the state <paramref name="optimizer"/> needs exists (allocates once).</summary>
    public void EnsureState(OptimizerKind optimizer)
    {
        if (optimizer == OptimizerKind.Momentum)
        {
            Velocity ??= new OptimizerState(_layers, Capacity);
        }
        else if (optimizer == OptimizerKind.Adam)
        {
            FirstMoment ??= new OptimizerState(_layers, Capacity);
            SecondMoment ??= new OptimizerState(_layers, Capacity);
        }
    }

    /// <summary>Grows to hold at least <paramref name="capacity"/> slots (doubling), keeping contents.</summary>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= Capacity)
        {
            return;
        }

        var grown = Math.Max(capacity, Capacity * 2);
        for (var l = 0; l < _layers.Length; l++)
        {
            Weights[l].Resize((long)grown * _layers[l].WeightCount);
            Biases[l].Resize((long)grown * _layers[l].Outputs);
        }

        Velocity?.Resize(_layers, grown);
        FirstMoment?.Resize(_layers, grown);
        SecondMoment?.Resize(_layers, grown);
        var steps = AdamSteps;
        AdamSteps = new int[grown];
        steps.CopyTo(AdamSteps, 0);
        Capacity = grown;
    }

    /// <summary>Copies slot <paramref name="from"/>'s parameters and state over slot <paramref name="to"/>.</summary>
    public void CopySlot(int from, int to)
    {
        for (var l = 0; l < _layers.Length; l++)
        {
            CopyRow(Weights[l], _layers[l].WeightCount, from, to);
            CopyRow(Biases[l], _layers[l].Outputs, from, to);
        }

        Velocity?.CopySlot(_layers, from, to);
        FirstMoment?.CopySlot(_layers, from, to);
        SecondMoment?.CopySlot(_layers, from, to);
        AdamSteps[to] = AdamSteps[from];
    }

    /// <summary>Zeroes slot <paramref name="slot"/>'s optimiser state (a new agent starts fresh).</summary>
    public void ResetState(int slot)
    {
        Velocity?.Clear(_layers, slot);
        FirstMoment?.Clear(_layers, slot);
        SecondMoment?.Clear(_layers, slot);
        AdamSteps[slot] = 0;
    }

    /// <summary>Copies one slot's parameters out in the flat layout (per layer W then b).</summary>
    public void Read(int slot, Span<float> flat) => Persistence.FlatSlot.Read(Weights, Biases, _layers, slot, flat);

    /// <summary>Writes one slot's parameters from the flat layout.</summary>
    public void Write(int slot, ReadOnlySpan<float> flat) => Persistence.FlatSlot.Write(Weights, Biases, _layers, slot, flat);

    private static void CopyRow(PinnedBuffer buffer, int rowLength, int from, int to) =>
        buffer.Slice((long)from * rowLength, rowLength).CopyTo(buffer.Slice((long)to * rowLength, rowLength));
}

/// <summary>One kind of per-parameter optimiser state, laid out like the parameters.</summary>
internal sealed class OptimizerState
{
    public OptimizerState(DenseLayerShape[] layers, int capacity)
    {
        Weights = layers.Select(l => new PinnedBuffer((long)capacity * l.WeightCount)).ToArray();
        Biases = layers.Select(l => new PinnedBuffer((long)capacity * l.Outputs)).ToArray();
    }

    /// <summary>Per layer, shaped like the weights.</summary>
    public PinnedBuffer[] Weights { get; }

    /// <summary>Per layer, shaped like the biases.</summary>
    public PinnedBuffer[] Biases { get; }

    public void Resize(DenseLayerShape[] layers, int capacity)
    {
        for (var l = 0; l < layers.Length; l++)
        {
            Weights[l].Resize((long)capacity * layers[l].WeightCount);
            Biases[l].Resize((long)capacity * layers[l].Outputs);
        }
    }

    public void CopySlot(DenseLayerShape[] layers, int from, int to)
    {
        for (var l = 0; l < layers.Length; l++)
        {
            var w = layers[l].WeightCount;
            var o = layers[l].Outputs;
            Weights[l].Slice((long)from * w, w).CopyTo(Weights[l].Slice((long)to * w, w));
            Biases[l].Slice((long)from * o, o).CopyTo(Biases[l].Slice((long)to * o, o));
        }
    }

    public void Clear(DenseLayerShape[] layers, int slot)
    {
        for (var l = 0; l < layers.Length; l++)
        {
            Weights[l].Slice((long)slot * layers[l].WeightCount, layers[l].WeightCount).Clear();
            Biases[l].Slice((long)slot * layers[l].Outputs, layers[l].Outputs).Clear();
        }
    }
}
