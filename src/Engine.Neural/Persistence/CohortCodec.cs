namespace Engine.Neural.Persistence;

/// <summary>Writes and reads the cohort block and the agent-table block (docs/save-format.md).</summary>
internal static class CohortCodec
{
    private const byte HasVelocity = 1;
    private const byte HasMoments = 2;

    // The fields of CohortRows (learning u8, scale f32, last loss f32, damping f32, divergences
    // i32, generator 4 x u64), then sample count i32 and ring head i32.
    private const int MinRowBytes = 1 + 4 + 4 + 4 + 4 + 32 + 4 + 4;

    public static void Write(PayloadWriter w, CohortImage image)
    {
        SpecCodec.WriteSpec(w, image.Spec);
        SpecCodec.WriteOptions(w, image.Options);
        SpecCodec.WriteSettings(w, image.Settings);
        w.UInt64(image.AgentsCreated);
        w.Int64(image.Counters.RejectedSamples);
        w.Int64(image.Counters.ClampedSamples);
        w.Int64(image.Counters.DivergenceEvents);
        w.Single(image.Counters.SharedDamping);
        w.Int32(image.Counters.SharedDivergences);
        CohortRows.WriteRandom(w, image.SharedRandom.ToRandom());
        w.Int32(image.Count);
        w.UInt8((byte)((image.Velocity is null ? 0 : HasVelocity) | (image.FirstMoment is null ? 0 : HasMoments)));
        w.Singles(image.Parameters);
        if (image.Velocity is not null)
        {
            w.Singles(image.Velocity);
        }

        if (image.FirstMoment is not null)
        {
            w.Singles(image.FirstMoment);
            w.Singles(image.SecondMoment!);
        }

        w.Int32s(image.AdamSteps);
        for (var row = 0; row < image.Count; row++)
        {
            image.Rows.Write(w, row);
            w.Int32(image.SampleCounts[row]);
            w.Int32(image.Heads[row]);
            w.Singles(image.SampleInputs[row]);
            w.Singles(image.SampleTargets[row]);
        }
    }

    public static CohortImage Read(PayloadReader r)
    {
        var spec = SpecCodec.ReadSpec(r);
        var options = SpecCodec.ReadOptions(r);
        var settings = SpecCodec.ReadSettings(r);
        var agentsCreated = r.UInt64("agents created");
        var counters = new CohortCounters(
            Count(r.Int64("rejected samples"), "rejected samples"),
            Count(r.Int64("clamped samples"), "clamped samples"),
            Count(r.Int64("divergence events"), "divergence events"),
            CohortRows.ReadDamping(r.Single("shared damping"), "the shared damping"),
            CohortRows.ReadCount(r.Int32("shared divergences"), "shared divergences"));
        var sharedRandom = CohortRows.ReadRandom(r, "shared generator");
        var count = r.Size("agent count", 0, BrainFileLimits.MaxAgents);
        r.EnsureRoomFor(count, MinRowBytes, "agent rows");
        var flags = r.UInt8("optimiser state flags");
        if ((flags & ~(HasVelocity | HasMoments)) != 0)
        {
            throw PayloadReader.Malformed($"optimiser state flags 0x{flags:X2} name unknown state.");
        }

        CheckMemory(spec, options, count, flags);
        var sets = options.SharedParameters ? 1 : count;
        var setFloats = (long)sets * spec.ParameterCount;
        var parameters = Finite(r.Singles(setFloats, "parameters"), "a parameter");
        var velocity = (flags & HasVelocity) != 0 ? Finite(r.Singles(setFloats, "velocity"), "a velocity") : null;
        float[]? first = null;
        float[]? second = null;
        if ((flags & HasMoments) != 0)
        {
            first = Finite(r.Singles(setFloats, "Adam first moment"), "an Adam first moment");
            second = Finite(r.Singles(setFloats, "Adam second moment"), "an Adam second moment");
            if (Array.Exists(second, v => v < 0))
            {
                throw PayloadReader.Malformed("an Adam second moment is negative; it is a mean of squares.");
            }
        }

        var adamSteps = r.Int32s(sets, "Adam step counts");
        if (Array.Exists(adamSteps, t => t < 0))
        {
            throw PayloadReader.Malformed("an Adam step count is negative.");
        }

        var rows = new RowTable(count);
        var sampleCounts = new int[count];
        var heads = new int[count];
        var inputs = new float[count][];
        var targets = new float[count][];
        var ring = options.SampleCapacity;
        for (var row = 0; row < count; row++)
        {
            rows.Read(r, row);
            sampleCounts[row] = r.Size("sample count", 0, ring);
            heads[row] = r.Size("ring head", 0, ring - 1);

            // A ring fills positions 0, 1, ... before it wraps, so until it is full the head is the count.
            if (sampleCounts[row] < ring && heads[row] != sampleCounts[row])
            {
                throw PayloadReader.Malformed($"row {row} holds {sampleCounts[row]} samples but its ring head is {heads[row]}.");
            }

            inputs[row] = Finite(r.Singles((long)sampleCounts[row] * spec.InputSize, "sample inputs"), "a sample input");
            targets[row] = Finite(r.Singles((long)sampleCounts[row] * spec.OutputSize, "sample targets"), "a sample target");
        }

        return new CohortImage
        {
            Spec = spec,
            Options = options,
            Settings = settings,
            AgentsCreated = agentsCreated,
            Counters = counters,
            SharedRandom = sharedRandom,
            Count = count,
            Parameters = parameters,
            Velocity = velocity,
            FirstMoment = first,
            SecondMoment = second,
            AdamSteps = adamSteps,
            Rows = rows,
            SampleCounts = sampleCounts,
            Heads = heads,
            SampleInputs = inputs,
            SampleTargets = targets,
        };
    }

