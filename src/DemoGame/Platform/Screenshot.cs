using StbImageWriteSharp;

namespace DemoGame.Platform;

/// <summary>Writes a frame read back from a <see cref="RenderTarget"/> as a PNG file.</summary>
internal static class Screenshot
{
    /// <summary>Writes top-down RGBA bytes as an opaque PNG at <paramref name="path"/>.</summary>
    public static void WritePng(string path, byte[] rgbaTopDown, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(rgbaTopDown);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        // The frame's alpha is whatever blending left behind; a screenshot must be opaque.
        var opaque = (byte[])rgbaTopDown.Clone();
        for (var i = 3; i < opaque.Length; i += 4)
        {
            opaque[i] = 255;
        }

        using var stream = File.Create(path);
        new ImageWriter().WritePng(opaque, width, height, ColorComponents.RedGreenBlueAlpha, stream);
    }
}
