using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Training;

/// <summary>
/// Optimisers, clipping and regularisation on the tiniest net: one input, one identity output,
/// quadratic loss, so a = w x + b, C = 1/2 (a - y)^2, dC/dw = (a - y) x, dC/db = a - y.
/// </summary>
/// <remarks>
/// Start: w = 0.5, b = 0.25, sample x = 2, y = 1. Then a = 1.25, a - y = 0.25,
/// dC/dw = 0.5, dC/db = 0.25. Every expected value below follows from these by hand.
/// </remarks>
[TestFixture]
public sealed class OptimizerTests
{
    private const double Tol = 1e-15;
    private static readonly double[][] X = [[2.0]];
    private static readonly double[][] Y = [[1.0]];

    private static ReferenceNetwork Tiny(double w = 0.5, double b = 0.25)
    {
        var spec = new BrainSpec(1, [], new LayerSpec(1, Activation.Identity), Loss.Quadratic);
        var network = new ReferenceNetwork(spec);
        network.SetParameters([w, b]);
        return network;
    }

    [Test]
    public void GradientOfTheTinyNetIsAsComputedByHand()
    {
        var g = Tiny().Backprop(X[0], Y[0]);
        Assert.That(g.Weights[0][0], Is.EqualTo(0.5).Within(Tol));
        Assert.That(g.Biases[0][0], Is.EqualTo(0.25).Within(Tol));
    }

