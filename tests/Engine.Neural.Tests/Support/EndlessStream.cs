namespace Engine.Neural.Tests.Support;

/// <summary>
/// A stream that gives <paramref name="prefix"/> and then <paramref name="fill"/> bytes forever,
/// like <c>/dev/zero</c> behind a header, counting every byte a reader takes.
/// </summary>
internal sealed class EndlessStream(byte[] prefix, byte fill = 0) : Stream
{
    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = BytesRead + i < prefix.Length ? prefix[BytesRead + i] : fill;
        }

        BytesRead += buffer.Length;
        return buffer.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
