using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Reference;

/// <summary>Activations, their derivatives and the losses on hand-picked values.</summary>
[TestFixture]
public sealed class LossAndActivationTests
{
    [TestCase(Activation.Identity, 0.0, -2.0, -2.0, 1.0)]
    [TestCase(Activation.ReLU, 0.0, -2.0, 0.0, 0.0)]
    [TestCase(Activation.ReLU, 0.0, 3.0, 3.0, 1.0)]
    [TestCase(Activation.LeakyReLU, 0.01, -2.0, -0.02, 0.01)]
    [TestCase(Activation.LeakyReLU, 0.2, 1.5, 1.5, 1.0)]
    [TestCase(Activation.Step, 0.0, 0.0, 0.0, double.NaN)]
    [TestCase(Activation.Step, 0.0, 1e-300, 1.0, double.NaN)]
    public void PiecewiseActivations(Activation activation, double alpha, double z, double a, double derivative)
    {
        Assert.That(ReferenceMath.Activate(activation, alpha, z), Is.EqualTo(a).Within(1e-15));
        if (!double.IsNaN(derivative))
        {
            Assert.That(ReferenceMath.Derivative(activation, alpha, z), Is.EqualTo(derivative).Within(1e-15));
        }
    }

    [Test]
    public void SmoothActivations()
    {
        // sigma(1) = 1 / (1 + e^-1) = 0.7310585786300049; sigma' = sigma (1 - sigma).
        Assert.That(ReferenceMath.Activate(Activation.Sigmoid, 0, 1.0), Is.EqualTo(0.7310585786300049).Within(1e-15));
        Assert.That(ReferenceMath.Derivative(Activation.Sigmoid, 0, 1.0), Is.EqualTo(0.7310585786300049 * 0.2689414213699951).Within(1e-15));

        // tanh(0.5) = 0.46211715726000974; tanh' = 1 - tanh^2.
        Assert.That(ReferenceMath.Activate(Activation.Tanh, 0, 0.5), Is.EqualTo(0.46211715726000974).Within(1e-15));
        Assert.That(ReferenceMath.Derivative(Activation.Tanh, 0, 0.5), Is.EqualTo(1 - (0.46211715726000974 * 0.46211715726000974)).Within(1e-15));

        // ELU(alpha = 1.5, z = -1) = 1.5 (e^-1 - 1) = -0.9481808382428365; derivative 1.5 e^-1.
        Assert.That(ReferenceMath.Activate(Activation.ELU, 1.5, -1.0), Is.EqualTo(1.5 * (0.36787944117144233 - 1)).Within(1e-15));
        Assert.That(ReferenceMath.Derivative(Activation.ELU, 1.5, -1.0), Is.EqualTo(1.5 * 0.36787944117144233).Within(1e-15));
        Assert.That(ReferenceMath.Activate(Activation.ELU, 1.5, 2.0), Is.EqualTo(2.0));
    }

    [Test]
    public void SoftmaxIsAStableProbabilityDistribution()
    {
        // softmax(0, ln 2, ln 3) = (1, 2, 3) / 6.
        var a = ReferenceMath.Activate(Activation.Softmax, 0, [0.0, Math.Log(2), Math.Log(3)]);
        Assert.That(a, Is.EqualTo(new[] { 1.0 / 6, 2.0 / 6, 3.0 / 6 }).Within(1e-15));

        // Shifting every z by 1000 changes nothing (and does not overflow).
        var shifted = ReferenceMath.Activate(Activation.Softmax, 0, [1000.0, 1000 + Math.Log(2), 1000 + Math.Log(3)]);
        Assert.That(shifted, Is.EqualTo(a).Within(1e-12));
    }

    [Test]
    public void LayerSpecDefaultsForAlpha()
    {
        Assert.That(new LayerSpec(3, Activation.LeakyReLU).EffectiveAlpha, Is.EqualTo(0.01));
        Assert.That(new LayerSpec(3, Activation.ELU).EffectiveAlpha, Is.EqualTo(1.0));
        Assert.That(new LayerSpec(3, Activation.LeakyReLU, 0.3).EffectiveAlpha, Is.EqualTo(0.3));
        Assert.That(new LayerSpec(3, Activation.Sigmoid, 0.3).EffectiveAlpha, Is.Zero);
    }

    [Test]
    public void QuadraticLossIsHalfTheSquaredDistance()
    {
        // 1/2 ((1 - 0.5)^2 + (0 - 2)^2) = 1/2 (0.25 + 4) = 2.125.
        Assert.That(ReferenceMath.SampleLoss(Loss.Quadratic, [0.5, 2.0], [1.0, 0.0]), Is.EqualTo(2.125).Within(1e-15));
    }

