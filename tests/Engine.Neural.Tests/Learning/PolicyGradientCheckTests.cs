using Engine.Neural.Learning;
using Engine.Neural.Tests.Support;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// Each policy's analytic gradients of log-probability and entropy, with respect to what the
/// backward pass starts from (pre-activation for softmax and sigmoid outputs, the mean and the
/// log standard deviation for a Gaussian), against central finite differences in double.
/// </summary>
[TestFixture]
public sealed class PolicyGradientCheckTests
{
    private const double Step = 1e-5;
    private const double Tolerance = 1e-6;

    private static IEnumerable<TestCaseData> Seeds() => [new TestCaseData(1UL), new TestCaseData(2UL), new TestCaseData(3UL)];

    [TestCaseSource(nameof(Seeds))]
    public void DiscreteLogProbabilityAndEntropyGradientsMatchFiniteDifferences(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var logits = Draw(ref random, 5, 2.0);
        var policy = DiscretePolicy.Instance;
        for (var a = 0; a < logits.Length; a++)
        {
            float[] action = [a];
            var analytic = new double[logits.Length];
            policy.LogProbabilityGradient(Softmax(logits), [], action, analytic, []);
            var numerical = GradientCheck.Numerical(logits, z => policy.LogProbability(Softmax(z), [], action), Step);
            AssertClose(analytic, numerical, $"d ln p_{a} / dz");
        }

        var entropy = new double[logits.Length];
        policy.EntropyGradient(Softmax(logits), [], entropy, []);
        AssertClose(entropy, GradientCheck.Numerical(logits, z => policy.Entropy(Softmax(z), []), Step), "dH/dz");
    }

    [TestCaseSource(nameof(Seeds))]
    public void BernoulliLogProbabilityAndEntropyGradientsMatchFiniteDifferences(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var logits = Draw(ref random, 4, 3.0);
        float[] action = [1, 0, 0, 1];
        var policy = BernoulliPolicy.Instance;
        var analytic = new double[logits.Length];
        policy.LogProbabilityGradient(Sigmoid(logits), [], action, analytic, []);
        AssertClose(analytic, GradientCheck.Numerical(logits, z => policy.LogProbability(Sigmoid(z), [], action), Step), "d ln P(a) / dz");

        var entropy = new double[logits.Length];
        policy.EntropyGradient(Sigmoid(logits), [], entropy, []);
        AssertClose(entropy, GradientCheck.Numerical(logits, z => policy.Entropy(Sigmoid(z), []), Step), "dH/dz");
    }

    [TestCaseSource(nameof(Seeds))]
    public void GaussianLogDensityAndEntropyGradientsMatchFiniteDifferences(ulong seed)
    {
        var random = new DeterministicRandom(seed);
        const int n = 3;
        var point = Draw(ref random, 2 * n, 1.0); // means, then log standard deviations
        var action = Draw(ref random, n, 1.5).Select(v => (float)v).ToArray();
        var policy = GaussianPolicy.Instance;

        var analytic = new double[2 * n];
        policy.LogProbabilityGradient(point.AsSpan(0, n), point.AsSpan(n), action, analytic.AsSpan(0, n), analytic.AsSpan(n));
        AssertClose(analytic, GradientCheck.Numerical(point, p => policy.LogProbability(p.AsSpan(0, n), p.AsSpan(n), action), Step), "d ln N / d(mu, s)");

        var entropy = new double[2 * n];
        policy.EntropyGradient(point.AsSpan(0, n), point.AsSpan(n), entropy.AsSpan(0, n), entropy.AsSpan(n));
        AssertClose(entropy, GradientCheck.Numerical(point, p => policy.Entropy(p.AsSpan(0, n), p.AsSpan(n)), Step), "dH / d(mu, s)");
    }

    [Test]
    public void DiscreteSurrogateTargetsStillSumToOne()
    {
        // A softmax cross-entropy error is p * sum(t) - t: only targets summing to 1 make it
        // the intended p - t, so the entropy term must not change the sum.
        double[] p = [0.7, 0.2, 0.1];
        var target = new float[3];
        DiscretePolicy.Instance.SurrogateTarget(p, [], [1f], advantage: 2.5, entropyBonus: 0.3, new double[3], [], target, []);
        Assert.That(target.Sum(), Is.EqualTo(1f).Within(1e-6f));
        Assert.That(target[1], Is.GreaterThan(0.2f), "a positive advantage raises the chosen action's probability");
    }

    [Test]
    public void PoliciesNameTheOutputTheyNeed()
    {
        var sigmoid = new BrainSpec(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        var error = Assert.Throws<ArgumentException>(() => DiscretePolicy.Instance.Validate(sigmoid))!;
        Assert.That(error.Message, Does.Contain("Softmax").And.Contain("Sigmoid"));
        Assert.Throws<ArgumentException>(() => GaussianPolicy.Instance.Validate(sigmoid));
        Assert.DoesNotThrow(() => BernoulliPolicy.Instance.Validate(sigmoid));
        var identity = sigmoid.WithOutput(new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        Assert.DoesNotThrow(() => GaussianPolicy.Instance.Validate(identity));
        Assert.Throws<ArgumentException>(() => BernoulliPolicy.Instance.Validate(identity));
    }

    private static double[] Draw(ref DeterministicRandom random, int count, double scale)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = random.NextDouble(-scale, scale);
        }

        return values;
    }

    private static double[] Softmax(double[] z)
    {
        var max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    private static double[] Sigmoid(double[] z) => z.Select(v => 1 / (1 + Math.Exp(-v))).ToArray();

    private static void AssertClose(double[] analytic, double[] numerical, string what)
    {
        var error = GradientCheck.RelativeError(analytic, numerical);
        Assert.That(error, Is.LessThan(Tolerance), $"{what}: relative error {error:E2}");
        Assert.That(analytic.Any(v => Math.Abs(v) > 1e-3), Is.True, $"{what}: a gradient of zeros checks nothing");
    }
}
