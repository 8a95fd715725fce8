namespace Engine.Neural.OpenCL;

/// <summary>
/// Where a cohort's data lives on the device, as the kernels read it: a small int table (a
/// header, then a record per layer) uploaded with the buffers it describes, so one launch can
/// walk every layer. Every parameter-shaped buffer (parameters, gradients, each kind of
/// optimiser state) holds, per layer, a region for the weights and one for the
/// biases at the offsets given here, each region <c>[tile][element][lane]</c> for the capacity's
/// agents. The field numbers reach the kernels as build options (<see cref="BuildOptions"/>),
/// so the two sides cannot disagree.
/// </summary>
internal sealed class LayerTable
{
    /// <summary>Header: the number of layers.</summary>
    public const int LayerCount = 0;

    /// <summary>Header: samples per agent the training scratch holds (and the stride of the batch positions).</summary>
    public const int MaxBatch = 1;

    /// <summary>Header: floats per agent of the training scratch.</summary>
    public const int TrainScratch = 2;

    /// <summary>Header: where the gathered batch inputs start in an agent's training scratch.</summary>
    public const int BatchInputs = 3;

    /// <summary>Header: where the gathered batch targets start.</summary>
    public const int BatchTargets = 4;

    /// <summary>Header: where the first of the two deltas starts.</summary>
    public const int DeltaA = 5;

    /// <summary>Header: where the second delta starts.</summary>
    public const int DeltaB = 6;

    /// <summary>Header: floats per agent of the forward scratch (its input first).</summary>
    public const int ForwardScratch = 7;

    /// <summary>Header: where the forward scratch's first half starts.</summary>
    public const int ForwardA = 8;

    /// <summary>Header: where the forward scratch's second half starts.</summary>
    public const int ForwardB = 9;

    /// <summary>Ints of the header; layer records follow.</summary>
    public const int Header = 10;

    /// <summary>Layer record: the layer's inputs.</summary>
    public const int Inputs = 0;

    /// <summary>Layer record: the layer's outputs.</summary>
    public const int Outputs = 1;

    /// <summary>Layer record: the activation, as <see cref="Activation"/>'s number.</summary>
    public const int Act = 2;

    /// <summary>Layer record: the activation's alpha, a float's bits.</summary>
    public const int Alpha = 3;

    /// <summary>Layer record: where the weights' region starts in every parameter-shaped buffer.</summary>
    public const int Weights = 4;

    /// <summary>Layer record: where the biases' region starts.</summary>
    public const int Biases = 5;

    /// <summary>Layer record: where the layer's batch activations start in an agent's training scratch.</summary>
    public const int Activations = 6;

    /// <summary>Ints of a layer record.</summary>
    public const int Fields = 7;

    private static readonly (string Name, int Value)[] Definitions =
    [
        ("LT_LAYERS", LayerCount), ("LT_MAX_BATCH", MaxBatch), ("LT_TRAIN_SCRATCH", TrainScratch),
        ("LT_BATCH_INPUTS", BatchInputs), ("LT_BATCH_TARGETS", BatchTargets), ("LT_DELTA_A", DeltaA), ("LT_DELTA_B", DeltaB),
        ("LT_FORWARD_SCRATCH", ForwardScratch), ("LT_FORWARD_A", ForwardA), ("LT_FORWARD_B", ForwardB),
        ("LT_HEADER", Header),
        ("LT_INPUTS", Inputs), ("LT_OUTPUTS", Outputs), ("LT_ACT", Act), ("LT_ALPHA", Alpha),
        ("LT_WEIGHTS", Weights), ("LT_BIASES", Biases), ("LT_ACTIVATIONS", Activations), ("LT_FIELDS", Fields),
    ];

    private readonly DenseLayerShape[] _layers;
    private readonly int _width;

    /// <summary>A table for <paramref name="layers"/>, sized by <see cref="Resize"/>.</summary>
    public LayerTable(IReadOnlyList<DenseLayerShape> layers)
    {
        _layers = [.. layers];
        _width = _layers.Max(l => l.Outputs);
        Values = GC.AllocateArray<int>(Header + (_layers.Length * Fields), pinned: true);
    }

    /// <summary>The <c>-D</c> options that give the kernels the field numbers above.</summary>
    public static string BuildOptions { get; } = string.Join(' ', Definitions.Select(d => $"-D{d.Name}={d.Value}"));

    /// <summary>The table as uploaded (pinned, so a queued write may read it).</summary>
    public int[] Values { get; }

    /// <summary>Agents every region holds room for.</summary>
    public int Capacity { get; private set; }

    /// <summary>Samples per agent the training scratch holds.</summary>
    public int Batch => Values[MaxBatch];

    /// <summary>Floats of one parameter-shaped buffer.</summary>
    public long ParameterFloatCount { get; private set; }

    /// <summary>Floats per agent of the training scratch.</summary>
    public int TrainScratchPerAgent => Values[TrainScratch];

    /// <summary>Floats per agent of the forward scratch.</summary>
    public int ForwardScratchPerAgent => Values[ForwardScratch];

    /// <summary>Where layer <paramref name="layer"/>'s weights start in a parameter-shaped buffer, in floats.</summary>
    public long WeightsAt(int layer) => Values[Header + (layer * Fields) + Weights];

    /// <summary>Where layer <paramref name="layer"/>'s biases start in a parameter-shaped buffer, in floats.</summary>
    public long BiasesAt(int layer) => Values[Header + (layer * Fields) + Biases];

    /// <summary>
    /// Lays everything out for <paramref name="capacity"/> agents (a multiple of the tile) and
    /// batches of up to <paramref name="maxBatch"/> samples.
    /// </summary>
    /// <exception cref="OpenClException">The layout would need offsets beyond an int (the kernels' index type).</exception>
    public void Resize(int capacity, int maxBatch)
    {
        Capacity = capacity;
        var v = Values;
        var inputs = _layers[0].Inputs;
        long regions = 0;
        long activations = (long)maxBatch * inputs;
        for (var l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            var record = Header + (l * Fields);
            v[record + Inputs] = layer.Inputs;
            v[record + Outputs] = layer.Outputs;
            v[record + Act] = (int)layer.Activation;
            v[record + Alpha] = BitConverter.SingleToInt32Bits((float)layer.Alpha);
            v[record + Weights] = Checked(regions);
            regions += (long)capacity * layer.WeightCount;
            v[record + Biases] = Checked(regions);
            regions += (long)capacity * layer.Outputs;
            v[record + Activations] = Checked(activations);
            activations += (long)maxBatch * layer.Outputs;
        }

        v[LayerCount] = _layers.Length;
        v[MaxBatch] = maxBatch;
        ParameterFloatCount = regions;
        v[BatchInputs] = 0;
        v[BatchTargets] = Checked(activations);
        v[DeltaA] = Checked(activations + ((long)maxBatch * _layers[^1].Outputs));
        v[DeltaB] = Checked(v[DeltaA] + ((long)maxBatch * _width));
        v[TrainScratch] = Checked(v[DeltaB] + ((long)maxBatch * _width));
        v[ForwardA] = inputs;
        v[ForwardB] = inputs + _width;
        v[ForwardScratch] = inputs + (2 * _width);

        // The kernels address the regions in int arithmetic.
        Checked(regions);
    }

    /// <summary>The table's bytes (for the upload).</summary>
    public long Bytes => (long)Values.Length * sizeof(int);

    private static int Checked(long floats) =>
        floats <= int.MaxValue ? (int)floats : throw new OpenClException($"the cohort's device layout needs {floats} floats in one buffer, more than the kernels can index");
}
