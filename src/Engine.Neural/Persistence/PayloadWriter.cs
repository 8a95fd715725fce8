using System.Buffers;
using System.Buffers.Binary;

namespace Engine.Neural.Persistence;

/// <summary>Little-endian field writer into a growing buffer (a file is built whole, then written).</summary>
internal sealed class PayloadWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Bool(bool value) => Advance1(value ? (byte)1 : (byte)0);

    public void UInt8(byte value) => Advance1(value);

    public void UInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
        _buffer.Advance(2);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Single(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Double(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    public void Singles(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            Single(v);
        }
    }

    public void Int32s(ReadOnlySpan<int> values)
    {
        foreach (var v in values)
        {
            Int32(v);
        }
    }

    /// <summary>Overwrites 8 bytes at <paramref name="offset"/> (the header's payload length, known last).</summary>
    public void PatchUInt64(int offset, ulong value)
    {
        var span = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_buffer.WrittenMemory).Span;
        BinaryPrimitives.WriteUInt64LittleEndian(span.Slice(offset, 8), value);
    }

    private void Advance1(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
