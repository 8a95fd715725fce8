using Engine.Neural.OpenCL;

namespace Engine.Neural.Bench;

/// <summary>
/// W2 (forward) and W3 (one SGD step, batch 32) on the OpenCL backend beside the CPU backend,
/// same nets and agent counts. Besides the rates: kernel launches and bytes moved per frame
/// (from the backend's counters over one frame), and the fixed overhead per frame, measured as
/// the time of the same frame for a single agent (launches, transfers and the wait, with next
/// to no arithmetic). On PoCL (a CPU device) the kernels compete with the SIMD CPU path on the
/// same cores: the target there is 0.8 of it for W3 at 10,000 agents and W2 at 100,000.
/// </summary>
internal sealed class OpenClBenchmark : IBenchmark
{
    private const int Batch = 32;
    private const int Ring = 64;

    public string Name => "OPENCL";

    public void Run(BenchOutput output)
    {
        var spec = Workloads.AgentNet;
        var probe = new BrainCohort(spec);
        probe.Add();
        if (!OpenClBackend.TryAttach(probe, null, out var device))
        {
            output.Note("OPENCL: no usable OpenCL device (see the log line above); nothing to measure");
            probe.Dispose();
            return;
        }

        output.Note($"OPENCL: device {device!.Device}");
        probe.Dispose();
        var forwardFlops = 2.0 * Workloads.MultiplyAdds(spec);
        var macs = Workloads.MultiplyAdds(spec);
        var trainFlops = (2.0 * Batch * (macs + macs + Workloads.InputGradientMultiplyAdds(spec))) + (2.0 * spec.ParameterCount);
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, BatchSize = Batch };

        var forwardOverhead = OverheadMicroseconds(spec, settings, train: false);
        foreach (var n in new[] { 1_000, 10_000, 100_000 })
        {
            Compare(output, "W2", n, spec, settings, train: false, "agent_fwd_per_s", forwardFlops, forwardOverhead);
        }

        // One shared set over a 128 x 128 grid of rows (as W2_SHARED on the CPU): a GEMM.
        Compare(output, "W2_SHARED", 128 * 128, spec, settings, train: false, "row_fwd_per_s", forwardFlops, forwardOverhead, shared: true);

        var trainOverhead = OverheadMicroseconds(spec, settings, train: true);
        foreach (var n in new[] { 100, 1_000, 10_000 })
        {
            Compare(output, "W3", n, spec, settings, train: true, "agent_steps_per_s", trainFlops, trainOverhead);
        }
    }

    private static void Compare(BenchOutput output, string workload, int n, BrainSpec spec, TrainingSettings settings, bool train, string rateName, double flops, double overheadMicroseconds, bool shared = false)
    {
        using var cpu = Prepared(spec, n, settings, shared);
        using var gpu = Prepared(spec, n, settings, shared);
        OpenClBackend.TryAttach(gpu, null, out var backend);
        Action cpuFrame = train ? () => cpu.TrainStep() : cpu.Forward;
        Action gpuFrame = train ? () => gpu.TrainStep() : gpu.Forward;

        var (cpuBest, cpuMedian) = Timing.Measure(cpuFrame);
        var (gpuBest, gpuMedian) = Timing.Measure(gpuFrame);
        var counters = backend!.Counters;
        var launches = counters.Launches;
        var bytes = counters.BytesToDevice + counters.BytesFromDevice;
        gpuFrame();
        launches = counters.Launches - launches;
        bytes = counters.BytesToDevice + counters.BytesFromDevice - bytes;

        output.Line(workload, n, "cpu", (rateName, n / cpuBest), ("gflops", n / cpuBest * flops / 1e9), ("ms_per_frame", cpuBest * 1e3), ("median_ms_per_frame", cpuMedian * 1e3));
        output.Line(
            workload,
            n,
            gpu.BackendName,
            (rateName, n / gpuBest),
            ("gflops", n / gpuBest * flops / 1e9),
            ("ms_per_frame", gpuBest * 1e3),
            ("median_ms_per_frame", gpuMedian * 1e3),
            ("launches_per_frame", launches),
            ("transfer_bytes_per_frame", bytes),
            ("overhead_us_per_frame", overheadMicroseconds),
            ("speed_vs_cpu", cpuBest / gpuBest));
    }

    /// <summary>The fixed cost of a frame: the same frame for one agent, in microseconds.</summary>
    private static double OverheadMicroseconds(BrainSpec spec, TrainingSettings settings, bool train)
    {
        using var single = Prepared(spec, 1, settings);
        OpenClBackend.TryAttach(single);
        var (best, _) = Timing.Measure(train ? () => single.TrainStep() : single.Forward, warmUpSeconds: 0.5, repetitions: 51);
        return best * 1e6;
    }

    private static BrainCohort Prepared(BrainSpec spec, int n, TrainingSettings settings, bool shared = false)
    {
        var cohort = Workloads.Cohort(spec, n, new CohortOptions { Seed = 4, SampleCapacity = Ring, Training = settings, SharedParameters = shared });
        var samples = Workloads.RandomValues(Ring * (spec.InputSize + spec.OutputSize), 5);
        for (var i = 0; i < n; i++)
        {
            var agent = cohort.HandleAt(i);
            for (var s = 0; s < Ring; s++)
            {
                var at = s * (spec.InputSize + spec.OutputSize);
                cohort.AddSample(agent, samples.AsSpan(at, spec.InputSize), samples.AsSpan(at + spec.InputSize, spec.OutputSize));
            }
        }

        return cohort;
    }
}
