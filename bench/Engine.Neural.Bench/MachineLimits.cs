using System.Diagnostics;
using Engine.Neural.Cpu;
using Engine.Neural.Simd;

namespace Engine.Neural.Bench;

/// <summary>
/// What this machine can do, measured in the same run as the figures compared with it: the
/// FMA peak of every vector width the CPU runs (all cores, independent multiply-add chains)
/// and the DRAM read bandwidth. Each is measured once, when first asked for, and printed as
/// one BENCH line.
/// </summary>
internal static class MachineLimits
{
    private static readonly Dictionary<SimdWidth, double> Peaks = [];
    private static double _bandwidth;
    private static float _sink;

    /// <summary>FP32 FLOP per second at <paramref name="width"/> over every core.</summary>
    public static double PeakFlops(BenchOutput output, SimdWidth width)
    {
        if (!Peaks.TryGetValue(width, out var peak))
        {
            peak = width switch
            {
                SimdWidth.W512 => MeasurePeak<Vec512>(),
                SimdWidth.W256 => MeasurePeak<Vec256>(),
                _ => MeasurePeak<Vec128>(),
            };
            Peaks[width] = peak;
            output.Line("PEAK", Environment.ProcessorCount, "cpu", ("width", Bits(width)), ("gflops", peak / 1e9));
        }

        return peak;
    }

    /// <summary>Prints the peak of every width the CPU runs.</summary>
    public static void PrintPeaks(BenchOutput output)
    {
        foreach (var width in WidthTuner.Candidates)
        {
            PeakFlops(output, width);
        }
    }

    /// <summary>DRAM read bytes per second over every core.</summary>
    public static double Bandwidth(BenchOutput output)
    {
        if (_bandwidth == 0)
        {
            _bandwidth = MemoryBandwidth.Shared.ReadBytesPerSecond();
            output.Line("BANDWIDTH", Environment.ProcessorCount, "cpu", ("gb_per_s", _bandwidth / 1e9));
        }

        return _bandwidth;
    }

    /// <summary>
    /// Times <paramref name="pass"/> with <paramref name="cohort"/> pinned to each width the CPU
    /// runs, in turn, and yields each width with its rate (<paramref name="n"/> per second of the
    /// best pass), for the <c>cpu-wNNN</c> lines beside the measured choice.
    /// </summary>
    public static IEnumerable<(SimdWidth Width, double Rate)> PinnedRates(BrainCohort cohort, int n, Action pass)
    {
        foreach (var pinned in WidthTuner.Candidates)
        {
            cohort.Width = pinned;
            var (best, _) = Timing.Measure(pass, warmUpSeconds: 0.3);
            yield return (pinned, n / best);
        }
    }

    /// <summary>A width in bits, as BENCH lines print it.</summary>
    public static double Bits(SimdWidth width) => (int)width * 32;

    private static double MeasurePeak<TV>()
        where TV : struct, IFloatVector<TV>
    {
        const long iterations = 4_000_000;
        var workers = Environment.ProcessorCount;
        var best = 0.0;
        for (var round = 0; round < 4; round++)
        {
            var start = Stopwatch.GetTimestamp();
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => Volatile.Write(ref _sink, Chains<TV>(iterations)));
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (round > 0)
            {
                best = Math.Max(best, workers * iterations * 10.0 * 2 * TV.Count / seconds);
            }
        }

        return best;
    }

    /// <summary>Ten independent FMA chains: enough to cover the latency of two FMA pipes.</summary>
    private static unsafe float Chains<TV>(long iterations)
        where TV : struct, IFloatVector<TV>
    {
        var a = TV.Broadcast(0.999f);
        var b = TV.Broadcast(1e-7f);
        TV c0 = TV.Broadcast(1f), c1 = TV.Broadcast(2f), c2 = TV.Broadcast(3f), c3 = TV.Broadcast(4f), c4 = TV.Broadcast(5f);
        TV c5 = TV.Broadcast(6f), c6 = TV.Broadcast(7f), c7 = TV.Broadcast(8f), c8 = TV.Broadcast(9f), c9 = TV.Broadcast(10f);
        for (var i = 0L; i < iterations; i++)
        {
            c0 = TV.MultiplyAdd(c0, a, b);
            c1 = TV.MultiplyAdd(c1, a, b);
            c2 = TV.MultiplyAdd(c2, a, b);
            c3 = TV.MultiplyAdd(c3, a, b);
            c4 = TV.MultiplyAdd(c4, a, b);
            c5 = TV.MultiplyAdd(c5, a, b);
            c6 = TV.MultiplyAdd(c6, a, b);
            c7 = TV.MultiplyAdd(c7, a, b);
            c8 = TV.MultiplyAdd(c8, a, b);
            c9 = TV.MultiplyAdd(c9, a, b);
        }

        var sum = TV.Add(TV.Add(TV.Add(c0, c1), TV.Add(c2, c3)), TV.Add(TV.Add(TV.Add(c4, c5), TV.Add(c6, c7)), TV.Add(c8, c9)));
        return TV.Sum(sum);
    }
}
