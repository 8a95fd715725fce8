namespace DemoGame.Model.Harvest;

/// <summary>
/// How the Harvest foragers evolve when they do (<see cref="HarvestLearning.Evolution"/>): a
/// genetic algorithm over the foragers' cohort, each generation a stretch of play whose reward
/// is every forager's fitness.
/// </summary>
internal sealed record HarvestEvolution
{
    /// <summary>Frames of a generation: each forager's fitness is the reward it earned over them.</summary>
    public int GenerationFrames { get; init; } = 500;

    /// <summary>Standard deviation of the Gaussian noise a mutation adds to a parameter.</summary>
    public double MutationScale { get; init; } = 0.3;

    /// <summary>Share of a child's parameters that mutate.</summary>
    public double MutationRate { get; init; } = 0.1;
}
