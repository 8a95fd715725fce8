using System.Globalization;
using DemoGame.Model.Levels;
using Engine.Neural;
using Engine.Neural.Reference;

namespace DemoGame.App;

/// <summary>
/// The smallest real thing the demo does: a 2-3-1 brain learns to cut the grape
/// triangle out of the tomatoes, printing its progress and its accuracy on fruit it never saw.
/// </summary>
internal sealed class TriangleTraining
{
    /// <summary>The brain: two inputs (the fruit's position), three cuts, one output (grape?).</summary>
    public static readonly BrainSpec Spec = new(
        2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    /// <summary>Training settings: Adam, mini-batches of 10.</summary>
    public static readonly TrainingSettings Settings = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.05, BatchSize = 10 };

    /// <summary>Trains and returns the final test accuracy in [0, 1].</summary>
    /// <param name="epochs">Passes over the 500 training fruit.</param>
    /// <param name="seed">Seed for the fruit, the initial weights and the shuffling.</param>
    /// <param name="log">Where progress lines go (null: nowhere).</param>
    public static (double TrainAccuracy, double TestAccuracy, ReferenceNetwork Network) Run(int epochs, ulong seed, TextWriter? log)
    {
        var level = new GrapeTriangle();
        var train = level.Scatter(500, seed);
        var test = level.Scatter(500, seed + 1);
        var network = ReferenceNetwork.Create(Spec, WeightInit.Xavier, seed);
        var trainer = new ReferenceTrainer(network, Settings);
        var inputs = train.Select(f => new[] { f.X, f.Y }).ToArray();
        var targets = train.Select(f => new[] { f.Label }).ToArray();

        log?.WriteLine($"training {Spec} on {train.Length} fruit ({train.Count(f => f.Kind == FruitKind.Grape)} grapes), testing on {test.Length}");
        var random = new DeterministicRandom(seed ^ 0x5EED);
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var loss = trainer.TrainEpochs(inputs, targets, 1, random.NextUInt64());
            if (log is not null && (epoch % Math.Max(1, epochs / 10) == 0 || epoch == 1))
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch,4}: loss {loss:F4}  train {Accuracy(network, train):P1}  test {Accuracy(network, test):P1}"));
            }
        }

        return (Accuracy(network, train), Accuracy(network, test), network);
    }

    /// <summary>Fraction of fruit the network classifies right (output above 0.5 means grape).</summary>
    public static double Accuracy(ReferenceNetwork network, IReadOnlyList<Fruit> fruit)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(fruit);
        var right = fruit.Count(f => (network.Forward([f.X, f.Y])[0] > 0.5) == (f.Kind == FruitKind.Grape));
        return (double)right / fruit.Count;
    }
}
