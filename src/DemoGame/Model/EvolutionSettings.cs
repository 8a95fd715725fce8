using DemoGame.Model.Agents;

namespace DemoGame.Model;

/// <summary>How the population of the evolved mode searches.</summary>
internal enum EvolutionKind
{
    /// <summary>A genetic algorithm: the fittest few live on, the rest are mutated copies of tournament winners.</summary>
    Genetic,

    /// <summary>Evolution strategies: antithetic Gaussian perturbations of one centre, moved along the ranked fitness.</summary>
    Strategies,
}

/// <summary>
/// The evolved mode's population and how it evolves. The defaults are the measured ones
/// (docs/demo.md): a genetic algorithm of 64 three-cut brains, mutating a quarter of each
/// child's parameters by Gaussian noise of standard deviation 1, one generation a frame, each
/// scored on the same 128 fruit of the board, half grapes and half tomatoes.
/// </summary>
internal sealed record EvolutionSettings
{
    /// <summary>Smallest population the overlay offers (a genetic algorithm needs more than its elites).</summary>
    public const int MinPopulation = 16;

    /// <summary>Largest population the overlay offers.</summary>
    public const int MaxPopulation = 256;

    /// <summary>The search.</summary>
    public EvolutionKind Strategy { get; init; } = EvolutionKind.Genetic;

    /// <summary>Brains in the population: one cohort, one shape. Even (evolution strategies pair them).</summary>
    public int PopulationSize { get; init; } = 64;

    /// <summary>
    /// Standard deviation of a mutation (the genetic algorithm's noise, the strategies' sigma).
    /// The cuts of a solved board have weights of 5 to 20; a scale of 0.1 took hundreds of
    /// generations longer and left more seeds stuck.
    /// </summary>
    public double MutationScale { get; init; } = 1.0;

    /// <summary>Share of a child's parameters that mutate (genetic algorithm): sparse mutations move one cut at a time.</summary>
    public double MutationRate { get; init; } = 0.25;

    /// <summary>Learning rate of the strategies' centre (Adam).</summary>
    public double CentreLearningRate { get; init; } = 0.1;

    /// <summary>
    /// Fruit every member is scored on each generation: the same fruit for all (so that a
    /// difference in fitness is a difference of brains, not of luck), half grapes and half
    /// tomatoes. On a board of mostly tomatoes an even share keeps "slash nothing" (score 0)
    /// from outscoring every brain that is still learning to cut; the fitness is still the
    /// score, +1 a slashed grape and -1 a slashed tomato.
    /// </summary>
    public int FruitPerGeneration { get; init; } = 128;

    /// <summary>Added to a fresh brain's output bias: the first population slashes most fruit, as a scored one does.</summary>
    public float EagerStart { get; init; } = 2f;

    /// <summary>The population's shape.</summary>
    public AgentKind Shape { get; init; } = AgentKind.Defaults[2];

    /// <summary>Cards on screen: the best of the population, best first.</summary>
    public int ShownAgents { get; init; } = 8;
}
