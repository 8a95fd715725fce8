using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>Draws screen rectangles: the table background, flat panels and bars, and boundary fields.</summary>
internal sealed class QuadPainter : IDisposable
{
    private readonly GL _gl;
    private readonly uint _vao;
    private readonly ShaderProgram _background;
    private readonly ShaderProgram _solid;
    private readonly ShaderProgram _field;
    private readonly (int Viewport, int Rect, int Glow) _backgroundUniforms;
    private readonly (int Viewport, int Rect, int Color, int Radius) _solidUniforms;
    private readonly (int Viewport, int Rect, int Field) _fieldUniforms;

    /// <summary>Loads the shaders.</summary>
    public QuadPainter(GL gl)
    {
        _gl = gl;
        // A core profile draws nothing without a bound vertex array, even with no attributes.
        _vao = gl.GenVertexArray();
        _background = ShaderProgram.Load(gl, "quad.vert", "background.frag");
        _solid = ShaderProgram.Load(gl, "quad.vert", "solid.frag");
        _field = ShaderProgram.Load(gl, "quad.vert", "boundary.frag");
        _backgroundUniforms = (_background.Uniform("uViewport"), _background.Uniform("uRect"), _background.Uniform("uGlow"));
        _solidUniforms = (_solid.Uniform("uViewport"), _solid.Uniform("uRect"), _solid.Uniform("uColor"), _solid.Uniform("uRadius"));
        _fieldUniforms = (_field.Uniform("uViewport"), _field.Uniform("uRect"), _field.Uniform("uField"));
    }

    /// <summary>The table under everything, with a warm glow centred on <paramref name="glowAt"/>.</summary>
    public void Background(ScreenLayout layout, ScreenRect glowAt)
    {
        _background.Use();
        Place(_backgroundUniforms.Viewport, _backgroundUniforms.Rect, layout, new ScreenRect(0, 0, layout.Width, layout.Height));
        var cx = (glowAt.X + (glowAt.Width / 2)) / layout.Width;
        var cy = 1f - ((glowAt.Y + (glowAt.Height / 2)) / layout.Height);
        _gl.Uniform2(_backgroundUniforms.Glow, cx, cy);
        Draw();
    }

    /// <summary>A flat rectangle with rounded corners.</summary>
    public void Solid(ScreenLayout layout, ScreenRect rect, (float R, float G, float B, float A) color, float radius)
    {
        _solid.Use();
        Place(_solidUniforms.Viewport, _solidUniforms.Rect, layout, rect);
        _gl.Uniform4(_solidUniforms.Color, color.R, color.G, color.B, color.A);
        _gl.Uniform1(_solidUniforms.Radius, Math.Min(radius, Math.Min(rect.Width, rect.Height) / 2));
        Draw();
    }

    /// <summary>A boundary field in <paramref name="rect"/> (a thumbnail; <see cref="BoardPainter"/> draws the big board).</summary>
    public void Field(ScreenLayout layout, ScreenRect rect, FieldTexture texture)
    {
        _field.Use();
        Place(_fieldUniforms.Viewport, _fieldUniforms.Rect, layout, rect);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, texture.Handle);
        _gl.Uniform1(_fieldUniforms.Field, 0);
        Draw();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _background.Dispose();
        _solid.Dispose();
        _field.Dispose();
        _gl.DeleteVertexArray(_vao);
    }

    private void Place(int viewport, int rectUniform, ScreenLayout layout, ScreenRect rect)
    {
        _gl.Uniform2(viewport, (float)layout.Width, layout.Height);
        _gl.Uniform4(rectUniform, rect.X, rect.Y, rect.Width, rect.Height);
    }

    private void Draw()
    {
        _gl.BindVertexArray(_vao);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
    }
}
