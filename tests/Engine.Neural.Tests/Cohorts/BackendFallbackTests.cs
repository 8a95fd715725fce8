using Engine.Neural.Backends;

namespace Engine.Neural.Tests.Cohorts;

/// <summary>
/// The backend seam: a backend that fails at any point leaves the cohort on the CPU with its
/// parameters intact and one log line saying why.
/// </summary>
[NonParallelizable]
public class BackendFallbackTests
{
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [TestCase(FailingBackend.Failure.Forward)]
    [TestCase(FailingBackend.Failure.Train)]
    [TestCase(FailingBackend.Failure.TrainAndDownload)]
    public void AFailingBackendFallsBackToTheCpuWithParametersIntact(FailingBackend.Failure failure)
    {
        using var log = new CapturedLog();
        var lines = log.Lines;
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 3 });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.5f, 0.5f], [1f]);
        var before = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, before);

        var backend = new FailingBackend(failure);
        cohort.UseBackend(backend);
        Assert.That(cohort.BackendName, Is.EqualTo("failing"));

        cohort.Forward();
        var trained = cohort.TrainStep();

        Assert.That(cohort.BackendName, Is.EqualTo("cpu"));
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain("the failing backend failed during").And.Contain("continuing on the CPU"));
        Assert.That(backend.Disposed, Is.True);

        var after = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, after);
        if (failure == FailingBackend.Failure.Forward)
        {
            // Forward failed, the CPU ran the frame and then trained: one CPU step.
            Assert.That(trained, Is.EqualTo(1));
            Assert.That(after, Is.Not.EqualTo(before));
        }
        else
        {
            // The failed device step is lost; the CPU ran that step instead.
            Assert.That(trained, Is.EqualTo(1));
        }

        Assert.That(after.All(float.IsFinite), Is.True);
    }

    [Test]
    public void SwitchingBackendDownloadsTheDeviceCopyFirst()
    {
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 4 });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.5f, 0.5f], [1f]);
        var backend = new FailingBackend(FailingBackend.Failure.None);
        cohort.UseBackend(backend);
        cohort.TrainStep();
        Assert.That(backend.Downloads, Is.EqualTo(0), "no host read yet, no download");

        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, parameters);
        Assert.That(backend.Downloads, Is.EqualTo(1), "a host read downloads once");
        cohort.GetParameters(agent, parameters);
        Assert.That(backend.Downloads, Is.EqualTo(1), "and not again while the device did nothing");

        cohort.TrainStep();
        cohort.UseCpu();
        Assert.That(backend.Downloads, Is.EqualTo(2), "leaving the backend downloads its copy");
        Assert.That(cohort.BackendName, Is.EqualTo("cpu"));
    }

    /// <summary>A stand-in backend that can fail where a test says.</summary>
    public sealed class FailingBackend : ICohortBackend
    {
        private readonly Failure _failure;

        public FailingBackend(Failure failure) => _failure = failure;

        public enum Failure
        {
            None,
            Forward,
            Train,
            TrainAndDownload,
        }

        public string Name => "failing";

        public bool Disposed { get; private set; }

        public int Downloads { get; private set; }

        public void Forward(CohortView cohort)
        {
            if (_failure == Failure.Forward)
            {
                throw new InvalidOperationException("device lost during forward");
            }
        }

        public void TrainStep(CohortView cohort, TrainStepView step)
        {
            if (_failure is Failure.Train or Failure.TrainAndDownload)
            {
                throw new InvalidOperationException("CL_OUT_OF_RESOURCES");
            }

            // A stand-in: it reports every step as taken without computing it.
            for (var set = 0; set < step.Sets; set++)
            {
                step.Statuses[set] = step.BatchLengths[set] > 0 ? StepStatus.Stood : StepStatus.Skipped;
            }
        }

        public void Download(CohortView cohort)
        {
            Downloads++;
            if (_failure == Failure.TrainAndDownload)
            {
                throw new InvalidOperationException("device gone");
            }
        }

        public void Dispose() => Disposed = true;
    }
}
