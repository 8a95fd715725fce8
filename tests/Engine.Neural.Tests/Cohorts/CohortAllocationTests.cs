using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Cohorts;

/// <summary>The project's promise 6: a steady-state frame allocates nothing on the managed heap.</summary>
[NonParallelizable]
public class CohortAllocationTests
{
    [TestCase(OptimizerKind.Sgd, false)]
    [TestCase(OptimizerKind.Momentum, false)]
    [TestCase(OptimizerKind.Adam, false)]
    [TestCase(OptimizerKind.Adam, true)]
    public void ASteadyFrameAllocatesNothing(OptimizerKind optimizer, bool shared)
    {
        var spec = new BrainSpec(8, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.ReLU)], new LayerSpec(4, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        var settings = new TrainingSettings { Optimizer = optimizer, BatchSize = 32, ClipNorm = 1, Regularization = RegularizationKind.L2, RegularizationRate = 1e-4 };
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 1, SharedParameters = shared, Training = settings });
        var agents = Enumerable.Range(0, 1000).Select(_ => cohort.Add()).ToArray();
        var input = new float[8];
        var target = new float[] { 0, 1, 0, 0 };

        void Frame(int frame)
        {
            for (var i = 0; i < agents.Length; i++)
            {
                var row = cohort.Input(agents[i]);
                row[0] = frame * 0.01f;
                row[1] = i * 0.001f;
                input[0] = row[0];
                cohort.AddSample(agents[i], input, target);
            }

            cohort.Forward();
            cohort.Train(TrainingBudget.StepsPerFrame(1));
        }

        // Warm up past tiered JIT: methods are recompiled in the background after about 30
        // calls and a short delay, and the runtime's own bookkeeping for that allocates.
        for (var f = 0; f < 40; f++)
        {
            Frame(f);
        }

        Thread.Sleep(300);
        for (var f = 0; f < 40; f++)
        {
            Frame(f);
        }

        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        var process = GC.GetTotalAllocatedBytes(precise: true);
        for (var f = 0; f < 50; f++)
        {
            Frame(f);
        }

        var threadBytes = GC.GetAllocatedBytesForCurrentThread() - thread;
        var workerBytes = WorkerPool.Shared.WorkerAllocatedBytes - workers;
        var processBytes = GC.GetTotalAllocatedBytes(precise: true) - process;
        Assert.That(threadBytes, Is.EqualTo(0), "bytes allocated by the calling thread over 50 frames");
        Assert.That(workerBytes, Is.EqualTo(0), "bytes allocated by the worker threads over 50 frames");

        // The process-wide counter also sees the test host's and the runtime's own threads
        // (result reporting, tiered JIT): measured at 0 to 23 KB per window whatever the frame
        // does, so it is reported, not asserted; the worker counter above is the exact check.
        TestContext.Out.WriteLine($"process-wide allocation over 50 frames: {processBytes} bytes (calling thread {threadBytes}, workers {workerBytes})");
    }
}
