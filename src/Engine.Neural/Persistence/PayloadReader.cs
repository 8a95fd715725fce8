using System.Buffers.Binary;

namespace Engine.Neural.Persistence;

/// <summary>
/// Little-endian field reader over a payload that is already in memory. Every read checks the
/// bytes that remain first, and every array read checks its whole length before it allocates,
/// so a corrupt length can neither run off the end nor ask for more memory than the file holds.
/// </summary>
internal sealed class PayloadReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    public PayloadReader(byte[] data, int start, int end)
    {
        _data = data;
        _position = start;
        _end = end;
    }

    /// <summary>The format version of the file the payload came from.</summary>
    public ushort Version { get; init; } = FileEnvelope.Version;

    /// <summary>Bytes not read yet.</summary>
    public long Remaining => _end - _position;

    public byte UInt8(string field) => Take(1, field)[0];

    public bool Bool(string field)
    {
        var b = UInt8(field);
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Malformed($"{field} must be 0 or 1, got {b}."),
        };
    }

    public int Int32(string field) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public long Int64(string field) => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public ulong UInt64(string field) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public float Single(string field) => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));

    public double Double(string field) => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    /// <summary>An int in [<paramref name="min"/>, <paramref name="max"/>]; above max is a size-limit problem.</summary>
    public int Size(string field, int min, long max)
    {
        var value = Int32(field);
        if (value < min)
        {
            throw Malformed($"{field} must be at least {min}, got {value}.");
        }

        if (value > max)
        {
            throw new BrainFileException(BrainFileProblem.SizeLimit, $"{field} is {value}, beyond the limit of {max}.");
        }

        return value;
    }

    /// <summary>Reads <paramref name="count"/> floats, after checking the file holds them.</summary>
    public float[] Singles(long count, string field)
    {
        var bytes = Take(Need(count, 4, field), field);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
        }

        return values;
    }

    /// <summary>Reads <paramref name="count"/> ints, after checking the file holds them.</summary>
    public int[] Int32s(long count, string field)
    {
        var bytes = Take(Need(count, 4, field), field);
        var values = new int[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4, 4));
        }

        return values;
    }

    /// <summary>Throws unless <paramref name="count"/> records of at least <paramref name="minBytes"/> each can still fit.</summary>
    public void EnsureRoomFor(long count, int minBytes, string field) => Need(count, minBytes, field);

    /// <summary>Throws unless every byte has been read: trailing bytes mean the file is not what it says.</summary>
    public void EnsureEnd()
    {
        if (_position != _end)
        {
            throw Malformed($"{_end - _position} bytes follow the last field.");
        }
    }

    public static BrainFileException Malformed(string message) => new(BrainFileProblem.Malformed, message);

    private int Need(long count, int size, string field)
    {
        if (count < 0 || count > Remaining / size)
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"{field} needs {count} x {size} bytes, but only {Remaining} remain.");
        }

        return (int)(count * size);
    }

    private ReadOnlySpan<byte> Take(int length, string field)
    {
        if (length > _end - _position)
        {
            throw new BrainFileException(BrainFileProblem.Truncated, $"the file ends inside {field}.");
        }

        var span = _data.AsSpan(_position, length);
        _position += length;
        return span;
    }
}
