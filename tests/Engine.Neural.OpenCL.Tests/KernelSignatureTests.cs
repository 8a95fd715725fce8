using System.Text.RegularExpressions;

namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// The host's argument table matches the kernel sources, and a launch whose arguments drift from
/// the table fails with the kernel's name before anything reaches the device.
/// </summary>
[NonParallelizable]
public partial class KernelSignatureTests
{
    [Test]
    public void TheHostTableMatchesEveryKernelDeclaredInTheSources()
    {
        var declared = new Dictionary<string, string>();
        foreach (Match kernel in KernelDeclaration().Matches(KernelSource.Program))
        {
            var kinds = kernel.Groups["args"].Value
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(Kind);
            declared[kernel.Groups["name"].Value] = string.Concat(kinds);
        }

        Assert.That(declared.Keys, Is.EquivalentTo(OpenClRuntime.KernelNames), "every kernel in the sources is in the host table and no other");
        for (var k = 0; k < OpenClRuntime.KernelNames.Length; k++)
        {
            Assert.That(OpenClRuntime.KernelSignatures[k], Is.EqualTo(declared[OpenClRuntime.KernelNames[k]]), OpenClRuntime.KernelNames[k]);
        }
    }

    [Test]
    public void ALaunchWithAMisplacedMissingOrExtraArgumentFailsNamingTheKernel()
    {
        var runtime = Runtime();
        var counters = new OpenClCounters();
        using var buffer = new DeviceBuffer(runtime, counters, 64);

        lock (runtime.Sync)
        {
            var wrongKind = runtime.Begin("forward_pass", counters);
            var kind = Assert.Throws<OpenClException>(() => wrongKind.Float(1f));
            Assert.That(kind!.Message, Does.Contain("forward_pass argument 0 is declared 'i'"));

            var missing = runtime.Begin("scatter_samples", counters);
            missing.Int(0);
            missing.Int(0);
            missing.Int(0);
            var tooFew = Assert.Throws<OpenClException>(() => missing.Launch(0));
            Assert.That(tooFew!.Message, Does.Contain("kernel scatter_samples takes 8 arguments").And.Contain("3 were set"));

            var extra = runtime.Begin("scatter_samples", counters);
            extra.Int(0);
            extra.Int(0);
            extra.Int(0);
            for (var b = 0; b < 5; b++)
            {
                extra.Buffer(buffer);
            }

            var tooMany = Assert.Throws<OpenClException>(() => extra.Buffer(buffer));
            Assert.That(tooMany!.Message, Does.Contain("argument 8 ('B') is one too many"));
            Assert.That(counters.Launches, Is.Zero, "nothing was enqueued");
        }
    }

    private static OpenClRuntime Runtime()
    {
        var (api, failure) = OpenClRuntime.LoadedLibrary;
        Assert.That(api, Is.Not.Null, failure);
        var (device, _) = OpenClDiscovery.Choose(OpenClDiscovery.Discover(api!).Devices);
        Assert.That(device, Is.Not.Null);
        return OpenClRuntime.Get(api!, device!, KernelSource.Program, null);
    }

    private static string Kind(string parameter)
    {
        if (parameter.Contains('*', StringComparison.Ordinal))
        {
            return "B";
        }

        var type = parameter.Replace("const ", string.Empty, StringComparison.Ordinal).Trim().Split(' ')[0];
        return type switch
        {
            "int" => "i",
            "float" => "f",
            _ => throw new AssertionException($"kernel parameter '{parameter}' has a type the host cannot set"),
        };
    }

    [GeneratedRegex(@"__kernel\s+void\s+(?<name>\w+)\s*\((?<args>[^)]*)\)")]
    private static partial Regex KernelDeclaration();
}
