namespace Engine.Neural;

/// <content>
/// Divergence: a training step whose loss or new parameters are not finite is undone for that
/// agent alone (parameters and optimiser state back to the last good ones), its learning rate
/// is damped, and the event is counted. Every other agent's step stands.
/// </content>
public sealed partial class BrainCohort
{
    /// <summary>
    /// Each divergence multiplies the agent's learning-rate damping by this (so its effective
    /// learning rate halves every time it diverges).
    /// </summary>
    public const float DivergenceDampingFactor = 0.5f;

    private float _sharedDamping = 1f;
    private int _sharedDivergences;

    /// <summary>Divergent steps undone so far, all agents together.</summary>
    public long DivergenceEvents => Interlocked.Read(ref _divergenceEvents);

    /// <summary>How often this agent's training step diverged and was undone.</summary>
    public int Divergences(AgentHandle agent) => IsShared ? ValidateShared(agent, _sharedDivergences) : _divergences[RowOf(agent)];

    /// <summary>
    /// The agent's learning-rate damping: 1, halved by every divergence (see
    /// <see cref="DivergenceDampingFactor"/>); the effective rate is
    /// <c>LearningRate x LearningRateScale x damping</c>.
    /// </summary>
    public float LearningRateDamping(AgentHandle agent) => IsShared ? ValidateShared(agent, _sharedDamping) : _damping[RowOf(agent)];

    /// <summary>The damping of a parameter slot (slot 0 of a shared cohort is the shared set).</summary>
    internal float DampingOf(int slot) => IsShared ? _sharedDamping : _damping[slot];

    /// <summary>Records one divergence of <paramref name="slot"/>; safe from worker threads (each slot is one worker's).</summary>
    internal void RecordDivergence(int slot)
    {
        if (IsShared)
        {
            _sharedDamping *= DivergenceDampingFactor;
            _sharedDivergences++;
        }
        else
        {
            _damping[slot] *= DivergenceDampingFactor;
            _divergences[slot]++;
        }

        Interlocked.Increment(ref _divergenceEvents);
    }

    private T ValidateShared<T>(AgentHandle agent, T value)
    {
        RowOf(agent);
        return value;
    }
}
