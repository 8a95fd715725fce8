using System.Runtime.InteropServices;

namespace Engine.Neural.Cpu;

/// <summary>
/// Asks Linux to back a large buffer with 2 MiB pages (transparent huge pages). The forward pass
/// of an own-weight cohort streams every agent's weights once a frame, hundreds of megabytes
/// at 100,000 agents: with 4 KiB pages that stream crosses a page, and misses the TLB, every
/// 4 KiB. Most distributions enable huge pages only where a program asks (`madvise`), so the
/// library asks. Best effort: where the kernel, the settings or the platform say no, the buffer
/// works as before. <c>ENGINE_NEURAL_HUGEPAGES=0</c> turns it off (to measure what it buys).
/// </summary>
internal static unsafe class HugePages
{
    /// <summary>Bytes in a huge page (x86-64 and arm64 with 4 KiB base pages).</summary>
    public const long PageBytes = 2L << 20;

    // Linux's madvise advice values (uapi/asm-generic/mman-common.h).
    private const int AdviseHugePage = 14;
    private const int AdviseCollapse = 25;

    private static readonly delegate* unmanaged<nint, nuint, int, int> Madvise = Find();

    /// <summary>
    /// Whether the hint is given at all: on Linux, with madvise found, unless
    /// <c>ENGINE_NEURAL_HUGEPAGES=0</c>.
    /// </summary>
    public static bool Enabled { get; } = Madvise != null && Environment.GetEnvironmentVariable("ENGINE_NEURAL_HUGEPAGES") != "0";

    /// <summary>
    /// Gives the huge-page hint for the whole 2 MiB pages inside <paramref name="bytes"/> bytes
    /// at <paramref name="start"/> (nothing for buffers under two of them): memory first touched
    /// after it comes as huge pages where the kernel has them to give. The memory must not move:
    /// pinned or native.
    /// </summary>
    public static void Advise(void* start, long bytes) => _ = Ask(start, bytes, AdviseHugePage);

    /// <summary>
    /// Asks the kernel to move the pages already there (after <see cref="Advise"/> and the first
    /// touch) into huge pages now, synchronously: Linux 6.1 on; older kernels refuse and leave it
    /// to their background scan. The kernel refuses pages not yet touched, so call it after.
    /// </summary>
    /// <returns>Whether the kernel did it (false where it refused, or nothing was asked).</returns>
    public static bool Collapse(void* start, long bytes) => Ask(start, bytes, AdviseCollapse);

    private static bool Ask(void* start, long bytes, int advice)
    {
        if (!Enabled || bytes < 2 * PageBytes)
        {
            return false;
        }

        var first = ((long)start + PageBytes - 1) & ~(PageBytes - 1);
        var end = ((long)start + bytes) & ~(PageBytes - 1);
        if (end <= first)
        {
            return false;
        }

        // A refusal is an answer, not a failure: "never" in the settings, an old kernel, no
        // memory to compact into huge pages. The buffer is the same either way.
        return Madvise((nint)first, (nuint)(end - first), advice) == 0;
    }

    private static delegate* unmanaged<nint, nuint, int, int> Find()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        foreach (var name in new[] { "libc.so.6", "libc" })
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "madvise", out var export))
            {
                return (delegate* unmanaged<nint, nuint, int, int>)export;
            }
        }

        return null;
    }
}
