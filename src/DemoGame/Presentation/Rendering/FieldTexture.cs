using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>A square single-channel float texture holding a brain's output on a grid (bottom row first).</summary>
internal sealed class FieldTexture : IDisposable
{
    private readonly GL _gl;

    /// <summary>Creates a <paramref name="resolution"/>² texture filled with 0.5 (undecided).</summary>
    public FieldTexture(GL gl, int resolution)
    {
        _gl = gl;
        Resolution = resolution;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Linear);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Linear);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        var undecided = new float[resolution * resolution];
        Array.Fill(undecided, 0.5f);
        gl.TexImage2D<float>(TextureTarget.Texture2D, 0, InternalFormat.R32f, (uint)resolution, (uint)resolution, 0, PixelFormat.Red, PixelType.Float, undecided);
    }

    /// <summary>The GL texture object.</summary>
    public uint Handle { get; }

    /// <summary>Cells per side.</summary>
    public int Resolution { get; }

    /// <summary>Uploads so far: pictures painted from this texture are stale once it moves on.</summary>
    public int Version { get; private set; }

    /// <summary>Replaces the texture's contents with <paramref name="values"/> (Resolution² floats).</summary>
    public void Upload(ReadOnlySpan<float> values)
    {
        if (values.Length != Resolution * Resolution)
        {
            throw new ArgumentException($"FieldTexture: expected {Resolution * Resolution} values, got {values.Length}.", nameof(values));
        }

        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)Resolution, (uint)Resolution, PixelFormat.Red, PixelType.Float, values);
        Version++;
    }

    /// <inheritdoc/>
    public void Dispose() => _gl.DeleteTexture(Handle);
}
