using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using Engine.Neural;

namespace DemoGame.Tests;

public class CutLineTests
{
    [Test]
    public void AVerticalCutRunsFromBottomToTop()
    {
        // 2x - 1 = 0: the vertical line x = 0.5.
        Assert.That(new CutLine(2, 0, -1).TryClipToBoard(out var a, out var b), Is.True);

        var (low, high) = a.Y < b.Y ? (a, b) : (b, a);
        Assert.That(low.X, Is.EqualTo(0.5f).Within(1e-6f));
        Assert.That(low.Y, Is.EqualTo(-1f).Within(1e-6f));
        Assert.That(high.X, Is.EqualTo(0.5f).Within(1e-6f));
        Assert.That(high.Y, Is.EqualTo(1f).Within(1e-6f));
    }

    [Test]
    public void ADiagonalCutEndsOnTheBoardsEdgeWhereTheNeuronIsZero()
    {
        // x + 2y - 0.5 = 0 crosses the top edge at x = -1.5 (off the board), so it enters
        // through the left edge at y = 0.75 and leaves through the bottom at x = 2.5 (off),
        // i.e. through the right edge at y = -0.25.
        var cut = new CutLine(1, 2, -0.5f);
        Assert.That(cut.TryClipToBoard(out var a, out var b), Is.True);

        var (left, right) = a.X < b.X ? (a, b) : (b, a);
        Assert.That(left.X, Is.EqualTo(-1f).Within(1e-5f));
        Assert.That(left.Y, Is.EqualTo(0.75f).Within(1e-5f));
        Assert.That(right.X, Is.EqualTo(1f).Within(1e-5f));
        Assert.That(right.Y, Is.EqualTo(-0.25f).Within(1e-5f));
    }

    [TestCase(1f, 1f, 5f)]     // x + y = -5: far from the board
    [TestCase(0f, 0f, 1f)]     // no direction: the neuron is constant
    public void ACutThatMissesTheBoardIsNotDrawn(float w1, float w2, float b)
    {
        Assert.That(new CutLine(w1, w2, b).TryClipToBoard(out _, out _), Is.False);
    }

    [Test]
    public void AnAgentsCutsAreItsFirstLayersNeurons()
    {
        using var world = new AgentWorld(sampleCapacity: 16, TrainingBudget.StepsPerFrame(1));
        using var agent = new Agent(AgentKind.Defaults[2], 0, seed: 9, world, new TestFruit(new GrapeTriangle().Scatter(10, 1)));
        var spec = agent.Kind.Spec;
        var p = agent.Parameters.ToArray();
        var cuts = new CutLine[agent.CutCount];
        agent.Cuts(cuts);

        Assert.That(cuts, Has.Length.EqualTo(3));
        for (var j = 0; j < cuts.Length; j++)
        {
            var w1 = p[spec.WeightOffset(0) + (2 * j)];
            var w2 = p[spec.WeightOffset(0) + (2 * j) + 1];
            var b = p[spec.BiasOffset(0) + j];
            Assert.That(cuts[j], Is.EqualTo(new CutLine(w1, w2, b)));
            if (cuts[j].TryClipToBoard(out var start, out var end))
            {
                // Both endpoints lie on the line and on the board's edge.
                foreach (var (x, y) in new[] { start, end })
                {
                    Assert.That((w1 * x) + (w2 * y) + b, Is.EqualTo(0f).Within(1e-4f));
                    Assert.That(Math.Max(Math.Abs(x), Math.Abs(y)), Is.EqualTo(1f).Within(1e-4f));
                }
            }
        }
    }
}
