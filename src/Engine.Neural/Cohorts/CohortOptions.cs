namespace Engine.Neural;

/// <summary>How a <see cref="BrainCohort"/> is set up; everything has a sensible default.</summary>
public sealed record class CohortOptions
{
    /// <summary>Agents the cohort holds before it first grows (it doubles as needed). Default 16.</summary>
    public int InitialCapacity { get; init; } = 16;

    /// <summary>Samples each agent's ring keeps; the oldest is overwritten. Default 256.</summary>
    public int SampleCapacity { get; init; } = 256;

    /// <summary>How new agents' parameters are drawn. Default <see cref="WeightInit.Xavier"/>.</summary>
    public WeightInit Init { get; init; } = WeightInit.Xavier;

    /// <summary>Seed of initialisation and sampling: the same seed and the same calls give the same brains.</summary>
    public ulong Seed { get; init; }

    /// <summary>How mini-batches are drawn. Default <see cref="BatchSampling.Random"/>.</summary>
    public BatchSampling Sampling { get; init; } = BatchSampling.Random;

    /// <summary>
    /// Shared-brain mode: one parameter set drives every agent's input row (a crowd sharing one
    /// policy) and is trained on all agents' samples together. Default false (own weights each).
    /// </summary>
    public bool SharedParameters { get; init; }

    /// <summary>What happens to samples holding NaN or infinity. Default <see cref="NonFiniteSamplePolicy.Reject"/>.</summary>
    public NonFiniteSamplePolicy NonFiniteSamples { get; init; } = NonFiniteSamplePolicy.Reject;

    /// <summary>The bound of <see cref="NonFiniteSamplePolicy.Clamp"/>: values end up in [-limit, limit]. Default 1e6.</summary>
    public float SampleClampLimit { get; init; } = 1e6f;

    /// <summary>
    /// The CPU kernels' vector width. Default <see cref="VectorWidth.Measured"/>; a fixed one
    /// gives the same bits on every machine. Not kept in save files (a loaded cohort measures,
    /// unless told otherwise through <see cref="BrainCohort.VectorWidth"/>).
    /// </summary>
    public VectorWidth VectorWidth { get; init; } = VectorWidth.Measured;

    /// <summary>The training settings the cohort starts with.</summary>
    public TrainingSettings Training { get; init; } = new();

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public CohortOptions Validate()
    {
        if (InitialCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialCapacity), InitialCapacity, $"CohortOptions: InitialCapacity must be at least 1, got {InitialCapacity}.");
        }

        if (SampleCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleCapacity), SampleCapacity, $"CohortOptions: SampleCapacity must be at least 1, got {SampleCapacity}.");
        }

        if (!Enum.IsDefined(Init))
        {
            throw new ArgumentOutOfRangeException(nameof(Init), Init, "CohortOptions: unknown initialisation.");
        }

        if (!Enum.IsDefined(Sampling))
        {
            throw new ArgumentOutOfRangeException(nameof(Sampling), Sampling, "CohortOptions: unknown batch sampling.");
        }

        if (SharedParameters && Sampling == BatchSampling.Epochs)
        {
            throw new ArgumentException("CohortOptions: BatchSampling.Epochs shuffles each agent's own samples; a shared cohort draws over every agent's samples, so it takes Random or Latest.", nameof(Sampling));
        }

        if (!Enum.IsDefined(NonFiniteSamples))
        {
            throw new ArgumentOutOfRangeException(nameof(NonFiniteSamples), NonFiniteSamples, "CohortOptions: unknown non-finite sample policy.");
        }

        if (!float.IsFinite(SampleClampLimit) || SampleClampLimit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleClampLimit), SampleClampLimit, "CohortOptions: SampleClampLimit must be a finite number > 0.");
        }

        if (!Enum.IsDefined(VectorWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(VectorWidth), VectorWidth, "CohortOptions: a vector width is Measured, Bits128, Bits256 or Bits512.");
        }

        ArgumentNullException.ThrowIfNull(Training);
        Training.Validate();
        return this;
    }
}
