using Engine.Neural.Cpu;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// This assembly's entry point, for the fallback test's child process: the OpenCL ICD loader
/// reads OCL_ICD_VENDORS once per process, so "no platform" can only be shown in a fresh one.
/// Prints the log lines, whether OpenCL attached, and what the CPU did afterwards.
/// </summary>
public static class FallbackProbe
{
    public const string Argument = "--opencl-fallback-probe";

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] != Argument)
        {
            Console.Error.WriteLine($"This is a test assembly; run it with {Argument} to probe the CPU fallback.");
            return 2;
        }

        // Width choices are information, not the fallback's warnings: printed apart.
        BrainCohort.Log = line => Console.WriteLine((line.StartsWith(WidthTuner.LogPrefix, StringComparison.Ordinal) ? "WIDTH " : "LOG ") + line);
        var spec = new BrainSpec(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);
        using var cohort = new BrainCohort(spec, new CohortOptions { Seed = 5 });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.5f, -0.5f], [1f]);
        var before = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, before);
        var attached = cohort.UseOpenCl();
        var after = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, after);
        Console.WriteLine($"ATTACHED {attached}");
        Console.WriteLine($"INTACT {before.SequenceEqual(after)}");
        Console.WriteLine($"TRAINED {cohort.TrainStep()} BACKEND {cohort.BackendName}");
        return 0;
    }
}
