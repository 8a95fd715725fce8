using DemoGame.Model.Harvest;
using Engine.Neural;

namespace DemoGame.Tests;

/// <summary>The fruit grid: the eyes see through it exactly what they see of the whole board.</summary>
public class FruitGridTests
{
    [Test]
    public void EyesGivenTheFruitNearAnAgentSeeWhatTheyWouldSeeOfTheWholeBoard()
    {
        var random = new DeterministicRandom(7);
        var eyes = new RaySensor(rays: 8, fieldOfView: MathF.PI, range: 0.35f, kinds: 2);
        var fruit = new RayTarget[400];
        for (var i = 0; i < fruit.Length; i++)
        {
            fruit[i] = new RayTarget((float)random.NextDouble(-1, 1), (float)random.NextDouble(-1, 1), 0.012f, i % 2);
        }

        var grid = new FruitGrid(0.18f, fruit.Length);
        grid.Build(fruit);
        var nearby = new RayTarget[fruit.Length];
        var (whole, near) = (new float[eyes.Inputs], new float[eyes.Inputs]);
        var (seen, handed) = (0, 0);
        for (var agent = 0; agent < 500; agent++)
        {
            var (x, y, heading) = ((float)random.NextDouble(-1, 1), (float)random.NextDouble(-1, 1), (float)random.NextDouble(-Math.PI, Math.PI));
            var count = grid.Near(x, y, 0.35f + 0.012f, nearby);
            eyes.Sense(x, y, heading, fruit, whole);
            eyes.Sense(x, y, heading, nearby.AsSpan(0, count), near);
            Assert.That(near, Is.EqualTo(whole), $"agent {agent} at ({x}, {y})");
            seen += whole.Count(v => v > 0);
            handed += count;
        }

        Assert.That(seen, Is.GreaterThan(500), "the agents saw fruit");
        Assert.That(handed, Is.LessThan(500 * fruit.Length / 3), "and were handed a fraction of the board");
    }

    [Test]
    public void EveryFruitIsInTheGridOnceAndMoreFruitThanItHoldsIsRefused()
    {
        var fruit = new RayTarget[] { new(-1f, -1f, 0.01f, 0), new(1f, 1f, 0.01f, 1), new(0f, 0f, 0.01f, 0), new(0.99f, -0.99f, 0.01f, 1) };
        var grid = new FruitGrid(0.5f, fruit.Length);
        grid.Build(fruit);
        var all = new RayTarget[fruit.Length];
        Assert.That(grid.Near(0f, 0f, 2f, all), Is.EqualTo(fruit.Length));
        Assert.That(all, Is.EquivalentTo(fruit));
        Assert.That(grid.Near(-0.9f, -0.9f, 0.05f, all), Is.EqualTo(1), "the corner cell holds one");
        Assert.That(() => grid.Build(new RayTarget[fruit.Length + 1]), Throws.ArgumentException);
    }
}
