using Engine.Neural.Cpu;

namespace Engine.Neural.Backends;

/// <summary>
/// What a backend sees of a cohort: the host copy of its rows, parameters, optimiser state and
/// sample rings, and what changed since the backend's last call. One view per cohort, reused
/// every frame; spans are valid for the duration of the call that receives the view.
/// </summary>
/// <remarks>
/// Layouts: parameter set s of layer l is <c>Weights(l)[s * outputs * inputs ..]</c> as
/// <c>W[in][out]</c> (by input: weight (j, k) at <c>k * outputs + j</c>; the CPU's forward pass
/// multiplies columns), and <c>Biases(l)[s * outputs ..]</c>; optimiser state has the same
/// layout. Row r's input is <c>Inputs[r * InputSize ..]</c>; its sample ring holds
/// <see cref="RingCapacity"/> samples at ring rows <c>r * RingCapacity + position</c>, of which
/// positions 0 to <c>SampleCounts[r] - 1</c> hold samples.
/// </remarks>
public sealed class CohortView
{
    private readonly CohortRows _rows;

    internal CohortView(BrainSpec spec, bool shared, CohortRows rows, HostChanges changes)
    {
        Spec = spec;
        IsShared = shared;
        _rows = rows;
        Changes = changes;
    }

    /// <summary>The shape of every brain.</summary>
    public BrainSpec Spec { get; }

    /// <summary>True when one parameter set (set 0) drives every row.</summary>
    public bool IsShared { get; }

    /// <summary>Rows (agents).</summary>
    public int Count => _rows.Count;

    /// <summary>Parameter sets: <see cref="Count"/>, or 1 when shared.</summary>
    public int ParameterSets => IsShared ? 1 : Count;

    /// <summary>Samples each row's ring holds.</summary>
    public int RingCapacity => _rows.Samples.RingCapacity;

    /// <summary>What the host changed since this backend's last call.</summary>
    public HostChanges Changes { get; }

    /// <summary>Every row's input, <c>[Count x InputSize]</c>: read by <see cref="ICohortBackend.Forward"/>.</summary>
    public ReadOnlySpan<float> Inputs => _rows.Inputs.Slice(0, Count * Spec.InputSize);

    /// <summary>Every row's output, <c>[Count x OutputSize]</c>: written by <see cref="ICohortBackend.Forward"/>.</summary>
    public Span<float> Outputs => _rows.Outputs.Slice(0, Count * Spec.OutputSize);

    /// <summary>Layer <paramref name="layer"/>'s weights of every parameter set.</summary>
    public Span<float> Weights(int layer) => Whole(_rows.Parameters.Weights[layer], Spec.Layers[layer].WeightCount);

    /// <summary>Layer <paramref name="layer"/>'s biases of every parameter set.</summary>
    public Span<float> Biases(int layer) => Whole(_rows.Parameters.Biases[layer], Spec.Layers[layer].Outputs);

    /// <summary>True when the cohort holds optimiser state of <paramref name="kind"/> (created the first time an optimiser needs it).</summary>
    public bool HasState(OptimizerStateKind kind) => State(kind) is not null;

    /// <summary>Layer <paramref name="layer"/>'s state of <paramref name="kind"/> shaped like its weights (empty when the cohort has none).</summary>
    public Span<float> StateWeights(OptimizerStateKind kind, int layer) =>
        State(kind) is { } s ? Whole(s.Weights[layer], Spec.Layers[layer].WeightCount) : [];

    /// <summary>Layer <paramref name="layer"/>'s state of <paramref name="kind"/> shaped like its biases (empty when the cohort has none).</summary>
    public Span<float> StateBiases(OptimizerStateKind kind, int layer) =>
        State(kind) is { } s ? Whole(s.Biases[layer], Spec.Layers[layer].Outputs) : [];

    /// <summary>Every row's ring inputs, <c>[Count x RingCapacity x InputSize]</c>.</summary>
    public ReadOnlySpan<float> RingInputs => _rows.Samples.Inputs.Slice(0, Count * RingCapacity * Spec.InputSize);

    /// <summary>Every row's ring targets, <c>[Count x RingCapacity x OutputSize]</c>.</summary>
    public ReadOnlySpan<float> RingTargets => _rows.Samples.Targets.Slice(0, Count * RingCapacity * Spec.OutputSize);

    /// <summary>Samples held per row.</summary>
    public ReadOnlySpan<int> SampleCounts => _rows.Samples.Counts.AsSpan(0, Count);

    internal CohortRows Rows => _rows;

    private OptimizerState? State(OptimizerStateKind kind) => kind switch
    {
        OptimizerStateKind.Velocity => _rows.Parameters.Velocity,
        OptimizerStateKind.FirstMoment => _rows.Parameters.FirstMoment,
        _ => _rows.Parameters.SecondMoment,
    };

    private Span<float> Whole(PinnedBuffer buffer, int perSet) => buffer.Slice(0, ParameterSets * perSet);
}
