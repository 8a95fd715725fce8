using Engine.Neural;
using Engine.Neural.Learning;

namespace DemoGame.Model;

/// <summary>Makes the library's evolution of a population from the demo's settings: one place for both games that evolve.</summary>
internal static class EvolutionSearch
{
    /// <summary>
    /// An evolution of <paramref name="cohort"/>'s brains as they are now: a genetic algorithm
    /// mutating a <paramref name="mutationRate"/> share of a child's parameters by noise of
    /// <paramref name="mutationScale"/>, or evolution strategies of that sigma whose centre
    /// (starting at <paramref name="centre"/>, empty: the cohort's first brain) moves by Adam at
    /// <paramref name="centreLearningRate"/>.
    /// </summary>
    public static IEvolution Create(BrainCohort cohort, EvolutionKind kind, double mutationScale, double mutationRate, double centreLearningRate, ulong seed, ReadOnlySpan<float> centre = default) =>
        kind == EvolutionKind.Genetic
            ? new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = seed, MutationSigma = mutationScale, MutationRate = mutationRate })
            : new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = seed, Sigma = mutationScale, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = centreLearningRate } }, centre);
}
