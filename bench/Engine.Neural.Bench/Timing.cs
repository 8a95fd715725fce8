using System.Diagnostics;

namespace Engine.Neural.Bench;

/// <summary>Times a repeated pass after a warm-up long enough for tiered JIT to settle.</summary>
internal static class Timing
{
    /// <summary>Seconds per pass: the best and the median of <paramref name="repetitions"/> timed passes.</summary>
    public static (double Best, double Median) Measure(Action pass, double warmUpSeconds = 1.0, int repetitions = 9)
    {
        var (best, median, _) = MeasureCounted(pass, warmUpSeconds, repetitions);
        return (best, median);
    }

    /// <summary>As <see cref="Measure"/>, also returning how many passes ran in all (warm-up included).</summary>
    public static (double Best, double Median, int Passes) MeasureCounted(Action pass, double warmUpSeconds = 1.0, int repetitions = 9)
    {
        var passes = repetitions;
        var warmUp = Stopwatch.StartNew();
        do
        {
            pass();
            passes++;
        }
        while (warmUp.Elapsed.TotalSeconds < warmUpSeconds);

        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            pass();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return (times[0], times[repetitions / 2], passes);
    }
}
