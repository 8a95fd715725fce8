using System.Runtime.InteropServices;

namespace DemoGame.Ui;

/// <summary>One vertex of the UI's geometry as the GPU reads it: 20 bytes.</summary>
/// <param name="X">Horizontal position in framebuffer pixels.</param>
/// <param name="Y">Vertical position in framebuffer pixels, top-left origin.</param>
/// <param name="U">Horizontal texture coordinate.</param>
/// <param name="V">Vertical texture coordinate.</param>
/// <param name="Color">The <see cref="UiColor.Packed"/> colour the texture is multiplied by.</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct UiVertex(float X, float Y, float U, float V, uint Color)
{
    /// <summary>The size of a vertex in bytes.</summary>
    public const int SizeInBytes = 20;
}
