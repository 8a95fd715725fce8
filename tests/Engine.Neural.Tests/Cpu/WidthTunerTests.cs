using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cpu;

/// <summary>
/// The CPU backend runs each spec at the vector width it measured fastest here, measured once
/// per process and logged once; a pinned width (tests, ENGINE_NEURAL_SIMD) wins over it.
/// </summary>
[TestFixture]
public sealed class WidthTunerTests
{
    // Specs no other test uses, so each test sees its own first probe.
    private static readonly BrainSpec Spec = new(7, [new LayerSpec(24, Activation.Tanh), new LayerSpec(8, Activation.ReLU)], new LayerSpec(3, Activation.Identity), Loss.Quadratic);
    private static readonly BrainSpec FreshSpec = new(9, [new LayerSpec(21, Activation.Tanh)], new LayerSpec(5, Activation.Identity), Loss.Quadratic);

    [Test]
    public void TheChosenWidthIsTheFastestMeasuredAndIsMeasuredOnce()
    {
        using var log = new CapturedLog();
        var first = WidthTuner.ForwardChoice(FreshSpec, shared: false);
        var again = WidthTuner.ForwardChoice(FreshSpec, shared: false);

        Assert.That(again, Is.SameAs(first), "cached: measured once per process");
        Assert.That(WidthTuner.Candidates, Does.Contain(first.Width));
        Assert.That(first.Seconds, Has.Length.EqualTo(WidthTuner.Candidates.Count));
        var chosen = first.Seconds[WidthTuner.Candidates.ToList().IndexOf(first.Width)];
        Assert.That(first.Seconds, Has.All.GreaterThanOrEqualTo(chosen), "never a width slower than one measured faster");
        if (WidthTuner.Candidates.Count > 1)
        {
            Assert.That(first.Seconds, Has.All.GreaterThan(0.0).And.LessThan(0.05), "a probe round takes microseconds to milliseconds");
            Assert.That(log.WidthChoices, Has.Count.EqualTo(1), "the choice is logged once");
            Assert.That(log.WidthChoices[0], Does.Contain(FreshSpec.ToString()).And.Contain("forward").And.Contain($"{(int)first.Width * 32}-bit"));
        }

        Assert.That(log.Lines, Is.Empty, "a choice is not a warning");
    }

