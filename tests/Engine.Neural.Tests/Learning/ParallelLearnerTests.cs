using Engine.Neural.Cpu;
using Engine.Neural.Learning;

namespace Engine.Neural.Tests.Learning;

/// <summary>
/// Acting and learning run on every core, a tile of agents per thread: the outcome must not
/// depend on how many threads shared the work, and bad samples are handled as a single-thread
/// AddSample would handle them.
/// </summary>
[TestFixture]
public sealed class ParallelLearnerTests
{
    // More agents than several acting tiles (512) and many learning tiles (16), with a row
    // count that leaves ragged last tiles.
    private const int Agents = 1_300;
    private static readonly BrainSpec Softmax = new(3, [new LayerSpec(6, Activation.Tanh)], new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy);

    [TestCase(BaselineKind.RunningMean)]
    [TestCase(BaselineKind.ValueCohort)]
    public void OneThreadAndFourThreadsLearnTheSameBitsForEveryAgent(BaselineKind baseline)
    {
        using var one = new WorkerPool(1);
        using var four = new WorkerPool(4);
        using var serial = new Bandit(one, baseline, NonFiniteSamplePolicy.Reject);
        using var parallel = new Bandit(four, baseline, NonFiniteSamplePolicy.Reject);
        serial.Play(60);
        parallel.Play(60);

        Assert.That(parallel.Learner.Updates, Is.EqualTo(serial.Learner.Updates));
        Assert.That(serial.Learner.Updates, Is.GreaterThan(Agents * 5), "every agent learned several times");
        Assert.That(parallel.Learner.Actions.ToArray(), Is.EqualTo(serial.Learner.Actions.ToArray()));
        Assert.That(parallel.Parameters(), Is.EqualTo(serial.Parameters()));
        Assert.That(parallel.Baselines(), Is.EqualTo(serial.Baselines()));
        if (baseline == BaselineKind.ValueCohort)
        {
            Assert.That(Parameters(parallel.Learner.ValueCohort!), Is.EqualTo(Parameters(serial.Learner.ValueCohort!)));
        }
    }

    [TestCase(NonFiniteSamplePolicy.Reject)]
    [TestCase(NonFiniteSamplePolicy.Clamp)]
    public void NonFiniteObservationsAreHandledAndCountedAsAddSampleWould(NonFiniteSamplePolicy policy)
    {
        using var one = new WorkerPool(1);
        using var four = new WorkerPool(4);
        using var quiet = new CapturedLog();
        using var serial = new Bandit(one, BaselineKind.RunningMean, policy) { PoisonEvery = 37 };
        using var parallel = new Bandit(four, BaselineKind.RunningMean, policy) { PoisonEvery = 37 };
        serial.Play(40);
        parallel.Play(40);

        var cohort = parallel.Cohort;
        var counted = policy == NonFiniteSamplePolicy.Reject ? cohort.RejectedSamples : cohort.ClampedSamples;
        var other = policy == NonFiniteSamplePolicy.Reject ? cohort.ClampedSamples : cohort.RejectedSamples;
        Assert.That(counted, Is.EqualTo(parallel.PoisonedSteps), "every poisoned step that was learned is counted once");
        Assert.That(other, Is.Zero);
        Assert.That(cohort.RejectedSamples, Is.EqualTo(serial.Cohort.RejectedSamples));
        Assert.That(cohort.ClampedSamples, Is.EqualTo(serial.Cohort.ClampedSamples));
        Assert.That(parallel.Parameters(), Is.EqualTo(serial.Parameters()));
        Assert.That(parallel.Parameters().All(float.IsFinite), Is.True, "no NaN reached the weights");
        if (policy == NonFiniteSamplePolicy.Reject)
        {
            Assert.That(quiet.Lines.Count(l => l.Contains("rejected a sample", StringComparison.Ordinal)), Is.EqualTo(2), "logged once per cohort (two cohorts ran)");
        }
    }

    private static float[] Parameters(BrainCohort cohort)
    {
        var all = new float[cohort.Count * cohort.ParameterCount];
        for (var row = 0; row < cohort.Count; row++)
        {
            cohort.GetParameters(cohort.HandleAt(row), all.AsSpan(row * cohort.ParameterCount, cohort.ParameterCount));
        }

        return all;
    }

