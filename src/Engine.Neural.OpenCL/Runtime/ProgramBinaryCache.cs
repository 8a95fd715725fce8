namespace Engine.Neural.OpenCL;

/// <summary>
/// Compiled program binaries on disk, one file per key. The key hashes the device (platform,
/// name, driver and OpenCL versions), the build options and the whole source, so a driver
/// update or a changed kernel simply misses and rebuilds.
/// </summary>
internal sealed class ProgramBinaryCache
{
    /// <summary>Environment variable naming the cache folder (overridden by <see cref="OpenClOptions.CacheDirectory"/>).</summary>
    public const string DirectoryVariable = "ENGINE_OPENCL_CACHE_DIR";

    public ProgramBinaryCache(string? directory)
    {
        Directory = directory
            ?? Environment.GetEnvironmentVariable(DirectoryVariable)
            ?? Path.Combine(DefaultRoot(), "Engine.Neural", "opencl-cache");
    }

    public string Directory { get; }

    public string PathOf(string key) => Path.Combine(Directory, key + ".bin");

    public byte[]? TryLoad(string key)
    {
        try
        {
            var path = PathOf(key);
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes atomically (temp file, then rename), so a half-written binary is never read.</summary>
    public void Store(string key, byte[] binary)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var temporary = PathOf(key) + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temporary, binary);
            File.Move(temporary, PathOf(key), overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full disk costs the next start a compile, nothing more.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    public void Forget(string key)
    {
        try
        {
            File.Delete(PathOf(key));
        }
        catch (IOException)
        {
            // Best effort: the next load fails again and rebuilds from source.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    private static string DefaultRoot()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(local) ? Path.GetTempPath() : local;
    }
}
