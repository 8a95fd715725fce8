using System.Buffers.Binary;

namespace Engine.Neural.Persistence;

/// <summary>
/// The frame around every payload: magic, version, kind, flags, payload length, and a CRC-32
/// of everything before it (layout in <c>docs/save-format.md</c>).
/// </summary>
internal static class FileEnvelope
{
    /// <summary>The format version this build writes (2 added the per-agent epoch state of <see cref="BatchSampling.Epochs"/>).</summary>
    public const ushort Version = 2;

    /// <summary>The oldest format version this build reads; what a version lacks loads as a new agent's default.</summary>
    public const ushort OldestReadable = 1;

    /// <summary>Header bytes before the payload.</summary>
    public const int HeaderLength = 24;

    /// <summary>Header plus the trailing CRC-32: the smallest possible file.</summary>
    public const int FrameLength = HeaderLength + 4;

    private const int PayloadLengthOffset = 16;

    /// <summary>
    /// "\x89ENBR\r\n\x1A": a high byte to catch 7-bit transfers, CR LF and LF to catch line-ending
    /// conversion, and ^Z to stop a DOS <c>type</c> (the trick PNG uses).
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, 0x45, 0x4E, 0x42, 0x52, 0x0D, 0x0A, 0x1A];

    /// <summary>Builds a whole file: header, the payload <paramref name="writePayload"/> writes, checksum.</summary>
    public static byte[] Wrap(BrainFileKind kind, Action<PayloadWriter> writePayload)
    {
        var writer = new PayloadWriter();
        writer.Bytes(Magic);
        writer.UInt16(Version);
        writer.UInt16((ushort)kind);
        writer.UInt32(0);
        writer.UInt64(0);
        writePayload(writer);
        writer.PatchUInt64(PayloadLengthOffset, (ulong)(writer.Length - HeaderLength));
        writer.UInt32(Crc32.Compute(writer.Written));
        return writer.Written.ToArray();
    }

    /// <summary>
    /// The whole file's length as declared by <paramref name="header"/> (its first bytes), or
    /// <paramref name="header"/>'s own length when those bytes are not a brain file's header.
    /// </summary>
    public static long DeclaredLength(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength || !header[..Magic.Length].SequenceEqual(Magic))
        {
            return header.Length;
        }

        var payload = BinaryPrimitives.ReadUInt64LittleEndian(header.Slice(PayloadLengthOffset, 8));
        return payload > (ulong)(long.MaxValue - FrameLength) ? long.MaxValue : FrameLength + (long)payload;
    }

    /// <summary>
    /// Checks the frame of <paramref name="file"/> (magic, version, length, checksum, kind, flags)
    /// and returns a reader over its payload.
    /// </summary>
    /// <exception cref="BrainFileException">The frame is wrong.</exception>
    public static PayloadReader Open(byte[] file, BrainFileKind expected)
    {
        var magic = Magic;
        var prefix = Math.Min(file.Length, magic.Length);
        if (!file.AsSpan(0, prefix).SequenceEqual(magic[..prefix]))
        {
            throw new BrainFileException(BrainFileProblem.NotABrainFile, "the file does not start with the brain-file magic bytes.");
        }

        if (file.Length < FrameLength)
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"the file has {file.Length} bytes, fewer than the {FrameLength} of an empty brain file.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8, 2));
        if (version is < OldestReadable or > Version)
        {
            throw new BrainFileException(BrainFileProblem.UnsupportedVersion, $"format version {version}; this build reads versions {OldestReadable} to {Version}.");
        }

        var payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(PayloadLengthOffset, 8));
        var actual = (ulong)(file.Length - FrameLength);
        if (payloadLength > actual)
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"the header promises {payloadLength} payload bytes, the file holds {actual}.");
        }

        if (payloadLength < actual)
        {
            throw new BrainFileException(BrainFileProblem.Malformed, $"the header promises {payloadLength} payload bytes and more follow: bytes were appended.");
        }

        var end = HeaderLength + (int)payloadLength;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(end, 4));
        var computed = Crc32.Compute(file.AsSpan(0, end));
        if (stored != computed)
        {
            throw new BrainFileException(BrainFileProblem.ChecksumMismatch, $"CRC-32 is 0x{computed:X8}, the file says 0x{stored:X8}: the file is damaged.");
        }

        var kind = (BrainFileKind)BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(10, 2));
        if (kind != expected)
        {
            var name = Enum.IsDefined(kind) ? kind.ToString() : $"unknown kind {(int)kind}";
            throw new BrainFileException(BrainFileProblem.WrongKind, $"this is a {name} file; a {expected} file was expected.");
        }

        var flags = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(12, 4));
        if (flags != 0)
        {
            throw new BrainFileException(BrainFileProblem.Malformed, $"reserved flags 0x{flags:X8} must be 0 in version {Version}.");
        }

        return new PayloadReader(file, HeaderLength, end) { Version = version };
    }

    /// <summary>Recomputes the checksum of a whole file in place (tests forge files with it).</summary>
    internal static void Reseal(byte[] file)
    {
        if (file.Length >= FrameLength)
        {
            var end = file.Length - 4;
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(end, 4), Crc32.Compute(file.AsSpan(0, end)));
        }
    }
}
