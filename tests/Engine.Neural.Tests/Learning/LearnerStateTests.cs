using Engine.Neural.Learning;
using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Learning;

/// <summary>Learners save their own state and resume exactly; damaged or mismatched files change nothing.</summary>
[TestFixture]
public sealed class LearnerStateTests
{
    private static readonly BrainSpec Small = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);

    private string _directory = string.Empty;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("learner-state-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void AnEvolutionStrategyResumedFromItsSaveFollowsTheSamePath()
    {
        var path = Path.Combine(_directory, "es.state");
        using var first = Population(16);
        var es = new EvolutionStrategy(first, new EvolutionStrategyOptions { Seed = 5 });
        Generations(first, es.NextGeneration, 3);
        es.Save(path);
        Generations(first, es.NextGeneration, 2);

        using var second = Population(16);
        var resumed = new EvolutionStrategy(second, new EvolutionStrategyOptions { Seed = 99 });
        resumed.Load(path);
        Assert.That(resumed.Generation, Is.EqualTo(3));
        Generations(second, resumed.NextGeneration, 2);
        Assert.That(resumed.Centre.ToArray(), Is.EqualTo(es.Centre.ToArray()), "same centre, bit for bit, after the same generations");
    }

    [Test]
    public void AGeneticAlgorithmResumedFromItsSaveBreedsTheSameChildren()
    {
        var path = Path.Combine(_directory, "ga.state");
        using var first = Population(12);
        var ga = new GeneticAlgorithm(first, new GeneticAlgorithmOptions { Seed = 2, Elites = 2 });
        Generations(first, ga.NextGeneration, 2);
        ga.Save(path);
        using var second = Population(12);
        Copy(first, second);
        var resumed = new GeneticAlgorithm(second, new GeneticAlgorithmOptions { Seed = 7, Elites = 2 });
        resumed.Load(path);
        Generations(first, ga.NextGeneration, 2);
        Generations(second, resumed.NextGeneration, 2);
        Assert.That(Parameters(second), Is.EqualTo(Parameters(first)));
        Assert.That(resumed.BestFitness, Is.EqualTo(ga.BestFitness));
    }

    [Test]
    public void APolicyGradientLearnerResumedFromItsSaveActsTheSame()
    {
        var path = Path.Combine(_directory, "pg.state");
        var options = new PolicyGradientOptions { MaxSteps = 4, Discount = 0.9, Seed = 3, Baseline = BaselineKind.ValueCohort };
        using var first = new BrainCohort(Small, options.CohortOptionsFor(new CohortOptions { Seed = 1, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 } }));
        first.Add();
        first.Add();
        using var learner = new PolicyGradientLearner(first, GaussianPolicy.Instance, options);
        Play(learner, 20);
        learner.Save(path);

        using var second = new BrainCohort(Small, options.CohortOptionsFor(new CohortOptions { Seed = 8, Training = first.Settings }));
        second.Add();
        second.Add();
        Copy(first, second);
        using var resumed = new PolicyGradientLearner(second, GaussianPolicy.Instance, options with { Seed = 77 });
        resumed.Load(path);
        Assert.That(resumed.LogStd(second.HandleAt(1)).ToArray(), Is.EqualTo(learner.LogStd(first.HandleAt(1)).ToArray()));
        Assert.That(resumed.LogStd(second.HandleAt(1))[0], Is.Not.EqualTo(0f), "the log standard deviations learned something worth saving");

        // The original's trajectories in flight are dropped by a load too; drop them here by
        // loading its own save, then both must act alike.
        learner.Load(path);
        second.Inputs.Fill(0.25f);
        first.Inputs.Fill(0.25f);
        learner.Act();
        resumed.Act();
        Assert.That(resumed.Actions.ToArray(), Is.EqualTo(learner.Actions.ToArray()));
    }

    [Test]
    public void ADamagedOrForeignStateFileIsRefusedAndChangesNothing()
    {
        var path = Path.Combine(_directory, "es.state");
        using var cohort = Population(8);
        var es = new EvolutionStrategy(cohort, new EvolutionStrategyOptions { Seed = 5 });
        es.Save(path);
        var centre = es.Centre.ToArray();
        var bytes = File.ReadAllBytes(path);
        bytes[40] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        Assert.That(Assert.Throws<BrainFileException>(() => es.Load(path))!.Problem, Is.EqualTo(BrainFileProblem.ChecksumMismatch));

        es.Save(path);
        var ga = new GeneticAlgorithm(cohort);
        Assert.That(Assert.Throws<BrainFileException>(() => ga.Load(path))!.Problem, Is.EqualTo(BrainFileProblem.WrongKind));
        using var bigger = Population(10);
        var other = new EvolutionStrategy(bigger);
        Assert.That(Assert.Throws<BrainFileException>(() => other.Load(path))!.Problem, Is.EqualTo(BrainFileProblem.TargetMismatch));
        File.WriteAllBytes(path, bytes.AsSpan(0, 30).ToArray());
        Assert.That(Assert.Throws<BrainFileException>(() => es.Load(path))!.Problem, Is.EqualTo(BrainFileProblem.Truncated));
        Assert.That(es.Centre.ToArray(), Is.EqualTo(centre));
    }

    internal static BrainCohort Population(int agents)
    {
        var cohort = new BrainCohort(Small, new CohortOptions { Seed = 4 });
        for (var i = 0; i < agents; i++)
        {
            cohort.Add();
        }

        return cohort;
    }

    /// <summary>A smooth fitness of the weights alone: closeness of every parameter to 0.3.</summary>
    private static void Generations(BrainCohort cohort, EvolutionStepper next, int count)
    {
        var fitness = new float[cohort.Count];
        var p = new float[cohort.ParameterCount];
        for (var g = 0; g < count; g++)
        {
            for (var row = 0; row < cohort.Count; row++)
            {
                cohort.GetParameters(cohort.HandleAt(row), p);
                fitness[row] = -p.Sum(v => (v - 0.3f) * (v - 0.3f));
            }

            next(fitness);
        }
    }

    private delegate void EvolutionStepper(ReadOnlySpan<float> fitness);

    private static float[] Parameters(BrainCohort cohort)
    {
        var all = new float[cohort.Count * cohort.ParameterCount];
        for (var row = 0; row < cohort.Count; row++)
        {
            cohort.GetParameters(cohort.HandleAt(row), all.AsSpan(row * cohort.ParameterCount, cohort.ParameterCount));
        }

        return all;
    }

    private static void Copy(BrainCohort from, BrainCohort to)
    {
        var all = Parameters(from);
        for (var row = 0; row < from.Count; row++)
        {
            to.SetParameters(to.HandleAt(row), all.AsSpan(row * from.ParameterCount, from.ParameterCount));
        }
    }

    /// <summary>Steers towards the action (0.5, -0.5): reward minus the squared miss, episodes of 3 steps.</summary>
    private static void Play(PolicyGradientLearner learner, int frames)
    {
        var cohort = learner.Cohort;
        for (var f = 0; f < frames; f++)
        {
            cohort.Inputs.Fill(0.1f * (f % 5));
            learner.Act();
            for (var row = 0; row < cohort.Count; row++)
            {
                var a = learner.Actions.Slice(row * 2, 2);
                var agent = cohort.HandleAt(row);
                learner.Reward(agent, -(((a[0] - 0.5f) * (a[0] - 0.5f)) + ((a[1] + 0.5f) * (a[1] + 0.5f))));
                if (f % 3 == 2)
                {
                    learner.EndEpisode(agent, EpisodeEnd.TimeLimit, cohort.Input(agent));
                }
            }
        }
    }
}
