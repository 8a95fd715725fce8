namespace Engine.Neural.Backends;

/// <summary>
/// One training step as the cohort decided it: which parameter sets learn, on which samples,
/// with which coefficients; and where the backend reports how each set's step ended. One view
/// per cohort, reused every step.
/// </summary>
/// <remarks>
/// For set s with <c>n = BatchLengths[s] &gt; 0</c>, the batch is the ring rows
/// <c>SampleRows[s * MaxBatch .. s * MaxBatch + n]</c> (into <see cref="CohortView.RingInputs"/>
/// and <see cref="CohortView.RingTargets"/>; a shared set's batch may draw from every row). The
/// step is the one <see cref="TrainingSettings"/> documents: mean gradient over the batch, the
/// L1/L2 term on weights, clipping by value then by global norm, then the optimiser with
/// learning rate <c>LearningRates[s]</c> and, for Adam, bias corrections
/// <c>FirstCorrections[s] = 1 / (1 - beta1^t)</c> and <c>SecondCorrections[s] = 1 / (1 - beta2^t)</c>.
/// </remarks>
public sealed class TrainStepView
{
    private int[] _batchLengths = [];
    private int[] _sampleRows = [];
    private float[] _learningRates = [];
    private float[] _firstCorrections = [];
    private float[] _secondCorrections = [];
    private float[] _losses = [];
    private StepStatus[] _statuses = [];

    internal TrainStepView()
    {
    }

    /// <summary>The cohort's settings for this step.</summary>
    public TrainingSettings Settings { get; private set; } = new();

    /// <summary>Parameter sets this step covers (every set of the cohort).</summary>
    public int Sets { get; private set; }

    /// <summary>The stride of <see cref="SampleRows"/>: the settings' batch size.</summary>
    public int MaxBatch { get; private set; }

    /// <summary>Samples in each set's batch; 0: the set does not learn this step.</summary>
    public ReadOnlySpan<int> BatchLengths => _batchLengths.AsSpan(0, Sets);

    /// <summary>Each set's batch as ring rows, <c>[Sets x MaxBatch]</c>.</summary>
    public ReadOnlySpan<int> SampleRows => _sampleRows.AsSpan(0, Sets * MaxBatch);

    /// <summary>Each set's learning rate: the settings' rate times its scale and its divergence damping.</summary>
    public ReadOnlySpan<float> LearningRates => _learningRates.AsSpan(0, Sets);

    /// <summary>Adam's first-moment bias correction per set (1 for other optimisers).</summary>
    public ReadOnlySpan<float> FirstCorrections => _firstCorrections.AsSpan(0, Sets);

    /// <summary>Adam's second-moment bias correction per set (1 for other optimisers).</summary>
    public ReadOnlySpan<float> SecondCorrections => _secondCorrections.AsSpan(0, Sets);

    /// <summary>Written by the backend: each trained set's mean batch loss.</summary>
    public Span<float> Losses => _losses.AsSpan(0, Sets);

    /// <summary>Written by the backend: how each trained set's step ended.</summary>
    public Span<StepStatus> Statuses => _statuses.AsSpan(0, Sets);

    internal Span<int> WritableBatchLengths => _batchLengths.AsSpan(0, Sets);

    internal Span<int> WritableSampleRows => _sampleRows.AsSpan(0, Sets * MaxBatch);

    internal Span<float> WritableLearningRates => _learningRates.AsSpan(0, Sets);

    internal Span<float> WritableFirstCorrections => _firstCorrections.AsSpan(0, Sets);

    internal Span<float> WritableSecondCorrections => _secondCorrections.AsSpan(0, Sets);

    /// <summary>Sizes the view for a step; grows (allocates) only when sets or batch outgrow it.</summary>
    internal void Begin(TrainingSettings settings, int sets)
    {
        Settings = settings;
        Sets = sets;
        MaxBatch = settings.BatchSize;
        Fit(ref _batchLengths, sets);
        Fit(ref _sampleRows, sets * MaxBatch);
        Fit(ref _learningRates, sets);
        Fit(ref _firstCorrections, sets);
        Fit(ref _secondCorrections, sets);
        Fit(ref _losses, sets);
        Fit(ref _statuses, sets);
        Statuses.Clear();
    }

    private static void Fit<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            array = new T[Math.Max(length, array.Length * 2)];
        }
    }
}
