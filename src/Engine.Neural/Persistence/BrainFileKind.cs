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

    /// <summary>A policy-gradient learner's own state (log standard deviations, baselines, generators, value brains).</summary>
    PolicyGradientLearner = 4,

    /// <summary>An evolution strategy's own state (centre, moments, perturbations, generator).</summary>
    EvolutionStrategy = 5,

    /// <summary>A genetic algorithm's own state (generation, generator, best brain).</summary>
    GeneticAlgorithm = 6,
}
