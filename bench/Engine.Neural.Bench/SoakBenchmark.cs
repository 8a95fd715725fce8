using System.Diagnostics;

namespace Engine.Neural.Bench;

/// <summary>
/// SOAK: 100,000 frames of 1,000 learning agents with 1% churn per frame (SoakRun), each
/// agent's learning rate annealed as <c>1 / (1 + age / tau)</c> and its weights averaged
/// (Polyak-Ruppert, iterate k weighted by k^eta). Prints the annealing and averaging
/// parameters, memory at frame 10,000 and at the end, allocations per frame, resident
/// accuracies at both points (on SoakRun's fixed test points) for the raw weights (raw_) and
/// the averaged ones (avg_), and whether every parameter stayed finite. The baseline (ideal_)
/// is an ideal learner of each resident's cut (<see cref="IdealCutLearner"/>) after as many
/// points as the resident has had frames, on the same test points: how many residents end
/// below their frame-10,000 figure when nothing is forgotten and nothing is wasted. Takes
/// several minutes; run it by name.
/// </summary>
internal sealed class SoakBenchmark : IBenchmark
{
    private const int Agents = 1_000;
    private const int Frames = 100_000;
    private const int Checkpoint = 10_000;

    public string Name => "SOAK";

    public bool RunsByDefault => false;

    public void Run(BenchOutput output)
    {
        using var soak = new SoakRun(Agents, seed: 8);
        var clock = Stopwatch.StartNew();
        double[] atCheckpoint = [];
        double[] averagedAtCheckpoint = [];
        (long Heap, long WorkingSet) memoryAtCheckpoint = default;
        long allocatedAtCheckpoint = 0;
        float scaleAtCheckpoint = 0;
        for (var frame = 1; frame <= Frames; frame++)
        {
            soak.Frame();
            if (frame == Checkpoint)
            {
                atCheckpoint = soak.ResidentAccuracies();
                averagedAtCheckpoint = soak.AveragedResidentAccuracies();
                scaleAtCheckpoint = soak.ResidentScale;
                memoryAtCheckpoint = SoakRun.Memory();
                allocatedAtCheckpoint = GC.GetTotalAllocatedBytes(precise: true);
            }
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAtCheckpoint;
        var atEnd = soak.ResidentAccuracies();
        var averagedAtEnd = soak.AveragedResidentAccuracies();
        var memoryAtEnd = SoakRun.Memory();
        var idealAtCheckpoint = soak.IdealResidentAccuracies(Checkpoint);
        var idealAtEnd = soak.IdealResidentAccuracies(Frames);
        output.Line(
            "SOAK",
            Agents,
            "cpu",
            ("frames", Frames),
            ("anneal_tau", soak.AnnealingTau),
            ("lr_scale_at_10k", scaleAtCheckpoint),
            ("lr_scale_at_end", soak.ResidentScale),
            ("avg_weight_power", SoakRun.AveragingWeightPower),
            ("test_points", soak.TestPoints),
            ("churned", soak.Churned),
            ("ms_per_frame", clock.Elapsed.TotalMilliseconds / Frames),
            ("heap_mb_at_10k", memoryAtCheckpoint.Heap / 1e6),
            ("heap_mb_at_end", memoryAtEnd.Heap / 1e6),
            ("rss_mb_at_10k", memoryAtCheckpoint.WorkingSet / 1e6),
            ("rss_mb_at_end", memoryAtEnd.WorkingSet / 1e6),
            ("bytes_allocated_per_frame_after_10k", (double)allocated / (Frames - Checkpoint)),
            ("all_finite", soak.AllFinite() ? 1 : 0),
            ("raw_resident_accuracy_at_10k", atCheckpoint.Average()),
            ("raw_resident_accuracy_at_end", atEnd.Average()),
            ("raw_residents_below_their_10k_accuracy", Below(atEnd, atCheckpoint)),
            ("raw_worst_drop", WorstDrop(atEnd, atCheckpoint)),
            ("avg_resident_accuracy_at_10k", averagedAtCheckpoint.Average()),
            ("avg_resident_accuracy_at_end", averagedAtEnd.Average()),
            ("avg_residents_below_their_10k_accuracy", Below(averagedAtEnd, averagedAtCheckpoint)),
            ("avg_worst_drop", WorstDrop(averagedAtEnd, averagedAtCheckpoint)),
            ("ideal_resident_accuracy_at_10k", idealAtCheckpoint.Average()),
            ("ideal_resident_accuracy_at_end", idealAtEnd.Average()),
            ("ideal_residents_below_their_10k_accuracy", Below(idealAtEnd, idealAtCheckpoint)),
            ("ideal_worst_drop", WorstDrop(idealAtEnd, idealAtCheckpoint)));
    }

    private static int Below(double[] atEnd, double[] atCheckpoint) => atEnd.Zip(atCheckpoint, (end, check) => end < check ? 1 : 0).Sum();

    private static double WorstDrop(double[] atEnd, double[] atCheckpoint) => atEnd.Zip(atCheckpoint, (end, check) => check - end).Max();
}
