using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Specs;

/// <summary>Bad specs and bad data fail at once, with a message that names the problem.</summary>
[TestFixture]
public sealed class BadInputTests
{
    private static readonly BrainSpec TwoThreeOne =
        new(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void ASpecTooLargeForAnArrayIsRejectedWhenMade()
    {
        // 10^12 weights in the first layer: an int count would wrap to a negative number.
        var ex = Assert.Throws<ArgumentException>(() => new BrainSpec(1_000_000, [new LayerSpec(1_000_000, Activation.ReLU)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("1,000,002,000,001 parameters").And.Contain("more than one array holds"));

        var largest = new BrainSpec(46_340, [], new LayerSpec(46_340, Activation.Identity), Loss.Quadratic);
        Assert.That(largest.ParameterCount, Is.LessThanOrEqualTo(BrainSpec.MaxParameterCount), "a spec just under the limit is still made");
    }

    [Test]
    public void WrongInputLength()
    {
        var network = ReferenceNetwork.Create(TwoThreeOne, WeightInit.Xavier, 1);
        var ex = Assert.Throws<ArgumentException>(() => network.Forward([1.0, 2.0, 3.0]));
        Assert.That(ex!.Message, Does.Contain("input must have 2 values, got 3"));
        Assert.Throws<ArgumentException>(() => network.Forward([]));
        Assert.Throws<ArgumentException>(() => network.Backprop([1.0], [1.0]));
        Assert.Throws<ArgumentException>(() => network.Loss([1.0], [1.0]));
    }

    [Test]
    public void WrongTargetLength()
    {
        var network = ReferenceNetwork.Create(TwoThreeOne, WeightInit.Xavier, 1);
        var ex = Assert.Throws<ArgumentException>(() => network.Backprop([1.0, 2.0], [1.0, 0.0]));
        Assert.That(ex!.Message, Does.Contain("target must have 1 values, got 2"));
        ex = Assert.Throws<ArgumentException>(() => network.Loss([1.0, 2.0], []));
        Assert.That(ex!.Message, Does.Contain("target must have 1 values, got 0"));
    }

    [Test]
    public void MismatchedOrEmptyBatch()
    {
        var network = ReferenceNetwork.Create(TwoThreeOne, WeightInit.Xavier, 1);
        var ex = Assert.Throws<ArgumentException>(() => network.BatchGradient([[0.0, 0.0], [1.0, 1.0]], [[1.0]]));
        Assert.That(ex!.Message, Does.Contain("2 inputs and 1 targets"));
        ex = Assert.Throws<ArgumentException>(() => network.BatchLoss([], []));
        Assert.That(ex!.Message, Does.Contain("at least one"));
    }

    [Test]
    public void TrainerRejectsMismatchedDataSets()
    {
        var network = ReferenceNetwork.Create(TwoThreeOne, WeightInit.Xavier, 1);
        var trainer = new ReferenceTrainer(network, new TrainingSettings());

        // More targets than inputs used to be silently ignored; fewer crashed with an index error.
        var ex = Assert.Throws<ArgumentException>(() => trainer.TrainEpochs([[0.0, 0.0]], [[1.0], [0.0]], 1, 1));
        Assert.That(ex!.Message, Does.Contain("1 inputs and 2 targets"));
        ex = Assert.Throws<ArgumentException>(() => trainer.TrainEpochs([[0.0, 0.0], [1.0, 1.0]], [[1.0]], 1, 1));
        Assert.That(ex!.Message, Does.Contain("2 inputs and 1 targets"));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.TrainEpochs([[0.0, 0.0]], [[1.0]], -1, 1));
        Assert.That(network.GetParameters(), Is.EqualTo(ReferenceNetwork.Create(TwoThreeOne, WeightInit.Xavier, 1).GetParameters()), "nothing trained");
    }

    [Test]
    public void WrongParameterCount()
    {
        var network = new ReferenceNetwork(TwoThreeOne);
        var ex = Assert.Throws<ArgumentException>(() => network.SetParameters(new double[12]));
        Assert.That(ex!.Message, Does.Contain("expected 13 parameters"));

        var random = new DeterministicRandom(1);
        var flat = new double[14];
        ex = Assert.Throws<ArgumentException>(() => ParameterInitializer.Fill<double>(TwoThreeOne, WeightInit.Xavier, ref random, flat));
        Assert.That(ex!.Message, Does.Contain("expected 13 parameters"));
    }

    [TestCase(double.NaN, "NaN")]
    [TestCase(double.PositiveInfinity, "Infinity")]
    [TestCase(double.NegativeInfinity, "-Infinity")]
    [TestCase(-0.01, "-0.01")]
    public void BadAlphaInASpec(double alpha, string printed)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new BrainSpec(2, [new LayerSpec(3, Activation.LeakyReLU, alpha)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("hidden layer 1's activation parameter alpha"));
        Assert.That(ex.Message, Does.Contain($"got {printed}"));

        ex = Assert.Throws<ArgumentException>(() => _ = new BrainSpec(2, [], new LayerSpec(1, Activation.ELU, alpha), Loss.Quadratic));
        Assert.That(ex!.Message, Does.Contain("output layer's activation parameter alpha"));
    }

    [Test]
    public void ZeroSizedInput()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(0, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("input size must be at least 1, got 0"));
        Assert.That(ex.ParamName, Is.EqualTo("inputSize"));
    }

    [Test]
    public void ZeroSizedHiddenLayer()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid), new LayerSpec(0, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("hidden layer 2 must have at least 1 neuron, got 0"));
    }

    [Test]
    public void ZeroSizedOutputLayer()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(0, Activation.Sigmoid), Loss.BinaryCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("output layer must have at least 1 neuron, got 0"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(2, [], new LayerSpec(-1, Activation.Identity), Loss.Quadratic));
    }

    [Test]
    public void UnknownActivationOrLoss()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(2, [new LayerSpec(3, (Activation)99)], new LayerSpec(1, Activation.Sigmoid), Loss.Quadratic));
        Assert.That(ex!.Message, Does.Contain("unknown activation 99"));
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new BrainSpec(2, [], new LayerSpec(1, Activation.Sigmoid), (Loss)99));
        Assert.That(ex!.Message, Does.Contain("unknown loss 99"));
    }

    [Test]
    public void SoftmaxOnAHiddenLayer()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new BrainSpec(2, [new LayerSpec(3, Activation.Softmax)], new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("hidden layer 1 uses Softmax, which is allowed only on the output layer"));
    }

    [TestCase(Activation.Softmax, Loss.Quadratic, "Softmax output layer must be paired with SoftmaxCrossEntropy")]
    [TestCase(Activation.Identity, Loss.BinaryCrossEntropy, "BinaryCrossEntropy needs Sigmoid outputs")]
    [TestCase(Activation.Tanh, Loss.BinaryCrossEntropy, "BinaryCrossEntropy needs Sigmoid outputs")]
    [TestCase(Activation.Softmax, Loss.BinaryCrossEntropy, "BinaryCrossEntropy needs Sigmoid outputs")]
    [TestCase(Activation.Sigmoid, Loss.SoftmaxCrossEntropy, "SoftmaxCrossEntropy needs a Softmax output layer")]
    [TestCase(Activation.Identity, Loss.SoftmaxCrossEntropy, "SoftmaxCrossEntropy needs a Softmax output layer")]
    public void LossAndActivationMispairings(Activation output, Loss loss, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new BrainSpec(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(2, output), loss));
        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(ex.ParamName, Is.EqualTo("loss"));
    }

    [Test]
    public void SoftmaxWithASingleOutput()
    {
        var ex = Assert.Throws<ArgumentException>(() => _ = new BrainSpec(2, [], new LayerSpec(1, Activation.Softmax), Loss.SoftmaxCrossEntropy));
        Assert.That(ex!.Message, Does.Contain("at least 2 neurons"));
    }

    [Test]
    public void TrainingThroughAStepIsRejected()
    {
        var hiddenStep = new BrainSpec(2, [new LayerSpec(3, Activation.Step)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        var outputStep = new BrainSpec(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Step), Loss.Quadratic);
        Assert.That(hiddenStep.IsTrainable, Is.False);
        Assert.That(outputStep.IsTrainable, Is.False);
        Assert.That(TwoThreeOne.IsTrainable, Is.True);

        var ex = Assert.Throws<InvalidOperationException>(hiddenStep.EnsureTrainable);
        Assert.That(ex!.Message, Does.Contain("hidden layer 1 uses the Step activation"));
        ex = Assert.Throws<InvalidOperationException>(outputStep.EnsureTrainable);
        Assert.That(ex!.Message, Does.Contain("the output layer uses the Step activation"));

        // The trainer refuses at construction, backprop refuses too; forward still works.
        var network = ReferenceNetwork.Create(hiddenStep, WeightInit.Gaussian, 3);
        ex = Assert.Throws<InvalidOperationException>(() => _ = new ReferenceTrainer(network, new TrainingSettings()));
        Assert.That(ex!.Message, Does.Contain("Step activation"));
        ex = Assert.Throws<InvalidOperationException>(() => network.Backprop([0.0, 1.0], [1.0]));
        Assert.That(ex!.Message, Does.Contain("Step activation"));
        Assert.That(network.Forward([0.0, 1.0]), Has.Length.EqualTo(1));

        var optimizer = new ReferenceOptimizer(hiddenStep);
        ex = Assert.Throws<InvalidOperationException>(() => optimizer.Step(network, new ReferenceGradient(hiddenStep), new TrainingSettings()));
        Assert.That(ex!.Message, Does.Contain("Step activation"));
    }

    [Test]
    public void StepHasNoDerivative()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ReferenceMath.Derivative(Activation.Step, 0, 1.0));
        Assert.That(ex!.Message, Does.Contain("Step activation has no derivative"));
    }
}
