using Engine.Neural.Learning;
using Engine.Neural.Reference;
using Engine.Neural.Tests.Support;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// The design's central claim: one ordinary training step on <see cref="Policy.SurrogateTarget"/>s
/// is a gradient step on the policy-gradient loss
/// <c>L = -(1/T) sum_t (A_t ln pi(a_t | s_t) + beta H(pi(s_t)))</c>. The cohort's float step
/// (SGD, so the update is exactly -eta g) is compared with finite differences of L through the
/// double-precision reference network.
/// </summary>
[TestFixture]
public sealed class SurrogateStepTests
{
    private const int Steps = 6;
    private const double LearningRate = 0.05;
    private const double EntropyBonus = 0.1;

    private static IEnumerable<TestCaseData> Policies() =>
    [
        new TestCaseData(DiscretePolicy.Instance, new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy).SetArgDisplayNames("discrete"),
        new TestCaseData(BernoulliPolicy.Instance, new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy).SetArgDisplayNames("Bernoulli"),
        new TestCaseData(GaussianPolicy.Instance, new LayerSpec(2, Activation.Identity), Loss.Quadratic).SetArgDisplayNames("Gaussian"),
    ];

    [TestCaseSource(nameof(Policies))]
    public void OneTrainingStepOnSurrogateTargetsIsTheExactPolicyGradientStep(Policy policy, LayerSpec output, Loss loss)
    {
        var spec = new BrainSpec(3, [new LayerSpec(4, Activation.Tanh)], output, loss);
        using var cohort = new BrainCohort(spec, new CohortOptions
        {
            Seed = 11,
            Sampling = BatchSampling.Latest,
            SampleCapacity = Steps,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = LearningRate, BatchSize = Steps },
        });
        var agent = cohort.Add();
        var before = new float[spec.ParameterCount];
        cohort.GetParameters(agent, before);
        var network = new ReferenceNetwork(spec);
        network.SetParameters(before.Select(v => (double)v).ToArray());

        var random = new DeterministicRandom(5);
        var logStd = new double[policy.HasLogStd ? spec.OutputSize : 0];
        logStd.AsSpan().Fill(-0.3);
        var observations = new double[Steps][];
        var actions = new float[Steps][];
        var advantages = new double[Steps];
        for (var t = 0; t < Steps; t++)
        {
            observations[t] = [random.NextDouble(-1, 1), random.NextDouble(-1, 1), random.NextDouble(-1, 1)];
            actions[t] = new float[policy.ActionSize(spec.OutputSize)];
            policy.Sample(network.Forward(observations[t]), logStd, actions[t], ref random);
            advantages[t] = random.NextDouble(-2, 2);
        }

        var target = new float[spec.OutputSize];
        var dLogStd = new double[logStd.Length];
        for (var t = 0; t < Steps; t++)
        {
            policy.SurrogateTarget(network.Forward(observations[t]), logStd, actions[t], advantages[t], EntropyBonus, new double[spec.OutputSize], new double[logStd.Length], target, dLogStd);
            cohort.AddSample(agent, observations[t].Select(v => (float)v).ToArray(), target);
        }

        Assert.That(cohort.TrainStep(), Is.EqualTo(1));
        var after = new float[spec.ParameterCount];
        cohort.GetParameters(agent, after);
        var applied = before.Zip(after, (b, a) => (b - (double)a) / LearningRate).ToArray();

        double Surrogate()
        {
            var sum = 0.0;
            for (var t = 0; t < Steps; t++)
            {
                var p = network.Forward(observations[t]);
                sum -= (advantages[t] * policy.LogProbability(p, logStd, actions[t])) + (EntropyBonus * policy.Entropy(p, logStd));
            }

            return sum / Steps;
        }

        var expected = GradientCheck.Numerical(network, Surrogate, 1e-5);
        var error = GradientCheck.RelativeError(applied, expected);
        Assert.That(error, Is.LessThan(2e-3), $"relative error of the applied step against dL/dtheta: {error:E2} (float kernels)");
        Assert.That(expected.Max(Math.Abs), Is.GreaterThan(1e-2), "the loss has a gradient to follow");
    }
}
