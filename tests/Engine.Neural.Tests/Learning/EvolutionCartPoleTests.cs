using Engine.Neural.Bench;
using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// Evolution on CartPole with the cohort's 256 agents as the population: each generation every
/// agent plays one episode (its return is its fitness). The searched brain (the ES centre, the
/// GA's fittest) is then scored on 16 fresh episodes; it must average 475.
/// </summary>
[TestFixture]
public sealed class EvolutionCartPoleTests
{
    private const int Agents = 256;
    private const int Evaluations = 16;

    [Test]
    public void EvolutionStrategiesBalanceThePoleWithin30Generations()
    {
        using var cohort = Population(seed: 21);
        var es = new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 3, Sigma = 0.1 });
        var startScore = CartPoleEpisodes.MeanReturn(es.Centre, Evaluations);
        var generations = Evolve(cohort, 30, es.NextGeneration, () => es.Centre.ToArray(), out var score);
        Assert.That(startScore, Is.LessThan(100), "the search starts from a failing brain");
        TestContext.Out.WriteLine($"ES CartPole: from {startScore:F1}, the centre averaged {score:F1} over {Evaluations} episodes after {generations} generations of {Agents}");
        Assert.That(score, Is.GreaterThanOrEqualTo(475), $"the centre's mean return after {generations} generations");
        Assert.That(es.RejectedFitness, Is.Zero);
    }

    [Test]
    public void AGeneticAlgorithmBalancesThePoleWithin60Generations()
    {
        using var cohort = Population(seed: 22);

        // Among 256 random brains one often balances already; starting every agent from one
        // failing brain makes the test measure what selection and mutation achieve.
        var start = new float[cohort.ParameterCount];
        cohort.GetParameters(cohort.HandleAt(0), start);
        var startScore = CartPoleEpisodes.MeanReturn(start, Evaluations);
        Assert.That(startScore, Is.LessThan(100), "the common ancestor fails");
        for (var row = 1; row < Agents; row++)
        {
            cohort.SetParameters(cohort.HandleAt(row), start);
        }

        var ga = new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Seed = 4, Elites = 8, MutationSigma = 0.1 });
        var generations = Evolve(cohort, 60, ga.NextGeneration, () => ga.Best.ToArray(), out var score);
        TestContext.Out.WriteLine($"GA CartPole: from one ancestor scoring {startScore:F1}, the fittest averaged {score:F1} over {Evaluations} episodes after {generations} generations of {Agents}");
        Assert.That(score, Is.GreaterThanOrEqualTo(475), $"the fittest brain's mean return after {generations} generations");
    }

    private delegate void Breed(ReadOnlySpan<float> fitness);

    private static BrainCohort Population(ulong seed)
    {
        var cohort = new BrainCohort(CartPoleEpisodes.Spec, new CohortOptions { Seed = seed, InitialCapacity = Agents });
        for (var i = 0; i < Agents; i++)
        {
            cohort.Add();
        }

        return cohort;
    }

    /// <summary>Generations until the searched brain averages 475 (at most <paramref name="limit"/>).</summary>
    private static int Evolve(BrainCohort cohort, int limit, Breed nextGeneration, Func<float[]> searched, out double score)
    {
        var poles = new CartPole(Agents, seed: 9);
        var fitness = new float[Agents];
        score = 0;
        for (var generation = 1; generation <= limit; generation++)
        {
            CartPoleEpisodes.Play(cohort, poles, fitness);
            nextGeneration(fitness);
            score = CartPoleEpisodes.MeanReturn(searched(), Evaluations);
            if (score >= 475)
            {
                return generation;
            }
        }

        return limit;
    }
}
