namespace Engine.Neural.OpenCL.Tests;

public class OpenClDiscoveryTests
{
    private static readonly OpenClDeviceInfo Cpu = new("Portable Computing Language", "pthread-cpu", false, 2, 1L << 30, 1, 11);
    private static readonly OpenClDeviceInfo SmallGpu = new("Vendor A", "Small GPU", true, 8, 1L << 32, 2, 21);
    private static readonly OpenClDeviceInfo BigGpu = new("Vendor B", "Big GPU", true, 64, 1L << 34, 3, 31);

    [Test]
    public void DiscoversAtLeastOneDeviceOnThisMachine()
    {
        // scripts/setup.sh installs PoCL, so every machine that runs the tests has a device.
        var result = OpenClDiscovery.Discover();

        Assert.That(result.Failure, Is.Null, "discovery failed; is pocl-opencl-icd installed (scripts/setup.sh)?");
        Assert.That(result.Devices, Is.Not.Empty);
        Assert.That(result.Devices.All(d => d.ComputeUnits >= 1 && d.GlobalMemoryBytes > 0 && d.DeviceName.Length > 0), Is.True);
    }

    [Test]
    public void PrefersTheGpuWithMostComputeUnits()
    {
        var (device, reason) = OpenClDiscovery.Choose([Cpu, SmallGpu, BigGpu], preference: "");
        Assert.That(reason, Is.Null);
        Assert.That(device, Is.EqualTo(BigGpu));
    }

    [Test]
    public void FallsBackToTheFirstDeviceWithoutAGpu()
    {
        var (device, _) = OpenClDiscovery.Choose([Cpu], preference: "");
        Assert.That(device, Is.EqualTo(Cpu));
    }

    [TestCase("0", 0)]
    [TestCase("2", 2)]
    [TestCase("small", 1)]
    [TestCase("portable", 0)]
    public void HonoursAnExplicitChoice(string preference, int expected)
    {
        OpenClDeviceInfo[] devices = [Cpu, SmallGpu, BigGpu];
        var (device, reason) = OpenClDiscovery.Choose(devices, preference);
        Assert.That(reason, Is.Null);
        Assert.That(device, Is.EqualTo(devices[expected]));
    }

    [TestCase("7", "index 7")]
    [TestCase("quantum", "'quantum'")]
    public void ExplainsAChoiceThatMatchesNothing(string preference, string named)
    {
        var (device, reason) = OpenClDiscovery.Choose([Cpu, SmallGpu], preference);
        Assert.That(device, Is.Null);
        Assert.That(reason, Does.Contain(named));
    }

    [Test]
    public void NoDevicesIsAReasonNotAnException()
    {
        var (device, reason) = OpenClDiscovery.Choose([], preference: null);
        Assert.That(device, Is.Null);
        Assert.That(reason, Does.Contain("no OpenCL device"));
    }
}
