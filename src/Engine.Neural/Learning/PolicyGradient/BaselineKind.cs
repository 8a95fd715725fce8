namespace Engine.Neural.Learning;

/// <summary>What a policy-gradient learner subtracts from returns to get advantages.</summary>
public enum BaselineKind
{
    /// <summary>Nothing: the advantage is the return (bootstraps from 0).</summary>
    None,

    /// <summary>
    /// A running mean of each agent's returns (one number per agent, updated after each of its
    /// updates by <see cref="PolicyGradientOptions.BaselineRate"/>); REINFORCE with a baseline.
    /// </summary>
    RunningMean,

    /// <summary>
    /// A learned state value: a second cohort (the critic), one value brain per agent, trained
    /// on the returns with the quadratic loss; advantages by GAE(lambda). An actor-critic.
    /// </summary>
    ValueCohort,
}