    /// <summary>
    /// A contextual bandit per agent: the right action is the sign of the first observation;
    /// episodes end after 5 steps (terminal) for even agents and after 7 (time limit) for odd.
    /// </summary>
    private sealed class Bandit : IDisposable
    {
        private readonly float[] _final = new float[3];
        private int _frame;

        public Bandit(WorkerPool pool, BaselineKind baseline, NonFiniteSamplePolicy nonFinite)
        {
            var options = new PolicyGradientOptions { MaxSteps = 8, Baseline = baseline, ValueHidden = [new LayerSpec(4, Activation.Tanh)], EntropyBonus = 0.01 };
            var training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.02 };
            Cohort = new BrainCohort(Softmax, options.CohortOptionsFor(new CohortOptions { Seed = 5, Training = training, NonFiniteSamples = nonFinite }));
            for (var i = 0; i < Agents; i++)
            {
                Cohort.Add();
            }

            Learner = new PolicyGradientLearner(Cohort, DiscretePolicy.Instance, options with { Seed = 9 }, pool);
        }

        public BrainCohort Cohort { get; }

        public PolicyGradientLearner Learner { get; }

        /// <summary>Every this many agent-steps an observation holds NaN (0: never).</summary>
        public int PoisonEvery { get; init; }

        /// <summary>Poisoned steps that reached a learned trajectory.</summary>
        public long PoisonedSteps { get; private set; }

        private readonly int[] _poisonedInTrajectory = new int[Agents];

        public void Play(int frames)
        {
            for (var f = 0; f < frames; f++, _frame++)
            {
                var inputs = Cohort.Inputs;
                for (var i = 0; i < Agents; i++)
                {
                    var x = MathF.Sin((0.37f * i) + (1.3f * _frame));
                    inputs[3 * i] = x;
                    inputs[(3 * i) + 1] = MathF.Cos(0.11f * i * _frame);
                    inputs[(3 * i) + 2] = 1f;
                    if (PoisonEvery > 0 && ((i * 7) + _frame) % PoisonEvery == 0)
                    {
                        inputs[(3 * i) + 1] = float.NaN;
                        _poisonedInTrajectory[i]++;
                    }
                }

                var before = Learner.Updates;
                Learner.Act();
                if (Learner.Updates != before)
                {
                    CountLearnedPoison();
                }

                for (var i = 0; i < Agents; i++)
                {
                    var agent = Cohort.HandleAt(i);
                    var right = inputs[3 * i] > 0 ? 1f : 0f;
                    Learner.Reward(agent, Learner.Action(agent)[0] == right ? 1f : -1f);
                    var length = Learner.TrajectorySteps(agent);
                    if (i % 2 == 0 && length == 5)
                    {
                        Learner.EndEpisode(agent, EpisodeEnd.Terminal);
                    }
                    else if (i % 2 == 1 && length == 7)
                    {
                        _final[0] = right;
                        Learner.EndEpisode(agent, EpisodeEnd.TimeLimit, _final);
                    }
                }
            }
        }

        public float[] Parameters() => ParallelLearnerTests.Parameters(Cohort);

        public float[] Baselines() => Enumerable.Range(0, Agents).Select(i => Learner.Baseline(Cohort.HandleAt(i))).ToArray();

        public void Dispose()
        {
            Learner.Dispose();
            Cohort.Dispose();
        }

        // An agent's trajectory is learned in the Act after it ended (its steps went back to
        // zero, apart from the one just acted): the poison it held then was learned.
        private void CountLearnedPoison()
        {
            for (var i = 0; i < Agents; i++)
            {
                if (Learner.TrajectorySteps(Cohort.HandleAt(i)) == 1)
                {
                    var current = PoisonedNow(i) ? 1 : 0;
                    PoisonedSteps += _poisonedInTrajectory[i] - current;
                    _poisonedInTrajectory[i] = current;
                }
            }
        }

        private bool PoisonedNow(int i) => PoisonEvery > 0 && ((i * 7) + _frame) % PoisonEvery == 0;
    }
}
