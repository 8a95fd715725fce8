using Engine.Neural.Persistence;

namespace Engine.Neural.SaveCrashChild;

/// <summary>
/// The work the crash test's child process does, also run by the test itself to know what
/// every save held: a deterministic cohort, trained one step before each save. Save number
/// <c>k</c> holds the cohort after <c>k</c> steps, so its bytes can be recomputed in-process.
/// </summary>
public static class SaveLoop
{
    /// <summary>Agents in the cohort: enough that a save (with its flush to disk) takes far longer than a step.</summary>
    public const int Agents = 600;

    private static readonly BrainSpec Spec = new(2, [new LayerSpec(16, Activation.Tanh), new LayerSpec(16, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    /// <summary>The cohort before any step, the same in every process.</summary>
    public static BrainCohort NewCohort()
    {
        var cohort = new BrainCohort(Spec, new CohortOptions
        {
            Seed = 2026,
            SampleCapacity = 32,

            // Saves written in the child are compared bit for bit with saves recomputed in the
            // test: both processes must run the same width, not each its own measured one.
            VectorWidth = VectorWidth.Bits256,
            Training = new TrainingSettings { Optimizer = OptimizerKind.Adam, LearningRate = 0.01, BatchSize = 8 },
        });
        for (var i = 0; i < Agents; i++)
        {
            cohort.Add();
        }

        return cohort;
    }

    /// <summary>Step <paramref name="step"/> (from 1): every agent gets a sample, then one training step.</summary>
    public static void Step(BrainCohort cohort, int step)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        Span<float> input = stackalloc float[2];
        Span<float> target = stackalloc float[1];
        for (var row = 0; row < cohort.Count; row++)
        {
            input[0] = (float)Math.Sin((step * 0.37) + row);
            input[1] = (float)Math.Cos((step * 0.11) + (row * 2));
            target[0] = input[0] + input[1] > 0.2f ? 1f : 0f;
            cohort.AddSample(cohort.HandleAt(row), input, target);
        }

        cohort.TrainStep();
    }

    /// <summary>
    /// Steps and saves to <paramref name="path"/> for ever, writing "saving k" to
    /// <paramref name="report"/> before save k and "saved k" after it has returned; the test
    /// kills the process.
    /// </summary>
    public static void Run(string path, TextWriter report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var cohort = NewCohort();
        for (var step = 1; ; step++)
        {
            Step(cohort, step);
            report.WriteLine($"saving {step}");
            report.Flush();
            BrainFile.SaveCohort(path, cohort);
            report.WriteLine($"saved {step}");
            report.Flush();
        }
    }
}