    [Test]
    public void BinaryCrossEntropyOnHandValues()
    {
        // -(1 ln 0.8 + 0 ln 0.2) - (0 ln 0.3 + 1 ln 0.7) = -ln 0.8 - ln 0.7.
        var expected = -Math.Log(0.8) - Math.Log(0.7);
        Assert.That(ReferenceMath.SampleLoss(Loss.BinaryCrossEntropy, [0.8, 0.3], [1.0, 0.0]), Is.EqualTo(expected).Within(1e-15));
    }

    [Test]
    public void BinaryCrossEntropyOfASaturatedSigmoidIsFinite()
    {
        // sigma(40) rounds to exactly 1 in double. With y = 1 the loss is ln(1 + e^-40) ~ 4.2e-18,
        // not 0 * ln 0 = NaN; with y = 0 it is ln(1 + e^40) = 40 + ln(1 + e^-40) ~ 40, not infinity.
        Assert.That(ReferenceMath.Sigmoid(40), Is.EqualTo(1.0));
        Assert.That(ReferenceMath.SampleLoss(Loss.BinaryCrossEntropy, [1.0], [1.0]), Is.Zero);
        Assert.That(ReferenceMath.SampleLoss(Loss.BinaryCrossEntropy, [0.0], [0.0]), Is.Zero);

        var spec = new BrainSpec(1, [], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        var network = new ReferenceNetwork(spec);
        network.SetParameters([40.0, 0.0]);
        Assert.That(network.Loss([1.0], [1.0]), Is.EqualTo(Math.Exp(-40)).Within(1e-30));
        Assert.That(network.Loss([1.0], [0.0]), Is.EqualTo(40.0).Within(1e-12));
        Assert.That(network.Loss([-1.0], [1.0]), Is.EqualTo(40.0).Within(1e-12));

        // At z = 20, ln(1 - sigma(20)) computed from a is off by ~1e-8 relative; from z it is exact:
        // ln(1 + e^20) = 20 + ln(1 + e^-20).
        network.SetParameters([20.0, 0.0]);
        Assert.That(network.Loss([1.0], [0.0]), Is.EqualTo(20 + Math.Log(1 + Math.Exp(-20))).Within(1e-14));
    }

    [Test]
    public void SoftmaxCrossEntropyOnHandValues()
    {
        // z = (0, ln 2, ln 3): a = (1, 2, 3) / 6; target class 2: loss -ln(3/6) = ln 2.
        var spec = new BrainSpec(1, [], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        var network = new ReferenceNetwork(spec);
        network.SetParameters([0.0, 0.0, 0.0, 0.0, Math.Log(2), Math.Log(3)]);
        Assert.That(network.Loss([5.0], [0.0, 0.0, 1.0]), Is.EqualTo(Math.Log(2)).Within(1e-15));
        Assert.That(ReferenceMath.SampleLoss(Loss.SoftmaxCrossEntropy, [1.0 / 6, 2.0 / 6, 3.0 / 6], [0.0, 0.0, 1.0]), Is.EqualTo(Math.Log(2)).Within(1e-15));

        // A wrong class 800 logits behind: a rounds to 0, but the loss is 800 (not infinity).
        network.SetParameters([0.0, 0.0, 0.0, 800.0, 0.0, 0.0]);
        Assert.That(network.Loss([1.0], [0.0, 1.0, 0.0]), Is.EqualTo(800 + Math.Log(1 + (2 * Math.Exp(-800)))).Within(1e-12));
    }

    [Test]
    public void OutputErrorIsAMinusYForMatchedCrossEntropies()
    {
        var layer = new DenseLayerShape(2, 2, Activation.Sigmoid, 0);
        Assert.That(ReferenceMath.OutputError(Loss.BinaryCrossEntropy, layer, [0.3, -0.2], [0.8, 0.3], [1.0, 0.0]), Is.EqualTo(new[] { -0.2, 0.3 }).Within(1e-15));

        // Quadratic: (a - y) sigma'(z).
        var s = ReferenceMath.Sigmoid(0.3);
        Assert.That(ReferenceMath.OutputError(Loss.Quadratic, layer, [0.3, 0.3], [s, s], [1.0, 0.0])[0], Is.EqualTo((s - 1) * s * (1 - s)).Within(1e-15));
    }
}
