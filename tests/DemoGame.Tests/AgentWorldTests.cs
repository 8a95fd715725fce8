using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Presentation.Rendering;
using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;

namespace DemoGame.Tests;

public class AgentWorldTests
{
    private static readonly QueryDescription Agents = new QueryDescription().WithAll<NeuralBrain, AgentCard>();

    private static FruitGame NewGame(int frames)
    {
        var game = new FruitGame(new GameSettings { Level = new GrapeTriangle() });
        for (var i = 0; i < frames; i++)
        {
            game.Step();
        }

        return game;
    }

    [Test]
    public void EveryAgentIsAnEntityWithABrainOfItsOwnShape()
    {
        using var game = NewGame(30);
        Assert.That(game.World.World.CountEntities(in Agents), Is.EqualTo(8));
        Assert.That(game.World.Brains.BrainCount, Is.EqualTo(8));
        Assert.That(game.World.Brains.CohortCount, Is.EqualTo(8), "eight shapes, eight cohorts");
        for (var i = 0; i < game.Agents.Count; i++)
        {
            var agent = game.Agents[i];
            Assert.That(game.World.World.Get<AgentCard>(agent.Entity).Index, Is.EqualTo(i));
            Assert.That(agent.Cohort.Spec, Is.EqualTo(AgentKind.Defaults[i].Spec));

            // What the board draws is what the brain in the registry holds, after learning.
            var inCohort = new float[agent.Cohort.ParameterCount];
            agent.Cohort.GetParameters(agent.Brain.Agent, inCohort);
            Assert.That(agent.Parameters.ToArray(), Is.EqualTo(inCohort));
            Assert.That(agent.Cohort.SampleCount(agent.Brain.Agent), Is.EqualTo(game.Landed.Count));
        }
    }

    [Test]
    public void AgentsOfTheSameShapeLearnAsOneCohort()
    {
        var twice = new[] { AgentKind.Defaults[2], AgentKind.Defaults[2] };
        using var game = new FruitGame(new GameSettings { Agents = twice });
        Assert.That(game.World.Brains.CohortCount, Is.EqualTo(1));
        Assert.That(game.Agents[0].Cohort, Is.SameAs(game.Agents[1].Cohort));
        Assert.That(game.Agents[0].Parameters.ToArray(), Is.Not.EqualTo(game.Agents[1].Parameters.ToArray()), "each starts from its own seed");
    }

    [Test]
    public void ChangingOnlyActivationsKeepsTheLearnedWeights()
    {
        using var game = NewGame(60);
        var agent = game.Agents[2];
        var learned = agent.Parameters.ToArray();
        var tanh = AgentKind.Cuts(Activation.Tanh, 3);

        Assert.That(game.ChangeSpec(2, tanh), Is.True);
        Assert.That(agent.Kind.Spec, Is.EqualTo(tanh));
        Assert.That(agent.Kind.Name, Is.EqualTo("3 tanh"));
        Assert.That(agent.Cohort.Spec, Is.EqualTo(tanh));
        Assert.That(agent.Parameters.ToArray(), Is.EqualTo(learned));
        Assert.That(agent.Cohort.SampleCount(agent.Brain.Agent), Is.EqualTo(game.Landed.Count), "the board's fruit is learned again");
        Assert.That(NoticeText.Of(game.News), Does.Contain("weights kept"));
    }

    [Test]
    public void ANewShapeStartsFromAFreshSeededBrainAndLearns()
    {
        using var game = NewGame(60);
        var agent = game.Agents[2];
        var wider = AgentKind.Cuts(Activation.Sigmoid, 4, 2);

        Assert.That(game.ChangeSpec(2, wider), Is.False);
        Assert.That(agent.Parameters.Length, Is.EqualTo(wider.ParameterCount));
        Assert.That(NoticeText.Of(game.News), Does.Contain("fresh brain"));
        var fresh = agent.Parameters.ToArray();
        game.Step();
        Assert.That(agent.Parameters.ToArray(), Is.Not.EqualTo(fresh), "the rebuilt brain trains");
        Assert.That(agent.Parameters.ToArray().All(float.IsFinite), Is.True);

        // The same change in the same game state gives the same brain: seeded, not random.
        using var again = NewGame(60);
        again.ChangeSpec(2, wider);
        Assert.That(again.Agents[2].Parameters.ToArray(), Is.EqualTo(fresh));
    }

    [Test]
    public void TheTrainShareSetsTheSizeOfTheTestSet()
    {
        using var game = NewGame(10);
        Assert.That(game.TestSet, Has.Count.EqualTo(400));
        Assert.That(game.Settings.TrainShare, Is.EqualTo(1024.0 / 1424).Within(1e-12));

        game.SetTrainShare(0.5);
        Assert.That(game.TestSet, Has.Count.EqualTo(1024));
        Assert.That(game.Settings.TrainShare, Is.EqualTo(0.5).Within(1e-12));
        Assert.Throws<ArgumentOutOfRangeException>(() => game.SetTrainShare(0.95));
        Assert.Throws<ArgumentOutOfRangeException>(() => game.SetNoise(double.NaN));
    }

