namespace Engine.Neural.Bench;

/// <summary>
/// W2: inference of 8-16-16-4 brains, each agent its own weights, N = 1,000 / 10,000 / 100,000.
/// Each weight is read once per forward, so the bound is memory bandwidth, measured in this run
/// and again just before and after each cohort's frames (<c>bound_gb_per_s</c>, the better
/// of the two, what its <c>bw_fraction</c> divides by): on a shared machine the bandwidth moves
/// by a third from one minute to the next (35.8 and 58.8 GB/s in runs two minutes apart).
/// </summary>
internal sealed class ForwardBenchmark : IBenchmark
{
    public string Name => "W2";

    public void Run(BenchOutput output)
    {
        var spec = Workloads.AgentNet;
        var flops = 2.0 * Workloads.MultiplyAdds(spec);
        var weightBytes = spec.ParameterCount * (double)sizeof(float);
        var bandwidth = MachineLimits.Bandwidth(output);
        MachineLimits.PrintPeaks(output);
        output.Note($"W2: {spec}, {spec.ParameterCount} parameters ({weightBytes} bytes) and {flops} FLOP per agent-forward; measured DRAM read bandwidth {bandwidth / 1e9:F1} GB/s");

        foreach (var n in new[] { 1_000, 10_000, 100_000 })
        {
            using var cohort = Workloads.Cohort(spec, n, new CohortOptions { Seed = 2 });
            var (bound, (best, median)) = MemoryBandwidth.Shared.Around(() => Timing.Measure(cohort.Forward));
            var rate = n / best;

            var naiveRate = NaiveRate(spec, n);
            var referenceRate = ReferenceRate(cohort, Math.Min(n, 2_000));
            output.Line("W2", n, "naive", ("agent_fwd_per_s", naiveRate), ("gflops", naiveRate * flops / 1e9));
            output.Line("W2", n, "reference", ("agent_fwd_per_s", referenceRate), ("gflops", referenceRate * flops / 1e9));
            var width = cohort.CpuBackend.Width;
            output.Line(
                "W2",
                n,
                "cpu",
                ("agent_fwd_per_s", rate),
                ("gflops", rate * flops / 1e9),
                ("bw_fraction", rate * weightBytes / bound),
                ("bound_gb_per_s", bound / 1e9),
                ("peak_fraction", rate * flops / MachineLimits.PeakFlops(output, width)),
                ("width", MachineLimits.Bits(width)),
                ("ms_per_frame", best * 1e3),
                ("median_ms_per_frame", median * 1e3),
                ("speedup_vs_naive", rate / naiveRate),
                ("speedup_vs_reference", rate / referenceRate));

            // Every width the CPU runs, pinned, beside the measured choice.
            foreach (var (pinned, pinnedRate) in MachineLimits.PinnedRates(cohort, n, cohort.Forward))
            {
                output.Line(
                    "W2",
                    n,
                    $"cpu-w{MachineLimits.Bits(pinned)}",
                    ("agent_fwd_per_s", pinnedRate),
                    ("gflops", pinnedRate * flops / 1e9),
                    ("bw_fraction", pinnedRate * weightBytes / bound),
                    ("peak_fraction", pinnedRate * flops / MachineLimits.PeakFlops(output, pinned)),
                    ("ratio_to_chosen", pinnedRate / rate));
            }
        }

        Shared(output, spec, flops);
    }

    /// <summary>
    /// W2 with one shared parameter set over a 128 x 128 grid of input rows (the demo's decision
    /// boundary): weights are reused by every row, so the bound is the FMA peak, not memory.
    /// </summary>
    private static void Shared(BenchOutput output, BrainSpec spec, double flops)
    {
        const int rows = 128 * 128;
        using var cohort = Workloads.Cohort(spec, rows, new CohortOptions { Seed = 2, SharedParameters = true });
        var (best, median) = Timing.Measure(cohort.Forward);
        var rate = rows / best;
        var width = cohort.CpuBackend.Width;
        output.Line(
            "W2_SHARED",
            rows,
            "cpu",
            ("rows_per_s", rate),
            ("gflops", rate * flops / 1e9),
            ("peak_fraction", rate * flops / MachineLimits.PeakFlops(output, width)),
            ("width", MachineLimits.Bits(width)),
            ("ms_per_frame", best * 1e3),
            ("median_ms_per_frame", median * 1e3));
    }

    private static double NaiveRate(BrainSpec spec, int n)
    {
        var naive = new NaiveMlp(spec);
        var parameters = Workloads.RandomValues(n * spec.ParameterCount, 3);
        var inputs = Workloads.RandomValues(n * spec.InputSize, 1);
        var outputs = new float[n * spec.OutputSize];
        var (best, _) = Timing.Measure(
            () =>
            {
                for (var i = 0; i < n; i++)
                {
                    naive.Forward(parameters, i * spec.ParameterCount, inputs.AsSpan(i * spec.InputSize, spec.InputSize), outputs.AsSpan(i * spec.OutputSize, spec.OutputSize));
                }
            },
            repetitions: 3);
        return n / best;
    }

    private static double ReferenceRate(BrainCohort cohort, int agents)
    {
        var networks = Enumerable.Range(0, agents).Select(i => Workloads.ReferenceOf(cohort, i)).ToArray();
        var inputs = Enumerable.Range(0, agents).Select(i => cohort.Inputs.Slice(i * cohort.Spec.InputSize, cohort.Spec.InputSize).ToArray().Select(v => (double)v).ToArray()).ToArray();
        var (best, _) = Timing.Measure(
            () =>
            {
                for (var i = 0; i < agents; i++)
                {
                    networks[i].Forward(inputs[i]);
                }
            },
            warmUpSeconds: 0.5,
            repetitions: 3);
        return agents / best;
    }
}
