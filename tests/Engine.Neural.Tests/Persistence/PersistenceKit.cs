using Engine.Neural.Persistence;

namespace Engine.Neural.Tests.Persistence;

/// <summary>Specs, deterministic training and state snapshots the persistence tests share.</summary>
internal static class PersistenceKit
{
    public static readonly BrainSpec Spec = new(2, [new LayerSpec(5, Activation.Tanh), new LayerSpec(3, Activation.LeakyReLU, 0.05)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    public static readonly BrainSpec OtherSpec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    public static CohortOptions Options(OptimizerKind optimizer, bool shared = false) => new()
    {
        Seed = 11,
        SampleCapacity = 8,
        Sampling = BatchSampling.Random,
        SharedParameters = shared,
        Training = new TrainingSettings { Optimizer = optimizer, LearningRate = optimizer == OptimizerKind.Adam ? 0.01 : 0.1, BatchSize = 4 },
    };

    /// <summary>A cohort of <paramref name="agents"/> agents, one removed in the middle so the handle table has a free id.</summary>
    public static BrainCohort Cohort(OptimizerKind optimizer, int agents = 5, bool shared = false)
    {
        var cohort = new BrainCohort(Spec, Options(optimizer, shared));
        for (var i = 0; i < agents + 1; i++)
        {
            cohort.Add();
        }

        cohort.Remove(cohort.HandleAt(1));
        cohort.SetLearning(cohort.HandleAt(2), false);
        cohort.SetLearningRateScale(cohort.HandleAt(0), 0.5f);
        return cohort;
    }

    /// <summary>
    /// Training steps <paramref name="from"/> to <paramref name="to"/> - 1: each step every agent
    /// gets one new sample (so rings wrap) and the cohort takes one step. Same step, same data.
    /// </summary>
    public static void Train(BrainCohort cohort, int from, int to)
    {
        for (var step = from; step < to; step++)
        {
            for (var row = 0; row < cohort.Count; row++)
            {
                var x = (float)Math.Sin((step * 0.37) + row);
                var y = (float)Math.Cos((step * 0.11) + (row * 2));
                cohort.AddSample(cohort.HandleAt(row), [x, y], [x + y > 0.2f ? 1f : 0f]);
            }

            cohort.TrainStep();
        }
    }

    /// <summary>The cohort's whole saved state: equal bytes, equal state.</summary>
    public static byte[] Snapshot(BrainCohort cohort)
    {
        using var stream = new MemoryStream();
        BrainFile.WriteCohort(stream, cohort);
        return stream.ToArray();
    }

    public static int[] ParameterBits(BrainCohort cohort)
    {
        var all = new List<int>();
        var parameters = new float[cohort.ParameterCount];
        for (var row = 0; row < cohort.Count; row++)
        {
            cohort.GetParameters(cohort.HandleAt(row), parameters);
            all.AddRange(parameters.Select(BitConverter.SingleToInt32Bits));
        }

        return [.. all];
    }

    public static string TempPath(string name) => Path.Combine(TestContext.CurrentContext.WorkDirectory, "persistence-" + TestContext.CurrentContext.Test.ID + "-" + name);
}
