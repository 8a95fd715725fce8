namespace Engine.Neural.OpenCL.Tests;

/// <summary>
/// Keeps PoCL's kernel cache and our program-binary cache out of $HOME (scripts/test.sh sets
/// POCL_CACHE_DIR; a bare `dotnet test` gets a temp folder), before any OpenCL call.
/// </summary>
[SetUpFixture]
public sealed class OpenClTestSetup
{
    [OneTimeSetUp]
    public void PointCachesAtTempFolders()
    {
        SetIfMissing("POCL_CACHE_DIR", Path.Combine(Path.GetTempPath(), "engine-neural-pocl-cache"));
        SetIfMissing("ENGINE_OPENCL_CACHE_DIR", Path.Combine(Path.GetTempPath(), "engine-neural-opencl-cache"));
    }

    private static void SetIfMissing(string name, string value)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
