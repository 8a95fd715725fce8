using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Seeds;

/// <summary>
/// Perceptrons (Step activation) from seed 003 (AND, OR, NAND) and seed 002's cheese-festival
/// neuron. The Step activation is 1 for z &gt; 0, else 0, so a perceptron's threshold t becomes
/// the bias -t: output 1 iff w.x &gt; t iff w.x - t &gt; 0.
/// </summary>
[TestFixture]
public sealed class PerceptronTests
{
    private static ReferenceNetwork Perceptron(double[] weights, double bias)
    {
        var spec = new BrainSpec(weights.Length, [], new LayerSpec(1, Activation.Step), Loss.Quadratic);
        var network = new ReferenceNetwork(spec);
        network.SetParameters([.. weights, bias]);
        return network;
    }

    // Truth tables, written out: (x1, x2) -> AND, OR, NAND.
    [TestCase(0.0, 0.0, 0.0, 0.0, 1.0)]
    [TestCase(0.0, 1.0, 0.0, 1.0, 1.0)]
    [TestCase(1.0, 0.0, 0.0, 1.0, 1.0)]
    [TestCase(1.0, 1.0, 1.0, 1.0, 0.0)]
    public void LogicGates(double x1, double x2, double and, double or, double nand)
    {
        // AND: w = [1, 1], threshold 1.5. OR: w = [1, 1], threshold 0.5.
        // NAND (Nielsen's example): w = [-2, -2], bias 3.
        Assert.That(Perceptron([1, 1], -1.5).Forward([x1, x2])[0], Is.EqualTo(and));
        Assert.That(Perceptron([1, 1], -0.5).Forward([x1, x2])[0], Is.EqualTo(or));
        Assert.That(Perceptron([-2, -2], 3).Forward([x1, x2])[0], Is.EqualTo(nand));
    }

    [Test]
    public void NandGatesComposeIntoXor()
    {
        // NAND is universal (seed 003's point about composing perceptrons):
        // XOR(a, b) = NAND(NAND(a, n), NAND(b, n)) with n = NAND(a, b).
        var nand = Perceptron([-2, -2], 3);
        double Nand(double p, double q) => nand.Forward([p, q])[0];
        foreach (var (a, b) in new[] { (0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0) })
        {
            var n = Nand(a, b);
            Assert.That(Nand(Nand(a, n), Nand(b, n)), Is.EqualTo(a != b ? 1.0 : 0.0));
        }
    }

    /// <summary>
    /// Seed 002: w = [6, 2, 2] (weather, partner, transit), b = 1, decide "go" iff z = w.x + b &gt; 5.
    /// With the step at 0 the threshold moves into the bias: b' = 1 - 5 = -4.
    /// </summary>
    [TestCase(1.0, 0.0, 0.0, 1.0)] // the seed's case: z = 6 + 1 = 7 > 5, go.
    [TestCase(0.0, 1.0, 1.0, 0.0)] // z = 2 + 2 + 1 = 5, not > 5: stay home (the boundary).
    [TestCase(0.0, 0.0, 0.0, 0.0)] // z = 1.
    [TestCase(0.0, 1.0, 0.0, 0.0)] // z = 3.
    [TestCase(1.0, 1.0, 1.0, 1.0)] // z = 11.
    [TestCase(1.0, 0.0, 1.0, 1.0)] // z = 9.
    public void CheeseFestivalNeuron(double weather, double partner, double transit, double go)
    {
        var neuron = Perceptron([6, 2, 2], 1 - 5);
        var trace = neuron.Trace([weather, partner, transit]);

        // z - threshold, computed by hand from the seed's numbers.
        var z = (6 * weather) + (2 * partner) + (2 * transit) + 1;
        Assert.That(trace.WeightedInputs[0][0], Is.EqualTo(z - 5).Within(1e-15));
        Assert.That(trace.Output[0], Is.EqualTo(go));
    }

    [Test]
    public void SeedsWorkedCheeseCaseHasZSeven()
    {
        // The seed: z = w^T x + b = 6*1 + 2*0 + 2*0 + 1 = 7, output 1. Raw z, threshold 5 on top:
        var raw = Perceptron([6, 2, 2], 1);
        Assert.That(raw.Trace([1.0, 0.0, 0.0]).WeightedInputs[0][0], Is.EqualTo(7.0));
        Assert.That(Perceptron([6, 2, 2], 1 - 5).Forward([1.0, 0.0, 0.0])[0], Is.EqualTo(1.0));
    }

    [Test]
    public void SteepSigmoidApproachesTheStep()
    {
        // Seed 002: the step is the limit of 1 / (1 + e^(-k (z - 5))) as k grows. With k = 50
        // the sigmoid neuron agrees with the step to within e^-50-ish away from the boundary.
        const double k = 50;
        var spec = new BrainSpec(3, [], new LayerSpec(1, Activation.Sigmoid), Loss.Quadratic);
        var smooth = new ReferenceNetwork(spec);
        smooth.SetParameters([6 * k, 2 * k, 2 * k, k * (1 - 5)]);
        var step = Perceptron([6, 2, 2], 1 - 5);
        foreach (var x in new[] { new[] { 1.0, 0.0, 0.0 }, [0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0] })
        {
            var z = (6 * x[0]) + (2 * x[1]) + (2 * x[2]) + 1 - 5;
            var expected = 1.0 / (1.0 + Math.Exp(-k * z));
            Assert.That(smooth.Forward(x)[0], Is.EqualTo(expected).Within(1e-15));
            Assert.That(smooth.Forward(x)[0], Is.EqualTo(step.Forward(x)[0]).Within(1e-20 + Math.Exp(-k)));
        }

        // At the boundary (z = 5 exactly) the sigmoid says 1/2 while the step says 0.
        Assert.That(smooth.Forward([0.0, 1.0, 1.0])[0], Is.EqualTo(0.5).Within(1e-15));
    }
}
