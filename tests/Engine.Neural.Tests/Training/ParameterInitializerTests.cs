using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Training;

/// <summary>Seeded initialisation: Gaussian(0, 1), Xavier uniform, He normal.</summary>
[TestFixture]
public sealed class ParameterInitializerTests
{
    // One wide layer (200 -> 100: 20,000 weights) for statistics, and a second (100 -> 10) so
    // the per-layer fan-in matters.
    private static readonly BrainSpec Wide =
        new(200, [new LayerSpec(100, Activation.ReLU)], new LayerSpec(10, Activation.Identity), Loss.Quadratic);

    private static double[] Fill(WeightInit init, ulong seed)
    {
        var flat = new double[Wide.ParameterCount];
        var random = new DeterministicRandom(seed);
        ParameterInitializer.Fill<double>(Wide, init, ref random, flat);
        return flat;
    }

    private static double[] Weights(double[] flat, int layer) =>
        flat.AsSpan(Wide.WeightOffset(layer), Wide.Layers[layer].WeightCount).ToArray();

    private static double[] Biases(double[] flat, int layer) =>
        flat.AsSpan(Wide.BiasOffset(layer), Wide.Layers[layer].Outputs).ToArray();

    private static (double Mean, double Variance) Stats(double[] values)
    {
        var mean = values.Average();
        return (mean, values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    [TestCase(WeightInit.Gaussian)]
    [TestCase(WeightInit.Xavier)]
    [TestCase(WeightInit.He)]
    public void SameSeedGivesIdenticalParametersAndAnotherSeedDoesNot(WeightInit init)
    {
        Assert.That(Fill(init, 77), Is.EqualTo(Fill(init, 77)));
        Assert.That(Fill(init, 77), Is.Not.EqualTo(Fill(init, 78)));

        // ReferenceNetwork.Create goes through the same routine.
        Assert.That(ReferenceNetwork.Create(Wide, init, 77).GetParameters(), Is.EqualTo(Fill(init, 77)));
    }

    [Test]
    public void XavierStaysWithinItsBoundAndUsesIt()
    {
        var flat = Fill(WeightInit.Xavier, 3);
        for (var l = 0; l < Wide.LayerCount; l++)
        {
            var layer = Wide.Layers[l];
            var r = Math.Sqrt(6.0 / (layer.Inputs + layer.Outputs)); // layer 0: sqrt(6/300) = 0.1414
            var w = Weights(flat, l);
            Assert.That(w.Max(Math.Abs), Is.LessThanOrEqualTo(r), $"layer {l}");
            Assert.That(w.Max(), Is.GreaterThan(0.9 * r), $"layer {l} should reach near +r");
            Assert.That(w.Min(), Is.LessThan(-0.9 * r), $"layer {l} should reach near -r");

            // U(-r, r) has variance r^2 / 3.
            var (mean, variance) = Stats(w);
            Assert.That(mean, Is.EqualTo(0.0).Within(0.1 * r));
            Assert.That(variance, Is.EqualTo(r * r / 3).Within(0.1 * r * r / 3));
            Assert.That(Biases(flat, l), Is.All.Zero);
        }
    }

    [Test]
    public void HeIsNormalWithVarianceTwoOverFanInAndZeroBiases()
    {
        var flat = Fill(WeightInit.He, 4);

        // Layer 0: 20,000 weights, variance 2/200 = 0.01; the sample variance's standard error is
        // 0.01 * sqrt(2/20000) = 1e-4, so 5% (5 sigma) is a loose bound.
        var (mean, variance) = Stats(Weights(flat, 0));
        Assert.That(mean, Is.EqualTo(0.0).Within(0.005));
        Assert.That(variance, Is.EqualTo(2.0 / 200).Within(0.05 * 2.0 / 200));

        // Layer 1: 1,000 weights, variance 2/100 = 0.02 (standard error 0.02 * 0.045).
        var (_, variance1) = Stats(Weights(flat, 1));
        Assert.That(variance1, Is.EqualTo(2.0 / 100).Within(0.25 * 2.0 / 100));
        Assert.That(Biases(flat, 0), Is.All.Zero);
        Assert.That(Biases(flat, 1), Is.All.Zero);
    }

    [Test]
    public void GaussianIsStandardNormalForWeightsAndBiases()
    {
        var flat = Fill(WeightInit.Gaussian, 5);
        var (mean, variance) = Stats(Weights(flat, 0));
        Assert.That(mean, Is.EqualTo(0.0).Within(0.04));
        Assert.That(variance, Is.EqualTo(1.0).Within(0.05));

        // Seed 003 draws the biases from N(0, 1) too: not zero.
        var biases = Biases(flat, 0);
        Assert.That(biases.Count(b => b == 0), Is.Zero);
        Assert.That(Stats(biases).Variance, Is.EqualTo(1.0).Within(0.5));
    }

    [Test]
    public void FloatParametersAreTheDoubleParametersRounded()
    {
        var doubles = Fill(WeightInit.Xavier, 6);
        var floats = new float[Wide.ParameterCount];
        var random = new DeterministicRandom(6);
        ParameterInitializer.Fill<float>(Wide, WeightInit.Xavier, ref random, floats);
        Assert.That(floats, Is.EqualTo(doubles.Select(d => (float)d).ToArray()));
    }

    [Test]
    public void UnknownInitIsRejected()
    {
        var flat = new double[Wide.ParameterCount];
        var random = new DeterministicRandom(1);
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => ParameterInitializer.Fill<double>(Wide, (WeightInit)9, ref random, flat));
        Assert.That(ex!.Message, Does.Contain("unknown initialisation 9"));
    }
}
