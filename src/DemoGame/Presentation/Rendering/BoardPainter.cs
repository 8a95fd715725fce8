using DemoGame.Model.Agents;
using DemoGame.Platform;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Rendering;

/// <summary>
/// Draws the big board in one pass: the selected agent's boundary with its cuts' sides lit,
/// and the landed fruit's layer over it (see <see cref="FruitPainter.LandedLayer"/>), so the
/// fruit cost one texture read per pixel however many there are.
/// </summary>
internal sealed class BoardPainter : IDisposable
{
    private const int MaxCuts = 16;
    private const int CutsPerGroup = 4;

    private readonly GL _gl;
    private readonly uint _vao;

    // One program per number of vec4s of cuts (board.vert, CUT_GROUPS): each tested side
    // costs every pixel, so the usual three cuts should not pay for sixteen.
    private readonly ShaderProgram[] _programs;
    private readonly Uniforms[] _uniforms;

    // The cuts' W1, W2 and B, each as four vec4s.
    private readonly float[] _cuts = new float[MaxCuts * 3];

    /// <summary>Loads the shaders.</summary>
    public BoardPainter(GL gl)
    {
        _gl = gl;
        _vao = gl.GenVertexArray();
        _programs = [.. Enumerable.Range(1, MaxCuts / CutsPerGroup).Select(groups => ShaderProgram.Load(gl, "board.vert", "board.frag", $"#define CUT_GROUPS {groups}"))];
        _uniforms = [.. _programs.Select(p => new Uniforms(
            p.Uniform("uViewport"),
            p.Uniform("uRect"),
            p.Uniform("uBoardRect"),
            p.Uniform("uField"),
            p.Uniform("uLanded"),
            p.Uniform("uCutW1"),
            p.Uniform("uCutW2"),
            p.Uniform("uCutB"),
            p.Uniform("uCutShade")))];
    }

    /// <summary>
    /// Draws the board of <paramref name="layout"/> from <paramref name="field"/> with
    /// <paramref name="cuts"/>' positive sides lit by <paramref name="cutShade"/>, and
    /// <paramref name="fruit"/>'s landed layer over it, into the bound framebuffer.
    /// </summary>
    public void Draw(ScreenLayout layout, FieldTexture field, ReadOnlySpan<CutLine> cuts, float cutShade, FruitPainter fruit)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(fruit);
        var count = Math.Min(cuts.Length, MaxCuts);
        var groups = Math.Max(1, (count + CutsPerGroup - 1) / CutsPerGroup);
        var (program, uniforms) = (_programs[groups - 1], _uniforms[groups - 1]);
        for (var i = 0; i < groups * CutsPerGroup; i++)
        {
            // A missing cut is the line 0 x + 0 y - 1 = 0, whose positive side is nowhere.
            (_cuts[i], _cuts[MaxCuts + i], _cuts[(2 * MaxCuts) + i]) = i < count ? (cuts[i].W1, cuts[i].W2, cuts[i].B) : (0f, 0f, -1f);
        }

        var (board, landed) = (layout.Board, fruit.LandedArea);
        program.Use();
        _gl.Uniform2(uniforms.Viewport, (float)layout.Width, layout.Height);
        _gl.Uniform4(uniforms.Rect, landed.X, landed.Y, landed.Width, landed.Height);
        _gl.Uniform4(uniforms.BoardRect, board.X, board.Y, board.Width, board.Height);
        _gl.Uniform4(uniforms.W1, (uint)groups, _cuts.AsSpan(0, groups * CutsPerGroup));
        _gl.Uniform4(uniforms.W2, (uint)groups, _cuts.AsSpan(MaxCuts, groups * CutsPerGroup));
        _gl.Uniform4(uniforms.B, (uint)groups, _cuts.AsSpan(2 * MaxCuts, groups * CutsPerGroup));
        _gl.Uniform1(uniforms.CutShade, cutShade);
        _gl.ActiveTexture(TextureUnit.Texture1);
        _gl.BindTexture(TextureTarget.Texture2D, fruit.LandedLayer.Texture);
        _gl.Uniform1(uniforms.Landed, 1);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, field.Handle);
        _gl.Uniform1(uniforms.Field, 0);

        // Inside the board the pass writes opaque pixels; outside it, the overhanging fruit
        // are premultiplied, like their layer.
        _gl.BlendFunc(BlendingFactor.One, BlendingFactor.OneMinusSrcAlpha);
        _gl.BindVertexArray(_vao);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var program in _programs)
        {
            program.Dispose();
        }

        _gl.DeleteVertexArray(_vao);
    }

    private readonly record struct Uniforms(int Viewport, int Rect, int BoardRect, int Field, int Landed, int W1, int W2, int B, int CutShade);
}
