using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// XOR, the problem no single neuron solves (seed 000), learned by the smallest net that can:
/// 2-2-1, sigmoid hidden and output, binary cross-entropy.
/// </summary>
/// <remarks>
/// 2-2-1 is famously sensitive to its start (some inits land in a local minimum where one
/// corner stays wrong). Across seeds 1..20 with Xavier init, Adam (eta = 0.05) and 500 full-batch
/// epochs, about half reach 100%; seed 1 is one of them, so the test uses it. It is a fixed,
/// reproducible run, not a lucky draw re-rolled until green: the generator is deterministic.
/// </remarks>
[TestFixture]
public sealed class XorLearningTests
{
    private static readonly double[][] Inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
    private static readonly double[][] Targets = [[0], [1], [1], [0]];

    [Test]
    public void TwoTwoOneSigmoidNetLearnsXorToFullAccuracy()
    {
        var spec = new BrainSpec(2, [new LayerSpec(2, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        var network = ReferenceNetwork.Create(spec, WeightInit.Xavier, seed: 1);
        var lossBefore = network.BatchLoss(Inputs, Targets);
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 4 });

        trainer.TrainEpochs(Inputs, Targets, epochs: 500, seed: 1);

        for (var i = 0; i < Inputs.Length; i++)
        {
            var output = network.Forward(Inputs[i])[0];
            var predicted = output > 0.5 ? 1.0 : 0.0;
            Assert.That(predicted, Is.EqualTo(Targets[i][0]), $"XOR({Inputs[i][0]}, {Inputs[i][1]}) gave {output}");
        }

        var lossAfter = network.BatchLoss(Inputs, Targets);
        Assert.That(lossAfter, Is.LessThan(lossBefore / 2), "the loss should fall well below its start");
    }

    [Test]
    public void ASingleNeuronCannotLearnXor()
    {
        // Logistic regression (2-1) draws one line; at least one of XOR's four corners is always
        // on the wrong side (seed 000's point), however long it trains.
        var spec = new BrainSpec(2, [], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        var network = ReferenceNetwork.Create(spec, WeightInit.Xavier, seed: 1);
        var trainer = new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 4 });
        trainer.TrainEpochs(Inputs, Targets, epochs: 500, seed: 1);

        var correct = Inputs.Select((x, i) => (network.Forward(x)[0] > 0.5 ? 1.0 : 0.0) == Targets[i][0]).Count(c => c);
        Assert.That(correct, Is.LessThanOrEqualTo(3));
    }

    [Test]
    public void TrainingIsReproducible()
    {
        var spec = new BrainSpec(2, [new LayerSpec(2, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        double[] Run()
        {
            var network = ReferenceNetwork.Create(spec, WeightInit.Xavier, seed: 7);
            new ReferenceTrainer(network, new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 2 })
                .TrainEpochs(Inputs, Targets, epochs: 50, seed: 3);
            return network.GetParameters();
        }

        Assert.That(Run(), Is.EqualTo(Run()));
    }
}
