using System.Buffers.Binary;
using Engine.Neural.Persistence;

namespace Engine.Neural.Learning;

/// <summary>
/// The file a learner's own state is saved in (the brains themselves are saved with
/// <see cref="BrainFile"/>): magic <c>"\x89ENLS\r\n\x1A"</c>, format version (u16), kind (u16),
/// payload length (u32), the payload, and a CRC-32 of everything before it; little-endian.
/// Written atomically (temporary file, then rename); read only after the frame checks out, and
/// each learner validates the whole payload before it changes anything.
/// </summary>
internal static class LearnerStateFile
{
    private const ushort Version = 1;
    private const int HeaderLength = 16;

    private static ReadOnlySpan<byte> Magic => [0x89, 0x45, 0x4E, 0x4C, 0x53, 0x0D, 0x0A, 0x1A];

    public static void Save(string path, LearnerStateKind kind, Action<PayloadWriter> writePayload)
    {
        var writer = new PayloadWriter();
        writer.Bytes(Magic);
        writer.UInt16(Version);
        writer.UInt16((ushort)kind);
        writer.UInt32(0);
        writePayload(writer);
        var bytes = new byte[writer.Length + 4];
        writer.Written.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12, 4), (uint)(writer.Length - HeaderLength));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(writer.Length, 4), Crc32.Compute(bytes.AsSpan(0, writer.Length)));
        AtomicFile.Write(path, bytes);
    }

    /// <exception cref="BrainFileException">The file is not a learner-state file of that kind, or is damaged.</exception>
    public static PayloadReader Open(string path, LearnerStateKind expected)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new BrainFileException(BrainFileProblem.NotABrainFile, $"{path} is not a learner-state file (its magic bytes differ).");
        }

        if (file.Length < HeaderLength + 4)
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"{path} has {file.Length} bytes, fewer than an empty learner-state file.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8, 2));
        if (version != Version)
        {
            throw new BrainFileException(BrainFileProblem.UnsupportedVersion, $"{path}: learner-state format version {version}; this build reads version {Version} only.");
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12, 4));
        if (length != (uint)(file.Length - HeaderLength - 4))
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"{path}: the header promises {length} payload bytes, the file holds {file.Length - HeaderLength - 4}.");
        }

        var end = file.Length - 4;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end, 4));
        if (stored != Crc32.Compute(file.AsSpan(0, end)))
        {
            throw new BrainFileException(BrainFileProblem.ChecksumMismatch, $"{path}: the CRC-32 does not match; the file is damaged.");
        }

        var kind = (LearnerStateKind)BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(10, 2));
        if (kind != expected)
        {
            throw new BrainFileException(BrainFileProblem.WrongKind, $"{path} holds the state of a {kind} learner; a {expected} learner's was expected.");
        }

        return new PayloadReader(file, HeaderLength, end);
    }

    /// <summary>Writes a generator's state (as cohort files do).</summary>
    public static void Generator(PayloadWriter writer, DeterministicRandom random) => CohortRows.WriteRandom(writer, random);

    /// <summary>Reads a generator's state; all zeros is no xoshiro state (it would only ever draw 0).</summary>
    public static DeterministicRandom Generator(PayloadReader reader, string field) => CohortRows.ReadRandom(reader, field).ToRandom();

    /// <summary>Reads <paramref name="count"/> floats that must all be finite.</summary>
    public static float[] FiniteSingles(PayloadReader reader, long count, string field)
    {
        var values = reader.Singles(count, field);
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw PayloadReader.Malformed($"{field} holds {v}, not a finite number.");
            }
        }

        return values;
    }

    /// <summary>Throws a target mismatch unless the saved and the live value agree.</summary>
    public static void Expect(long saved, long live, string what)
    {
        if (saved != live)
        {
            throw new BrainFileException(BrainFileProblem.TargetMismatch, $"the state was saved for {saved} {what}, this learner has {live}; nothing changed.");
        }
    }
}
