using Engine.Neural.Bench;
using Engine.Neural.Cpu;

namespace Engine.Neural.Tests.Robustness;

/// <summary>
/// The CI-sized soak (the bench program's SOAK runs 100,000 frames): 2,000 frames of 1,000
/// learning agents with 1% churn per frame, learning rates annealed with age and weights
/// averaged (Polyak-Ruppert). No NaN, no managed allocation per frame once steady (the
/// averaging included), and the residents keep what they learned.
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
        var averagedAtCheckpoint = soak.AveragedResidentAccuracies();
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
        var averagedAtEnd = soak.AveragedResidentAccuracies();
        var idealAtCheckpoint = soak.IdealResidentAccuracies(500);
        var idealAtEnd = soak.IdealResidentAccuracies(2_000);
        TestContext.Out.WriteLine($"tau {soak.AnnealingTau}, averaging weight power {SoakRun.AveragingWeightPower}, {soak.TestPoints} test points");
        Report("raw weights", atCheckpoint, atEnd);
        Report("averaged weights", averagedAtCheckpoint, averagedAtEnd);
        Report("ideal learner", idealAtCheckpoint, idealAtEnd);

        // The population keeps improving, with either weights, and no resident loses more than
        // noise. "Every resident at frame 2,000 at least at its frame-500 figure" is reported,
        // not asserted: no learner can promise it. An agent's error at a checkpoint is a random
        // variable, and among 500 residents some are lucky at frame 500 and end a few test
        // points worse though their average error fell several times. The ideal learner
        // (IdealCutLearner: the centre of the version space, error falling like 1 / n) shows it:
        // with the same 500 cuts and test points it ends 51 residents below their frame-500
        // figure (seed 8; 42 and 47 with seeds 10 and 9). What is asserted is that our residents
        // fall below no more often than that, and never by more than 5%: more would be forgetting.
        Assert.That(atEnd.Average(), Is.GreaterThan(atCheckpoint.Average()));
        Assert.That(averagedAtEnd.Average(), Is.GreaterThan(averagedAtCheckpoint.Average()));
        Assert.That(atEnd.Average(), Is.GreaterThan(0.95));
        Assert.That(averagedAtEnd.Average(), Is.GreaterThan(0.95));
        Assert.That(WorstDrop(atEnd, atCheckpoint), Is.LessThanOrEqualTo(0.05));
        Assert.That(WorstDrop(averagedAtEnd, averagedAtCheckpoint), Is.LessThanOrEqualTo(0.05));
        Assert.That(1 - idealAtEnd.Average(), Is.LessThan((1 - idealAtCheckpoint.Average()) / 3), "the ideal learner's error falls like 1 / n (four times the points)");
        Assert.That(Below(idealAtEnd, idealAtCheckpoint), Is.GreaterThan(0), "even the ideal learner ends some residents below their checkpoint figure");
        Assert.That(Below(atEnd, atCheckpoint), Is.LessThanOrEqualTo(Below(idealAtEnd, idealAtCheckpoint)), "residents below their checkpoint figure with raw weights, against the ideal learner");
        Assert.That(Below(averagedAtEnd, averagedAtCheckpoint), Is.LessThanOrEqualTo(Below(idealAtEnd, idealAtCheckpoint)), "residents below their checkpoint figure with averaged weights, against the ideal learner");
    }

    private static int Below(double[] atEnd, double[] atCheckpoint) => atEnd.Zip(atCheckpoint, (end, check) => end < check ? 1 : 0).Sum();

    private static void Report(string weights, double[] atCheckpoint, double[] atEnd)
    {
        var below = Below(atEnd, atCheckpoint);
        TestContext.Out.WriteLine(
            $"{weights}: resident accuracy frame 500 {atCheckpoint.Average():P2} (worst {atCheckpoint.Min():P2}), " +
            $"frame 2,000 {atEnd.Average():P2} (worst {atEnd.Min():P2}); {below} of {atEnd.Length} below their frame-500 figure, " +
            $"worst change {-WorstDrop(atEnd, atCheckpoint):+0.00%;-0.00%}");
    }

    private static double WorstDrop(double[] atEnd, double[] atCheckpoint) => atEnd.Zip(atCheckpoint, (end, check) => check - end).Max();

    private static void Run(SoakRun soak, int frames)
    {
        for (var frame = 0; frame < frames; frame++)
        {
            soak.Frame();
        }
    }
}
