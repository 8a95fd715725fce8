using System.Runtime.InteropServices;

namespace Engine.Neural.Tests.Support;

/// <summary>Named pipes for loader tests (POSIX only: .NET has no API that makes one).</summary>
internal static partial class Fifo
{
    /// <summary>Makes a named pipe at <paramref name="path"/>, readable and writable by the owner.</summary>
    public static void Create(string path)
    {
        if (MakeFifo(path, 0b110_000_000) != 0)
        {
            throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> on another thread and waits at most <paramref name="timeout"/>.
    /// Should it block opening the pipe (a reader's open waits for a writer), a writer opens and
    /// closes the pipe, so the reader sees the end and the test never hangs.
    /// </summary>
    /// <returns>Whether <paramref name="action"/> finished in time, and what it threw.</returns>
    public static (bool InTime, Exception? Error) RunWithin(string path, TimeSpan timeout, Action action)
    {
        var task = Task.Run(action);
        var inTime = Task.WaitAny([task], timeout) == 0 || Unblock(path, task);
        return (inTime, task.Exception?.InnerException);

        static bool Unblock(string path, Task task)
        {
            using (new FileStream(path, FileMode.Open, FileAccess.Write))
            {
            }

            Task.WaitAny([task], TimeSpan.FromSeconds(5));
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MakeFifo(string path, uint mode);
}
