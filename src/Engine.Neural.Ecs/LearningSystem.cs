using System.Diagnostics;
using Engine.Ecs;

namespace Engine.Neural.Ecs;

/// <summary>
/// Trains every learning brain of the world on its samples, one batched
/// <see cref="BrainCohort.TrainStep"/> per cohort per step, within a per-frame
/// <see cref="TrainingBudget"/>. Allocates nothing per frame.
/// </summary>
/// <remarks>
/// <para>
/// A step budget gives every cohort that many steps. A time budget is the whole frame's: the
/// cohorts share it, each taking an equal part of what the cohorts before it left, starting
/// from a different cohort each frame so that none is always last.
/// </para>
/// <para>
/// Run it after <see cref="NeuralSystem"/>, whose synchronisation it relies on for removed
/// brains and changed settings; run without one, it synchronises the registry itself.
/// Cohorts whose spec cannot be trained (step activations) are skipped.
/// </para>
/// </remarks>
public sealed class LearningSystem : TimedSystem
{
    private readonly BrainRegistry _registry;
    // The registry's synchronisation count after this system's last update: unchanged at the
    // next update means no NeuralSystem ran in between, so this system synchronises itself.
    private long _lastSynchronization;
    private int _firstCohort;

    /// <summary>Creates a learning system spending <paramref name="budget"/> per frame.</summary>
    public LearningSystem(BrainRegistry registry, TrainingBudget budget)
        : base("Learning")
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _lastSynchronization = registry.Synchronizations;
        Budget = budget;
    }

    /// <summary>How much training a frame may do; may change between frames.</summary>
    public TrainingBudget Budget { get; set; }

    /// <summary>Training steps taken by the last update, summed over cohorts.</summary>
    public int LastSteps { get; private set; }

    /// <inheritdoc/>
    protected override void OnUpdate(float deltaTime)
    {
        if (_registry.Synchronizations == _lastSynchronization)
        {
            _registry.Synchronize();
        }

        _lastSynchronization = _registry.Synchronizations;
        var cohorts = _registry.Cohorts;
        var count = _registry.CohortCount;
        var pending = 0;
        for (var c = 0; c < count; c++)
        {
            pending += IsTrainable(cohorts[c]) ? 1 : 0;
        }

        var budget = Budget;
        var remaining = budget.Milliseconds;
        var steps = 0;
        _firstCohort = count == 0 ? 0 : (_firstCohort + 1) % count;
        for (var i = 0; i < count && pending > 0; i++)
        {
            var registered = cohorts[(_firstCohort + i) % count];
            if (!IsTrainable(registered))
            {
                continue;
            }

            if (budget.Milliseconds > 0)
            {
                var start = Stopwatch.GetTimestamp();
                steps += registered.Cohort.Train(TrainingBudget.TimePerFrame(Math.Max(0, remaining) / pending));
                remaining -= Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            else
            {
                steps += registered.Cohort.Train(budget);
            }

            pending--;
        }

        LastSteps = steps;
    }

    private static bool IsTrainable(RegisteredCohort registered) => registered.Trainable && registered.Cohort.Count > 0;
}
