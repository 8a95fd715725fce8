namespace Engine.Neural.Learning;

/// <summary>How an agent's episode ended.</summary>
public enum EpisodeEnd
{
    /// <summary>The episode really ended (the pole fell): nothing comes after, the return bootstraps from 0.</summary>
    Terminal,

    /// <summary>
    /// A time limit cut the episode off: the future was not over, so the return bootstraps
    /// from the value estimate of the final observation.
    /// </summary>
    TimeLimit,
}
