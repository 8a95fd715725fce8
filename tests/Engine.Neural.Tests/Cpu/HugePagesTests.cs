using System.Globalization;
using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// Large pinned buffers (a big cohort's weights) ask Linux for huge pages
/// (<see cref="HugePages"/>), so the forward pass's stream of weights does not miss the TLB
/// every 4 KiB. The hint must take where the system allows it, and the buffer must hold the
/// same values either way.
/// </summary>
[TestFixture]
public sealed unsafe class HugePagesTests
{
    [Test]
    public void ALargeBufferIsBackedByHugePagesWhereLinuxAllowsThem()
    {
        const string settings = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (!OperatingSystem.IsLinux() || !File.Exists(settings))
        {
            Assert.Ignore("not Linux, or a kernel without transparent huge pages: nothing to ask for");
        }

        if (File.ReadAllText(settings).Contains("[never]", StringComparison.Ordinal))
        {
            Assert.Ignore($"{settings} says [never]: this machine refuses huge pages to every program");
        }

        if (Environment.GetEnvironmentVariable("ENGINE_NEURAL_HUGEPAGES") == "0")
        {
            Assert.Ignore("ENGINE_NEURAL_HUGEPAGES=0 turns the hint off in this process");
        }

        Assert.That(HugePages.Enabled, Is.True, "on Linux the hint is given unless ENGINE_NEURAL_HUGEPAGES=0");
        const long floats = 16L << 18; // 16 MiB
        var buffer = new PinnedBuffer(floats);
        var start = (long)buffer.Pointer;
        var first = (start + HugePages.PageBytes - 1) & ~(HugePages.PageBytes - 1);
        var end = (start + (floats * sizeof(float))) & ~(HugePages.PageBytes - 1);
        Assert.That(buffer.Span.ToArray().All(v => v == 0f), Is.True, "a new buffer is zeroed, huge pages or not");
        var huge = AnonHugeKilobytes(first, end);
        if (huge < (end - first) / 1024 && !HugePages.Collapse(buffer.Pointer, floats * sizeof(float)))
        {
            // The kernel may refuse (before Linux 6.1, or with no memory to compact): then the
            // hint waits for its background scan, and this test has nothing to check now.
            Assert.Ignore("the kernel refuses to collapse the buffer into huge pages now (madvise MADV_COLLAPSE): an old kernel or fragmented memory");
        }

        Assert.That(huge, Is.GreaterThanOrEqualTo((end - first) / 1024), "every whole 2 MiB page inside the buffer is a huge page (/proc/self/smaps), as the kernel allows");
        GC.KeepAlive(buffer);
    }

    [Test]
    public void AResizedBufferKeepsItsValues()
    {
        var buffer = new PinnedBuffer(3L << 20);
        for (var i = 0; i < buffer.Length; i += 4099)
        {
            buffer.Span[i] = i;
        }

        buffer.Resize(5L << 20);
        Assert.That(buffer.Length, Is.EqualTo(5 << 20));
        for (var i = 0; i < 3 << 20; i += 4099)
        {
            Assert.That(buffer.Span[i], Is.EqualTo((float)i), $"float {i}");
        }

        Assert.That(buffer.Span[(3 << 20)..].ToArray().All(v => v == 0f), Is.True, "the new part is zeroed");
    }

    /// <summary>
    /// AnonHugePages, in KiB, of the mappings that overlap <paramref name="from"/> ..
    /// <paramref name="to"/> (the advice splits a mapping where it starts and ends).
    /// </summary>
    private static long AnonHugeKilobytes(long from, long to)
    {
        var overlaps = false;
        var total = 0L;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var low)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var high))
            {
                overlaps = low < to && high > from;
                continue;
            }

            if (overlaps && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                total += long.Parse(line["AnonHugePages:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
