namespace Engine.Neural.Persistence;

/// <summary>
/// Writes a validated <see cref="CohortImage"/> into a live cohort. Nothing here can fail on
/// account of the file (it was checked whole before), so a load either changes nothing or
/// completes.
/// </summary>
internal static class CohortRestore
{
    /// <summary>Replaces the whole content of <paramref name="cohort"/> with the image.</summary>
    public static void Whole(BrainCohort cohort, CohortImage image, AgentTable table)
    {
        cohort.HostWillChange();
        cohort.Rows.RestoreHandles(image.Count, table.Versions, table.FreeIds, table.IdOfSlot);
        for (var set = 0; set < image.Sets; set++)
        {
            ParameterSet(cohort, set, image, set);
        }

        for (var row = 0; row < image.Count; row++)
        {
            Row(cohort, row, image, row);
        }

        CohortState(cohort, image);
    }

    /// <summary>Restores the cohort-wide generator, counters and settings.</summary>
    public static void CohortState(BrainCohort cohort, CohortImage image)
    {
        cohort.HostWillChange();
        var policy = cohort.Policy;
        policy.SharedRandom = image.SharedRandom.ToRandom();
        policy.DivergenceEvents = image.Counters.DivergenceEvents;
        policy.SharedDamping = image.Counters.SharedDamping;
        policy.SharedDivergences = image.Counters.SharedDivergences;
        cohort.RestoreCohortState(image.Settings, image.AgentsCreated, image.Counters.RejectedSamples, image.Counters.ClampedSamples);
    }

    /// <summary>Writes parameter set <paramref name="set"/> of the image, with its optimiser state, into store slot <paramref name="slot"/>.</summary>
    public static void ParameterSet(BrainCohort cohort, int slot, CohortImage image, int set)
    {
        cohort.HostWillChange();
        var store = cohort.Rows.Parameters;
        var p = image.Spec.ParameterCount;
        var layers = image.Spec.LayerArray;
        store.Write(slot, image.Parameters.AsSpan(set * p, p));
        store.ResetState(slot);
        if (image.Velocity is not null)
        {
            store.EnsureState(OptimizerKind.Momentum);
            FlatSlot.Write(store.Velocity!.Weights, store.Velocity.Biases, layers, slot, image.Velocity.AsSpan(set * p, p));
        }

        if (image.FirstMoment is not null && image.SecondMoment is not null)
        {
            store.EnsureState(OptimizerKind.Adam);
            FlatSlot.Write(store.FirstMoment!.Weights, store.FirstMoment.Biases, layers, slot, image.FirstMoment.AsSpan(set * p, p));
            FlatSlot.Write(store.SecondMoment!.Weights, store.SecondMoment.Biases, layers, slot, image.SecondMoment.AsSpan(set * p, p));
        }

        store.AdamSteps[slot] = image.AdamSteps[set];
    }

    /// <summary>Writes row <paramref name="row"/> of the image (every per-row field, samples) into cohort row <paramref name="slot"/>.</summary>
    public static void Row(BrainCohort cohort, int slot, CohortImage image, int row)
    {
        cohort.HostWillChange();
        cohort.Rows.Table.CopyRow(image.Rows, row, slot);

        var samples = cohort.Rows.Samples;
        var count = image.SampleCounts[row];
        var inputs = image.SampleInputs[row];
        var targets = image.SampleTargets[row];
        var inSize = samples.InputSize;
        var outSize = samples.OutputSize;
        if (samples.RingCapacity == image.Options.SampleCapacity)
        {
            // The same ring: positions and head as saved, so random batch draws pick the same samples.
            var ringStart = (long)slot * samples.RingCapacity;
            inputs.CopyTo(samples.Inputs.Slice(ringStart * inSize, count * inSize));
            targets.CopyTo(samples.Targets.Slice(ringStart * outSize, count * outSize));
            samples.Counts[slot] = count;
            samples.Heads[slot] = image.Heads[row];
        }
        else
        {
            // Another ring size: replay the samples oldest first, the way the game gave them.
            samples.Clear(slot);
            var oldest = count < image.Options.SampleCapacity ? 0 : image.Heads[row];
            for (var k = 0; k < count; k++)
            {
                var position = (oldest + k) % count;
                samples.Push(slot, inputs.AsSpan(position * inSize, inSize), targets.AsSpan(position * outSize, outSize));
            }
        }
    }
}
