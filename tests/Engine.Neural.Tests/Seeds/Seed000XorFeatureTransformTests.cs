using Engine.Neural.Reference;

namespace Engine.Neural.Tests.Seeds;

/// <summary>
/// Seed 000's feature transform for XOR: [x1', x2'] = sigma(W [x1, x2]) with
/// W = [[1, 1], [-0.5, -0.5]] and no bias. Class 1 is (0,0) and (1,1), class 2 is (0,1) and (1,0).
/// </summary>
/// <remarks>
/// The seed's table rounds to two digits: (0,0) -> (0.5, 0.5); (1,1) -> (0.88, 0.27);
/// (0,1) and (1,0) -> (0.73, 0.38). Exact: sigma(2) = 0.880797, sigma(-1) = 0.268941,
/// sigma(1) = 0.731059, sigma(-0.5) = 0.377541. The table agrees to its rounding.
/// </remarks>
[TestFixture]
public sealed class Seed000XorFeatureTransformTests
{
    private static double Sigma(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>The transform is a 2-2 sigmoid layer; the net's output layer is that layer itself.</summary>
    private static ReferenceNetwork Transform()
    {
        var spec = new BrainSpec(2, [], new LayerSpec(2, Activation.Sigmoid), Loss.Quadratic);
        var network = new ReferenceNetwork(spec);
        network.SetParameters([1.0, 1.0, -0.5, -0.5, 0.0, 0.0]);
        return network;
    }

    [TestCase(0.0, 0.0)]
    [TestCase(1.0, 1.0)]
    [TestCase(0.0, 1.0)]
    [TestCase(1.0, 0.0)]
    public void TransformIsSigmoidOfTheLinearMap(double x1, double x2)
    {
        var output = Transform().Forward([x1, x2]);
        Assert.That(output[0], Is.EqualTo(Sigma(x1 + x2)).Within(1e-15));
        Assert.That(output[1], Is.EqualTo(Sigma(-0.5 * (x1 + x2))).Within(1e-15));
    }

    [Test]
    public void TransformMatchesTheSeedsTableToItsRounding()
    {
        var t = Transform();
        Assert.That(t.Forward([0.0, 0.0]), Is.EqualTo(new[] { 0.5, 0.5 }).Within(1e-15));
        Assert.That(t.Forward([1.0, 1.0]), Is.EqualTo(new[] { 0.88, 0.27 }).Within(0.005));
        Assert.That(t.Forward([0.0, 1.0]), Is.EqualTo(new[] { 0.73, 0.38 }).Within(0.005));
        Assert.That(t.Forward([1.0, 0.0]), Is.EqualTo(new[] { 0.73, 0.38 }).Within(0.005));
    }

    [Test]
    public void TransformedXorIsLinearlySeparable()
    {
        // After the transform the two class-2 points coincide at P = (sigma(1), sigma(-0.5)) and
        // the class-1 points are A = (0.5, 0.5), B = (sigma(2), sigma(-1)). A line separates the
        // classes iff P is not on the segment AB; here P lies strictly on one side of line AB
        // (the cross product is non-zero), so line AB shifted halfway towards P separates them.
        var t = Transform();
        var a = t.Forward([0.0, 0.0]);
        var b = t.Forward([1.0, 1.0]);
        var p = t.Forward([0.0, 1.0]);
        double Side(double[] q) => ((b[0] - a[0]) * (q[1] - a[1])) - ((b[1] - a[1]) * (q[0] - a[0]));
        var offset = Side(p) / 2;

        // P is off line AB by a clear margin (the cross product is about 0.0067).
        Assert.That(Side(p), Is.GreaterThan(0.005));

        // The separating neuron, step(Side(q) - offset), written as weights and bias on top of
        // the transform: a whole 2-2-1 XOR net (sigmoid features, step output).
        double[] w = [-(b[1] - a[1]), b[0] - a[0]];
        var bias = ((b[1] - a[1]) * a[0]) - ((b[0] - a[0]) * a[1]) - offset;
        var spec = new BrainSpec(2, [new LayerSpec(2, Activation.Sigmoid)], new LayerSpec(1, Activation.Step), Loss.Quadratic);
        var xor = new ReferenceNetwork(spec);
        xor.SetParameters([1.0, 1.0, -0.5, -0.5, 0.0, 0.0, w[0], w[1], bias]);
        Assert.That(xor.Forward([0.0, 0.0])[0], Is.EqualTo(0.0));
        Assert.That(xor.Forward([1.0, 1.0])[0], Is.EqualTo(0.0));
        Assert.That(xor.Forward([0.0, 1.0])[0], Is.EqualTo(1.0));
        Assert.That(xor.Forward([1.0, 0.0])[0], Is.EqualTo(1.0));
    }
}
