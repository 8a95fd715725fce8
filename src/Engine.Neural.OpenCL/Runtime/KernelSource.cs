using System.Security.Cryptography;
using System.Text;

namespace Engine.Neural.OpenCL;

/// <summary>The OpenCL C program of the brain kernels, read from the resources embedded from shaders/.</summary>
internal static class KernelSource
{
    // Order matters: the common helpers are used by the files after them.
    private static readonly string[] Files = ["brain_common.cl", "brain_forward.cl", "brain_update.cl", "brain_train.cl", "brain_shared.cl", "brain_samples.cl"];

    private static readonly Lazy<string> Embedded = new(Load);

    /// <summary>The whole program, every file in order.</summary>
    public static string Program => Embedded.Value;

    /// <summary>A hex SHA-256 of the given strings, for cache keys.</summary>
    public static string Hash(params string[] parts)
    {
        var text = string.Join("\n\u0001\n", parts);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string Load()
    {
        var assembly = typeof(KernelSource).Assembly;
        var builder = new StringBuilder();
        foreach (var file in Files)
        {
            using var stream = assembly.GetManifestResourceStream("kernels/" + file)
                ?? throw new OpenClException($"kernel source kernels/{file} is not embedded in {assembly.GetName().Name}");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            builder.Append(reader.ReadToEnd()).Append('\n');
        }

        return builder.ToString();
    }
}
