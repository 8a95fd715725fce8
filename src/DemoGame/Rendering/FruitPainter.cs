using DemoGame.Play;
using Silk.NET.OpenGL;

namespace DemoGame.Rendering;

/// <summary>Draws every fruit (landed and flying) as instanced quads: one draw call for shadows, one for fruit.</summary>
internal sealed class FruitPainter : IDisposable
{
    private const int FloatsPerFruit = 5;

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vao;
    private readonly uint _instances;
    private readonly (int Viewport, int Board, int Shadow) _uniforms;
    private float[] _staging = new float[1024 * FloatsPerFruit];
    private int _capacity;

    /// <summary>Loads the shader and sets up the instance buffer.</summary>
    public FruitPainter(GL gl)
    {
        _gl = gl;
        _program = ShaderProgram.Load(gl, "fruit.vert", "fruit.frag");
        _uniforms = (_program.Uniform("uViewport"), _program.Uniform("uBoardRect"), _program.Uniform("uShadow"));
        _vao = gl.GenVertexArray();
        _instances = gl.GenBuffer();
        gl.BindVertexArray(_vao);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instances);
        unsafe
        {
            gl.VertexAttribPointer(0, 4, VertexAttribPointerType.Float, false, FloatsPerFruit * sizeof(float), (void*)0);
            gl.VertexAttribPointer(1, 1, VertexAttribPointerType.Float, false, FloatsPerFruit * sizeof(float), (void*)(4 * sizeof(float)));
        }

        gl.EnableVertexAttribArray(0);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribDivisor(0, 1);
        gl.VertexAttribDivisor(1, 1);
    }

    /// <summary>Draws the game's fruit on the board of <paramref name="layout"/>.</summary>
    public void Draw(ScreenLayout layout, FruitGame game)
    {
        var count = game.Landed.Count + game.Flying.Count;
        if (count == 0)
        {
            return;
        }

        if (_staging.Length < count * FloatsPerFruit)
        {
            _staging = new float[count * 2 * FloatsPerFruit];
        }

        var radius = layout.Board.Width / 95f;
        var n = 0;

        // Indexed loops: foreach over the read-only list interfaces would box an enumerator every frame.
        var landed = game.Landed;
        for (var i = 0; i < landed.Count; i++)
        {
            var fruit = landed[i];
            Write(ref n, fruit.X, fruit.Y, radius, (float)fruit.Kind, 0f);
        }

        var flying = game.Flying;
        for (var i = 0; i < flying.Count; i++)
        {
            var fruit = flying[i];
            var (x, y) = fruit.Position();
            Write(ref n, x, y, radius, (float)fruit.Kind, MathF.Sin(MathF.PI * fruit.Progress));
        }

        _gl.BindVertexArray(_vao);
        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _instances);
        var data = _staging.AsSpan(0, count * FloatsPerFruit);
        if (_capacity < _staging.Length)
        {
            _capacity = _staging.Length;
            unsafe
            {
                _gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_capacity * sizeof(float)), null, BufferUsageARB.StreamDraw);
            }
        }

        _gl.BufferSubData<float>(BufferTargetARB.ArrayBuffer, 0, data);
        _program.Use();
        _gl.Uniform2(_uniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.Uniform4(_uniforms.Board, layout.Board.X, layout.Board.Y, layout.Board.Width, layout.Board.Height);
        _gl.Uniform1(_uniforms.Shadow, 1);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)count);
        _gl.Uniform1(_uniforms.Shadow, 0);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)count);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _program.Dispose();
        _gl.DeleteBuffer(_instances);
        _gl.DeleteVertexArray(_vao);
    }

    private void Write(ref int n, float x, float y, float radius, float kind, float lift)
    {
        var i = n * FloatsPerFruit;
        _staging[i] = x;
        _staging[i + 1] = y;
        _staging[i + 2] = radius;
        _staging[i + 3] = kind;
        _staging[i + 4] = lift;
        n++;
    }
}