    public static void WriteTable(PayloadWriter w, AgentTable table)
    {
        w.Int32(table.NextId);
        w.Int32s(table.Versions);
        w.Int32(table.FreeIds.Length);
        w.Int32s(table.FreeIds);
        w.Int32s(table.IdOfSlot);
    }

    /// <summary>Reads a handle table and checks that every id is either in exactly one row or free, never both.</summary>
    public static AgentTable ReadTable(PayloadReader r, int count)
    {
        var nextId = r.Size("next agent id", count, BrainFileLimits.MaxAgents);
        var versions = r.Int32s(nextId, "agent versions");
        var freeCount = r.Size("free id count", 0, nextId);
        var free = r.Int32s(freeCount, "free ids");
        var idOfSlot = r.Int32s(count, "agent ids");
        if (count + freeCount != nextId)
        {
            throw PayloadReader.Malformed($"{count} agents and {freeCount} free ids do not account for {nextId} ids.");
        }

        var seen = new bool[nextId];
        foreach (var id in idOfSlot.Concat(free))
        {
            if ((uint)id >= (uint)nextId || seen[id])
            {
                throw PayloadReader.Malformed($"agent id {id} is out of range or used twice.");
            }

            seen[id] = true;
        }

        if (Array.Exists(versions, v => v < 0))
        {
            throw PayloadReader.Malformed("an agent version is negative.");
        }

        return new AgentTable { NextId = nextId, Versions = versions, FreeIds = free, IdOfSlot = idOfSlot };
    }

    private static void CheckMemory(BrainSpec spec, CohortOptions options, int count, byte flags)
    {
        // Doubles: the product of three in-limit sizes can pass 2^63.
        double capacity = Math.Max(options.InitialCapacity, count);
        var sets = options.SharedParameters ? 1 : capacity;
        var stateCopies = 1 + ((flags & HasVelocity) != 0 ? 1 : 0) + ((flags & HasMoments) != 0 ? 2 : 0);
        var floats = (sets * spec.ParameterCount * stateCopies)
            + (capacity * options.SampleCapacity * (spec.InputSize + spec.OutputSize))
            + (capacity * (spec.InputSize + spec.OutputSize));
        var bytes = floats * sizeof(float);
        if (bytes > BrainFileLimits.MaxCohortBytes)
        {
            throw new BrainFileException(BrainFileProblem.SizeLimit, $"the cohort would take {bytes / (1 << 20):F0} MiB, beyond the limit of {BrainFileLimits.MaxCohortBytes >> 20} MiB.");
        }
    }

    private static long Count(long value, string field) =>
        value >= 0 ? value : throw PayloadReader.Malformed($"{field} must be >= 0, got {value}.");

    private static float[] Finite(float[] values, string what)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw PayloadReader.Malformed($"{what} is {v}; a brain file holds finite numbers only.");
            }
        }

        return values;
    }
}
