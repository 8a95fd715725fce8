using DemoGame.Model.Levels;

namespace DemoGame.Tests;

/// <summary>Each level's fruit: reproducible from a seed, labelled by its own rule, balanced as documented, noisy as asked.</summary>
public class LevelGeneratorTests
{
    private static IEnumerable<string> Names => LevelCatalog.All.Select(level => level.Name);

    [Test]
    public void TheCatalogHoldsTheFiveLevelsInPlayOrder()
    {
        Assert.That(Names, Is.EqualTo(new[] { "line", "triangle", "xor", "circle", "spirals" }));
        Assert.That(LevelCatalog.Default.Name, Is.EqualTo("triangle"));
        Assert.That(LevelCatalog.Find("XOR"), Is.SameAs(LevelCatalog.All[2]));
        Assert.That(LevelCatalog.Find("moon"), Is.Null);
    }

    [TestCaseSource(nameof(Names))]
    public void ScatterIsReproducibleFromItsSeedAndStaysOnTheBoard(string name)
    {
        var level = LevelCatalog.Find(name)!;
        var a = level.Scatter(1000, 42);

        Assert.That(level.Scatter(1000, 42), Is.EqualTo(a));
        Assert.That(level.Scatter(1000, 43), Is.Not.EqualTo(a));
        Assert.That(a.All(f => f.X is >= -1 and <= 1 && f.Y is >= -1 and <= 1), Is.True);
    }

    // The rules written out again here, independently of the levels' code.
    [TestCase("line", 0.0, 0.15, true)]
    [TestCase("line", 0.0, 0.05, false)]
    [TestCase("line", 0.5, 0.31, true)]     // the line y = 0.4 x + 0.1 is at 0.3 here
    [TestCase("line", 0.5, 0.29, false)]
    [TestCase("line", -1.0, -0.29, true)]   // and at -0.3 here
    [TestCase("line", -1.0, -0.31, false)]
    [TestCase("xor", 0.5, 0.5, true)]
    [TestCase("xor", -0.5, -0.5, true)]
    [TestCase("xor", 0.5, -0.5, false)]
    [TestCase("xor", -0.5, 0.5, false)]
    [TestCase("xor", 0.01, 0.9, true)]      // either side of the vertical cut
    [TestCase("xor", -0.01, 0.9, false)]
    [TestCase("xor", 0.9, -0.01, false)]    // either side of the horizontal one
    [TestCase("circle", 0.0, 0.0, true)]
    [TestCase("circle", 0.54, 0.0, true)]   // radius 0.55
    [TestCase("circle", 0.56, 0.0, false)]
    [TestCase("circle", 0.38, 0.38, true)]  // r = 0.537
    [TestCase("circle", 0.4, 0.4, false)]   // r = 0.566
    [TestCase("circle", 0.9, -0.9, false)]
    // Along the positive x axis the tomato arm (angle 3 pi r / 0.95) crosses at r = 0 and
    // 0.633, the grape arm at 0.317 and 0.95; the boundaries lie halfway, at 0.158, 0.475, 0.792.
    [TestCase("spirals", 0.317, 0.0, true)]
    [TestCase("spirals", 0.45, 0.0, true)]
    [TestCase("spirals", 0.50, 0.0, false)]
    [TestCase("spirals", 0.633, 0.0, false)]
    [TestCase("spirals", 0.77, 0.0, false)]
    [TestCase("spirals", 0.81, 0.0, true)]
    [TestCase("spirals", 0.95, 0.0, true)]
    [TestCase("spirals", -0.317, 0.0, false)] // half a turn round, the arms swap
    [TestCase("spirals", -0.633, 0.0, true)]
    public void TheRuleLabelsBothSidesOfEachBoundary(string name, double x, double y, bool grape)
    {
        Assert.That(LevelCatalog.Find(name)!.Classify(x, y), Is.EqualTo(grape ? FruitKind.Grape : FruitKind.Tomato));
    }

