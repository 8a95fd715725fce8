namespace Engine.Neural.Persistence;

/// <summary>What a brain file holds (the header's kind field).</summary>
public enum BrainFileKind
{
    /// <summary>One brain: its parameters, optimiser state, samples and generator.</summary>
    Brain = 1,

    /// <summary>A whole cohort: every agent, its handle table and the cohort's settings.</summary>
    Cohort = 2,

    /// <summary>Every brain of a world's registry, each with the game's stable key of its entity.</summary>
    World = 3,
}
