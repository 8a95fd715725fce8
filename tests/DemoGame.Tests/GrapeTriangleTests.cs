using DemoGame.App;
using DemoGame.Model.Levels;

namespace DemoGame.Tests;

public class GrapeTriangleTests
{
    [TestCase(0.0, 0.0, true)]        // well inside
    [TestCase(0.0, 0.59, true)]       // just below the top vertex
    [TestCase(0.0, 0.61, false)]      // just above it
    [TestCase(0.0, -0.49, true)]      // just above the bottom edge
    [TestCase(0.0, -0.51, false)]     // just below it
    [TestCase(0.33, 0.0, false)]      // right of the right edge, which at y = 0 is at x = 0.6 * 0.6 / 1.1 = 0.327...
    [TestCase(0.32, 0.0, true)]
    [TestCase(-0.32, 0.0, true)]      // mirror image on the left
    [TestCase(-0.34, 0.0, false)]
    [TestCase(0.9, 0.9, false)]
    public void ContainsExactlyTheTriangle(double x, double y, bool inside)
    {
        // The right edge runs from (0.6, -0.5) to (0, 0.6): x = 0.6 (0.6 - y) / 1.1.
        Assert.That(GrapeTriangle.Contains(x, y), Is.EqualTo(inside));
    }

    [Test]
    public void ScatterIsReproducibleAndLabelsByTheTriangle()
    {
        var a = new GrapeTriangle().Scatter(500, 42);
        var b = new GrapeTriangle().Scatter(500, 42);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.All(f => f.X is >= -1 and < 1 && f.Y is >= -1 and < 1), Is.True);
        Assert.That(a.All(f => (f.Kind == FruitKind.Grape) == GrapeTriangle.Contains(f.X, f.Y)), Is.True);

        // The triangle covers 0.66 of the board's 4 square units: about 16.5% grapes.
        var grapeShare = a.Count(f => f.Kind == FruitKind.Grape) / 500.0;
        Assert.That(grapeShare, Is.InRange(0.12, 0.21));
    }

    [Test]
    public void ThreeCutsSeparateTheGrapesFromTheTomatoes()
    {
        var (train, test, network) = TriangleTraining.Run(epochs: 100, seed: 4, log: null);

        Assert.That(train, Is.GreaterThanOrEqualTo(0.99));
        Assert.That(test, Is.GreaterThanOrEqualTo(0.98));
        Assert.That(network.Spec.Layers[0].Outputs, Is.EqualTo(3));
    }
}
