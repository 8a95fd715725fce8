namespace Engine.Neural.Backends;

/// <summary>
/// Computes a cohort's frames: the CPU kernels, an OpenCL device, or a backend of your own.
/// The cohort owns every decision (which agents learn, which samples form each batch, the
/// optimiser's step counts and bias corrections, what a divergence does) and the host copy of
/// everything; a backend only computes, reading and writing the views it is handed.
/// </summary>
/// <remarks>
/// <para>The contract, all of it:</para>
/// <list type="number">
/// <item><see cref="Forward"/> reads <see cref="CohortView.Inputs"/> and writes every row of
/// <see cref="CohortView.Outputs"/>: row r through parameter set r (set 0 when
/// <see cref="CohortView.IsShared"/>).</item>
/// <item><see cref="TrainStep"/> takes, for every parameter set s with
/// <see cref="TrainStepView.BatchLengths"/>[s] &gt; 0, one optimiser step on the samples at
/// <see cref="TrainStepView.SampleRows"/> with the coefficients of <see cref="TrainStepView"/>
/// (formulas in <see cref="TrainingSettings"/>), and writes <see cref="TrainStepView.Losses"/>[s]
/// and <see cref="TrainStepView.Statuses"/>[s]. A set whose status is not
/// <see cref="StepStatus.Stood"/> must keep its parameters and optimiser state exactly as they
/// were before the step. Sets with batch length 0 are not touched.</item>
/// <item>A backend may keep its own copy of parameters, optimiser state and sample rings (a
/// device mirror). <see cref="CohortView.Changes"/> says what the host changed since the
/// backend's last call; the cohort clears it after every call that returns. After a
/// <see cref="TrainStep"/> the host copy of parameters and optimiser state is stale until
/// <see cref="Download"/>, which must make it exact; the cohort calls it before it reads or
/// changes them, and never changes them in between.</item>
/// <item>Any exception makes the cohort log one line (<see cref="BrainCohort.Log"/>), call
/// <see cref="Download"/> once more if the device was ahead, dispose the backend and go on
/// with the CPU backend: a failing device never stops a game.</item>
/// <item>The cohort calls a backend from one thread at a time.</item>
/// </list>
/// </remarks>
/// <example>
/// <code>
/// cohort.UseBackend(new MyBackend());   // parameters and optimiser state move with it
/// cohort.Forward();                     // MyBackend.Forward(view)
/// cohort.UseCpu();                      // back, after MyBackend.Download(view)
/// </code>
/// </example>
public interface ICohortBackend : IDisposable
{
    /// <summary>Short name for logs and benchmarks, e.g. "opencl".</summary>
    string Name { get; }

    /// <summary>Runs every row forward, writing <see cref="CohortView.Outputs"/>.</summary>
    void Forward(CohortView cohort);

    /// <summary>One training step of the parameter sets <paramref name="step"/> names.</summary>
    void TrainStep(CohortView cohort, TrainStepView step);

    /// <summary>Writes the backend's parameters and optimiser state into the host views of <paramref name="cohort"/>.</summary>
    void Download(CohortView cohort);
}
