using ReferenceBackendSample;

namespace Engine.Neural.Tests.Cohorts;

/// <summary>
/// A backend written from the contract's documentation and the public API alone
/// (samples/ReferenceBackend, which no InternalsVisibleTo names) computes what the CPU
/// backend computes: the contract says enough to write a third backend.
/// </summary>
public class ThirdBackendTests
{
    private const double Tolerance = 1e-4;

    private static readonly BrainSpec Spec = new(3, [new LayerSpec(5, Activation.Tanh), new LayerSpec(4, Activation.LeakyReLU, 0.1)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    public static IEnumerable<TestCaseData> Optimizers() => ParityCases.Optimizers(8);

    [TestCaseSource(nameof(Optimizers))]
    public void ADoublePrecisionBackendTrainsAsTheCpuBackendDoes(TrainingSettings settings) => AssertSame(settings, shared: false);

    [Test]
    public void ASharedCohortOnTheThirdBackendTrainsAsOnTheCpu() =>
        AssertSame(new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.02, BatchSize = 8 }, shared: true);

    [Test]
    public void MovingBetweenTheThirdBackendAndTheCpuKeepsEveryParameter()
    {
        using var cohort = Cohort(new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05, BatchSize = 4 }, shared: false);
        Feed(cohort, 0, 20);
        var backend = new DoublePrecisionBackend();
        cohort.UseBackend(backend);
        Assert.That(cohort.BackendName, Is.EqualTo("double"));
        cohort.Forward();
        cohort.TrainStep();
        Assert.That(backend.Forwards, Is.EqualTo(1));
        Assert.That(backend.Steps, Is.EqualTo(1));
        var onDevice = Parameters(cohort);
        cohort.UseCpu();
        Assert.That(Parameters(cohort), Is.EqualTo(onDevice));
        Assert.That(cohort.BackendName, Is.EqualTo("cpu"));
    }

    private static void AssertSame(TrainingSettings settings, bool shared)
    {
        using var cpu = Cohort(settings, shared);
        using var other = Cohort(settings, shared);
        other.UseBackend(new DoublePrecisionBackend());
        for (var step = 0; step < 40; step++)
        {
            Feed(cpu, step, 1);
            Feed(other, step, 1);
            Assert.That(other.TrainStep(), Is.EqualTo(cpu.TrainStep()), $"sets trained at step {step}");
        }

        cpu.Forward();
        other.Forward();
        Assert.That(MaxRelativeError(Parameters(other), Parameters(cpu)), Is.LessThanOrEqualTo(Tolerance), "parameters");
        Assert.That(MaxRelativeError([.. other.Outputs], [.. cpu.Outputs]), Is.LessThanOrEqualTo(Tolerance), "outputs");
        for (var row = 0; row < cpu.Count; row++)
        {
            Assert.That(other.LastLoss(other.HandleAt(row)), Is.EqualTo(cpu.LastLoss(cpu.HandleAt(row))).Within(1e-4), $"row {row}'s last loss");
        }
    }

    private static BrainCohort Cohort(TrainingSettings settings, bool shared)
    {
        var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 31, SampleCapacity = 32, Training = settings, SharedParameters = shared });
        for (var i = 0; i < 6; i++)
        {
            // Own learning-rate scales: the backend must use the rate the cohort decided per set.
            cohort.SetLearningRateScale(cohort.Add(), 0.5f + (0.2f * i));
        }

        return cohort;
    }

    /// <summary>Seeded samples: agent r's target depends on its own row, so agents learn apart.</summary>
    private static void Feed(BrainCohort cohort, int from, int frames)
    {
        for (var frame = from; frame < from + frames; frame++)
        {
            var random = DeterministicRandom.ForStream(77, (ulong)frame);
            for (var row = 0; row < cohort.Count; row++)
            {
                float a = (float)random.NextDouble(), b = (float)random.NextDouble(), c = (float)random.NextDouble();
                cohort.AddSample(cohort.HandleAt(row), [a, b, c], [a + (0.1f * row) > b ? 1f : 0f, c > 0.5f ? 1f : 0f]);
            }
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

    private static double MaxRelativeError(float[] actual, float[] expected)
    {
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        }

        return worst;
    }
}
