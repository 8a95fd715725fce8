using System.Runtime.InteropServices;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// The GPU family reads the batch's rows from local memory a block of samples at a time (a
/// layer's inputs in its forward pass; its deltas and inputs for the weight gradients and BP2)
/// and the inference forward's input row whole, after the layer's weights when those are staged.
/// Every sum adds the same terms in the same order as the CPU family's, which reads global
/// memory, so on one device both families train to the same bits: a block boundary handled
/// wrong (a sample skipped, computed twice or read from the wrong row, a lane's short batch
/// overrun) changes them.
/// </summary>
[NonParallelizable]
public class GpuFamilySampleBlockTests
{
    /// <summary>
    /// Blocks per layer at batch 33 (24 KiB of local memory: 4,096 floats for a staged 16 x 16
    /// tile of weights, the rest for rows of 16 lanes): 6 -> 16 forward one block, backward 17
    /// samples a block; 16 -> 16 (weights staged, 2,048 floats left) forward 8 a block, backward
    /// 4; 16 -> 120 forward 24, backward 2; 120 -> 3 forward and backward 3. Every layer but the
    /// first ends on a short block; agents whose batch is shorter than the tile's stop inside one.
    /// A wider last hidden layer (400) leaves its layer and the next without a block (global
    /// memory), as a check that the fallback keeps the bits too.
    /// </summary>
    [TestCase(120, 33)]
    [TestCase(120, 64)]
    [TestCase(400, 33)]
    public void SampleBlocksGiveTheCpuFamilysBits(int width, int batch)
    {
        var spec = new BrainSpec(
            6,
            [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.ReLU), new LayerSpec(width, Activation.Tanh)],
            new LayerSpec(3, Activation.Identity),
            Loss.Quadratic);
        var cpu = Train(spec, batch, OpenClKernelFamily.Cpu);
        var gpu = Train(spec, batch, OpenClKernelFamily.Gpu);
        Assert.That(gpu.Parameters, Is.EqualTo(cpu.Parameters), "parameters after training, bit for bit");
        Assert.That(gpu.Outputs, Is.EqualTo(cpu.Outputs), "forward outputs, bit for bit");
    }

    private static (uint[] Parameters, uint[] Outputs) Train(BrainSpec spec, int batch, OpenClKernelFamily family)
    {
        // Adam without a norm clip: the norm and the loss are sums over a tile's rows of work-items
        // in the GPU family (another order), and only the norm clip reads them.
        var settings = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = batch };
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 31, SampleCapacity = 80, Training = settings, Sampling = BatchSampling.Random });
        var random = new DeterministicRandom(7);
        var x = new float[spec.InputSize];
        var y = new float[spec.OutputSize];
        var agents = new AgentHandle[37];
        for (var i = 0; i < agents.Length; i++)
        {
            agents[i] = cohort.Add();

            // Every fourth agent has fewer samples than a batch, so its lane stops inside a block.
            var samples = i % 4 == 0 ? 5 + i : batch + 10;
            for (var s = 0; s < samples; s++)
            {
                Fill(x, ref random);
                Fill(y, ref random);
                Assert.That(cohort.AddSample(agents[i], x, y), Is.True);
            }
        }

        Assert.That(cohort.UseOpenCl(new OpenClOptions { Family = family }), Is.True, "the OpenCL backend did not attach; is PoCL installed (scripts/setup.sh)?");
        for (var step = 0; step < 12; step++)
        {
            cohort.TrainStep();
        }

        foreach (var agent in agents)
        {
            Fill(cohort.Input(agent), ref random);
        }

        cohort.Forward();
        Assert.That(cohort.BackendName, Is.EqualTo("opencl"));
        var parameters = new float[agents.Length * spec.ParameterCount];
        var outputs = new float[agents.Length * spec.OutputSize];
        for (var i = 0; i < agents.Length; i++)
        {
            cohort.GetParameters(agents[i], parameters.AsSpan(i * spec.ParameterCount, spec.ParameterCount));
            cohort.Output(agents[i]).CopyTo(outputs.AsSpan(i * spec.OutputSize));
        }

        return (Bits(parameters), Bits(outputs));
    }

    private static void Fill(Span<float> values, ref DeterministicRandom random)
    {
        foreach (ref var v in values)
        {
            v = (float)random.NextDouble(-1, 1);
        }
    }

    private static uint[] Bits(float[] values) => MemoryMarshal.Cast<float, uint>(values).ToArray();
}
