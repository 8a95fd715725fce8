namespace Engine.Neural.Backends;

/// <summary>How one parameter set's training step ended (<see cref="TrainStepView.Statuses"/>).</summary>
public enum StepStatus : byte
{
    /// <summary>Not trained this step (batch length 0).</summary>
    Skipped,

    /// <summary>The step was applied.</summary>
    Stood,

    /// <summary>The batch's loss was not finite; nothing was applied.</summary>
    LossNotFinite,

    /// <summary>The update left a parameter that is not finite; the backend put the set back as it was.</summary>
    RolledBack,
}
