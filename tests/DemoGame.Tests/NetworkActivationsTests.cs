using DemoGame.Model.Agents;
using Engine.Neural;
using Engine.Neural.Reference;

namespace DemoGame.Tests;

/// <summary>The host-side activations a network diagram shows, against the double-precision reference network.</summary>
public class NetworkActivationsTests
{
    [TestCase(Activation.Tanh, Activation.Softmax, Loss.SoftmaxCrossEntropy)]
    [TestCase(Activation.ReLU, Activation.Sigmoid, Loss.BinaryCrossEntropy)]
    [TestCase(Activation.LeakyReLU, Activation.Identity, Loss.Quadratic)]
    public void EveryLayerMatchesTheReferenceNetwork(Activation hidden, Activation output, Loss loss)
    {
        var spec = new BrainSpec(5, [new LayerSpec(7, hidden), new LayerSpec(4, hidden)], new LayerSpec(3, output), loss);
        var reference = ReferenceNetwork.Create(spec, WeightInit.Gaussian, seed: 11);
        var random = new DeterministicRandom(12);
        var input = Enumerable.Range(0, spec.InputSize).Select(_ => (float)random.NextDouble(-1, 1)).ToArray();
        var parameters = reference.GetParameters().Select(p => (float)p).ToArray();

        // The reference computes from the parameters as floats hold them.
        reference.SetParameters(parameters.Select(p => (double)p).ToArray());
        var trace = reference.Trace(input.Select(v => (double)v).ToArray());
        var activations = new NetworkActivations(spec);
        activations.Compute(parameters, input);

        Assert.That(activations.ColumnCount, Is.EqualTo(spec.LayerCount + 1));
        Assert.That(activations.Column(0).ToArray(), Is.EqualTo(input));
        for (var l = 0; l < spec.LayerCount; l++)
        {
            Assert.That(activations.Column(l + 1).ToArray(), Is.EqualTo(trace.Activations[l + 1].Select(v => (float)v).ToArray()).Within(1e-5f), $"layer {l}");
        }

        Assert.That(() => activations.Compute(parameters.AsSpan(1), input), Throws.ArgumentException);
    }
}
