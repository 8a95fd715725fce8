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

    /// <summary>
    /// As <see cref="MeasureCounted"/> for several passes timed in turn: each warms up on its
    /// own, then every round times each pass once, so a ratio of two of them compares the same
    /// seconds of a shared machine (timed one after the other, a 1,000,000-entity loop and its
    /// baseline swung between 0.83 and 1.03 of each other with neither changed).
    /// </summary>
    public static (double Best, double Median, int Passes)[] MeasureAlternating(Action[] passes, double warmUpSeconds = 1.0, int repetitions = 9)
    {
        var counts = new int[passes.Length];
        for (var p = 0; p < passes.Length; p++)
        {
            var warmUp = Stopwatch.StartNew();
            do
            {
                passes[p]();
                counts[p]++;
            }
            while (warmUp.Elapsed.TotalSeconds < warmUpSeconds);
        }

        var times = new double[passes.Length][];
        for (var p = 0; p < passes.Length; p++)
        {
            times[p] = new double[repetitions];
        }

        for (var i = 0; i < repetitions; i++)
        {
            for (var p = 0; p < passes.Length; p++)
            {
                var start = Stopwatch.GetTimestamp();
                passes[p]();
                times[p][i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                counts[p]++;
            }
        }

        var results = new (double Best, double Median, int Passes)[passes.Length];
        for (var p = 0; p < passes.Length; p++)
        {
            Array.Sort(times[p]);
            results[p] = (times[p][0], times[p][repetitions / 2], counts[p]);
        }

        return results;
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
