namespace Engine.Neural.Learning;

/// <summary>
/// A genetic algorithm on a cohort: the agents are the population. Given every agent's
/// fitness, <see cref="NextGeneration"/> keeps the fittest <see cref="GeneticAlgorithmOptions.Elites"/>
/// unchanged, fills every other row with a mutated copy (Gaussian noise) of a parent chosen by
/// tournament, and writes the generation into the cohort in place. Seeded and reproducible.
/// </summary>
/// <example>
/// <code>
/// var ga = new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = 1 });
/// while (true)
/// {
///     PlayOneEpisodeEach(cohort, fitness);  // fitness[row], row = cohort.RowOf(agent)
///     ga.NextGeneration(fitness);
/// }
/// </code>
/// </example>
public sealed partial class GeneticAlgorithm : IEvolution
{
    private readonly BrainCohort _cohort;
    private readonly FitnessRanking _ranking;
    private readonly float[] _parents;
    private readonly float[] _child;
    private readonly float[] _best;
    private DeterministicRandom _random;

    /// <summary>Starts breeding the cohort's agents as they are.</summary>
    /// <exception cref="ArgumentException">The cohort is shared, or has fewer agents than elites plus one.</exception>
    public GeneticAlgorithm(BrainCohort cohort, GeneticAlgorithmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        Options = (options ?? new GeneticAlgorithmOptions()).Validate();
        if (cohort.IsShared || cohort.Count <= Options.Elites)
        {
            throw new ArgumentException($"GeneticAlgorithm: the population is the cohort's own-weight agents, more of them than the {Options.Elites} elites; it has {cohort.Count} agents{(cohort.IsShared ? ", shared" : string.Empty)}.", nameof(cohort));
        }

        _cohort = cohort;
        PopulationSize = cohort.Count;
        _ranking = new FitnessRanking(PopulationSize);
        _parents = new float[PopulationSize * cohort.ParameterCount];
        _child = new float[cohort.ParameterCount];
        _best = new float[cohort.ParameterCount];
        _random = DeterministicRandom.ForStream(Options.Seed, 0x6A);
        cohort.GetParameters(cohort.HandleAt(0), _best);
    }

    /// <summary>The algorithm's settings.</summary>
    public GeneticAlgorithmOptions Options { get; }

    /// <summary>Agents per generation.</summary>
    public int PopulationSize { get; }

    /// <summary>Generations completed.</summary>
    public int Generation { get; private set; }

    /// <summary>The fittest brain of the last generation scored (it lives on, unchanged, in row 0).</summary>
    public ReadOnlySpan<float> Best => _best;

    /// <summary>The best fitness of the last generation scored.</summary>
    public float BestFitness { get; private set; } = float.NaN;

    /// <summary>Fitness values rejected for being NaN or infinite (ranked last).</summary>
    public long RejectedFitness => _ranking.Rejected;

    /// <summary>Takes every agent's fitness (<c>fitness[row]</c>) and writes the next generation into the cohort.</summary>
    /// <exception cref="ArgumentException">Not one fitness per agent.</exception>
    /// <exception cref="InvalidOperationException">Agents were added or removed since breeding began.</exception>
    public void NextGeneration(ReadOnlySpan<float> fitness)
    {
        if (_cohort.Count != PopulationSize)
        {
            throw new InvalidOperationException($"GeneticAlgorithm: the population was {PopulationSize} agents and the cohort now has {_cohort.Count}.");
        }

        _ranking.Rank(fitness, PopulationSize, nameof(GeneticAlgorithm));
        var order = _ranking.Order;
        var ranks = _ranking.CentredRanks;
        var parameters = _child.Length;
        for (var row = 0; row < PopulationSize; row++)
        {
            _cohort.GetParameters(_cohort.HandleAt(row), _parents.AsSpan(row * parameters, parameters));
        }

        Parent(order[0]).CopyTo(_best);
        BestFitness = fitness[order[0]];
        for (var row = 0; row < PopulationSize; row++)
        {
            if (row < Options.Elites)
            {
                _cohort.SetParameters(_cohort.HandleAt(row), Parent(order[row]));
                continue;
            }

            // Tournament: the best-ranked of a few agents drawn at random.
            var winner = _random.NextInt(PopulationSize);
            for (var k = 1; k < Options.TournamentSize; k++)
            {
                var rival = _random.NextInt(PopulationSize);
                if (ranks[rival] > ranks[winner])
                {
                    winner = rival;
                }
            }

            Parent(winner).CopyTo(_child);
            for (var i = 0; i < parameters; i++)
            {
                if (Options.MutationRate >= 1 || _random.NextDouble() < Options.MutationRate)
                {
                    _child[i] += (float)(Options.MutationSigma * _random.NextGaussian());
                }
            }

            _cohort.SetParameters(_cohort.HandleAt(row), _child);
        }

        Generation++;
    }

    private ReadOnlySpan<float> Parent(int row) => _parents.AsSpan(row * _child.Length, _child.Length);
}
