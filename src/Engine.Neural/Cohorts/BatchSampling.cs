namespace Engine.Neural;

/// <summary>How a training step picks each agent's mini-batch from its sample ring.</summary>
public enum BatchSampling
{
    /// <summary>
    /// <see cref="TrainingSettings.BatchSize"/> samples drawn uniformly, with replacement, from
    /// the ring by the agent's own seeded generator. The usual stochastic mini-batch.
    /// </summary>
    Random,

    /// <summary>
    /// The most recent <see cref="TrainingSettings.BatchSize"/> samples (fewer if the ring holds
    /// fewer), oldest first: online learning from the newest feedback, and fully predictable.
    /// </summary>
    Latest,
}
