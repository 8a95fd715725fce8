using System.Diagnostics;
using Engine.Neural.Tests;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>Every way OpenCL can be missing or broken leaves the cohort on the CPU, with one log line.</summary>
[NonParallelizable]
public class OpenClFallbackTests
{
    private static readonly BrainSpec Spec = new(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

    [Test]
    public void NoPlatformLeavesTheCohortOnTheCpuWithOneLogLine()
    {
        var empty = Directory.CreateTempSubdirectory("engine-no-icd-");
        try
        {
            var output = RunProbe(empty.FullName);
            var logs = output.Where(l => l.StartsWith("LOG ", StringComparison.Ordinal)).ToArray();
            Assert.That(logs, Has.Length.EqualTo(1), string.Join('\n', output));
            Assert.That(logs[0], Does.Contain("stays on the CPU").And.Contain("no OpenCL platform"));
            Assert.That(output, Does.Contain("ATTACHED False"));
            Assert.That(output, Does.Contain("INTACT True"));
            Assert.That(output, Does.Contain("TRAINED 1 BACKEND cpu"));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Test]
    public void AKernelThatDoesNotBuildLeavesTheCohortOnTheCpuWithOneLogLine()
    {
        using var log = new CapturedLog();
        var lines = log.Lines;
        using var cohort = new BrainCohort(Spec, new CohortOptions { Seed = 6 });
        var agent = cohort.Add();
        cohort.AddSample(agent, [0.25f, 0.75f], [0f]);
        var before = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, before);

        var broken = new OpenClOptions { SourceOverride = "__kernel void forward_layer(__global float* x) { x[0] = undefined_name; }" };
        Assert.That(cohort.UseOpenCl(broken), Is.False);

        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0], Does.Contain("stays on the CPU").And.Contain("did not build").And.Contain("undefined_name"));
        Assert.That(cohort.BackendName, Is.EqualTo("cpu"));
        var after = new float[cohort.ParameterCount];
        cohort.GetParameters(agent, after);
        Assert.That(after, Is.EqualTo(before), "parameters intact");
        Assert.That(cohort.TrainStep(), Is.EqualTo(1), "and the CPU trains");
    }

    [Test]
    public void AnUnknownDeviceChoiceLeavesTheCohortOnTheCpu()
    {
        using var log = new CapturedLog();
        var lines = log.Lines;
        using var cohort = new BrainCohort(Spec);
        cohort.Add();
        Assert.That(cohort.UseOpenCl(new OpenClOptions { Device = "no-such-device-anywhere" }), Is.False);
        Assert.That(lines.Single(), Does.Contain("'no-such-device-anywhere'"));
    }

    [Test]
    public void GpuOnlyAttachesToAGpuAndOtherwiseStaysOnTheCpu()
    {
        using var log = new CapturedLog();
        var lines = log.Lines;
        using var cohort = new BrainCohort(Spec);
        cohort.Add();
        var hasGpu = OpenClDiscovery.Discover().Devices.Any(d => d.IsGpu);
        Assert.That(cohort.UseOpenCl(new OpenClOptions { GpuOnly = true }), Is.EqualTo(hasGpu));
        Assert.That(cohort.BackendName, Is.EqualTo(hasGpu ? "opencl" : "cpu"));
        if (!hasGpu)
        {
            // PoCL's CPU device (CI, machines without a GPU): declined, and said why.
            Assert.That(lines.Single(), Does.Contain("no OpenCL GPU"));
        }
    }

    private static string[] RunProbe(string vendors)
    {
        var assembly = typeof(FallbackProbe).Assembly.Location;
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add(FallbackProbe.Argument);
        start.Environment["OCL_ICD_VENDORS"] = vendors;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "the probe did not finish in a minute");
        Assert.That(process.ExitCode, Is.Zero, stderr.Result);
        return stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
