using Engine.Neural.Reference;

namespace Engine.Neural.Bench;

/// <summary>The nets and data the neural workloads share.</summary>
internal static class Workloads
{
    /// <summary>W2 and W3: 8 senses, two tanh layers of 16, 4 linear outputs.</summary>
    public static readonly BrainSpec AgentNet = new(
        8, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.Tanh)], new LayerSpec(4, Activation.Identity), Loss.Quadratic);

    /// <summary>Multiply-adds of one forward pass through <paramref name="spec"/>.</summary>
    public static long MultiplyAdds(BrainSpec spec) => spec.Layers.Sum(l => (long)l.WeightCount);

    /// <summary>Multiply-adds of the input gradients (BP2) of one sample: every layer but the first.</summary>
    public static long InputGradientMultiplyAdds(BrainSpec spec) => spec.Layers.Skip(1).Sum(l => (long)l.WeightCount);

    /// <summary>Uniform values in [-1, 1) from a seed.</summary>
    public static float[] RandomValues(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)random.NextDouble(-1, 1);
        }

        return values;
    }

    /// <summary>A cohort of <paramref name="agents"/> own-weight brains with random inputs.</summary>
    public static BrainCohort Cohort(BrainSpec spec, int agents, CohortOptions options)
    {
        var cohort = new BrainCohort(spec, options with { InitialCapacity = agents });
        for (var i = 0; i < agents; i++)
        {
            cohort.Add();
        }

        RandomValues(agents * spec.InputSize, 1).CopyTo(cohort.Inputs);
        return cohort;
    }

    /// <summary>A reference network holding the float parameters of one agent of a cohort.</summary>
    public static ReferenceNetwork ReferenceOf(BrainCohort cohort, int row)
    {
        var flat = new float[cohort.ParameterCount];
        cohort.GetParameters(cohort.HandleAt(row), flat);
        var network = new ReferenceNetwork(cohort.Spec);
        network.SetParameters(flat.Select(f => (double)f).ToArray());
        return network;
    }
}
