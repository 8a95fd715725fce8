using System.Diagnostics;
using Engine.Neural.Cpu;

namespace Engine.Neural.Bench;

/// <summary>
/// WIDTHS: what the CPU backend's width measurement costs the first time a process meets a
/// spec, and what it chose, for a small, the agents' and a wide net; forward, then a training
/// step of batch 32 with Adam.
/// </summary>
internal sealed class WidthProbeBenchmark : IBenchmark
{
    public string Name => "WIDTHS";

    public void Run(BenchOutput output)
    {
        BrainSpec[] specs =
        [
            new(2, [new LayerSpec(3, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy),
            Workloads.AgentNet,
            new(64, [new LayerSpec(64, Activation.ReLU), new LayerSpec(64, Activation.ReLU)], new LayerSpec(8, Activation.Identity), Loss.Quadratic),
        ];
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, BatchSize = 32 };
        foreach (var spec in specs)
        {
            var start = Stopwatch.GetTimestamp();
            var forward = WidthTuner.ForwardChoice(spec, shared: false);
            var forwardSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            var training = WidthTuner.TrainingChoice(spec, shared: false, settings);
            var trainingSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            output.Note($"WIDTHS {spec}");
            output.Line(
                "WIDTHS",
                spec.ParameterCount,
                "cpu",
                ("forward_width", MachineLimits.Bits(forward.Width)),
                ("forward_probe_ms", forwardSeconds * 1e3),
                ("train_width", MachineLimits.Bits(training.Width)),
                ("train_probe_ms", trainingSeconds * 1e3));
        }
    }
}
