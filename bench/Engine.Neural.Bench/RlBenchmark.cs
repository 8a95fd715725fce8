using System.Diagnostics;
using Engine.Neural.Learning;

namespace Engine.Neural.Bench;

/// <summary>
/// RL: 10,000 CartPole agents, each with its own 4-16-2 tanh brain, acting every frame and
/// learning by policy gradient every 32 steps and whenever an episode ends (so some agents
/// learn every frame), beside the same agents acting only (RL_ACT: trajectories are still
/// recorded, then dropped unlearned), and beside REINFORCE learning at episode ends only, from
/// trajectories of up to 500 steps (RL_EPISODE). A frame is the whole game step: observations, one
/// batched act, 10,000 cart-pole steps, rewards and episode ends; <c>learner_ms_per_frame</c> is
/// the library's share (the act: forward pass, sampling, learning), <c>game_ms_per_frame</c> the
/// rest (observations, the cart-poles' physics and the per-agent reward calls, on the calling
/// thread, as a game's own loop would be). <c>cpu_ms_per_frame</c> is
/// the processor time the whole process used per frame (all its threads): on a machine shared
/// with other work it says what the frame costs when the wall clock cannot.
/// </summary>
internal sealed class RlBenchmark : IBenchmark
{
    private const int Agents = 10_000;
    private const int TimedFrames = 400;

    public string Name => "RL";

    public void Run(BenchOutput output)
    {
        // Learning every 32 steps (and at each episode's end) keeps every agent's batch at 32
        // samples; learning only at episode ends needs rings and batches of 500, and a training
        // step costs what its batch capacity costs, however short the trajectory.
        Measure(output, "RL", new PolicyGradientOptions { Baseline = BaselineKind.RunningMean, UpdateEvery = 32 }, actingOnly: true);
        Measure(output, "RL_EPISODE", new PolicyGradientOptions { Baseline = BaselineKind.None }, actingOnly: false);
    }

    private static void Measure(BenchOutput output, string workload, PolicyGradientOptions options, bool actingOnly)
    {
        using var run = new CartPolePolicyGradientRun(
            Agents,
            seed: 1,
            [new LayerSpec(16, Activation.Tanh)],
            new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 },
            options);
        Report(output, workload, run);
        if (!actingOnly)
        {
            return;
        }

        for (var row = 0; row < Agents; row++)
        {
            run.Cohort.SetLearning(run.Cohort.HandleAt(row), false);
        }

        Report(output, workload + "_ACT", run);
    }

    private static void Report(BenchOutput output, string workload, CartPolePolicyGradientRun run)
    {
        // Warm up past tiered JIT and into steady play (every agent has ended episodes).
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 2)
        {
            run.Frame();
        }

        var updates = run.Learner.Updates;
        var learnerTicks = run.LearnerTicks;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();
        for (var f = 0; f < TimedFrames; f++)
        {
            run.Frame();
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var learnerSeconds = (double)(run.LearnerTicks - learnerTicks) / Stopwatch.Frequency;
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        output.Line(
            workload,
            Agents,
            run.Cohort.BackendName,
            ("agent_steps_per_s", Agents * TimedFrames / seconds),
            ("ms_per_frame", 1000 * seconds / TimedFrames),
            ("learner_ms_per_frame", 1000 * learnerSeconds / TimedFrames),
            ("game_ms_per_frame", 1000 * (seconds - learnerSeconds) / TimedFrames),
            ("updates_per_frame", (double)(run.Learner.Updates - updates) / TimedFrames),
            ("cpu_ms_per_frame", 1000 * cpuSeconds / TimedFrames),
            ("alloc_bytes_per_frame", (double)bytes / TimedFrames));
    }
}