    [TestCase("line")]
    [TestCase("triangle")]
    [TestCase("xor")]
    [TestCase("circle")]
    public void EveryScatteredFruitIsLabelledByTheRule(string name)
    {
        Func<double, double, bool> grape = name switch
        {
            "line" => (x, y) => y > (0.4 * x) + 0.1,
            "triangle" => (x, y) => y >= -0.5 && y <= 0.6 - (1.1 / 0.6 * Math.Abs(x)),
            "xor" => (x, y) => (x > 0) == (y > 0),
            _ => (x, y) => Math.Sqrt((x * x) + (y * y)) < 0.55,
        };

        var fruit = LevelCatalog.Find(name)!.Scatter(2000, 7);

        Assert.That(fruit.All(f => (f.Kind == FruitKind.Grape) == grape(f.X, f.Y)), Is.True);
    }

    [Test]
    public void XorAndCircleKeepAnEmptyGapAtTheirBoundaries()
    {
        var xor = LevelCatalog.Find("xor")!.Scatter(2000, 3);
        var circle = LevelCatalog.Find("circle")!.Scatter(2000, 3);

        Assert.That(xor.Min(f => Math.Min(Math.Abs(f.X), Math.Abs(f.Y))), Is.GreaterThanOrEqualTo(Xor.Gap));
        Assert.That(circle.Min(f => Math.Abs(Math.Sqrt((f.X * f.X) + (f.Y * f.Y)) - 0.55)), Is.GreaterThanOrEqualTo(0.1));
    }

    [Test]
    public void SpiralFruitLiesOnTheArmItIsLabelledBy()
    {
        // Independent check: each arm sampled as a dense polyline; a fruit should be nearer
        // (in plain distance) to its own kind's arm. Fruit spread 0.04 around arms 0.32 apart,
        // and the centre where the arms meet, allow a few exceptions.
        var arms = new (double X, double Y)[2][];
        for (var arm = 0; arm < 2; arm++)
        {
            arms[arm] = [.. Enumerable.Range(0, 2001).Select(i =>
            {
                var r = 0.95 * i / 2000;
                var angle = (3 * Math.PI * r / 0.95) + (arm * Math.PI);
                return (r * Math.Cos(angle), r * Math.Sin(angle));
            })];
        }

        var fruit = LevelCatalog.Find("spirals")!.Scatter(1000, 11);
        var agree = fruit.Count(f =>
        {
            var near = arms.Select(points => points.Min(p => ((p.X - f.X) * (p.X - f.X)) + ((p.Y - f.Y) * (p.Y - f.Y)))).ToArray();
            return (near[1] < near[0]) == (f.Kind == FruitKind.Grape);
        });

        Assert.That(agree / 1000.0, Is.GreaterThan(0.97));
    }

    // Expected shares computed by hand from the geometry (see each level's GrapeShare).
    [TestCase("line", 0.45)]
    [TestCase("triangle", 0.165)]
    [TestCase("xor", 0.5)]
    [TestCase("circle", 0.192)]
    [TestCase("spirals", 0.5)]
    public void ClassBalanceLiesInTheDocumentedRange(string name, double expected)
    {
        var level = LevelCatalog.Find(name)!;
        var (low, high) = level.GrapeShare;
        Assert.That(expected, Is.InRange(low, high), "the documented range holds the geometry's share");
        foreach (var seed in new ulong[] { 1, 2, 3 })
        {
            var share = level.Scatter(4000, seed).Count(f => f.Kind == FruitKind.Grape) / 4000.0;
            Assert.That(share, Is.InRange(low, high), $"seed {seed}");
            Assert.That(share, Is.EqualTo(expected).Within(0.03), $"seed {seed}");
        }
    }

    [TestCaseSource(nameof(Names))]
    public void NoiseFlipsAboutTheRequestedFractionOfLabelsAndMovesNoFruit(string name)
    {
        var level = LevelCatalog.Find(name)!;
        var clean = level.Scatter(4000, 5);
        foreach (var noise in new[] { 0.1, 0.3, 0.5 })
        {
            var noisy = level.Scatter(4000, 5, noise);
            Assert.That(noisy.Select(f => (f.X, f.Y)), Is.EqualTo(clean.Select(f => (f.X, f.Y))));

            // 4,000 coin flips: the standard deviation of the fraction is at most 0.008.
            var flipped = clean.Zip(noisy).Count(pair => pair.First.Kind != pair.Second.Kind) / 4000.0;
            Assert.That(flipped, Is.EqualTo(noise).Within(0.03), $"noise {noise}");
        }
    }
}
