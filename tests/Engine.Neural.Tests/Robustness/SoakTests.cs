using Engine.Neural.Bench;
using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Robustness;

/// <summary>
/// The CI-sized soak (the bench program's SOAK runs 100,000 frames): 2,000 frames of 1,000
/// learning agents with 1% churn per frame. No NaN, no managed allocation per frame once
/// steady, and the residents keep what they learned.
/// </summary>
[NonParallelizable]
public class SoakTests
{
    [Test]
    public void TwoThousandFramesOfChurnStayFiniteFlatAndLearned()
    {
        using var soak = new SoakRun(1_000, seed: 8);
        for (var frame = 0; frame < 1_000; frame++)
        {
            soak.Frame();
        }

        var atCheckpoint = soak.ResidentAccuracies();
        var thread = GC.GetAllocatedBytesForCurrentThread();
        var workers = WorkerPool.Shared.WorkerAllocatedBytes;
        for (var frame = 0; frame < 1_000; frame++)
        {
            soak.Frame();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - thread, Is.Zero, "managed bytes allocated by 1,000 frames of churn (calling thread)");
        Assert.That(WorkerPool.Shared.WorkerAllocatedBytes - workers, Is.Zero, "managed bytes allocated by 1,000 frames of churn (workers)");
        Assert.That(soak.Churned, Is.EqualTo(20_000));
        Assert.That(soak.AllFinite(), Is.True);

        var atEnd = soak.ResidentAccuracies();
        var below = atEnd.Zip(atCheckpoint, (end, check) => end < check ? 1 : 0).Sum();
        var worstDrop = atEnd.Zip(atCheckpoint, (end, check) => check - end).Max();
        TestContext.Out.WriteLine($"resident accuracy: frame 1,000 {atCheckpoint.Average():P2}, frame 2,000 {atEnd.Average():P2}; {below} of {atEnd.Length} below their frame-1,000 figure, worst drop {worstDrop:P1}");

        // Learning goes on (one new point per agent per frame), so the population keeps what
        // it learned: the mean does not fall. Single agents' boundaries jitter with each new
        // point; a drop beyond 5% (10 of the 200 test points) would be forgetting, not jitter.
        Assert.That(atEnd.Average(), Is.GreaterThanOrEqualTo(atCheckpoint.Average()));
        Assert.That(atEnd.Average(), Is.GreaterThan(0.95));
        Assert.That(worstDrop, Is.LessThanOrEqualTo(0.05));
    }
}
