namespace Engine.Neural;

/// <summary>
/// Computes a cohort's frames somewhere other than the built-in CPU kernels (an OpenCL device).
/// The cohort keeps the host copy of everything (parameters, optimiser state, sample rings,
/// input and output rows); a backend may mirror it on a device and must:
/// <list type="bullet">
/// <item>re-upload whatever it mirrors when <see cref="BrainCohort.HostVersion"/> changed since
/// its last upload (agents added or removed, parameters set, capacity grown);</item>
/// <item>upload samples when <see cref="BrainCohort.SampleVersion"/> changed;</item>
/// <item>leave <see cref="Forward"/>'s results in the cohort's host output rows;</item>
/// <item>make the host parameters and optimiser state exact again in <see cref="Download"/>.</item>
/// </list>
/// Any exception a backend throws makes the cohort log one line, download what it can, drop
/// the backend and go on with the CPU kernels: a failing device never stops a game.
/// </summary>
internal interface ICohortBackend : IDisposable
{
    /// <summary>Short name for logs and benchmarks, e.g. "opencl".</summary>
    string Name { get; }

    /// <summary>Runs every row forward; outputs land in the cohort's host output rows.</summary>
    void Forward(BrainCohort cohort);

    /// <summary>
    /// One training step of every learning agent with samples, the batches chosen by
    /// <see cref="BrainCohort.ChooseBatch"/> (so CPU and device draw the same samples).
    /// Returns how many agents were trained.
    /// </summary>
    int TrainStep(BrainCohort cohort, TrainingSettings settings);

    /// <summary>Copies parameters, optimiser state and Adam step counts back into the host store.</summary>
    void Download(BrainCohort cohort);
}
