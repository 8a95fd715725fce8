namespace Engine.Neural.Persistence;

/// <summary>Copies a live cohort's state (all of it, or some rows) into a <see cref="CohortImage"/>.</summary>
internal static class CohortCapture
{
    public static CohortImage Capture(BrainCohort cohort, ReadOnlySpan<int> rows)
    {
        cohort.SyncHost();
        var live = cohort.Rows;
        var store = live.Parameters;
        var spec = cohort.Spec;
        var p = spec.ParameterCount;
        var setSlots = cohort.IsShared ? [0] : rows.ToArray();
        var parameters = new float[setSlots.Length * p];
        var adamSteps = new int[setSlots.Length];
        for (var i = 0; i < setSlots.Length; i++)
        {
            store.Read(setSlots[i], parameters.AsSpan(i * p, p));
            adamSteps[i] = store.AdamSteps[setSlots[i]];
        }

        var samples = live.Samples;
        var count = rows.Length;
        var table = new RowTable(count);
        var inputs = new float[count][];
        var targets = new float[count][];
        var counts = new int[count];
        var heads = new int[count];
        for (var i = 0; i < count; i++)
        {
            var slot = rows[i];
            table.CopyRow(live.Table, slot, i);
            counts[i] = samples.Counts[slot];
            heads[i] = samples.Heads[slot];
            var ringStart = (long)slot * samples.RingCapacity;
            inputs[i] = samples.Inputs.Slice(ringStart * samples.InputSize, counts[i] * samples.InputSize).ToArray();
            targets[i] = samples.Targets.Slice(ringStart * samples.OutputSize, counts[i] * samples.OutputSize).ToArray();
        }

        var policy = cohort.Policy;
        return new CohortImage
        {
            Spec = spec,
            Options = cohort.Options,
            Settings = cohort.Settings,
            AgentsCreated = cohort.AgentsCreated,
            Counters = new CohortCounters(cohort.RejectedSamples, cohort.ClampedSamples, policy.DivergenceEvents, policy.SharedDamping, policy.SharedDivergences),
            SharedRandom = RandomState.Of(policy.SharedRandom),
            Count = count,
            Parameters = parameters,
            Velocity = State(store.Velocity, spec, setSlots),
            FirstMoment = State(store.FirstMoment, spec, setSlots),
            SecondMoment = State(store.SecondMoment, spec, setSlots),
            AdamSteps = adamSteps,
            Rows = table,
            SampleCounts = counts,
            Heads = heads,
            SampleInputs = inputs,
            SampleTargets = targets,
        };
    }

    /// <summary>The handle table of a whole cohort.</summary>
    public static AgentTable Table(BrainCohort cohort) => new()
    {
        NextId = cohort.Rows.NextId,
        Versions = cohort.Rows.Versions.ToArray(),
        FreeIds = cohort.Rows.FreeIds.ToArray(),
        IdOfSlot = cohort.Rows.IdsByRow.ToArray(),
    };

    /// <summary>Every row, 0 to Count - 1.</summary>
    public static int[] AllRows(BrainCohort cohort) => Enumerable.Range(0, cohort.Count).ToArray();

    private static float[]? State(OptimizerState? state, BrainSpec spec, int[] slots)
    {
        if (state is null)
        {
            return null;
        }

        var p = spec.ParameterCount;
        var flat = new float[slots.Length * p];
        for (var i = 0; i < slots.Length; i++)
        {
            FlatSlot.Read(state.Weights, state.Biases, spec.LayerArray, slots[i], flat.AsSpan(i * p, p));
        }

        return flat;
    }
}
