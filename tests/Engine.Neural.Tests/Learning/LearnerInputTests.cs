using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>Bad rewards and fitness are rejected and counted; a learner refuses a cohort it cannot teach, saying why.</summary>
[TestFixture]
public sealed class LearnerInputTests
{
    private static readonly BrainSpec Softmax = new(3, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy);

    [Test]
    public void NonFiniteRewardsAreRejectedAndCountedAndNeverReachTheWeights()
    {
        var options = new PolicyGradientOptions { MaxSteps = 8 };
        using var cohort = new BrainCohort(Softmax, options.CohortOptionsFor(new CohortOptions { Seed = 1, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 } }));
        var agent = cohort.Add();
        using var learner = new PolicyGradientLearner(cohort, DiscretePolicy.Instance, options);
        using var quiet = new CapturedLog();
        var before = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, before);
        for (var step = 0; step < 3; step++)
        {
            learner.Act();
            Assert.That(learner.Reward(agent, step == 1 ? float.NaN : float.PositiveInfinity), Is.False);
            Assert.That(learner.Reward(agent, 1f), Is.True);
        }

        learner.EndEpisode(agent, EpisodeEnd.Terminal);
        learner.Act();
        var after = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, after);
        Assert.That(learner.RejectedRewards, Is.EqualTo(3));
        Assert.That(learner.Updates, Is.EqualTo(1), "the episode was learned from its finite rewards");
        Assert.That(after, Is.Not.EqualTo(before));
        Assert.That(after.All(float.IsFinite), Is.True);
    }

    [Test]
    public void NonFiniteFitnessIsRankedLastAndCounted()
    {
        using var cohort = LearnerStateTests.Population(6);
        var ga = new GeneticAlgorithm(cohort, new GeneticAlgorithmOptions { Elites = 1 });
        using var quiet = new CapturedLog();
        ga.NextGeneration([1f, float.NaN, 9f, float.PositiveInfinity, 3f, 2f]);
        Assert.That(ga.RejectedFitness, Is.EqualTo(2));
        Assert.That(ga.BestFitness, Is.EqualTo(9f), "infinity is not a score: the best finite one wins");
        var es = new EvolutionStrategy(cohort);
        Assert.Throws<ArgumentException>(() => es.NextGeneration([1f, 2f]));
    }

    [Test]
    public void ALearnerRefusesACohortItCannotTeachAndNamesTheMismatch()
    {
        var options = new PolicyGradientOptions { MaxSteps = 16 };
        var gaussianSpec = Softmax.WithOutput(new LayerSpec(2, Activation.Sigmoid), Loss.Quadratic);
        using var wrongOutput = new BrainCohort(gaussianSpec, options.CohortOptionsFor());
        var error = Assert.Throws<ArgumentException>(() => new PolicyGradientLearner(wrongOutput, GaussianPolicy.Instance, options))!;
        Assert.That(error.Message, Does.Contain("Identity").And.Contain("Sigmoid"));

        using var random = new BrainCohort(Softmax, new CohortOptions());
        error = Assert.Throws<ArgumentException>(() => new PolicyGradientLearner(random, DiscretePolicy.Instance, options))!;
        Assert.That(error.Message, Does.Contain("Latest").And.Contain("CohortOptionsFor"));

        using var fits = new BrainCohort(Softmax, options.CohortOptionsFor());
        fits.Add();
        using var learner = new PolicyGradientLearner(fits, DiscretePolicy.Instance, options);
        Assert.Throws<InvalidOperationException>(() => learner.Reward(fits.HandleAt(0), 1f), "a reward before any action");
        fits.Settings = fits.Settings with { BatchSize = 4 };
        Assert.Throws<InvalidOperationException>(learner.Act, "a batch too small for a trajectory");

        using var odd = LearnerStateTests.Population(5);
        Assert.Throws<ArgumentException>(() => new EvolutionStrategy(odd), "antithetic pairs need an even population");
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolicyGradientOptions { Discount = 1.5 }.Validate());
    }

    [Test]
    public void AgentsRemovedThroughTheLearnerKeepTheirTrajectoriesAndNewAgentsStartAfresh()
    {
        var options = new PolicyGradientOptions { MaxSteps = 8 };
        using var cohort = new BrainCohort(Softmax, options.CohortOptionsFor(new CohortOptions { Seed = 1 }));
        var first = cohort.Add();
        var second = cohort.Add();
        var third = cohort.Add();
        using var learner = new PolicyGradientLearner(cohort, DiscretePolicy.Instance, options);
        learner.Act();
        learner.Act();
        learner.Reward(third, 2f);
        var thirdAction = learner.Action(third).ToArray();

        learner.Remove(first);
        Assert.That(cohort.RowOf(third), Is.EqualTo(0), "the cohort moved its last agent into the freed row");
        Assert.That(learner.TrajectorySteps(third), Is.EqualTo(2));
        Assert.That(learner.Action(third).ToArray(), Is.EqualTo(thirdAction), "its action moved with it");
        Assert.That(learner.TrajectorySteps(second), Is.EqualTo(2));

        var newcomer = cohort.Add();
        Assert.Throws<InvalidOperationException>(() => learner.Reward(newcomer, 1f), "a newcomer has not acted yet");
        learner.Act();
        Assert.That(learner.TrajectorySteps(newcomer), Is.EqualTo(1));
        Assert.That(learner.TrajectorySteps(third), Is.EqualTo(3));

        cohort.Remove(second);
        Assert.Throws<InvalidOperationException>(learner.Act, "removed behind the learner's back");
    }
}
