using System.Runtime.Intrinsics;
using Engine.Neural.Cpu;

namespace Engine.Neural.Bench;

/// <summary>
/// Measures this machine's DRAM read bandwidth now, in the same run as the figures it bounds:
/// every core sums its part of a buffer far larger than the caches.
/// </summary>
internal static class MemoryBandwidth
{
    public static double ReadBytesPerSecond()
    {
        const int floats = 128 * 1024 * 1024; // 512 MiB
        // Backed as the cohort's parameters are (huge pages where Linux gives them), so the
        // bound and the forward pass read the same kind of memory.
        var data = GC.AllocateUninitializedArray<float>(floats, pinned: true);
        unsafe
        {
            var start = System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(data));
            HugePages.Advise(start, (long)floats * sizeof(float));
            data.AsSpan().Fill(1f);
            _ = HugePages.Collapse(start, (long)floats * sizeof(float));
        }

        var workers = Environment.ProcessorCount;
        var sink = new float[workers];
        void Pass() => Parallel.For(0, workers, w =>
        {
            var part = floats / workers;
            sink[w] = SumUnrolled(data, w * part, part);
        });

        var (best, _) = Timing.Measure(Pass, warmUpSeconds: 0.5, repetitions: 7);
        return floats * (double)sizeof(float) / best;
    }

    /// <summary>
    /// Sums a range with four independent vector accumulators and raw loads, so the loop is
    /// bound by memory, not by bounds checks or one add chain.
    /// </summary>
    private static unsafe float SumUnrolled(float[] data, int start, int count)
    {
        var a0 = Vector256<float>.Zero;
        var a1 = Vector256<float>.Zero;
        var a2 = Vector256<float>.Zero;
        var a3 = Vector256<float>.Zero;
        fixed (float* first = &data[start])
        {
            var p = first;
            var end = first + (count / 32 * 32);
            for (; p < end; p += 32)
            {
                a0 += Vector256.Load(p);
                a1 += Vector256.Load(p + 8);
                a2 += Vector256.Load(p + 16);
                a3 += Vector256.Load(p + 24);
            }
        }

        return Vector256.Sum((a0 + a1) + (a2 + a3));
    }
}
