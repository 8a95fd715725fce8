namespace Engine.Neural;

/// <summary>What became of one sample written by a batch learner (<see cref="BrainCohort.WriteSampleOnWorker"/>).</summary>
internal enum SampleOutcome
{
    /// <summary>Stored as given.</summary>
    Stored,

    /// <summary>Held NaN or infinity; stored clamped (<see cref="NonFiniteSamplePolicy.Clamp"/>).</summary>
    Clamped,

    /// <summary>Held NaN or infinity; not stored (<see cref="NonFiniteSamplePolicy.Reject"/>).</summary>
    Rejected,
}
