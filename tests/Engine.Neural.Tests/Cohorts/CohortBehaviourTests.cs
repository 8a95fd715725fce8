namespace Engine.Neural.Tests.Cohorts;

public class CohortBehaviourTests
{
    private static readonly BrainSpec Spec = new(3, [new LayerSpec(6, Activation.Tanh)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void TrainingOneAgentLeavesEveryOtherAgentBitIdentical()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 3, Training = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 8 } });
        var agents = Enumerable.Range(0, 50).Select(_ => cohort.Add()).ToArray();
        var random = new DeterministicRandom(11);
        foreach (var agent in agents)
        {
            for (var s = 0; s < 20; s++)
            {
                cohort.AddSample(agent, [(float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble()], [1f, 0f]);
            }

            cohort.SetLearning(agent, agent == agents[3]);
        }

        var before = agents.Select(a => Parameters(cohort, a)).ToArray();
        for (var step = 0; step < 25; step++)
        {
            Assert.That(cohort.TrainStep(), Is.EqualTo(1));
        }

        for (var i = 0; i < agents.Length; i++)
        {
            var after = Parameters(cohort, agents[i]);
            if (i == 3)
            {
                Assert.That(after, Is.Not.EqualTo(before[i]), "agent 3 should have learned");
            }
            else
            {
                Assert.That(after, Is.EqualTo(before[i]), $"agent {i} changed although only agent 3 trained");
            }
        }
    }

    [Test]
    public void AgentsWithoutSamplesAreNotTouched()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 4, Training = new() { Optimizer = OptimizerKind.Momentum } });
        var agents = Enumerable.Range(0, 10).Select(_ => cohort.Add()).ToArray();
        cohort.AddSample(agents[3], [0.1f, 0.2f, 0.3f], [1f, 0f]);
        var before = agents.Select(a => Parameters(cohort, a)).ToArray();

        Assert.That(cohort.TrainStep(), Is.EqualTo(1));

        for (var i = 0; i < agents.Length; i++)
        {
            Assert.That(Parameters(cohort, agents[i]), i == 3 ? Is.Not.EqualTo(before[i]) : Is.EqualTo(before[i]));
        }
    }

    [Test]
    public void HandlesSurviveSwapRemovalAndNeverAlias()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 5, InitialCapacity = 2 });
        var agents = Enumerable.Range(0, 6).Select(_ => cohort.Add()).ToArray();
        var parameters = agents.ToDictionary(a => a, a => Parameters(cohort, a));
        for (var i = 0; i < agents.Length; i++)
        {
            cohort.Input(agents[i])[0] = i;
        }

        cohort.Remove(agents[1]);

        Assert.That(cohort.Count, Is.EqualTo(5));
        Assert.That(cohort.Contains(agents[1]), Is.False);
        Assert.That(cohort.RowOf(agents[5]), Is.EqualTo(1), "the last row moves into the hole");
        foreach (var agent in agents.Where(a => a != agents[1]))
        {
            Assert.That(Parameters(cohort, agent), Is.EqualTo(parameters[agent]));
            Assert.That(cohort.Input(agent)[0], Is.EqualTo(Array.IndexOf(agents, agent)));
            Assert.That(cohort.HandleAt(cohort.RowOf(agent)), Is.EqualTo(agent));
        }

        var reused = cohort.Add();
        Assert.That(reused.Id, Is.EqualTo(agents[1].Id), "ids are recycled");
        Assert.That(reused, Is.Not.EqualTo(agents[1]), "but the version differs");
        Assert.That(cohort.Contains(agents[1]), Is.False);
        var error = Assert.Throws<ArgumentException>(() => cohort.Input(agents[1]));
        Assert.That(error!.Message, Does.Contain("not in this cohort"));
    }

    [Test]
    public void ForwardGivesEachAgentItsOwnBrain()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 6 });
        var a = cohort.Add();
        var b = cohort.Add();
        cohort.Input(a).Fill(0.5f);
        cohort.Input(b).Fill(0.5f);
        cohort.Forward();
        Assert.That(cohort.Output(a).ToArray(), Is.Not.EqualTo(cohort.Output(b).ToArray()), "different seeds streams, different brains");

        cohort.SetParameters(b, Parameters(cohort, a));
        cohort.Forward();
        Assert.That(cohort.Output(a).ToArray(), Is.EqualTo(cohort.Output(b).ToArray()));
    }

    [Test]
    public void TheSameSeedGivesTheSameBrainsAndTheSameTraining()
    {
        float[] Run()
        {
            using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 9, Training = new() { BatchSize = 4 } });
            var agent = Enumerable.Range(0, 5).Select(_ => cohort.Add()).Last();
            for (var s = 0; s < 10; s++)
            {
                cohort.AddSample(agent, [s * 0.1f, 0.2f, -0.3f], [s % 2, 1 - (s % 2)]);
            }

            cohort.Train(TrainingBudget.StepsPerFrame(7));
            return Parameters(cohort, agent);
        }

        Assert.That(Run(), Is.EqualTo(Run()));
    }

    [Test]
    public void ASharedBrainDrivesEveryRowAndLearnsFromAllOfThem()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 7, SharedParameters = true, Training = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 16 } });
        var crowd = Enumerable.Range(0, 40).Select(_ => cohort.Add()).ToArray();

        // Half of the crowd knows x0 > 0 means [1, 0]; the other half knows the opposite side.
        var random = new DeterministicRandom(1);
        for (var i = 0; i < crowd.Length; i++)
        {
            for (var s = 0; s < 8; s++)
            {
                var x0 = (float)random.NextDouble(0.1, 1) * (i % 2 == 0 ? 1 : -1);
                cohort.AddSample(crowd[i], [x0, (float)random.NextDouble(-1, 1), 0f], x0 > 0 ? [1f, 0f] : [0f, 1f]);
            }
        }

        for (var step = 0; step < 300; step++)
        {
            Assert.That(cohort.TrainStep(), Is.EqualTo(1), "one shared parameter set per step");
        }

        cohort.Input(crowd[0])[0] = 0.8f;
        cohort.Input(crowd[1])[0] = -0.8f;
        cohort.Forward();
        Assert.That(cohort.Output(crowd[0])[0], Is.GreaterThan(0.9f), "learned from the even rows");
        Assert.That(cohort.Output(crowd[1])[0], Is.LessThan(0.1f), "learned from the odd rows");
        Assert.That(Parameters(cohort, crowd[0]), Is.EqualTo(Parameters(cohort, crowd[39])));
    }

    [Test]
    public void ATimeBudgetRunsAtLeastOneStepAndStopsNearTheLimit()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 8 });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.1f, 0.2f, 0.3f], [1f, 0f]);

        Assert.That(cohort.Train(TrainingBudget.StepsPerFrame(3)), Is.EqualTo(3));
        Assert.That(cohort.Train(TrainingBudget.TimePerFrame(1e-6)), Is.EqualTo(1));
        Assert.That(cohort.Train(TrainingBudget.TimePerFrame(20)), Is.GreaterThan(1));
        Assert.That(cohort.Train(TrainingBudget.StepsPerFrame(0)), Is.EqualTo(0));
    }

    [Test]
    public void BadInputIsRejectedClearly()
    {
        using var cohort = new BrainCohort(Spec);
        var agent = cohort.Add();

        var shape = Assert.Throws<ArgumentException>(() => cohort.AddSample(agent, [1f, 2f], [1f, 0f]));
        Assert.That(shape!.Message, Does.Contain("needs 3 inputs and 2 targets, got 2 and 2"));

        Assert.That(cohort.AddSample(agent, [float.NaN, 0f, 0f], [1f, 0f]), Is.False);
        Assert.That(cohort.AddSample(agent, [0f, 0f, 0f], [float.PositiveInfinity, 0f]), Is.False);
        Assert.That(cohort.RejectedSamples, Is.EqualTo(2));
        Assert.That(cohort.SampleCount(agent), Is.EqualTo(0));

        var parameters = Assert.Throws<ArgumentException>(() => cohort.SetParameters(agent, new float[Spec.ParameterCount - 1]));
        Assert.That(parameters!.Message, Does.Contain($"has {Spec.ParameterCount} parameters"));
        var nan = new float[Spec.ParameterCount];
        nan[4] = float.NaN;
        Assert.That(Assert.Throws<ArgumentException>(() => cohort.SetParameters(agent, nan))!.Message, Does.Contain("finite"));

        Assert.Throws<ArgumentOutOfRangeException>(() => cohort.SetLearningRateScale(agent, -1f));
        Assert.Throws<ArgumentException>(() => cohort.Settings = new TrainingSettings { LearningRate = double.NaN });
    }

    [Test]
    public void APerceptronCohortRunsForwardButRefusesToTrain()
    {
        var perceptron = new BrainSpec(2, [], new LayerSpec(1, Activation.Step), Loss.Quadratic);
        using var cohort = new BrainCohort(perceptron);
        var agent = cohort.Add();
        cohort.SetParameters(agent, [1f, 1f, -1.5f]); // AND
        cohort.Input(agent)[0] = 1f;
        cohort.Input(agent)[1] = 1f;
        cohort.Forward();
        Assert.That(cohort.Output(agent)[0], Is.EqualTo(1f));

        var error = Assert.Throws<InvalidOperationException>(() => cohort.TrainStep());
        Assert.That(error!.Message, Does.Contain("Step activation"));
    }

    private static float[] Parameters(BrainCohort cohort, AgentHandle agent)
    {
        var flat = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, flat);
        return flat;
    }
}