    [Test]
    public void ACohortRunsAtTheTunedWidthsUnlessPinned()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, BatchSize = 5 };
        using var log = new CapturedLog();
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 4, Training = settings });
        var agent = cohort.Add();
        cohort.AddSample(agent, new float[7], new float[3]);
        cohort.Forward();
        cohort.TrainStep();

        var backend = cohort.CpuBackend;
        Assert.That(backend.Width, Is.EqualTo(SimdWidthChooser.Forced ?? WidthTuner.ForForward(Spec, shared: false)));
        Assert.That(backend.TrainWidth, Is.EqualTo(SimdWidthChooser.Forced ?? WidthTuner.ForTraining(Spec, shared: false, settings)));

        cohort.Width = SimdWidth.W128;
        cohort.TrainStep();
        Assert.That(backend.Width, Is.EqualTo(SimdWidth.W128));
        Assert.That(backend.TrainWidth, Is.EqualTo(SimdWidth.W128), "a pinned width holds for training too");
    }

    [Test]
    public void ANewBatchSizeIsMeasuredForItself()
    {
        using var log = new CapturedLog();
        var small = WidthTuner.TrainingChoice(Spec, shared: true, new TrainingSettings { BatchSize = 3 });
        var large = WidthTuner.TrainingChoice(Spec, shared: true, new TrainingSettings { BatchSize = 64 });
        Assert.That(large, Is.Not.SameAs(small));
        Assert.That(WidthTuner.TrainingChoice(Spec, shared: true, new TrainingSettings { BatchSize = 64, LearningRate = 0.5 }), Is.SameAs(large), "the rate does not change which width is fastest");
    }

    [Test]
    public void ACohortLargerThanTheProbeSettlesOnItsOwnCallsAndTwinsComputeAlike()
    {
        var spec = new BrainSpec(6, [new LayerSpec(20, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic);
        using var log = new CapturedLog();
        using var first = Large(spec);
        using var twin = Large(spec);
        var probe = WidthTuner.ForwardChoice(spec, shared: false);
        var close = WidthTuner.Candidates.Where((_, c) => probe.Seconds[c] <= 2 * probe.Seconds.Min()).ToList();
        var trial = close.Count > 1 && SimdWidthChooser.Forced is null ? close.Count * WidthTrial.Rounds : 0;
        var widths = new List<SimdWidth>();
        for (var call = 0; call < trial + 4; call++)
        {
            first.Forward();
            twin.Forward();
            widths.Add(first.CpuBackend.Width);
            Assert.That(twin.CpuBackend.Width, Is.EqualTo(first.CpuBackend.Width), $"call {call}: the same width");
            Assert.That(twin.Outputs.ToArray(), Is.EqualTo(first.Outputs.ToArray()), $"call {call}: the same bits");
        }

        for (var call = 0; call < trial; call++)
        {
            Assert.That(widths[call], Is.EqualTo(close[call % close.Count]), $"call {call} tries the widths the probe found close, in turn");
        }

        Assert.That(widths.Skip(trial).Distinct().Count(), Is.EqualTo(1), "then one width");
        Assert.That(widths[^1], SimdWidthChooser.Forced is { } forced ? Is.EqualTo(forced) : Is.AnyOf(close.Cast<object>().ToArray()), "one of those tried (or the one ENGINE_NEURAL_SIMD pins)");
        if (trial > 0)
        {
            Assert.That(log.WidthChoices.Count(l => l.Contains("on real calls", StringComparison.Ordinal)), Is.EqualTo(1), "settled once for both");
        }

        using var small = new BrainCohort(spec, new CohortOptions { Seed = 3 });
        small.Add();
        small.Forward();
        Assert.That(small.CpuBackend.Width, Is.EqualTo(SimdWidthChooser.Forced ?? probe.Width), "a cohort the probe's size runs the probe's choice");

        static BrainCohort Large(BrainSpec spec)
        {
            var cohort = new BrainCohort(spec, new CohortOptions { Seed = 3, InitialCapacity = 2000 });
            var random = new DeterministicRandom(8);
            for (var a = 0; a < 2000; a++)
            {
                foreach (ref var x in cohort.Input(cohort.Add()))
                {
                    x = (float)random.NextDouble(-1, 1);
                }
            }

            return cohort;
        }
    }

    [Test]
    public void APinnedVectorWidthRunsThatWidthAndGivesThoseBits()
    {
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, BatchSize = 4 };
        float[] Learn(VectorWidth width, Action<BrainCohort>? pin = null)
        {
            using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 9, Training = settings, VectorWidth = width });
            pin?.Invoke(cohort);
            var agent = cohort.Add();
            for (var s = 0; s < 6; s++)
            {
                cohort.AddSample(agent, [0.1f * s, -0.2f, 0.3f, 0.4f, -0.5f * s, 0.6f, 0.7f], [0.5f, -0.5f, 0.25f]);
            }

            for (var step = 0; step < 20; step++)
            {
                cohort.TrainStep();
            }

            Assert.That(cohort.VectorWidth, Is.EqualTo(width));
            var parameters = new float[cohort.ParameterCount];
            cohort.GetParameters(agent, parameters);
            return parameters;
        }

        foreach (var (width, bits) in new[] { (VectorWidth.Bits128, SimdWidth.W128), (VectorWidth.Bits256, SimdWidth.W256), (VectorWidth.Bits512, SimdWidth.W512) })
        {
            Assert.That(Learn(width), Is.EqualTo(Learn(VectorWidth.Measured, c => c.Width = bits)), $"{width} runs the {(int)bits * 32}-bit kernels");
        }

        using var cohort = new BrainCohort(Spec, new CohortOptions { VectorWidth = VectorWidth.Bits128 });
        cohort.VectorWidth = VectorWidth.Measured;
        cohort.Add();
        cohort.Forward();
        Assert.That(cohort.CpuBackend.Width, Is.EqualTo(SimdWidthChooser.Forced ?? WidthTuner.ForForward(Spec, shared: false)), "back to measuring");
        Assert.Throws<ArgumentOutOfRangeException>(() => cohort.VectorWidth = (VectorWidth)300);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BrainCohort(Spec, new CohortOptions { VectorWidth = (VectorWidth)64 }));
    }
}
