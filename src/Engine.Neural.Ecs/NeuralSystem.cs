using Engine.Ecs;

namespace Engine.Neural.Ecs;

/// <summary>
/// Runs every brain of the world: synchronises the <see cref="BrainRegistry"/> with the world
/// (frees the slots of removed brains, applies each <see cref="NeuralBrain"/>'s settings), then
/// one batched <see cref="BrainCohort.Forward"/> per cohort. Inputs are read where sensors wrote
/// them and outputs land where actuators read them (<see cref="BrainRegistry.Input"/>,
/// <see cref="BrainRegistry.Output"/>), so nothing is gathered or scattered by copy. Allocates
/// nothing per frame.
/// </summary>
/// <remarks>Run it after the sensors and before the actuators; it does not use the frame time.</remarks>
/// <param name="registry">The brains to run.</param>
public sealed class NeuralSystem(BrainRegistry registry) : TimedSystem("Neural")
{
    private readonly BrainRegistry _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <summary>Brains run by the last update.</summary>
    public int LastBrains { get; private set; }

    /// <inheritdoc/>
    protected override void OnUpdate(float deltaTime)
    {
        _registry.Synchronize();
        var cohorts = _registry.Cohorts;
        var brains = 0;
        for (var c = 0; c < _registry.CohortCount; c++)
        {
            var cohort = cohorts[c].Cohort;
            if (cohort.Count > 0)
            {
                cohort.Forward();
                brains += cohort.Count;
            }
        }

        LastBrains = brains;
    }
}
