
namespace Engine.Neural.Ecs.Tests;

/// <summary>Specs and helpers the ECS tests share.</summary>
internal static class EcsTestKit
{
    /// <summary>Two inputs, four tanh neurons, one sigmoid output: enough for any straight cut.</summary>
    public static readonly BrainSpec CutSpec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    /// <summary>A different shape, so that it lands in a cohort of its own.</summary>
    public static readonly BrainSpec WideSpec = new(3, [new LayerSpec(8, Activation.ReLU)], new LayerSpec(2, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    public static float[] Parameters(BrainRegistry registry, in NeuralBrain brain)
    {
        var cohort = registry.Cohort(in brain);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(brain.Agent, parameters);
        return parameters;
    }

    /// <summary>A random cut through the middle of the unit square, as (nx, ny, offset).</summary>
    public static (float Nx, float Ny, float Offset) RandomCut(ref DeterministicRandom random)
    {
        var angle = random.NextDouble(0, 2 * Math.PI);
        var px = random.NextDouble(0.3, 0.7);
        var py = random.NextDouble(0.3, 0.7);
        return ((float)Math.Cos(angle), (float)Math.Sin(angle), (float)((Math.Cos(angle) * px) + (Math.Sin(angle) * py)));
    }

    public static float Side((float Nx, float Ny, float Offset) cut, float x, float y) => (cut.Nx * x) + (cut.Ny * y) > cut.Offset ? 1f : 0f;
}
