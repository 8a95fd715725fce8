using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// Own-weight cohorts train a vector's worth of agents at once, one agent per lane
/// (<see cref="InterleavedTrainKernel{TV}"/>). It must learn what the per-agent kernel learns,
/// to rounding, at every width, for every activation, loss and optimiser, with batches of any
/// length and groups of any fill; and an agent's bits must not depend on its group mates.
/// </summary>
[TestFixture]
public sealed class InterleavedTrainingTests
{
    private static readonly int[] WidthBits = [128, 256, 512];

    private static readonly BrainSpec[] Specs =
    [
        new(3, [new LayerSpec(5, Activation.Tanh), new LayerSpec(4, Activation.LeakyReLU, 0.05)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy),
        new(8, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.Tanh)], new LayerSpec(4, Activation.Identity), Loss.Quadratic),
        new(4, [new LayerSpec(7, Activation.ReLU), new LayerSpec(6, Activation.ELU)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy),
        new(2, [new LayerSpec(9, Activation.Sigmoid)], new LayerSpec(2, Activation.Tanh), Loss.Quadratic),
    ];

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var width in WidthBits)
        {
            for (var s = 0; s < Specs.Length; s++)
            {
                foreach (var optimizer in new[] { OptimizerKind.Sgd, OptimizerKind.Momentum, OptimizerKind.Adam })
                {
                    yield return new TestCaseData(width, s, optimizer).SetName($"Interleaved_{width}bit_spec{s}_{optimizer}");
                }
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void LearnsWhatThePerAgentKernelLearns(int bits, int specIndex, OptimizerKind optimizer)
    {
        var width = (SimdWidth)(bits / 32);
        var spec = Specs[specIndex];

        // 21 agents: one full group and a partial one at every width; sample counts 1 to 21 and
        // the latest samples as the batch, so the batches of one group have lengths 1 to 6.
        var interleaved = Train(spec, width, optimizer, perAgent: false, out var interleavedLosses);
        var perAgent = Train(spec, width, optimizer, perAgent: true, out var perAgentLosses);

        Assert.That(WorstRelative(interleaved, perAgent), Is.LessThan(2e-5), "parameters after 6 steps agree to rounding");
        Assert.That(interleavedLosses, Is.EqualTo(perAgentLosses).Within(1e-4), "losses agree");
        Assert.That(interleaved, Is.Not.EqualTo(Train(spec, width, optimizer, perAgent: false, out _, steps: 0)), "training changed the parameters");
    }

    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void AnAgentsBitsDoNotDependOnItsGroupMates(int bits)
    {
        var width = (SimdWidth)(bits / 32);
        var spec = Specs[1];
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, BatchSize = 8, LearningRate = 0.05 };
        float[] Agent7(bool disturbMates)
        {
            using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 11, Training = settings });
            cohort.Width = width;
            var random = new Random(3);
            for (var a = 0; a < 20; a++)
            {
                var agent = cohort.Add();
                var count = a == 7 ? 12 : 2 + (disturbMates ? random.Next(20) : a);
                for (var s = 0; s < count; s++)
                {
                    var x = Enumerable.Range(0, spec.InputSize).Select(k => a == 7 ? 0.1f * (s - k) : (float)(random.NextDouble() * 4 - 2)).ToArray();
                    var y = Enumerable.Range(0, spec.OutputSize).Select(k => a == 7 ? 0.2f * k : (float)random.NextDouble()).ToArray();
                    cohort.AddSample(agent, x, y);
                }

                if (disturbMates && a != 7)
                {
                    var p = Enumerable.Range(0, cohort.ParameterCount).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
                    cohort.SetParameters(agent, p);
                }
            }

            for (var step = 0; step < 5; step++)
            {
                cohort.TrainStep();
            }

            var parameters = new float[cohort.ParameterCount];
            cohort.GetParameters(cohort.HandleAt(7), parameters);
            return parameters;
        }

        Assert.That(Agent7(disturbMates: true), Is.EqualTo(Agent7(disturbMates: false)), "bit for bit, whatever the other lanes hold");
    }

    [TestCase(0, OptimizerKind.Sgd)]
    [TestCase(1, OptimizerKind.Adam)]
    [TestCase(2, OptimizerKind.Momentum)]
    [TestCase(3, OptimizerKind.Adam)]
    public void GroupedTrainingGivesTheSameBitsAtEveryWidth(int specIndex, OptimizerKind optimizer)
    {
        // A lane is one agent's arithmetic in one order whatever the vector's length, so the
        // widths this CPU runs (measured, never assumed) cannot change what an agent learns.
        var spec = Specs[specIndex];
        var at128 = Train(spec, SimdWidth.W128, optimizer, perAgent: false, out var losses128);
        foreach (var width in new[] { SimdWidth.W256, SimdWidth.W512 })
        {
            Assert.That(Train(spec, width, optimizer, perAgent: false, out var losses), Is.EqualTo(at128), $"parameters at {(int)width * 32} bits, bit for bit");
            Assert.That(losses, Is.EqualTo(losses128), $"losses at {(int)width * 32} bits, bit for bit");
        }

        Assert.That(Train(spec, SimdWidth.W512, optimizer, perAgent: true, out _), Is.Not.EqualTo(at128), "the per-agent kernel rounds differently, so the test can tell the paths apart");
    }

    [TestCase(0, OptimizerKind.Sgd, 8, false)]
    [TestCase(1, OptimizerKind.Momentum, 8, false)]
    [TestCase(2, OptimizerKind.Adam, 13, false)]
    [TestCase(3, OptimizerKind.Adam, 20, false)]
    [TestCase(0, OptimizerKind.Adam, 8, true)]
    [TestCase(2, OptimizerKind.Momentum, 13, true)]
    public void AnAgentLearningAloneGetsTheBitsItGetsAmongManyLearners(int specIndex, OptimizerKind optimizer, int batch, bool clipped)
    {
        // A lone learner trains one lane wide (Vec32, its samples a vector at a time), twenty
        // learners in groups of the measured width: neither may change the agent's bits (a
        // step once trained agents one by one below a measured break-even, and this agent's
        // bits then depended on how many others learned, and on the machine's timing).
        var spec = Specs[specIndex];
        // Clipped: the lone lane's optimiser step runs wide (the parameters a vector at a
        // time), its penalty, value clip and norm one lane at a time, in the lanes' order.
        var settings = clipped
            ? new TrainingSettings { Optimizer = optimizer, BatchSize = batch, LearningRate = 0.05, Regularization = specIndex == 0 ? RegularizationKind.L1 : RegularizationKind.L2, RegularizationRate = 0.01, ClipValue = 0.3, ClipNorm = 0.5 }
            : new TrainingSettings { Optimizer = optimizer, BatchSize = batch, LearningRate = 0.05 };
        float[] Agent3(int learners)
        {
            using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 4, Training = settings });
            var random = new Random(9);
            for (var a = 0; a < 20; a++)
            {
                var agent = cohort.Add();
                var samples = a == 3 ? batch + 2 : a < learners ? 2 + a : 0;
                for (var s = 0; s < samples; s++)
                {
                    var x = Enumerable.Range(0, spec.InputSize).Select(k => a == 3 ? 0.1f * (s + k) : (float)random.NextDouble()).ToArray();
                    var hot = a == 3 ? s % spec.OutputSize : random.Next(spec.OutputSize);
                    var y = Enumerable.Range(0, spec.OutputSize).Select(k => k == hot ? 1f : 0f).ToArray();
                    cohort.AddSample(agent, x, y);
                }
            }

            for (var step = 0; step < 6; step++)
            {
                cohort.TrainStep();
            }

            var parameters = new float[cohort.ParameterCount];
            cohort.GetParameters(cohort.HandleAt(3), parameters);
            return parameters;
        }

        var alone = Agent3(learners: 0);
        Assert.That(Agent3(learners: 2), Is.EqualTo(alone), "beside one other learner");
        Assert.That(Agent3(learners: 20), Is.EqualTo(alone), "among twenty");
    }

    [TestCase(128, OptimizerKind.Momentum)]
    [TestCase(256, OptimizerKind.Momentum)]
    [TestCase(512, OptimizerKind.Momentum)]
    [TestCase(128, OptimizerKind.Adam)]
    [TestCase(256, OptimizerKind.Adam)]
    [TestCase(512, OptimizerKind.Adam)]
    public void ADivergingLaneKeepsItsParametersAndOptimiserStateAndItsMatesStep(int bits, OptimizerKind optimizer)
    {
        // The update runs for every lane at once; a lane whose new parameters are not finite
        // must write nothing back, state included, while its group mates' steps stand.
        var spec = Specs[1];
        var settings = new TrainingSettings { Optimizer = optimizer, BatchSize = 4, LearningRate = 10 };
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 5, Training = settings, SampleCapacity = 8 });
        cohort.Width = (SimdWidth)(bits / 32);
        var random = new Random(3);
        for (var a = 0; a < 20; a++)
        {
            var agent = cohort.Add();
            for (var s = 0; s < 8; s++)
            {
                cohort.AddSample(agent, Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray(), Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray());
            }
        }

        cohort.Settings = settings with { LearningRate = 0.01 };
        for (var step = 0; step < 3; step++)
        {
            cohort.TrainStep();
        }

        cohort.Settings = settings;

        // A rate that overflows float: the bad agent's new parameters are infinite while its
        // loss is finite, so it is the update's own check that must hold the write back.
        const int bad = 9;
        var before = Everything(cohort, bad);
        var mateBefore = Everything(cohort, bad + 1);
        cohort.SetLearningRateScale(cohort.HandleAt(bad), 1e38f);

        Assert.That(cohort.TrainStep(), Is.EqualTo(19), "every step but the diverging one stands");
        Assert.That(cohort.Divergences(cohort.HandleAt(bad)), Is.EqualTo(1), "the bad agent diverged");
        Assert.That(float.IsFinite(cohort.LastLoss(cohort.HandleAt(bad))), Is.True, "its loss was finite");
        Assert.That(Everything(cohort, bad), Is.EqualTo(before), "parameters and optimiser state as before the step, bit for bit");
        Assert.That(Everything(cohort, bad + 1), Is.Not.EqualTo(mateBefore), "a group mate stepped");
    }

    private static double WorstRelative(double[] actual, double[] expected)
    {
        var worst = 0.0;
        for (var i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        }

        return worst;
    }

    /// <summary>An agent's parameters and every optimiser state the store holds, flat.</summary>
    private static unsafe float[] Everything(BrainCohort cohort, int row)
    {
        var store = cohort.Rows.Parameters;
        var values = new List<float>();
        foreach (var (weights, biases) in new[] { (store.Weights, store.Biases), (store.Velocity?.Weights, store.Velocity?.Biases), (store.FirstMoment?.Weights, store.FirstMoment?.Biases), (store.SecondMoment?.Weights, store.SecondMoment?.Biases) })
        {
            if (weights is null || biases is null)
            {
                continue;
            }

            var layers = cohort.Spec.LayerArray;
            for (var l = 0; l < layers.Length; l++)
            {
                values.AddRange(new ReadOnlySpan<float>(weights[l].Pointer + ((long)row * layers[l].WeightCount), layers[l].WeightCount).ToArray());
                values.AddRange(new ReadOnlySpan<float>(biases[l].Pointer + ((long)row * layers[l].Outputs), layers[l].Outputs).ToArray());
            }
        }

        return [.. values];
    }

    private static double[] Train(BrainSpec spec, SimdWidth width, OptimizerKind optimizer, bool perAgent, out float[] losses, int steps = 6)
    {
        var settings = new TrainingSettings { Optimizer = optimizer, BatchSize = 6, LearningRate = 0.05, ClipNorm = 5 };
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 21, Training = settings, SampleCapacity = 32, Sampling = BatchSampling.Latest });
        cohort.Width = width;
        cohort.CpuBackend.PerAgentTraining = perAgent;
        var random = new Random(17);
        for (var a = 0; a < 21; a++)
        {
            var agent = cohort.Add();
            for (var s = 0; s <= a; s++)
            {
                var x = Enumerable.Range(0, spec.InputSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
                var y = new float[spec.OutputSize];
                if (spec.Loss == Loss.SoftmaxCrossEntropy)
                {
                    y[random.Next(spec.OutputSize)] = 1f;
                }
                else
                {
                    for (var k = 0; k < y.Length; k++)
                    {
                        y[k] = spec.Loss == Loss.BinaryCrossEntropy ? random.Next(2) : (float)(random.NextDouble() - 0.5);
                    }
                }

                cohort.AddSample(agent, x, y);
            }
        }

        var lossList = new List<float>();
        for (var step = 0; step < steps; step++)
        {
            cohort.TrainStep();
            for (var a = 0; a < cohort.Count; a++)
            {
                lossList.Add(cohort.LastLoss(cohort.HandleAt(a)));
            }
        }

        losses = [.. lossList];
        var all = new List<double>();
        var parameters = new float[cohort.ParameterCount];
        for (var a = 0; a < cohort.Count; a++)
        {
            cohort.GetParameters(cohort.HandleAt(a), parameters);
            all.AddRange(parameters.Select(p => (double)p));
        }

        return [.. all];
    }
}
