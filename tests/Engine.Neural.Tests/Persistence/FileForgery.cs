using System.Buffers.Binary;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>Edits saved files the way corruption or a hostile file would, resealing the checksum when asked.</summary>
internal static class FileForgery
{
    /// <summary>File offset of a cohort block's agent count: header, spec, options and settings blocks, counters and generator before it.</summary>
    public static int AgentCountOffset(BrainCohort cohort)
    {
        var w = new PayloadWriter();
        SpecCodec.WriteSpec(w, cohort.Spec);
        SpecCodec.WriteOptions(w, cohort.Options);
        SpecCodec.WriteSettings(w, cohort.Settings);
        // Agents created (8), counters (8 + 8 + 8 + 4 + 4), shared generator (32).
        return FileEnvelope.HeaderLength + w.Length + 8 + 32 + 32;
    }

    /// <summary>File offset of the options block's initial capacity (right after the spec block).</summary>
    public static int InitialCapacityOffset(BrainCohort cohort)
    {
        var w = new PayloadWriter();
        SpecCodec.WriteSpec(w, cohort.Spec);
        return FileEnvelope.HeaderLength + w.Length;
    }

    /// <summary>File offset of the first parameter: after the agent count and the state flags.</summary>
    public static int FirstParameterOffset(BrainCohort cohort) => AgentCountOffset(cohort) + 4 + 1;

    public static byte[] WithInt32(byte[] file, int offset, int value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset, 4), value);
        FileEnvelope.Reseal(copy);
        return copy;
    }

    public static byte[] WithSingle(byte[] file, int offset, float value)
    {
        var copy = (byte[])file.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(offset, 4), value);
        FileEnvelope.Reseal(copy);
        return copy;
    }
}
