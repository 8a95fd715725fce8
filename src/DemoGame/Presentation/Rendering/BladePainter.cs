using DemoGame.Model.Agents;
using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>Draws each cut as a blade slash across the board: a tapered glowing stroke between the line's board-edge endpoints.</summary>
internal sealed class BladePainter : IDisposable
{
    private const int FloatsPerVertex = 4;
    private const int VerticesPerBlade = 6;
    private const int MaxBlades = 16;

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vao;
    private readonly uint _vertices;
    private readonly (int Viewport, int Glow) _uniforms;
    private readonly float[] _staging = new float[MaxBlades * VerticesPerBlade * FloatsPerVertex];

    /// <summary>Loads the shader and the vertex buffer.</summary>
    public BladePainter(GL gl)
    {
        _gl = gl;
        _program = ShaderProgram.Load(gl, "blade.vert", "blade.frag");
        _uniforms = (_program.Uniform("uViewport"), _program.Uniform("uGlowColor"));
        _vao = gl.GenVertexArray();
        _vertices = gl.GenBuffer();
        gl.BindVertexArray(_vao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertices);
        unsafe
        {
            gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_staging.Length * sizeof(float)), null, BufferUsageARB.StreamDraw);
            gl.VertexAttribPointer(0, 2, VertexAttribPointerType.Float, false, FloatsPerVertex * sizeof(float), (void*)0);
            gl.VertexAttribPointer(1, 1, VertexAttribPointerType.Float, false, FloatsPerVertex * sizeof(float), (void*)(2 * sizeof(float)));
            gl.VertexAttribPointer(2, 1, VertexAttribPointerType.Float, false, FloatsPerVertex * sizeof(float), (void*)(3 * sizeof(float)));
        }

        gl.EnableVertexAttribArray(0);
        gl.EnableVertexAttribArray(1);
        gl.EnableVertexAttribArray(2);
    }

    /// <summary>Draws the cuts that cross the board, <paramref name="width"/> pixels wide.</summary>
    public void Draw(ScreenLayout layout, ReadOnlySpan<CutLine> cuts, float width)
    {
        var blades = 0;
        for (var i = 0; i < cuts.Length && blades < MaxBlades; i++)
        {
            if (!cuts[i].TryClipToBoard(out var start, out var end))
            {
                continue;
            }

            var a = layout.ToScreen(start.X, start.Y);
            var b = layout.ToScreen(end.X, end.Y);
            var (dx, dy) = (b.X - a.X, b.Y - a.Y);
            var length = MathF.Sqrt((dx * dx) + (dy * dy));
            var (nx, ny) = (-dy / length * width / 2, dx / length * width / 2);
            var v = blades * VerticesPerBlade * FloatsPerVertex;
            Vertex(ref v, a.X - nx, a.Y - ny, -1, 0);
            Vertex(ref v, a.X + nx, a.Y + ny, 1, 0);
            Vertex(ref v, b.X - nx, b.Y - ny, -1, 1);
            Vertex(ref v, a.X + nx, a.Y + ny, 1, 0);
            Vertex(ref v, b.X + nx, b.Y + ny, 1, 1);
            Vertex(ref v, b.X - nx, b.Y - ny, -1, 1);
            blades++;
        }

        if (blades == 0)
        {
            return;
        }

        _gl.BindVertexArray(_vao);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _vertices);
        _gl.BufferSubData<float>(BufferTargetARB.ArrayBuffer, 0, _staging.AsSpan(0, blades * VerticesPerBlade * FloatsPerVertex));
        _program.Use();
        _gl.Uniform2(_uniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.Uniform3(_uniforms.Glow, 0.10f, 0.62f, 1.0f);
        _gl.DrawArrays(PrimitiveType.Triangles, 0, (uint)(blades * VerticesPerBlade));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _program.Dispose();
        _gl.DeleteBuffer(_vertices);
        _gl.DeleteVertexArray(_vao);
    }

    private void Vertex(ref int v, float x, float y, float across, float along)
    {
        _staging[v++] = x;
        _staging[v++] = y;
        _staging[v++] = across;
        _staging[v++] = along;
    }
}
