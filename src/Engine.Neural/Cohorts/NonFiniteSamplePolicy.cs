namespace Engine.Neural;

/// <summary>What <see cref="BrainCohort.AddSample"/> does with NaN or infinity in a sample.</summary>
public enum NonFiniteSamplePolicy
{
    /// <summary>
    /// Drop the sample (the default): it is counted in <see cref="BrainCohort.RejectedSamples"/>
    /// and the first one is logged once through <see cref="BrainCohort.Log"/>.
    /// </summary>
    Reject,

    /// <summary>
    /// Keep the sample with NaN replaced by 0 and every value clamped to
    /// [-<see cref="CohortOptions.SampleClampLimit"/>, +limit] (infinities become the limits);
    /// counted in <see cref="BrainCohort.ClampedSamples"/>.
    /// </summary>
    Clamp,
}