    [Test]
    public void TheHistoryRecordsEveryTenFramesAndTheMeanAveragesTheAgents()
    {
        using var game = NewGame(100);
        Assert.That(game.MeanHistory.Accuracy.Count, Is.EqualTo(10));
        var expected = game.Agents.Average(a => a.TestAccuracy);
        Assert.That(game.MeanHistory.Accuracy.Last, Is.EqualTo((float)expected).Within(1e-6f));
        foreach (var agent in game.Agents)
        {
            Assert.That(agent.History.TestLoss.Count, Is.EqualTo(10));
            Assert.That(agent.History.TrainLoss.Last, Is.GreaterThan(0f).And.LessThan(2f));
        }
    }

    [Test]
    public void TheTrainingBudgetCanBeMillisecondsInsteadOfSteps()
    {
        using var game = NewGame(5);
        game.Budget = TrainingBudget.TimePerFrame(2.0);
        game.Step();
        Assert.That(game.World.Learning.Budget.Milliseconds, Is.EqualTo(2.0));
        Assert.That(game.World.Learning.LastSteps, Is.GreaterThan(0));
    }
}

public class AgentBackendTests
{
    [Test]
    public void SwitchingToOpenClAndBackKeepsEveryParameterBitIdentical()
    {
        var log = new List<string>();
        var previous = BrainCohort.Log;
        BrainCohort.Log = log.Add;
        try
        {
            using var game = new FruitGame(new GameSettings());
            for (var i = 0; i < 40; i++)
            {
                game.Step();
            }

            var onCpu = game.Agents.Select(Download).ToArray();
            Assert.That(game.UseBackend(BrainBackend.OpenCl), Is.True, "OpenCL (PoCL, installed by scripts/setup.sh) should be usable: " + string.Join(" | ", log));
            Assert.That(game.Backend, Is.EqualTo(BrainBackend.OpenCl));
            Assert.That(game.Agents.Select(a => a.Cohort.BackendName), Is.All.EqualTo("opencl"));
            Assert.That(game.Agents.Select(Download), Is.EqualTo(onCpu), "the device holds exactly the CPU's parameters");

            for (var i = 0; i < 20; i++)
            {
                game.Step();
            }

            var onDevice = game.Agents.Select(Download).ToArray();
            Assert.That(onDevice, Is.Not.EqualTo(onCpu), "the brains learned on the device");
            var boards = game.Agents.Select(a => a.BoardField().ToArray()).ToArray();
            Assert.That(game.Agents.Select(a => a.EvaluatedOn), Is.All.EqualTo("opencl"), "the boundaries are drawn on the device too");
            Assert.That(game.UseBackend(BrainBackend.Cpu), Is.True);
            Assert.That(game.Agents.Select(a => a.Cohort.BackendName), Is.All.EqualTo("cpu"));
            Assert.That(game.Agents.Select(Download), Is.EqualTo(onDevice), "back on the CPU, nothing learned is lost");
            Assert.That(game.Agents.Select(a => a.Parameters.ToArray()), Is.EqualTo(onDevice), "what the board draws is what the device learned");
            var backOnCpu = game.Agents.Select(a => a.BoardField().ToArray()).ToArray();
            Assert.That(game.Agents.Select(a => a.EvaluatedOn), Is.All.EqualTo("cpu"), "and back on the CPU with the brains");
            for (var i = 0; i < boards.Length; i++)
            {
                Assert.That(boards[i], Is.EqualTo(backOnCpu[i]).Within(1e-5f), $"agent {i}: the device drew the CPU's boundary");
            }
        }
        finally
        {
            BrainCohort.Log = previous;
        }
    }

    private static float[] Download(Agent agent)
    {
        var parameters = new float[agent.Cohort.ParameterCount];
        agent.Cohort.GetParameters(agent.Brain.Agent, parameters);
        return parameters;
    }
}

public class NeuronFieldTests
{
    [Test]
    public void EachLayersPictureIsTheBrainCutOffAfterThatLayer()
    {
        var spec = AgentKind.Defaults[6].Spec;   // 4-4 tanh
        var parameters = Agent.FreshParameters(spec, 11);
        using var fields = new NeuronFields(spec);
        fields.Evaluate(parameters);
        var grid = BatchEvaluator.GridPoints(NeuronFields.Resolution);

        // The last layer is the brain's own output.
        using var whole = new BatchEvaluator(spec, grid);
        Assert.That(fields.Layer(2).ToArray(), Is.EqualTo(whole.Evaluate(parameters).ToArray()));

        // A first-layer neuron is tanh(w . (x, y) + b), worked out by hand.
        var (w, b) = (spec.WeightOffset(0), spec.BiasOffset(0));
        var worst = 0.0;
        for (var p = 0; p < NeuronFields.Points; p++)
        {
            for (var j = 0; j < 4; j++)
            {
                var z = (parameters[w + (2 * j)] * grid[2 * p]) + (parameters[w + (2 * j) + 1] * grid[(2 * p) + 1]) + parameters[b + j];
                worst = Math.Max(worst, Math.Abs(Math.Tanh(z) - fields.Layer(0)[(p * 4) + j]));
            }
        }

        Assert.That(worst, Is.LessThan(2e-6));
        Assert.That(fields.Layer(1).ToArray().Distinct().Count(), Is.GreaterThan(100), "the second layer's pictures are not constant");
    }
}
