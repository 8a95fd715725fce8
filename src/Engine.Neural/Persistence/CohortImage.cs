namespace Engine.Neural.Persistence;

/// <summary>
/// Everything a save file holds about one cohort (or one brain: a cohort image of one row),
/// decoded and fully validated, or captured from a live cohort. Loading decodes a whole file
/// into images before it touches any target, so a bad file changes nothing.
/// </summary>
internal sealed class CohortImage
{
    public required BrainSpec Spec { get; init; }

    public required CohortOptions Options { get; init; }

    /// <summary>The cohort's current training settings (may differ from <see cref="CohortOptions.Training"/>).</summary>
    public required TrainingSettings Settings { get; init; }

    public ulong AgentsCreated { get; init; }

    public CohortCounters Counters { get; init; }

    public RandomState SharedRandom { get; init; }

    /// <summary>Rows (agents).</summary>
    public int Count { get; init; }

    /// <summary>Parameter sets: 1 in shared mode, else <see cref="Count"/>.</summary>
    public int Sets => Options.SharedParameters ? 1 : Count;

    /// <summary><see cref="Sets"/> x ParameterCount, each set in the flat layout (per layer W then b).</summary>
    public required float[] Parameters { get; init; }

    /// <summary>Momentum's velocity, laid out like <see cref="Parameters"/>; null when the cohort had none.</summary>
    public float[]? Velocity { get; init; }

    /// <summary>Adam's first moment; null together with <see cref="SecondMoment"/>.</summary>
    public float[]? FirstMoment { get; init; }

    /// <summary>Adam's second moment.</summary>
    public float[]? SecondMoment { get; init; }

    /// <summary>Adam's step count per set.</summary>
    public required int[] AdamSteps { get; init; }

    /// <summary>Every per-row field (<see cref="CohortRows.Fields"/>), one row per agent.</summary>
    public required RowTable Rows { get; init; }

    /// <summary>Samples per row: ring positions 0 to count - 1 hold them (a ring fills from 0).</summary>
    public required int[] SampleCounts { get; init; }

    public required int[] Heads { get; init; }

    /// <summary>Per row, its samples' inputs (sample count x InputSize), oldest ring position first.</summary>
    public required float[][] SampleInputs { get; init; }

    /// <summary>Per row, its samples' targets (sample count x OutputSize).</summary>
    public required float[][] SampleTargets { get; init; }
}

/// <summary>A <see cref="DeterministicRandom"/>'s whole state.</summary>
internal readonly record struct RandomState(ulong S0, ulong S1, ulong S2, ulong S3)
{
    public static RandomState Of(DeterministicRandom random)
    {
        var (s0, s1, s2, s3) = random.State;
        return new RandomState(s0, s1, s2, s3);
    }

    public DeterministicRandom ToRandom() => DeterministicRandom.FromState((S0, S1, S2, S3));
}

/// <summary>A cohort's handle table: which agent id sits in which row, and which ids are free.</summary>
internal sealed class AgentTable
{
    public required int NextId { get; init; }

    /// <summary>Version per id, 0 to <see cref="NextId"/> - 1.</summary>
    public required int[] Versions { get; init; }

    public required int[] FreeIds { get; init; }

    /// <summary>Agent id per row.</summary>
    public required int[] IdOfSlot { get; init; }
}

/// <summary>A cohort's counters and shared-mode divergence state, saved and restored together.</summary>
internal readonly record struct CohortCounters(long RejectedSamples, long ClampedSamples, long DivergenceEvents, float SharedDamping, int SharedDivergences);
