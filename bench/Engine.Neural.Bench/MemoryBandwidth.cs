using System.Runtime.Intrinsics;

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
        var data = GC.AllocateArray<float>(floats, pinned: false);
        data.AsSpan().Fill(1f);
        var workers = Environment.ProcessorCount;
        var sink = new float[workers];
        void Pass() => Parallel.For(0, workers, w =>
        {
            var part = floats / workers;
            var span = data.AsSpan(w * part, part);
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            for (var i = 0; i + 16 <= span.Length; i += 16)
            {
                acc0 += Vector256.Create<float>(span.Slice(i, 8));
                acc1 += Vector256.Create<float>(span.Slice(i + 8, 8));
            }

            sink[w] = Vector256.Sum(acc0 + acc1);
        });

        var (best, _) = Timing.Measure(Pass, warmUpSeconds: 0.5, repetitions: 7);
        return floats * (double)sizeof(float) / best;
    }
}
