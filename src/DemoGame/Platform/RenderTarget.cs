using Silk.NET.OpenGL;

namespace DemoGame.Platform;

/// <summary>
/// An offscreen framebuffer (one RGBA8 colour texture) the game draws every frame into. The
/// headless context has no other framebuffer; the window blits it to the screen. Screenshots
/// read it back.
/// </summary>
internal sealed class RenderTarget : IDisposable
{
    private readonly GL _gl;
    private readonly uint _framebuffer;
    private readonly uint _texture;

    /// <summary>Creates a <paramref name="width"/> x <paramref name="height"/> target.</summary>
    public RenderTarget(GL gl, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _gl = gl;
        Width = width;
        Height = height;
        _texture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, _texture);
        unsafe
        {
            gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)width, (uint)height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, null);
        }

        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Linear);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Linear);
        _framebuffer = gl.GenFramebuffer();
        gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        gl.FramebufferTexture2D(FramebufferTarget.Framebuffer, FramebufferAttachment.ColorAttachment0, TextureTarget.Texture2D, _texture, 0);
        var status = gl.CheckFramebufferStatus(FramebufferTarget.Framebuffer);
        if (status != GLEnum.FramebufferComplete)
        {
            throw new PlatformException($"The offscreen framebuffer is incomplete ({status}).");
        }
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Directs drawing into this target, over its whole area.</summary>
    public void Bind()
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.Viewport(0, 0, (uint)Width, (uint)Height);
    }

    /// <summary>
    /// Directs drawing into this target as if it were the part of a <paramref name="screenWidth"/> x
    /// <paramref name="screenHeight"/> screen whose bottom-left pixel (GL's rows run bottom-up) is
    /// (<paramref name="left"/>, <paramref name="bottom"/>): whatever is drawn in screen pixels lands
    /// on exactly the pixels it would cover on the screen, sampled at the same points.
    /// </summary>
    public void BindAsPartOf(int left, int bottom, int screenWidth, int screenHeight)
    {
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.Viewport(-left, -bottom, (uint)screenWidth, (uint)screenHeight);
    }

    /// <summary>
    /// Copies the pixels of this target inside (x, y, width, height) (GL's bottom-up pixels) to
    /// the same place in <paramref name="framebuffer"/>, and leaves that bound for drawing.
    /// </summary>
    public void CopyRegionTo(uint framebuffer, int x, int y, int width, int height)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, framebuffer);
        _gl.BlitFramebuffer(x, y, x + width, y + height, x, y, x + width, y + height, ClearBufferMask.ColorBufferBit, BlitFramebufferFilter.Nearest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, framebuffer);
    }

    /// <summary>The framebuffer object, for copies into this target.</summary>
    public uint Framebuffer => _framebuffer;

    /// <summary>Copies the target onto the window's framebuffer of the given size.</summary>
    public void BlitToScreen(int screenWidth, int screenHeight)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, 0);
        _gl.BlitFramebuffer(0, 0, Width, Height, 0, 0, screenWidth, screenHeight, ClearBufferMask.ColorBufferBit, BlitFramebufferFilter.Linear);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
    }

    /// <summary>The colour texture drawn into, for sampling once drawn.</summary>
    public uint Texture => _texture;

    /// <summary>Copies this target's pixels 1:1 into <paramref name="framebuffer"/> and leaves that bound for drawing.</summary>
    public void CopyTo(uint framebuffer)
    {
        _gl.BindFramebuffer(FramebufferTarget.ReadFramebuffer, _framebuffer);
        _gl.BindFramebuffer(FramebufferTarget.DrawFramebuffer, framebuffer);
        _gl.BlitFramebuffer(0, 0, Width, Height, 0, 0, Width, Height, ClearBufferMask.ColorBufferBit, BlitFramebufferFilter.Nearest);
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, framebuffer);
        _gl.Viewport(0, 0, (uint)Width, (uint)Height);
    }

    /// <summary>
    /// Reads the target as RGBA bytes, top row first (OpenGL's rows run bottom-up, image files'
    /// top-down, so the rows are flipped here).
    /// </summary>
    public byte[] ReadPixels()
    {
        var stride = Width * 4;
        var bottomUp = new byte[stride * Height];
        _gl.BindFramebuffer(FramebufferTarget.Framebuffer, _framebuffer);
        _gl.PixelStore(PixelStoreParameter.PackAlignment, 1);
        _gl.ReadPixels<byte>(0, 0, (uint)Width, (uint)Height, PixelFormat.Rgba, PixelType.UnsignedByte, bottomUp);
        var topDown = new byte[bottomUp.Length];
        for (var row = 0; row < Height; row++)
        {
            bottomUp.AsSpan(row * stride, stride).CopyTo(topDown.AsSpan((Height - 1 - row) * stride, stride));
        }

        return topDown;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _gl.DeleteFramebuffer(_framebuffer);
        _gl.DeleteTexture(_texture);
    }
}