    [Test]
    public void SgdTwoSteps()
    {
        var network = Tiny();
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.1, BatchSize = 1 });

        // Step 1: w = 0.5 - 0.1 * 0.5 = 0.45; b = 0.25 - 0.1 * 0.25 = 0.225.
        Assert.That(trainer.Step(X, Y), Is.EqualTo(0.5 * 0.25 * 0.25).Within(Tol));
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { 0.45, 0.225 }).Within(Tol));

        // Step 2: a = 0.9 + 0.225 = 1.125, error 0.125, dC/dw = 0.25, dC/db = 0.125;
        // w = 0.45 - 0.025 = 0.425; b = 0.225 - 0.0125 = 0.2125.
        Assert.That(trainer.Step(X, Y), Is.EqualTo(0.5 * 0.125 * 0.125).Within(Tol));
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { 0.425, 0.2125 }).Within(Tol));
    }

    [Test]
    public void MomentumTwoSteps()
    {
        var network = Tiny();
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 0.1, Momentum = 0.9, BatchSize = 1 });

        // Step 1: v = g = (0.5, 0.25); p = (0.45, 0.225), as SGD.
        trainer.Step(X, Y);
        Assert.That(trainer.Optimizer.Velocity.ToArray(), Is.EqualTo(new[] { 0.5, 0.25 }).Within(Tol));
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { 0.45, 0.225 }).Within(Tol));

        // Step 2: g = (0.25, 0.125); v = 0.9 v + g = (0.7, 0.35); p -= 0.1 v: (0.38, 0.19).
        trainer.Step(X, Y);
        Assert.That(trainer.Optimizer.Velocity.ToArray(), Is.EqualTo(new[] { 0.7, 0.35 }).Within(Tol));
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { 0.38, 0.19 }).Within(1e-15));
    }

    [Test]
    public void AdamTwoSteps()
    {
        var network = Tiny();
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.1, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, BatchSize = 1 });

        // Step 1 (t = 1): m = 0.1 g, v = 0.001 g^2, so m^ = g and v^ = g^2:
        // p -= 0.1 g / (|g| + 1e-8), i.e. almost exactly 0.1 against the gradient's sign.
        trainer.Step(X, Y);
        var w1 = 0.5 - (0.1 * 0.5 / (0.5 + 1e-8));
        var b1 = 0.25 - (0.1 * 0.25 / (0.25 + 1e-8));
        Assert.That(trainer.Optimizer.AdamSteps, Is.EqualTo(1));
        Assert.That(trainer.Optimizer.FirstMoment.ToArray(), Is.EqualTo(new[] { 0.05, 0.025 }).Within(Tol));
        Assert.That(trainer.Optimizer.SecondMoment.ToArray(), Is.EqualTo(new[] { 0.00025, 0.0000625 }).Within(1e-18));
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { w1, b1 }).Within(Tol));
        Assert.That(w1, Is.EqualTo(0.4).Within(1e-8)); // sanity on the hand formula

        // Step 2 (t = 2): at w ~ 0.4, b ~ 0.15: a = 2 w1 + b1 ~ 0.95, error e2 = a - 1 ~ -0.05,
        // g2 = (2 e2, e2); m = 0.9 m1 + 0.1 g2; v = 0.999 v1 + 0.001 g2^2;
        // m^ = m / (1 - 0.81) = m / 0.19; v^ = v / (1 - 0.998001) = v / 0.001999.
        var e2 = (2 * w1) + b1 - 1.0;
        double[] g2 = [2 * e2, e2];
        double[] m1 = [0.05, 0.025];
        double[] v1 = [0.00025, 0.0000625];
        double[] p1 = [w1, b1];
        var expected = new double[2];
        for (var i = 0; i < 2; i++)
        {
            var m = (0.9 * m1[i]) + (0.1 * g2[i]);
            var v = (0.999 * v1[i]) + (0.001 * g2[i] * g2[i]);
            expected[i] = p1[i] - (0.1 * (m / 0.19) / (Math.Sqrt(v / 0.001999) + 1e-8));
        }

        trainer.Step(X, Y);
        Assert.That(trainer.Optimizer.AdamSteps, Is.EqualTo(2));
        Assert.That(network.GetParameters(), Is.EqualTo(expected).Within(1e-14));
    }

    [Test]
    public void ClipByValueClampsEachComponent()
    {
        // g = (0.5, 0.25), clip 0.3: (0.3, 0.25).
        var network = Tiny();
        var g = ReferenceOptimizer.EffectiveGradient(network, network.Backprop(X[0], Y[0]), new TrainingSettings { ClipValue = 0.3 });
        Assert.That(g, Is.EqualTo(new[] { 0.3, 0.25 }).Within(Tol));

        // Negative components clamp to -c: with y = 3, error -1.75, g = (-3.5, -1.75), clip 1: (-1, -1).
        var g2 = ReferenceOptimizer.EffectiveGradient(network, network.Backprop(X[0], [3.0]), new TrainingSettings { ClipValue = 1.0 });
        Assert.That(g2, Is.EqualTo(new[] { -1.0, -1.0 }).Within(Tol));
    }

    [Test]
    public void ClipByNormRescalesTheWholeGradient()
    {
        // |g| = sqrt(0.25 + 0.0625) = sqrt(0.3125) = 0.5590...; clip to 0.5 scales by 0.5 / 0.5590.
        var network = Tiny();
        var gradient = network.Backprop(X[0], Y[0]);
        var norm = Math.Sqrt(0.3125);
        var g = ReferenceOptimizer.EffectiveGradient(network, gradient, new TrainingSettings { ClipNorm = 0.5 });
        Assert.That(g, Is.EqualTo(new[] { 0.5 * 0.5 / norm, 0.25 * 0.5 / norm }).Within(Tol));
        Assert.That(Math.Sqrt((g[0] * g[0]) + (g[1] * g[1])), Is.EqualTo(0.5).Within(Tol));

        // A gradient already inside the ball is left alone.
        Assert.That(ReferenceOptimizer.EffectiveGradient(network, gradient, new TrainingSettings { ClipNorm = 0.6 }), Is.EqualTo(new[] { 0.5, 0.25 }).Within(Tol));
    }

    [Test]
    public void ClipByValueComesBeforeClipByNorm()
    {
        // Value first: (0.3, 0.25), norm sqrt(0.09 + 0.0625) = sqrt(0.1525); then norm 0.2.
        var network = Tiny();
        var g = ReferenceOptimizer.EffectiveGradient(network, network.Backprop(X[0], Y[0]), new TrainingSettings { ClipValue = 0.3, ClipNorm = 0.2 });
        var norm = Math.Sqrt(0.1525);
        Assert.That(g, Is.EqualTo(new[] { 0.3 * 0.2 / norm, 0.25 * 0.2 / norm }).Within(Tol));
    }

    [Test]
    public void L2AddsLambdaTimesWeightToWeightsOnly()
    {
        // dC/dw + lambda w = 0.5 + 0.1 * 0.5 = 0.55; the bias is not penalised: 0.25.
        var network = Tiny();
        var settings = new TrainingSettings { Regularization = RegularizationKind.L2, RegularizationRate = 0.1 };
        var g = ReferenceOptimizer.EffectiveGradient(network, network.Backprop(X[0], Y[0]), settings);
        Assert.That(g, Is.EqualTo(new[] { 0.55, 0.25 }).Within(Tol));

        // Penalty lambda / 2 sum w^2 = 0.05 * 0.25 = 0.0125 (the bias 0.25 does not count).
        Assert.That(ReferenceOptimizer.Penalty(network, settings), Is.EqualTo(0.0125).Within(Tol));
    }

    [Test]
    public void L1AddsLambdaTimesSignOfWeight()
    {
        var settings = new TrainingSettings { Regularization = RegularizationKind.L1, RegularizationRate = 0.1 };

        // w = 0.5 > 0: 0.5 + 0.1 = 0.6.
        var positive = Tiny(w: 0.5);
        Assert.That(ReferenceOptimizer.EffectiveGradient(positive, positive.Backprop(X[0], Y[0]), settings), Is.EqualTo(new[] { 0.6, 0.25 }).Within(Tol));
        Assert.That(ReferenceOptimizer.Penalty(positive, settings), Is.EqualTo(0.05).Within(Tol));

        // w = -0.5: a = -1 + 0.25 = -0.75, error -1.75, dC/dw = -3.5, dC/db = -1.75; -3.5 - 0.1 = -3.6.
        var negative = Tiny(w: -0.5);
        Assert.That(ReferenceOptimizer.EffectiveGradient(negative, negative.Backprop(X[0], Y[0]), settings), Is.EqualTo(new[] { -3.6, -1.75 }).Within(Tol));
        Assert.That(ReferenceOptimizer.Penalty(negative, settings), Is.EqualTo(0.05).Within(Tol));
    }

    [Test]
    public void NoRegularisationLeavesTheGradientAlone()
    {
        var network = Tiny();
        var g = ReferenceOptimizer.EffectiveGradient(network, network.Backprop(X[0], Y[0]), new TrainingSettings { RegularizationRate = 5 });
        Assert.That(g, Is.EqualTo(new[] { 0.5, 0.25 }).Within(Tol));
        Assert.That(ReferenceOptimizer.Penalty(network, new TrainingSettings { RegularizationRate = 5 }), Is.Zero);
    }

    [Test]
    public void SgdStepWithL2AndClippingUsesTheEffectiveGradient()
    {
        // L2 0.1 then clip value 0.52: (0.55, 0.25) -> (0.52, 0.25); eta 0.1: (0.448, 0.225).
        var network = Tiny();
        var trainer = new ReferenceTrainer(network, new TrainingSettings
        {
            Optimizer = OptimizerKind.Sgd,
            LearningRate = 0.1,
            Regularization = RegularizationKind.L2,
            RegularizationRate = 0.1,
            ClipValue = 0.52,
            BatchSize = 1,
        });
        trainer.Step(X, Y);
        Assert.That(network.GetParameters(), Is.EqualTo(new[] { 0.448, 0.225 }).Within(Tol));
    }

    [Test]
    public void BatchGradientIsTheMeanOfPerSampleGradients()
    {
        // Samples (x=2, y=1): g = (0.5, 0.25); (x=-1, y=0): a = -0.25, g = (0.25, -0.25).
        // Mean: (0.375, 0).
        var network = Tiny();
        var g = network.BatchGradient([[2.0], [-1.0]], [[1.0], [0.0]]).ToFlat();
        Assert.That(g, Is.EqualTo(new[] { 0.375, 0.0 }).Within(Tol));
    }

    [Test]
    public void OptimizerRejectsANetworkOfAnotherShape()
    {
        var optimizer = new ReferenceOptimizer(Tiny().Spec);
        var other = new ReferenceNetwork(new BrainSpec(2, [], new LayerSpec(1, Activation.Identity), Loss.Quadratic));
        var ex = Assert.Throws<ArgumentException>(() => optimizer.Step(other, new ReferenceGradient(other.Spec), new TrainingSettings()));
        Assert.That(ex!.Message, Does.Contain("built for"));
    }
}
