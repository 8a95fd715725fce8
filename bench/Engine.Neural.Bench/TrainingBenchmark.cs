using Engine.Neural.Reference;

namespace Engine.Neural.Bench;

/// <summary>
/// W3: one SGD step per agent, each on its own mini-batch of 32, 8-16-16-4 brains,
/// N = 100 / 1,000 / 10,000. FLOP count: forward, weight gradients and input gradients
/// (2 per multiply-add, per sample) plus the update (2 per parameter).
/// </summary>
internal sealed class TrainingBenchmark : IBenchmark
{
    private const int Batch = 32;

    public string Name => "W3";

    public void Run(BenchOutput output)
    {
        var spec = Workloads.AgentNet;
        var macs = Workloads.MultiplyAdds(spec);
        var flops = (2.0 * Batch * (macs + macs + Workloads.InputGradientMultiplyAdds(spec))) + (2.0 * spec.ParameterCount);
        output.Note($"W3: {spec}, batch {Batch}, SGD; {flops} FLOP per agent-step");
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, BatchSize = Batch };

        foreach (var n in new[] { 100, 1_000, 10_000 })
        {
            using var cohort = Workloads.Cohort(spec, n, new CohortOptions { Seed = 4, SampleCapacity = 64, Training = settings });
            var samples = Workloads.RandomValues(64 * (spec.InputSize + spec.OutputSize), 5);
            for (var i = 0; i < n; i++)
            {
                var agent = cohort.HandleAt(i);
                for (var s = 0; s < 64; s++)
                {
                    var at = s * (spec.InputSize + spec.OutputSize);
                    cohort.AddSample(agent, samples.AsSpan(at, spec.InputSize), samples.AsSpan(at + spec.InputSize, spec.OutputSize));
                }
            }

            var (best, median) = Timing.Measure(() => cohort.TrainStep());
            var rate = n / best;
            var naiveRate = NaiveRate(spec, Math.Min(n, 1_000), samples);
            var referenceRate = ReferenceRate(cohort, Math.Min(n, 100), samples, settings);
            output.Line("W3", n, "naive", ("agent_steps_per_s", naiveRate), ("gflops", naiveRate * flops / 1e9));
            output.Line("W3", n, "reference", ("agent_steps_per_s", referenceRate), ("gflops", referenceRate * flops / 1e9));
            var width = cohort.CpuBackend.TrainWidth;
            output.Line(
                "W3",
                n,
                "cpu",
                ("agent_steps_per_s", rate),
                ("gflops", rate * flops / 1e9),
                ("peak_fraction", rate * flops / MachineLimits.PeakFlops(output, width)),
                ("width", MachineLimits.Bits(width)),
                ("ms_per_frame", best * 1e3),
                ("median_ms_per_frame", median * 1e3),
                ("speedup_vs_naive", rate / naiveRate),
                ("speedup_vs_reference", rate / referenceRate));

            foreach (var (pinned, pinnedRate) in MachineLimits.PinnedRates(cohort, n, () => cohort.TrainStep()))
            {
                output.Line(
                    "W3",
                    n,
                    $"cpu-w{MachineLimits.Bits(pinned)}",
                    ("agent_steps_per_s", pinnedRate),
                    ("gflops", pinnedRate * flops / 1e9),
                    ("peak_fraction", pinnedRate * flops / MachineLimits.PeakFlops(output, pinned)),
                    ("ratio_to_chosen", pinnedRate / rate));
            }
        }
    }

    private static (float[][] X, float[][] Y) Batches(BrainSpec spec, float[] samples)
    {
        var width = spec.InputSize + spec.OutputSize;
        var x = Enumerable.Range(0, Batch).Select(s => samples.AsSpan(s * width, spec.InputSize).ToArray()).ToArray();
        var y = Enumerable.Range(0, Batch).Select(s => samples.AsSpan((s * width) + spec.InputSize, spec.OutputSize).ToArray()).ToArray();
        return (x, y);
    }

    private static double NaiveRate(BrainSpec spec, int agents, float[] samples)
    {
        var naive = new NaiveMlp(spec);
        var parameters = Workloads.RandomValues(agents * spec.ParameterCount, 3);
        var gradient = new float[spec.ParameterCount];
        var (x, y) = Batches(spec, samples);
        var (best, _) = Timing.Measure(
            () =>
            {
                for (var i = 0; i < agents; i++)
                {
                    naive.TrainStep(parameters, i * spec.ParameterCount, gradient, x, y, 0.01f);
                }
            },
            repetitions: 3);
        return agents / best;
    }

    private static double ReferenceRate(BrainCohort cohort, int agents, float[] samples, TrainingSettings settings)
    {
        var trainers = Enumerable.Range(0, agents).Select(i => new ReferenceTrainer(Workloads.ReferenceOf(cohort, i), settings)).ToArray();
        var (xf, yf) = Batches(cohort.Spec, samples);
        var x = xf.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var y = yf.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
        var (best, _) = Timing.Measure(
            () =>
            {
                foreach (var trainer in trainers)
                {
                    trainer.Step(x, y);
                }
            },
            warmUpSeconds: 0.5,
            repetitions: 3);
        return agents / best;
    }
}
