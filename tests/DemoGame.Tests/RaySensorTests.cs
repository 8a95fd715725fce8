using DemoGame.Model.Harvest;

namespace DemoGame.Tests;

/// <summary>The reusable ray sensor: what each ray sees, how near, of which kind.</summary>
public class RaySensorTests
{
    private static readonly RaySensor Eyes = new(rays: 8, fieldOfView: MathF.PI, range: 0.5f, kinds: 2);

    [Test]
    public void AFruitStraightAheadIsSeenByTheMiddleRaysAtItsEdgeDistance()
    {
        var input = new float[Eyes.Inputs];
        var hits = new float[Eyes.Rays];
        Eyes.Sense(0f, 0f, 0f, [new RayTarget(0.3f, 0f, 0.04f, 1)], input, hits);

        // Eight rays have no centre line straight ahead: rays 3 and 4 watch either side of it.
        Assert.That(hits[3], Is.EqualTo(0.26f).Within(1e-5f));
        Assert.That(hits[4], Is.EqualTo(0.26f).Within(1e-5f));
        Assert.That(input[(3 * 2) + 1], Is.EqualTo(1f - (0.26f / 0.5f)).Within(1e-5f), "kind 1's channel");
        Assert.That(input[3 * 2], Is.Zero, "kind 0's channel");
        Assert.That(hits[0], Is.EqualTo(0.5f), "the rightmost ray sees nothing");
        Assert.That(input.Count(v => v != 0), Is.EqualTo(2));
    }

    [Test]
    public void TheNearestTargetWinsAndHeadingTurnsTheFan()
    {
        var input = new float[Eyes.Inputs];
        var hits = new float[Eyes.Rays];

        // Heading up (+y): a fruit at (0, 0.2) is ahead, one at (0, 0.4) behind it is hidden.
        Eyes.Sense(0f, 0f, MathF.PI / 2, [new RayTarget(0f, 0.4f, 0.04f, 1), new RayTarget(0f, 0.2f, 0.04f, 0)], input, hits);
        Assert.That(hits[4], Is.EqualTo(0.16f).Within(1e-5f));
        Assert.That(input[4 * 2], Is.GreaterThan(0f), "the near grape");
        Assert.That(input[(4 * 2) + 1], Is.Zero, "the tomato behind it");

        // To the left of the heading (counter-clockwise): the last ray; beyond reach: nothing.
        Eyes.Sense(0f, 0f, 0f, [new RayTarget(0f, 0.3f, 0.04f, 0), new RayTarget(0.9f, 0f, 0.04f, 0)], input, hits);
        Assert.That(hits[7], Is.EqualTo(0.26f).Within(1e-5f));
        Assert.That(hits[3], Is.EqualTo(0.5f));
    }
}
