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
        cohort.RestoreAgents(image.Count, table.Versions, table.FreeIds, table.IdOfSlot);
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
        cohort.RestoreCohortState(image.Settings, image.SharedRandom.ToRandom(), image.AgentsCreated, image.Counters);
        Changed(cohort);
    }

    /// <summary>Writes parameter set <paramref name="set"/> of the image, with its optimiser state, into store slot <paramref name="slot"/>.</summary>
    public static void ParameterSet(BrainCohort cohort, int slot, CohortImage image, int set)
    {
        var store = cohort.SynchronizedStore();
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
        Changed(cohort);
    }

    /// <summary>Writes row <paramref name="row"/> of the image (flags, generator, samples) into cohort row <paramref name="slot"/>.</summary>
    public static void Row(BrainCohort cohort, int slot, CohortImage image, int row)
    {
        cohort.LearningFlags[slot] = image.Learning[row];
        cohort.LearningRateScales[slot] = image.LearningRateScales[row];
        cohort.LastLosses[slot] = image.LastLosses[row];
        cohort.Dampings[slot] = image.Dampings[row];
        cohort.DivergenceCounts[slot] = image.Divergences[row];
        cohort.AgentRandoms[slot] = image.Randoms[row].ToRandom();

        var samples = cohort.Samples;
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

        Changed(cohort);
    }

    private static void Changed(BrainCohort cohort)
    {
        cohort.MarkHostChanged();

        // Rings written in place are not in the push log: copying a ring onto itself is how the
        // sample store learns that a device mirror must take the rings whole.
        cohort.Samples.CopySlot(0, 0);
    }
}
