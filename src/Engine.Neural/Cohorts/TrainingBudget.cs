using System.Globalization;

namespace Engine.Neural;

/// <summary>
/// How much training a frame may do: a number of steps, or a time in milliseconds, whichever
/// the game sets. A step trains every learning agent of a cohort once.
/// </summary>
public readonly record struct TrainingBudget
{
    private TrainingBudget(int steps, double milliseconds)
    {
        Steps = steps;
        Milliseconds = milliseconds;
    }

    /// <summary>Steps per frame (when the budget counts steps), else 0.</summary>
    public int Steps { get; }

    /// <summary>Milliseconds per frame (when the budget counts time), else 0.</summary>
    public double Milliseconds { get; }

    /// <summary>Exactly <paramref name="steps"/> steps per frame (0 pauses learning).</summary>
    public static TrainingBudget StepsPerFrame(int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        return new TrainingBudget(steps, 0);
    }

    /// <summary>
    /// As many steps as fit in <paramref name="milliseconds"/>: a step starts only while the
    /// time spent so far plus the last step's duration stays within the budget; at least one
    /// step runs when the budget is positive.
    /// </summary>
    public static TrainingBudget TimePerFrame(double milliseconds)
    {
        if (!double.IsFinite(milliseconds) || milliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, $"TrainingBudget: milliseconds must be a finite number >= 0, got {milliseconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        return new TrainingBudget(0, milliseconds);
    }
}
