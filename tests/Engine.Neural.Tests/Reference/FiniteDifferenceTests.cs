using Engine.Neural.Reference;
using Engine.Neural.Tests.Support;

namespace Engine.Neural.Tests.Reference;

/// <summary>
/// Backpropagation against central finite differences, for every activation x loss pair that
/// can train: every hidden activation (Identity, Sigmoid, Tanh, ReLU, LeakyReLU, ELU) with every
/// output/loss pair (Quadratic with each element-wise activation, BinaryCrossEntropy with
/// Sigmoid, SoftmaxCrossEntropy with Softmax).
/// </summary>
/// <remarks>
/// Kinks: ReLU and LeakyReLU are not differentiable at z = 0 and ELU's second derivative jumps
/// there, and L1's penalty has a kink at w = 0. A central difference that straddles a kink is
/// wrong, so each case uses the first seed (from 1 up) whose weighted inputs at every kinked
/// layer, for every sample, satisfy |z| &gt;= 0.05 (and, for L1, every |w| &gt;= 0.05). A step of
/// 1e-5 moves any z by at most about 1e-5 * |a| &lt;&lt; 0.05, so no difference crosses a kink.
/// The tests assert that precondition rather than assume it. A ReLU output layer must also be
/// alive (some z &gt; 0) for every sample, or that sample's gradient is zero and proves nothing.
/// </remarks>
[TestFixture]
public sealed class FiniteDifferenceTests
{
    private const double Step = 1e-5;
    private const double Tolerance = 1e-6;
    private const double KinkMargin = 0.05;

    private static readonly Activation[] HiddenActivations =
    [
        Activation.Identity, Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.LeakyReLU, Activation.ELU,
    ];

    private static readonly (Activation Output, Loss Loss)[] OutputPairs =
    [
        (Activation.Identity, Loss.Quadratic),
        (Activation.Sigmoid, Loss.Quadratic),
        (Activation.Tanh, Loss.Quadratic),
        (Activation.ReLU, Loss.Quadratic),
        (Activation.LeakyReLU, Loss.Quadratic),
        (Activation.ELU, Loss.Quadratic),
        (Activation.Sigmoid, Loss.BinaryCrossEntropy),
        (Activation.Softmax, Loss.SoftmaxCrossEntropy),
    ];

    public static IEnumerable<TestCaseData> Pairs() =>
        from hidden in HiddenActivations
        from pair in OutputPairs
        select new TestCaseData(hidden, pair.Output, pair.Loss).SetArgDisplayNames(hidden.ToString(), pair.Output.ToString(), pair.Loss.ToString());

    public static IEnumerable<TestCaseData> RegularisedPairs() =>
        from hidden in HiddenActivations
        from pair in OutputPairs
        from reg in new[] { RegularizationKind.L1, RegularizationKind.L2 }
        select new TestCaseData(hidden, pair.Output, pair.Loss, reg).SetArgDisplayNames(hidden.ToString(), pair.Output.ToString(), pair.Loss.ToString(), reg.ToString());

    [TestCaseSource(nameof(Pairs))]
    public void PerSampleBackpropMatchesCentralDifferences(Activation hidden, Activation output, Loss loss)
    {
        var (network, inputs, targets) = Setup(hidden, output, loss, needWeightMargin: false);
        for (var s = 0; s < inputs.Length; s++)
        {
            var x = inputs[s];
            var y = targets[s];
            var analytic = network.Backprop(x, y).ToFlat();
            var numerical = GradientCheck.Numerical(network, () => network.Loss(x, y), Step);
            AssertClose(analytic, numerical, $"sample {s}");
        }
    }

    [TestCase(1.0, 0.0, 0.0)] // one-hot
    [TestCase(0.8, 0.1, 0.1)] // smoothed label, sums to 1
    [TestCase(0.5, 0.0, 0.0)] // sums to 0.5: the error is a sum(y) - y, not a - y
    [TestCase(0.0, 0.0, 0.0)] // no label: the loss is 0 everywhere, so is its gradient
    public void SoftmaxCrossEntropyGradientHoldsForAnyTarget(double y0, double y1, double y2)
    {
        var (network, inputs, _) = Setup(Activation.Tanh, Activation.Softmax, Loss.SoftmaxCrossEntropy, needWeightMargin: false);
        double[] y = [y0, y1, y2];
        var analytic = network.Backprop(inputs[0], y).ToFlat();
        var numerical = GradientCheck.Numerical(network, () => network.Loss(inputs[0], y), Step);
        if (y.Sum() == 0)
        {
            Assert.That(analytic, Is.All.EqualTo(0.0));
            Assert.That(numerical, Is.All.EqualTo(0.0));
            return;
        }

        AssertClose(analytic, numerical, $"target ({y0}, {y1}, {y2})");
    }

