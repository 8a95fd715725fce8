namespace Engine.Neural.Tests.Robustness;

/// <summary>NaN or infinity in a sample: rejected and counted by default, or clamped on request.</summary>
[NonParallelizable]
public class NonFiniteSampleTests
{
    private static readonly BrainSpec Spec = new(2, [], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void RejectIsTheDefaultCountedAndLoggedOnce()
    {
        using var log = new CapturedLog();
        var lines = log.Lines;
        using var cohort = new BrainCohort(Spec);
        var agent = cohort.Add();
        Assert.That(cohort.AddSample(agent, [float.NaN, 0f], [1f]), Is.False);
        Assert.That(cohort.AddSample(agent, [0f, float.NegativeInfinity], [1f]), Is.False);
        Assert.That(cohort.AddSample(agent, [0f, 0f], [float.NaN]), Is.False);
        Assert.That(cohort.RejectedSamples, Is.EqualTo(3));
        Assert.That(cohort.SampleCount(agent), Is.Zero);
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain("rejected a sample holding NaN or infinity"));
    }

    [Test]
    public void ClampKeepsTheSampleWithFiniteValues()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions
        {
            NonFiniteSamples = NonFiniteSamplePolicy.Clamp,
            SampleClampLimit = 10f,
            Sampling = BatchSampling.Latest,
            Training = new TrainingSettings { BatchSize = 1 },
        });
        var agent = cohort.Add();
        Assert.That(cohort.AddSample(agent, [float.NaN, float.PositiveInfinity], [float.NegativeInfinity]), Is.True);
        Assert.That(cohort.AddSample(agent, [-50f, 3f], [1f]), Is.True, "finite samples are stored as given");
        Assert.That(cohort.ClampedSamples, Is.EqualTo(1));
        Assert.That(cohort.RejectedSamples, Is.Zero);

        var samples = cohort.Rows.Samples;
        Assert.That(samples.Inputs.Slice(0, 2).ToArray(), Is.EqualTo(new[] { 0f, 10f }));
        Assert.That(samples.Targets.Slice(0, 1).ToArray(), Is.EqualTo(new[] { -10f }));
        Assert.That(samples.Inputs.Slice(2, 2).ToArray(), Is.EqualTo(new[] { -50f, 3f }));

        cohort.TrainStep();
        var parameters = new float[Spec.ParameterCount];
        cohort.GetParameters(agent, parameters);
        Assert.That(parameters.All(float.IsFinite), Is.True);
    }
}
