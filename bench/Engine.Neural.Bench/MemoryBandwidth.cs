using System.Diagnostics;
using System.Runtime.Intrinsics;
using Engine.Neural.Cpu;

namespace Engine.Neural.Bench;

/// <summary>
/// Measures this machine's DRAM read bandwidth now, in the same run as the figures it bounds:
/// every core sums its part of a buffer far larger than the caches. One buffer for the run
/// (512 MiB, allocated on first use), so the bound can be measured again around each workload:
/// on a shared machine the bandwidth drifts by a third from one minute to the next.
/// </summary>
internal sealed class MemoryBandwidth
{
    private const int Floats = 128 * 1024 * 1024; // 512 MiB
    private static MemoryBandwidth? _shared;

    private readonly float[] _data;
    private readonly float[] _sink;

    private MemoryBandwidth()
    {
        // Backed as the cohort's parameters are (huge pages where Linux gives them), so the
        // bound and the forward pass read the same kind of memory.
        _data = GC.AllocateUninitializedArray<float>(Floats, pinned: true);
        unsafe
        {
            var start = System.Runtime.CompilerServices.Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(_data));
            HugePages.Advise(start, (long)Floats * sizeof(float));
            _data.AsSpan().Fill(1f);
            _ = HugePages.Collapse(start, (long)Floats * sizeof(float));
        }

        _sink = new float[Environment.ProcessorCount];
    }

    /// <summary>The one buffer of this run.</summary>
    public static MemoryBandwidth Shared => _shared ??= new MemoryBandwidth();

    /// <summary>The best of 7 passes after half a second of warm-up, in bytes per second.</summary>
    public double ReadBytesPerSecond()
    {
        var (best, _) = Timing.Measure(Pass, warmUpSeconds: 0.5, repetitions: 7);
        return Floats * (double)sizeof(float) / best;
    }

    /// <summary>
    /// The bound around a measurement: the best of 3 passes just before <paramref name="measure"/>
    /// and 3 just after, in bytes per second, with what it returned. A ratio of the two compares
    /// the same minutes of a shared machine; the passes stay out of the measurement itself, which
    /// would otherwise start each timed frame with caches emptied by the sum.
    /// </summary>
    public (double BytesPerSecond, T Result) Around<T>(Func<T> measure)
    {
        var before = BestOf(3);
        var result = measure();
        return (Math.Max(before, BestOf(3)), result);
    }

    private double BestOf(int passes)
    {
        var best = double.MaxValue;
        for (var i = 0; i < passes; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Pass();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }

        return Floats * (double)sizeof(float) / best;
    }

    private void Pass()
    {
        var workers = _sink.Length;
        Parallel.For(0, workers, w =>
        {
            var part = Floats / workers;
            _sink[w] = SumUnrolled(_data, w * part, part);
        });
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
