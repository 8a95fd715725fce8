namespace Engine.Neural.OpenCL.Tests;

/// <summary>Compiled programs are cached on disk per device and source; a changed source misses.</summary>
[NonParallelizable]
public class ProgramBinaryCacheTests
{
    [Test]
    public void ASecondStartLoadsTheBinaryAndAChangedSourceRebuilds()
    {
        var (api, failure) = OpenClRuntime.LoadedLibrary;
        Assert.That(api, Is.Not.Null, failure);
        var found = OpenClDiscovery.Discover(api!);
        var (device, _) = OpenClDiscovery.Choose(found.Devices);
        Assert.That(device, Is.Not.Null);
        var folder = Directory.CreateTempSubdirectory("engine-opencl-cache-");
        try
        {
            var cache = new ProgramBinaryCache(folder.FullName);
            var first = OpenClRuntime.Create(api!, device!, KernelSource.Program, cache);
            Assert.That(first.LoadedFromCache, Is.False, "an empty cache compiles");
            Assert.That(folder.GetFiles("*.bin"), Has.Length.EqualTo(1));

            var second = OpenClRuntime.Create(api!, device!, KernelSource.Program, cache);
            Assert.That(second.LoadedFromCache, Is.True, "the same device and source load the binary");

            var changed = OpenClRuntime.Create(api!, device!, KernelSource.Program + "\n// changed\n", cache);
            Assert.That(changed.LoadedFromCache, Is.False, "a changed source is a different key");
            Assert.That(folder.GetFiles("*.bin"), Has.Length.EqualTo(2));

            // A corrupt file is not fatal: it is dropped and the program rebuilt from source.
            foreach (var file in folder.GetFiles("*.bin"))
            {
                File.WriteAllBytes(file.FullName, [1, 2, 3]);
            }

            var rebuilt = OpenClRuntime.Create(api!, device!, KernelSource.Program, cache);
            Assert.That(rebuilt.LoadedFromCache, Is.False);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