    [TestCaseSource(nameof(Pairs))]
    public void BatchGradientMatchesCentralDifferencesOfTheMeanLoss(Activation hidden, Activation output, Loss loss)
    {
        var (network, inputs, targets) = Setup(hidden, output, loss, needWeightMargin: false);
        var analytic = network.BatchGradient(inputs, targets).ToFlat();
        var numerical = GradientCheck.Numerical(network, () => network.BatchLoss(inputs, targets), Step);
        AssertClose(analytic, numerical, "batch");
    }

    [TestCaseSource(nameof(RegularisedPairs))]
    public void RegularisedGradientMatchesCentralDifferencesOfLossPlusPenalty(Activation hidden, Activation output, Loss loss, RegularizationKind regularization)
    {
        var (network, inputs, targets) = Setup(hidden, output, loss, needWeightMargin: regularization == RegularizationKind.L1);
        var settings = new TrainingSettings { Regularization = regularization, RegularizationRate = 0.07 };
        var analytic = ReferenceOptimizer.EffectiveGradient(network, network.BatchGradient(inputs, targets), settings);
        var numerical = GradientCheck.Numerical(
            network,
            () => network.BatchLoss(inputs, targets) + ReferenceOptimizer.Penalty(network, settings),
            Step);
        AssertClose(analytic, numerical, $"batch + {regularization}");

        // The penalty must actually contribute, or the check above proves nothing new.
        var plain = network.BatchGradient(inputs, targets).ToFlat();
        Assert.That(GradientCheck.RelativeError(analytic, plain), Is.GreaterThan(1e-3));
    }

    private static void AssertClose(double[] analytic, double[] numerical, string what)
    {
        Assert.That(analytic, Has.Length.EqualTo(numerical.Length));
        Assert.That(analytic.Max(Math.Abs), Is.GreaterThan(1e-6), $"{what}: the gradient is (nearly) zero, so the check is vacuous");
        var error = GradientCheck.RelativeError(analytic, numerical);
        Assert.That(error, Is.LessThan(Tolerance), $"{what}: relative error {error:E3}");
    }

    /// <summary>A 3-4-3-k net (two hidden layers, so BP2 runs twice) and a batch of 4 samples.</summary>
    private static (ReferenceNetwork Network, double[][] Inputs, double[][] Targets) Setup(Activation hidden, Activation output, Loss loss, bool needWeightMargin)
    {
        var outputs = output == Activation.Softmax ? 3 : 2;
        var spec = new BrainSpec(
            3,
            [new LayerSpec(4, hidden), new LayerSpec(3, hidden)],
            new LayerSpec(outputs, output),
            loss);

        var data = new DeterministicRandom(12345);
        var inputs = new double[4][];
        var targets = new double[4][];
        for (var s = 0; s < inputs.Length; s++)
        {
            inputs[s] = [data.NextDouble(-1, 1), data.NextDouble(-1, 1), data.NextDouble(-1, 1)];
            targets[s] = loss switch
            {
                Loss.Quadratic => [data.NextDouble(-1, 1), data.NextDouble(-1, 1)],
                Loss.BinaryCrossEntropy => [s % 2, (s / 2) % 2],
                _ => Enumerable.Range(0, outputs).Select(j => j == s % outputs ? 1.0 : 0.0).ToArray(),
            };
        }

        for (ulong seed = 1; seed <= 200; seed++)
        {
            var network = ReferenceNetwork.Create(spec, WeightInit.Gaussian, seed);
            if (GradientCheck.SmallestKinkDistance(network, inputs) < KinkMargin)
            {
                continue;
            }

            if (needWeightMargin && network.Weights.SelectMany(w => w).Min(Math.Abs) < KinkMargin)
            {
                continue;
            }

            // A ReLU output layer that is dead for a sample has an all-zero gradient there,
            // which would make that sample's check vacuous: keep one output alive per sample.
            if (output == Activation.ReLU && inputs.Any(x => network.Trace(x).WeightedInputs[^1].Max() <= 0))
            {
                continue;
            }

            return (network, inputs, targets);
        }

        Assert.Fail($"no seed in 1..200 keeps every kinked z and weight at least {KinkMargin} from 0 for {spec}");
        throw new InvalidOperationException("unreachable");
    }
}
