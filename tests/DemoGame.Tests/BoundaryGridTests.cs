using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using Engine.Neural;

namespace DemoGame.Tests;

public class BoundaryGridTests
{
    [Test]
    public void GridCellsCoverTheBoardBottomRowFirst()
    {
        var points = BatchEvaluator.GridPoints(4);

        Assert.That(points, Has.Length.EqualTo(32));
        Assert.That(points[..2], Is.EqualTo(new[] { -0.75f, -0.75f }));     // bottom-left cell
        Assert.That(points[2..4], Is.EqualTo(new[] { -0.25f, -0.75f }));    // its right neighbour
        Assert.That(points[^2..], Is.EqualTo(new[] { 0.75f, 0.75f }));      // top-right cell
    }

    [TestCase(2)]   // 3 cuts
    [TestCase(6)]   // two tanh layers
    public void TheBoardsBoundaryIsTheCohortsOwnForwardForTheSameParameters(int kind)
    {
        using var world = new AgentWorld(sampleCapacity: 64, TrainingBudget.StepsPerFrame(60));
        using var agent = new Agent(AgentKind.Defaults[kind], 0, seed: 5, world, new TestFruit(new GrapeTriangle().Scatter(20, 3)));
        foreach (var fruit in new GrapeTriangle().Scatter(64, 8))
        {
            agent.Learn((float)fruit.X, (float)fruit.Y, (float)fruit.Label);
        }

        world.Train();
        agent.Refresh();
        var field = agent.BoardField().ToArray();
        Assert.That(field, Has.Length.EqualTo(Agent.BoardResolution * Agent.BoardResolution));

        // The same parameters in an ordinary cohort, one point at a time.
        using var cohort = new BrainCohort(agent.Kind.Spec);
        var brain = cohort.Add(agent.Parameters);
        var grid = BatchEvaluator.GridPoints(Agent.BoardResolution);
        var worst = 0f;
        for (var cell = 0; cell < field.Length; cell += 7)
        {
            cohort.Input(brain)[0] = grid[2 * cell];
            cohort.Input(brain)[1] = grid[(2 * cell) + 1];
            cohort.Forward();
            worst = Math.Max(worst, Math.Abs(cohort.Output(brain)[0] - field[cell]));
        }

        Assert.That(worst, Is.LessThan(1e-6f));
        Assert.That(field.Max() - field.Min(), Is.GreaterThan(0.01f), "a constant field would pass trivially");
    }

    [Test]
    public void TheBoundaryIsRedrawnOnlyWhenWeightsMovedEnough()
    {
        var watch = new ParameterWatch(0.01f);
        float[] weights = [0.5f, -0.25f, 1f];

        Assert.That(watch.Changed(weights), Is.True, "nothing drawn yet");
        watch.Accept(weights);
        Assert.That(watch.Changed([0.505f, -0.25f, 1f]), Is.False);
        Assert.That(watch.Changed([0.5f, -0.25f, 1.02f]), Is.True);
        watch.Invalidate();
        Assert.That(watch.Changed(weights), Is.True);
    }
}
