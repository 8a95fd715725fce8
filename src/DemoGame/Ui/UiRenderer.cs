using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Ui;

/// <summary>
/// Draws a <see cref="UiDrawList"/> with OpenGL: uploads the glyph atlas once, streams the
/// frame's vertices into one buffer, and issues one indexed draw per texture run (text and
/// solid shapes share the atlas, so a UI without images is a single draw call). Drawing is
/// alpha blended over whatever framebuffer is bound, with depth test, culling and scissor off.
/// </summary>
internal sealed class UiRenderer : IDisposable
{
    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly int _viewportUniform;
    private readonly uint _vao;
    private readonly uint _vertexBuffer;
    private readonly uint _indexBuffer;
    private readonly uint _atlasTexture;
    private int _vertexCapacity;
    private int _quadCapacity;

    /// <summary>Loads shaders/ui.vert and shaders/ui.frag and uploads <paramref name="atlas"/> as a texture.</summary>
    public UiRenderer(GL gl, GlyphAtlas atlas)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        _gl = gl;
        _program = ShaderProgram.Load(gl, "ui.vert", "ui.frag");
        _viewportUniform = _program.Uniform("uViewport");
        _program.Use();
        gl.Uniform1(_program.Uniform("uTexture"), 0);

        _atlasTexture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, _atlasTexture);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 4);
        gl.TexImage2D<byte>(TextureTarget.Texture2D, 0, InternalFormat.Rgba8, (uint)atlas.Width, (uint)atlas.Height, 0, PixelFormat.Rgba, PixelType.UnsignedByte, atlas.Pixels);

        _vao = gl.GenVertexArray();
        _vertexBuffer = gl.GenBuffer();
        _indexBuffer = gl.GenBuffer();
        gl.BindVertexArray(_vao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertexBuffer);
        gl.BindBuffer(BufferTargetARB.ElementArrayBuffer, _indexBuffer);
        unsafe
        {
            gl.EnableVertexAttribArray(0);
            gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, UiVertex.SizeInBytes, (void*)0);
            gl.EnableVertexAttribArray(1);
            gl.VertexAttribPointer(1, 2, VertexAttribPointerType.Float, false, UiVertex.SizeInBytes, (void*)8);
            gl.EnableVertexAttribArray(2);
            gl.VertexAttribPointer(2, 4, VertexAttribPointerType.UnsignedByte, true, UiVertex.SizeInBytes, (void*)16);
        }

        gl.BindVertexArray(0);
    }

    /// <summary>GL draw calls the last <see cref="Render"/> made (one per texture run).</summary>
    public int LastDrawCalls { get; private set; }

    /// <summary>The atlas as a GL texture (what texture 0 in a draw list means).</summary>
    public uint AtlasTexture => _atlasTexture;

    /// <summary>
    /// Draws <paramref name="list"/> into the bound framebuffer, whose size is
    /// <paramref name="viewportWidth"/> x <paramref name="viewportHeight"/> pixels. Leaves blending
    /// on with (SrcAlpha, OneMinusSrcAlpha), the game's usual state.
    /// </summary>
    public void Render(UiDrawList list, int viewportWidth, int viewportHeight)
    {
        ArgumentNullException.ThrowIfNull(list);
        LastDrawCalls = 0;
        if (list.QuadCount == 0)
        {
            return;
        }

        _gl.BindVertexArray(_vao);
        Upload(list);
        _gl.Disable(EnableCap.DepthTest);
        _gl.Disable(EnableCap.CullFace);
        _gl.Disable(EnableCap.ScissorTest);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        _program.Use();
        _gl.Uniform2(_viewportUniform, (float)viewportWidth, viewportHeight);
        _gl.ActiveTexture(TextureUnit.Texture0);
        foreach (var command in list.Commands)
        {
            _gl.BindTexture(TextureTarget.Texture2D, command.Texture == 0 ? _atlasTexture : command.Texture);
            unsafe
            {
                _gl.DrawElements(PrimitiveType.Triangles, (uint)(command.QuadCount * 6), DrawElementsType.UnsignedInt, (void*)(command.FirstQuad * 6 * sizeof(uint)));
            }

            LastDrawCalls++;
        }

        _gl.BindVertexArray(0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _program.Dispose();
        _gl.DeleteTexture(_atlasTexture);
        _gl.DeleteBuffer(_vertexBuffer);
        _gl.DeleteBuffer(_indexBuffer);
        _gl.DeleteVertexArray(_vao);
    }

    // The vertices go into a buffer that grows to the largest frame so far (doubling); the
    // index buffer is the fixed quad pattern 0 1 2, 0 2 3, written only when it grows.
    private void Upload(UiDrawList list)
    {
        var vertices = list.Vertices;
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertexBuffer);
        if (vertices.Length > _vertexCapacity)
        {
            _vertexCapacity = Math.Max(vertices.Length, _vertexCapacity * 2);
            _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_vertexCapacity * UiVertex.SizeInBytes), ReadOnlySpan<byte>.Empty, BufferUsageARB.StreamDraw);
        }

        _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, vertices);
        if (list.QuadCount > _quadCapacity)
        {
            _quadCapacity = Math.Max(list.QuadCount, _quadCapacity * 2);
            var indices = new uint[_quadCapacity * 6];
            for (var q = 0; q < _quadCapacity; q++)
            {
                var (i, v) = (q * 6, (uint)(q * 4));
                (indices[i], indices[i + 1], indices[i + 2]) = (v, v + 1, v + 2);
                (indices[i + 3], indices[i + 4], indices[i + 5]) = (v, v + 2, v + 3);
            }

            _gl.BufferData<uint>(BufferTargetARB.ElementArrayBuffer, indices, BufferUsageARB.StaticDraw);
        }
    }
}
