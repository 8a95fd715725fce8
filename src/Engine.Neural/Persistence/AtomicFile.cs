namespace Engine.Neural.Persistence;

/// <summary>
/// Replaces a file all at once: the bytes go to a temporary file in the same directory, are
/// flushed to the disk, and only then is the temporary renamed over the target. A crash or an
/// error at any point before the rename leaves the previous file as it was.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes) => Write(path, bytes, OpenTemporary);

    /// <summary>
    /// The same, with the temporary file's stream made by <paramref name="openTemporary"/>
    /// (tests hand in a stream that fails part way).
    /// </summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, Func<string, Stream> openTemporary)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"BrainFile: {path} names no file.", nameof(path));

        // Same directory, so the rename stays on one file system and is atomic there.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = openTemporary(temporary))
            {
                stream.Write(bytes);
                if (stream is FileStream file)
                {
                    // Through the OS cache to the disk: a rename must never publish bytes a power cut can lose.
                    file.Flush(flushToDisk: true);
                }
                else
                {
                    stream.Flush();
                }
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static FileStream OpenTemporary(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The write already failed; a stray temporary file is harmless and the error that matters is rethrown.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
