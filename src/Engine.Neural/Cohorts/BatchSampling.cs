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

    /// <summary>
    /// Without replacement, epoch by epoch (the usual "shuffled mini-batches"): each agent's
    /// samples are shuffled by its own generator and drawn in that order, a batch at a time,
    /// until every sample of the epoch has been drawn once; then a new shuffle begins. Samples
    /// that arrive during an epoch join the next one; a batch larger than what is left of an
    /// epoch continues into the next. Not available in shared mode.
    /// </summary>
    Epochs,
}
