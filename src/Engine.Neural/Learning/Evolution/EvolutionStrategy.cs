namespace Engine.Neural.Learning;

/// <summary>
/// Evolution strategies in the style of Salimans et al. (2017): the cohort's agents are the
/// population, each a Gaussian perturbation of one centre, in antithetic pairs
/// (<c>theta + sigma eps_k</c> in row 2k, <c>theta - sigma eps_k</c> in row 2k + 1). The game
/// reports each agent's fitness, and <see cref="NextGeneration"/> estimates the gradient of
/// expected fitness from the centred ranks, moves the centre with the optimiser of
/// <see cref="EvolutionStrategyOptions.Training"/> (Adam by default), and writes the next
/// population into the cohort in place. Seeded: the same seed and fitness give the same centres.
/// </summary>
/// <example>
/// <code>
/// var es = new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 1 });
/// while (true)
/// {
///     PlayOneEpisodeEach(cohort, fitness);  // the game scores every agent
///     es.NextGeneration(fitness);           // fitness[row], row = cohort.RowOf(agent)
/// }
/// </code>
/// </example>
public sealed partial class EvolutionStrategy : IEvolution
{
    private readonly BrainCohort _cohort;
    private readonly FitnessRanking _ranking;
    private readonly float[] _centre;
    private readonly float[] _first;
    private readonly float[] _second;
    private readonly double[] _gradient;
    private readonly float[] _noise;
    private readonly float[] _member;
    private readonly int _pairs;
    private DeterministicRandom _random;
    private int _optimizerSteps;


    /// <summary>
    /// Starts a search from <paramref name="centre"/> (empty: the brain of the cohort's first
    /// agent) and writes the first population into the cohort.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The cohort is shared, or its agent count is not even and at least 2 (antithetic pairs),
    /// or the centre has the wrong length or a value that is not finite.
    /// </exception>
    public EvolutionStrategy(BrainCohort cohort, EvolutionStrategyOptions? options = null, ReadOnlySpan<float> centre = default)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        Options = (options ?? new EvolutionStrategyOptions()).Validate();
        if (cohort.IsShared || cohort.Count < 2 || cohort.Count % 2 != 0)
        {
            throw new ArgumentException($"EvolutionStrategy: the population is the cohort's own-weight agents in antithetic pairs, so it needs an even number of at least 2 agents and no shared parameters; it has {cohort.Count} agents{(cohort.IsShared ? ", shared" : string.Empty)}.", nameof(cohort));
        }

        _cohort = cohort;
        PopulationSize = cohort.Count;
        _ranking = new FitnessRanking(PopulationSize);
        _pairs = PopulationSize / 2;
        var parameters = cohort.ParameterCount;
        _centre = new float[parameters];
        if (centre.IsEmpty)
        {
            cohort.GetParameters(cohort.HandleAt(0), _centre);
        }
        else if (centre.Length != parameters || !AllFinite(centre))
        {
            throw new ArgumentException($"EvolutionStrategy: a centre for {cohort.Spec} is {parameters} finite values, got {centre.Length}.", nameof(centre));
        }
        else
        {
            centre.CopyTo(_centre);
        }

        _first = new float[parameters];
        _second = new float[parameters];
        _gradient = new double[parameters];
        _noise = new float[_pairs * parameters];
        _member = new float[parameters];
        _random = DeterministicRandom.ForStream(Options.Seed, 0xE5);
        DrawNoise();
        WritePopulation();
    }

    /// <summary>The search's settings.</summary>
    public EvolutionStrategyOptions Options { get; }

    /// <summary>Agents per generation (the cohort's count when the search began).</summary>
    public int PopulationSize { get; }

    /// <summary>Generations completed.</summary>
    public int Generation { get; private set; }

    /// <summary>The centre of the search: the current best guess (flat layout, as <see cref="BrainCohort.GetParameters"/>).</summary>
    public ReadOnlySpan<float> Centre => _centre;

    /// <summary>Fitness values rejected for being NaN or infinite (ranked last).</summary>
    public long RejectedFitness => _ranking.Rejected;

    /// <summary>
    /// Takes every agent's fitness (<c>fitness[row]</c>), moves the centre and writes the next
    /// population into the cohort.
    /// </summary>
    /// <exception cref="ArgumentException">Not one fitness per agent.</exception>
    /// <exception cref="InvalidOperationException">Agents were added or removed since the search began.</exception>
    public void NextGeneration(ReadOnlySpan<float> fitness)
    {
        if (_cohort.Count != PopulationSize)
        {
            throw new InvalidOperationException($"EvolutionStrategy: the population was {PopulationSize} agents and the cohort now has {_cohort.Count}; start a new search for a new population.");
        }

        _ranking.Rank(fitness, PopulationSize, nameof(EvolutionStrategy));
        var ranks = _ranking.CentredRanks;
        var parameters = _centre.Length;
        Array.Clear(_gradient);
        for (var k = 0; k < _pairs; k++)
        {
            var weight = ranks[2 * k] - ranks[(2 * k) + 1];
            if (weight == 0)
            {
                continue;
            }

            var eps = _noise.AsSpan(k * parameters, parameters);
            for (var i = 0; i < parameters; i++)
            {
                _gradient[i] += weight * eps[i];
            }
        }

        // The optimiser descends, so it is given minus the estimated ascent direction (and the
        // weight decay's pull).
        var scale = -1.0 / (PopulationSize * Options.Sigma);
        for (var i = 0; i < parameters; i++)
        {
            _gradient[i] = (scale * _gradient[i]) + (Options.WeightDecay * _centre[i]);
        }

        HostOptimizer.Step(Options.Training, _centre, _gradient, _first, _second, ref _optimizerSteps);
        Generation++;
        DrawNoise();
        WritePopulation();
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private void DrawNoise()
    {
        for (var i = 0; i < _noise.Length; i++)
        {
            _noise[i] = (float)_random.NextGaussian();
        }
    }

    /// <summary>Writes the centre plus and minus each pair's perturbation into the pair's two rows.</summary>
    private void WritePopulation()
    {
        var parameters = _centre.Length;
        var sigma = (float)Options.Sigma;
        for (var k = 0; k < _pairs; k++)
        {
            var eps = _noise.AsSpan(k * parameters, parameters);
            for (var sign = 0; sign < 2; sign++)
            {
                var s = sign == 0 ? sigma : -sigma;
                for (var i = 0; i < parameters; i++)
                {
                    _member[i] = _centre[i] + (s * eps[i]);
                }

                _cohort.SetParameters(_cohort.HandleAt((2 * k) + sign), _member);
            }
        }
    }
}
