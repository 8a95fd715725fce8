using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// The fruit triangle learned from rewards alone: each agent sees one fruit a frame (its
/// position in [-1, 1]^2), its 2-3-1 Bernoulli policy slashes or not, and the game pays +1 for
/// a slashed grape, -1 for a slashed tomato, nothing otherwise. No agent is ever told which
/// fruit was which. Beside them, supervised 2-3-1 agents learn from the same fruit with labels.
/// </summary>
/// <remarks>
/// Each fruit is a one-step episode (discount 0), learned at once, with a running-mean
/// baseline. The entropy bonus (0.5) matters: without it a policy soon stops slashing anything
/// (tomatoes are 5 in 6) and a policy that never slashes learns nothing more. With it, a
/// Bernoulli policy settles where its logit is +-1/beta on clear ground (slashing 88 % of
/// grapes and 12 % of tomatoes while it explores), which leaves the greedy decision that of the
/// grape triangle. Some agents still end in a policy that never slashes; the test asks for a
/// quarter of 16 to learn the triangle and prints how many fruit each kind of agent needed.
/// </remarks>
[TestFixture]
public sealed class TriangleFromRewardsTests
{
    private const int Agents = 16;
    private const int TestFruit = 400;
    private const int MaxFruit = 30_000;
    private const double Target = 0.97;

    private static readonly BrainSpec Spec =
        new(2, [new LayerSpec(3, Activation.Sigmoid)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void ABernoulliPolicyLearnsTheGrapeTriangleFromRewardsAlone()
    {
        var pg = new PolicyGradientOptions { Discount = 0, MaxSteps = 1, EntropyBonus = 0.5, NormalizeAdvantages = false, Seed = 3 };
        using var rewarded = new BrainCohort(Spec, pg.CohortOptionsFor(new CohortOptions { Seed = 4, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.05 } }));
        using var supervised = new BrainCohort(Spec, new CohortOptions { Seed = 4, Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.1, BatchSize = 10 } });
        for (var i = 0; i < Agents; i++)
        {
            rewarded.Add();
            supervised.Add();
        }

        using var learner = new PolicyGradientLearner(rewarded, BernoulliPolicy.Instance, pg);
        using var test = new TestSet();
        var throws = new DeterministicRandom[Agents];
        for (var i = 0; i < Agents; i++)
        {
            throws[i] = DeterministicRandom.ForStream(2024, (ulong)i);
        }

        var rewardedAt = new int[Agents];
        var supervisedAt = new int[Agents];
        Array.Fill(rewardedAt, -1);
        Array.Fill(supervisedAt, -1);
        var fruit = new float[2 * Agents];
        float[] label = [0f];
        for (var thrown = 1; thrown <= MaxFruit && rewardedAt.Count(f => f > 0) < Agents / 2; thrown++)
        {
            for (var i = 0; i < 2 * Agents; i++)
            {
                fruit[i] = (float)throws[i / 2].NextDouble(-1, 1);
            }

            fruit.CopyTo(rewarded.Inputs);
            learner.Act();
            for (var i = 0; i < Agents; i++)
            {
                var agent = rewarded.HandleAt(i);
                var grape = GrapeTriangleTests.IsGrape(fruit[2 * i], fruit[(2 * i) + 1]);
                var slashed = learner.Actions[i] != 0;
                learner.Reward(agent, slashed ? (grape ? 1f : -1f) : 0f);
                learner.EndEpisode(agent, EpisodeEnd.Terminal);
                label[0] = grape ? 1f : 0f;
                supervised.AddSample(supervised.HandleAt(i), fruit.AsSpan(2 * i, 2), label);
            }

            supervised.TrainStep();
            if (thrown % 100 == 0)
            {
                Record(test, rewarded, rewardedAt, thrown);
                Record(test, supervised, supervisedAt, thrown);
            }
        }

        var learned = rewardedAt.Where(f => f > 0).Order().ToArray();
        var taught = supervisedAt.Where(f => f > 0).Order().ToArray();
        TestContext.Out.WriteLine(
            $"grape triangle to {Target:P0} test accuracy: from rewards {learned.Length} of {Agents} agents, after {string.Join(", ", learned)} fruit; " +
            $"supervised {taught.Length} of {Agents}, median {Median(taught)} fruit (first {taught.FirstOrDefault()})");
        Assert.That(learned.Length, Is.GreaterThanOrEqualTo(Agents / 4), $"agents that learned the triangle from rewards within {MaxFruit} fruit");
        Assert.That(learner.RejectedRewards, Is.Zero);
    }

    private static int Median(int[] sorted) => sorted.Length == 0 ? -1 : sorted[sorted.Length / 2];

    private static void Record(TestSet test, BrainCohort cohort, int[] reachedAt, int thrown)
    {
        for (var i = 0; i < Agents; i++)
        {
            if (reachedAt[i] < 0 && test.Accuracy(cohort, i) >= Target)
            {
                reachedAt[i] = thrown;
            }
        }
    }

    /// <summary>400 held-out fruit, scored by copying one agent's brain into a cohort of 400 and running one batch.</summary>
    private sealed class TestSet : IDisposable
    {
        private readonly BrainCohort _copies = new(Spec, new CohortOptions { InitialCapacity = TestFruit });
        private readonly bool[] _grape = new bool[TestFruit];
        private readonly float[] _parameters = new float[Spec.ParameterCount];

        public TestSet()
        {
            var random = new DeterministicRandom(99);
            for (var i = 0; i < TestFruit; i++)
            {
                _copies.Add();
                var x = random.NextDouble(-1, 1);
                var y = random.NextDouble(-1, 1);
                _copies.Inputs[2 * i] = (float)x;
                _copies.Inputs[(2 * i) + 1] = (float)y;
                _grape[i] = GrapeTriangleTests.IsGrape((float)x, (float)y);
            }
        }

        /// <summary>Share of test fruit the agent's greedy decision (slash when p &gt; 0.5) gets right.</summary>
        public double Accuracy(BrainCohort cohort, int row)
        {
            cohort.GetParameters(cohort.HandleAt(row), _parameters);
            for (var i = 0; i < TestFruit; i++)
            {
                _copies.SetParameters(_copies.HandleAt(i), _parameters);
            }

            _copies.Forward();
            var outputs = _copies.Outputs;
            var correct = 0;
            for (var i = 0; i < TestFruit; i++)
            {
                correct += (outputs[i] > 0.5f) == _grape[i] ? 1 : 0;
            }

            return (double)correct / TestFruit;
        }

        public void Dispose() => _copies.Dispose();
    }
}
