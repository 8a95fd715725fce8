using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// Seed 004's fruit game: grapes gather in a triangle, tomatoes lie around it. Three hidden
/// sigmoid neurons are three cuts (one per edge), the output neuron combines them: a 2-3-1 net.
/// </summary>
/// <remarks>
/// Data: 500 points uniform in [-1, 1]^2 from <see cref="DeterministicRandom"/> seed 2024,
/// label 1 (grape) strictly inside the triangle (-0.6, -0.5), (0.6, -0.5), (0, 0.6), else 0
/// (tomato). No margin around the edges: points may lie arbitrarily close to a cut.
/// Training: binary cross-entropy, Xavier init (seed 1), Adam eta = 0.1, batches of 10,
/// 200 epochs (about 0.1 s here). Accuracy must reach 99% (at least 495 of 500).
/// </remarks>
[TestFixture]
public sealed class GrapeTriangleTests
{
    private static readonly BrainSpec Spec =
        new(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    /// <summary>Inside the triangle: on the left of each edge, walking counter-clockwise.</summary>
    internal static bool IsGrape(double x, double y)
    {
        static double Cross(double ax, double ay, double bx, double by, double px, double py) =>
            ((bx - ax) * (py - ay)) - ((by - ay) * (px - ax));
        return Cross(-0.6, -0.5, 0.6, -0.5, x, y) > 0
            && Cross(0.6, -0.5, 0.0, 0.6, x, y) > 0
            && Cross(0.0, 0.6, -0.6, -0.5, x, y) > 0;
    }

    private static (double[][] Inputs, double[][] Targets) Fruit(ulong seed, int count)
    {
        var random = new DeterministicRandom(seed);
        var inputs = new double[count][];
        var targets = new double[count][];
        for (var i = 0; i < count; i++)
        {
            var x = random.NextDouble(-1, 1);
            var y = random.NextDouble(-1, 1);
            inputs[i] = [x, y];
            targets[i] = [IsGrape(x, y) ? 1.0 : 0.0];
        }

        return (inputs, targets);
    }

    private static int Correct(ReferenceNetwork network, double[][] inputs, double[][] targets) =>
        inputs.Select((x, i) => (network.Forward(x)[0] > 0.5 ? 1.0 : 0.0) == targets[i][0]).Count(c => c);

    [Test]
    public void TriangleHelperClassifiesObviousPoints()
    {
        // The triangle's area is 1.2 * 1.1 / 2 = 0.66 of the square's 4: about 16.5% grapes.
        Assert.That(IsGrape(0.0, 0.0), Is.True);
        Assert.That(IsGrape(0.0, 0.59), Is.True);
        Assert.That(IsGrape(0.0, 0.61), Is.False);
        Assert.That(IsGrape(0.0, -0.51), Is.False);
        Assert.That(IsGrape(0.56, -0.45), Is.True); // the edge (0.6,-0.5)-(0,0.6) crosses y = -0.45 at x = 0.5727
        Assert.That(IsGrape(0.58, -0.45), Is.False);
        Assert.That(IsGrape(-0.9, 0.9), Is.False);
        var (_, targets) = Fruit(2024, 500);
        var grapes = targets.Count(t => t[0] == 1.0);
        Assert.That(grapes, Is.InRange(60, 110), "about 16.5% of 500 = 82 grapes expected");
    }

    [Test]
    public void TwoThreeOneNetSeparatesGrapesFromTomatoes()
    {
        var (inputs, targets) = Fruit(2024, 500);
        var network = ReferenceNetwork.Create(Spec, WeightInit.Xavier, seed: 1);
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.1, BatchSize = 10 });

        trainer.TrainEpochs(inputs, targets, epochs: 200, seed: 1);

        var correct = Correct(network, inputs, targets);
        Assert.That(correct, Is.GreaterThanOrEqualTo(495), $"{correct}/500 correct");

        // It learned the triangle, not the points: fresh fruit is classified almost as well.
        var (fresh, freshTargets) = Fruit(99, 500);
        Assert.That(Correct(network, fresh, freshTargets), Is.GreaterThanOrEqualTo(485));
    }
}
