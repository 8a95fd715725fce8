using Engine.Neural.OpenCL;

namespace Engine.Neural.Bench;

/// <summary>
/// The OpenCL tests' parity check for a machine with no .NET SDK (the lent GPU machine runs the
/// bench from scripts/opencl-gpu-run.sh's bundle, not the tests): for each kernel family forced
/// on the device, cohorts trained on OpenCL and on the CPU backend from the same seed (the cohort
/// draws every batch, so both train on the same samples) for every activation, loss and
/// optimiser, own and shared parameters. Each line gives the worst relative parameter difference
/// after the steps; pass=1 when it is within the tests' 1e-4.
/// </summary>
internal sealed class OpenClParityCheck : IBenchmark
{
    private const double Tolerance = 1e-4;
    private const int Steps = 60;
    private const int Agents = 300;

    private static readonly (string Name, BrainSpec Spec, TrainingSettings Settings, bool Shared)[] Cases =
    [
        ("tanh+ELU+softmax, softmax CE, Adam, clip norm", new BrainSpec(5, [new LayerSpec(9, Activation.Tanh), new LayerSpec(7, Activation.ELU)], new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy),
            new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = 1e-6, BatchSize = 8, ClipNorm = 2 }, false),
        ("sigmoid+leaky ReLU+sigmoid, BCE, momentum, L2, clip value", new BrainSpec(3, [new LayerSpec(5, Activation.Sigmoid), new LayerSpec(7, Activation.LeakyReLU)], new LayerSpec(3, Activation.Sigmoid), Loss.BinaryCrossEntropy),
            new TrainingSettings { Optimizer = OptimizerKind.Momentum, LearningRate = 0.05, BatchSize = 16, Regularization = RegularizationKind.L2, RegularizationRate = 1e-3, ClipValue = 0.5 }, false),
        ("ReLU 16x16 + identity, quadratic, SGD, L1", new BrainSpec(8, [new LayerSpec(16, Activation.ReLU), new LayerSpec(16, Activation.ReLU)], new LayerSpec(4, Activation.Identity), Loss.Quadratic),
            new TrainingSettings { Optimizer = OptimizerKind.Sgd, LearningRate = 0.01, BatchSize = 32, Regularization = RegularizationKind.L1, RegularizationRate = 1e-4 }, false),
        ("shared set, tanh + identity, quadratic, Adam", new BrainSpec(3, [new LayerSpec(5, Activation.Tanh), new LayerSpec(7, Activation.Tanh)], new LayerSpec(2, Activation.Identity), Loss.Quadratic),
            new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Epsilon = 1e-6, BatchSize = 24 }, true),
    ];

    public string Name => "OPENCL_PARITY";

    public bool RunsByDefault => false;

    public void Run(BenchOutput output)
    {
        foreach (var family in new[] { OpenClKernelFamily.Cpu, OpenClKernelFamily.Gpu })
        {
            for (var c = 0; c < Cases.Length; c++)
            {
                var (name, spec, settings, shared) = Cases[c];
                using var cpu = Filled(spec, settings, shared);
                using var device = Filled(spec, settings, shared);
                if (!device.UseOpenCl(new OpenClOptions { Family = family }))
                {
                    output.Note("OPENCL_PARITY: no usable OpenCL device (see the log line above); nothing to check");
                    return;
                }

                for (var step = 0; step < Steps; step++)
                {
                    cpu.TrainStep();
                    device.TrainStep();
                }

                var error = WorstRelativeError(cpu, device);
                output.Note($"OPENCL_PARITY case {c}: {name}, {family} kernels, {Steps} steps");
                output.Line(
                    Name,
                    cpu.Count,
                    $"opencl-{family.ToString().ToLowerInvariant()}",
                    ("case", c),
                    ("max_relative_error", error),
                    ("pass", error <= Tolerance && device.BackendName == "opencl" ? 1 : 0));
            }
        }
    }

    private static BrainCohort Filled(BrainSpec spec, TrainingSettings settings, bool shared)
    {
        var cohort = new BrainCohort(spec, new CohortOptions { Seed = 11, SampleCapacity = 16, Training = settings, SharedParameters = shared });
        var random = new DeterministicRandom(111);
        var x = new float[spec.InputSize];
        var y = new float[spec.OutputSize];
        for (var i = 0; i < Agents; i++)
        {
            var agent = cohort.Add();
            for (var s = 0; s < 12; s++)
            {
                for (var k = 0; k < x.Length; k++)
                {
                    x[k] = (float)random.NextDouble(-1, 1);
                }

                Array.Clear(y);
                y[random.NextInt(y.Length)] = 1f;
                cohort.AddSample(agent, x, y);
            }
        }

        return cohort;
    }

    // As the tests measure it: the largest difference over a set's parameters, relative to the
    // largest parameter of the CPU's set; the worst over every set.
    private static double WorstRelativeError(BrainCohort cpu, BrainCohort device)
    {
        var a = new float[cpu.ParameterCount];
        var b = new float[cpu.ParameterCount];
        var worst = 0.0;
        for (var row = 0; row < (cpu.IsShared ? 1 : cpu.Count); row++)
        {
            cpu.GetParameters(cpu.HandleAt(row), a);
            device.GetParameters(device.HandleAt(row), b);
            var scale = Math.Max(a.Max(v => Math.Abs((double)v)), 1e-12);
            worst = Math.Max(worst, a.Zip(b, (p, q) => Math.Abs((double)p - q)).Max() / scale);
        }

        return worst;
    }
}
