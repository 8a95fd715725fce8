using AgentsLearnCuts;

namespace Engine.Neural.Ecs.Tests;

/// <summary>The sample's core loop, run briefly: entities learning their own cuts through the ECS get better at them.</summary>
public class AgentsLearnCutsSampleTests
{
    [Test]
    public void EntitiesLearnTheirOwnCuts()
    {
        using var simulation = new CutsSimulation(agents: 300, seed: 11);
        var early = Enumerable.Range(0, 10).Average(_ => simulation.Step());
        for (var frame = 0; frame < 150; frame++)
        {
            simulation.Step();
        }

        var late = Enumerable.Range(0, 40).Average(_ => simulation.Step());

        TestContext.Out.WriteLine($"mean accuracy: first 10 frames {early:P1}, frames 161-200 {late:P1}");
        Assert.That(late, Is.GreaterThan(0.93), "the brains learned their cuts");
        Assert.That(late, Is.GreaterThan(early + 0.15), "they learned them in the world, not before it");
        Assert.That(simulation.Brains.BrainCount, Is.EqualTo(300));
        Assert.That(simulation.Systems.Select(s => s.Name), Is.EqualTo(new[] { "Sense", "Neural", "Judge", "Learning" }));
    }

    [Test]
    public void TheSampleRunReportsRisingAccuracy()
    {
        using var log = new StringWriter();

        var accuracy = CutsSimulation.Run(agents: 200, frames: 200, reportEvery: 50, seed: 3, log);

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(5), "a header and a line per 50 frames");
        Assert.That(lines[^1], Does.StartWith("frame  200: mean accuracy"));
        Assert.That(accuracy, Is.GreaterThan(0.93));
    }
}
