using System.Globalization;

namespace Engine.Neural.Ecs;

/// <summary>
/// The component that gives an entity a brain: which cohort of the world's
/// <see cref="BrainRegistry"/> it belongs to, its stable <see cref="AgentHandle"/> there, and
/// its own learning settings. Create it with <see cref="BrainRegistry.AddBrain(Engine.Ecs.Entity, BrainSpec)"/>,
/// which adds it to the entity; remove it (or destroy the entity) and the brain's slot is freed
/// at the next <see cref="BrainRegistry.Synchronize"/> (which <see cref="NeuralSystem"/> runs
/// every frame).
/// </summary>
/// <remarks>
/// The component holds no managed reference, only numbers, so it lives in the entity's chunk
/// like any other struct. The settings here are the source of truth: the registry copies them
/// into the cohort on every synchronisation, so a game turns an entity's learning off with
/// <c>world.Get&lt;NeuralBrain&gt;(e).Learning = false</c>.
/// A <c>default</c> value is unassigned (<see cref="IsAssigned"/> is false) and is ignored; a
/// copy of another entity's component is ignored as well, because every brain remembers the
/// one entity it was created for.
/// </remarks>
public struct NeuralBrain
{
    // Stored plus one so that default(NeuralBrain) means "no cohort" rather than cohort 0.
    private readonly int _cohortPlusOne;

    // Stored negated so that learning is on for every assigned brain without a constructor default.
    private bool _paused;
    private float _learningRateScale;

    internal NeuralBrain(int cohortId, AgentHandle agent)
    {
        _cohortPlusOne = cohortId + 1;
        Agent = agent;
        _learningRateScale = 1f;
    }

    /// <summary>The cohort (index in the <see cref="BrainRegistry"/>) the brain belongs to; -1 when unassigned.</summary>
    public readonly int CohortId => _cohortPlusOne - 1;

    /// <summary>The brain's stable handle in its cohort.</summary>
    public readonly AgentHandle Agent { get; }

    /// <summary>True for a component made by <see cref="BrainRegistry.AddBrain(Engine.Ecs.Entity, BrainSpec)"/>; false for <c>default</c>.</summary>
    public readonly bool IsAssigned => _cohortPlusOne != 0;

    /// <summary>Whether the brain learns from its samples (default true). Its samples are kept either way.</summary>
    public bool Learning
    {
        readonly get => !_paused;
        set => _paused = !value;
    }

    /// <summary>The brain's learning-rate multiplier (default 1; ignored by shared cohorts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not a finite number &gt;= 0.</exception>
    public float LearningRateScale
    {
        readonly get => _learningRateScale;
        set
        {
            if (!float.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"NeuralBrain: a learning-rate scale must be a finite number >= 0, got {value.ToString(CultureInfo.InvariantCulture)}.");
            }

            _learningRateScale = value;
        }
    }

    /// <inheritdoc/>
    public override readonly string ToString() =>
        IsAssigned ? $"NeuralBrain(cohort {CohortId}, agent {Agent.Id}v{Agent.Version})" : "NeuralBrain(unassigned)";
}
