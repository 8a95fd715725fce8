using Engine.Neural.Simd;

namespace Engine.Neural.Tests.Simd;

/// <summary>
/// The float activations of the fast path against double precision, over a dense grid:
/// relative error within a few float ulps (float's ulp at 1 is 1.2e-7), including near
/// zero where naive formulas lose digits to cancellation.
/// </summary>
public unsafe class VectorMathAccuracyTests
{
    private static readonly float[] Grid = BuildGrid();

    [TestCase(Activation.Tanh, 4e-7)]
    [TestCase(Activation.Sigmoid, 4e-7)]
    [TestCase(Activation.ELU, 4e-7)]
    public void ActivationsAreAccurateToAFewUlps(Activation activation, double tolerance)
    {
        foreach (var lanes in new[] { 4, 8 })
        {
            var actual = Apply(activation, lanes);
            for (var i = 0; i < Grid.Length; i++)
            {
                var expected = Exact(activation, Grid[i]);
                var error = Math.Abs(actual[i] - expected) / Math.Max(Math.Abs(expected), 1e-30);
                Assert.That(error, Is.LessThanOrEqualTo(tolerance), $"{activation}({Grid[i]:R}) = {actual[i]:R}, exact {expected:R}, {lanes} lanes");
            }
        }
    }

    [Test]
    public void ExpIsAccurateToAFewUlpsAndStaysNormal()
    {
        var values = Grid.Where(x => x is >= -87f and <= 80f).ToArray();
        var result = new float[8];
        fixed (float* r = result)
        {
            foreach (var x in values)
            {
                Vec256.Store(VectorMath.Exp(Vec256.Broadcast(x)), r);
                var exact = Math.Exp(x);
                Assert.That(Math.Abs(result[0] - exact) / exact, Is.LessThanOrEqualTo(3e-7), $"exp({x:R})");
            }

            // Clamped ends: no infinity, no denormal.
            Vec256.Store(VectorMath.Exp(Vec256.Broadcast(-1000f)), r);
            Assert.That(float.IsNormal(result[0]), Is.True);
            Vec256.Store(VectorMath.Exp(Vec256.Broadcast(1000f)), r);
            Assert.That(float.IsFinite(result[0]) && result[0] > 1e34f, Is.True);
        }
    }

    [Test]
    public void SaturatedActivationsReachTheirLimitsExactly()
    {
        var far = new[] { -100f, -30f, 30f, 100f };
        fixed (float* z = far)
        {
            var a = stackalloc float[4];
            VectorMath.Activate<Vec128>(Activation.Tanh, 0, z, a, 4);
            Assert.That(new[] { a[0], a[1], a[2], a[3] }, Is.EqualTo(new[] { -1f, -1f, 1f, 1f }));
            VectorMath.Activate<Vec128>(Activation.Sigmoid, 0, z, a, 4);
            Assert.That(a[3], Is.EqualTo(1f));
            Assert.That(a[0], Is.GreaterThanOrEqualTo(0f).And.LessThan(1e-30f));
        }
    }

    /// <summary>
    /// The activation in double, with ELU's <c>e^z - 1</c> by its series near zero: the plain
    /// double formula cancels to 0 for |z| below 1e-16 and loses relative digits before that.
    /// </summary>
    private static double Exact(Activation activation, double z)
    {
        if (activation != Activation.ELU || z > 0)
        {
            return Engine.Neural.Reference.ReferenceMath.Activate(activation, 1.0, z);
        }

        return Math.Abs(z) < 1e-3
            ? z * (1 + (z / 2 * (1 + (z / 3 * (1 + (z / 4 * (1 + (z / 5))))))))
            : Math.Exp(z) - 1;
    }

    private static double[] Apply(Activation activation, int lanes)
    {
        var output = new float[Grid.Length];
        fixed (float* z = Grid)
        fixed (float* a = output)
        {
            if (lanes == 4)
            {
                VectorMath.Activate<Vec128>(activation, 1f, z, a, Grid.Length);
            }
            else
            {
                VectorMath.Activate<Vec256>(activation, 1f, z, a, Grid.Length);
            }
        }

        return output.Select(v => (double)v).ToArray();
    }

    private static float[] BuildGrid()
    {
        // Dense around zero (where cancellation bites), then out to saturation; odd length
        // so the padded tail runs too.
        var values = new List<float> { 0f, 1e-30f, -1e-30f, 1e-7f, -1e-7f };
        for (var x = 1e-6; x < 20; x *= 1.01)
        {
            values.Add((float)x);
            values.Add((float)-x);
        }

        if (values.Count % 2 == 0)
        {
            values.Add(0.5f);
        }

        return [.. values];
    }
}
