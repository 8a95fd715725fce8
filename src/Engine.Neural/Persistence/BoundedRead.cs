namespace Engine.Neural.Persistence;

/// <summary>
/// Reads a file or stream into memory so that neither its content nor its size decides how
/// much is read or allocated: the caller names the most bytes it will take, and the buffer grows
/// only with bytes that actually arrive. Brain files and ONNX models are both read through it.
/// </summary>
internal static class BoundedRead
{
    /// <summary>The first buffer for a stream of unknown length; it doubles from there as bytes arrive.</summary>
    private const int FirstChunk = 64 * 1024;

    /// <summary>
    /// The length of the file at <paramref name="path"/>, found without opening it. Pipes,
    /// devices and sockets report 0 like an empty file: callers refuse such a path rather than
    /// open it, because opening a pipe blocks until a writer comes and a device may never end.
    /// </summary>
    /// <exception cref="IOException">The path is a directory.</exception>
    /// <exception cref="FileNotFoundException">Nothing is at the path.</exception>
    public static long LengthOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"'{path}' is a directory, not a file.");
        }

        var info = new FileInfo(path);
        return info.Exists ? info.Length : throw new FileNotFoundException($"Could not find file '{path}'.", path);
    }

    /// <summary>The message for a path that <see cref="LengthOf"/> found to have no length.</summary>
    public static string NoLength(string path) =>
        $"'{path}' has a length of 0: it is empty, or a pipe, device or socket (which have no length and may never end); it is not read. Read such a source through a Stream instead.";

    /// <summary>
    /// Reads from <paramref name="source"/> until <paramref name="count"/> bytes are in hand or
    /// the stream ends, after the bytes of <paramref name="start"/>, which begin the result.
    /// </summary>
    /// <returns><paramref name="start"/> followed by what was read: at most <paramref name="count"/> bytes in all.</returns>
    public static byte[] UpTo(Stream source, long count, byte[]? start = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Array.MaxLength);
        var filled = start?.Length ?? 0;
        var buffer = new byte[(int)Math.Clamp(Math.Min(count, filled + FirstGuess(source)), filled, count)];
        start?.CopyTo(buffer, 0);
        while (filled < count)
        {
            if (filled == buffer.Length)
            {
                // Probe for one more byte before growing, so that a file read to its known
                // length is never copied into a buffer twice its size just to find its end.
                var next = source.ReadByte();
                if (next < 0)
                {
                    break;
                }

                Array.Resize(ref buffer, (int)Math.Min(count, Math.Max(FirstChunk, 2L * buffer.Length)));
                buffer[filled++] = (byte)next;
                continue;
            }

            var read = source.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        if (filled != buffer.Length)
        {
            Array.Resize(ref buffer, filled);
        }

        return buffer;
    }

    /// <summary>What a seekable stream says remains (a regular file's length is a fair first buffer); a small chunk otherwise.</summary>
    private static long FirstGuess(Stream source) =>
        source.CanSeek ? Math.Max(0, source.Length - source.Position) : FirstChunk;
}
