namespace Engine.Neural.Tests.Robustness;

/// <summary>
/// Two threads on one cohort: the second call is refused with a clear exception, never run
/// alongside the first, and the cohort stays whole.
/// </summary>
[NonParallelizable]
public class ConcurrentUseTests
{
    private static readonly BrainSpec Spec = new(8, [new LayerSpec(32, Activation.Tanh)], new LayerSpec(4, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void ForwardAndTrainStepFromTwoThreadsAreRefusedNotRunTogether()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 9, Training = new TrainingSettings { BatchSize = 32 } });
        for (var i = 0; i < 500; i++)
        {
            var agent = cohort.Add();
            cohort.AddSample(agent, [1, 0, 1, 0, 1, 0, 1, 0], [1, 0, 1, 0]);
        }

        var refused = new InvalidOperationException?[2];
        var completed = new int[2];
        using var start = new Barrier(2);
        var threads = new[]
        {
            new Thread(() => Hammer(0, cohort.Forward)),
            new Thread(() => Hammer(1, () => cohort.TrainStep())),
        };
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        var refusal = refused[0] ?? refused[1];
        Assert.That(refusal, Is.Not.Null, "overlapping calls were detected");
        Assert.That(refusal!.Message, Does.Contain("in use on another thread").And.Contain("one thread at a time"));
        Assert.That(completed[0] + completed[1], Is.GreaterThan(0), "calls that did not overlap ran");

        // The cohort is whole: it still runs, trains and gives finite outputs.
        cohort.Forward();
        Assert.That(cohort.TrainStep(), Is.EqualTo(cohort.Count));
        Assert.That(cohort.Outputs.ToArray().All(float.IsFinite), Is.True);

        void Hammer(int index, Action call)
        {
            start.SignalAndWait();
            for (var i = 0; i < 400 && refused[0] is null && refused[1] is null; i++)
            {
                try
                {
                    call();
                    completed[index]++;
                }
                catch (InvalidOperationException e)
                {
                    refused[index] = e;
                }
            }
        }
    }

    [Test]
    public void OneThreadAfterAnotherIsFine()
    {
        using var cohort = new BrainCohort(Spec);
        var agent = cohort.Add();
        var other = new Thread(() => cohort.AddSample(agent, new float[8], new float[4]));
        other.Start();
        other.Join();
        cohort.Forward();
        Assert.That(cohort.SampleCount(agent), Is.EqualTo(1));
    }
}
