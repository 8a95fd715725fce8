using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Platform;
using DemoGame.Presentation.Rendering;
using Silk.NET.OpenGL;

namespace DemoGame.Tests;

public class HeadlessRenderingTests
{
    [Test]
    public void TheEglContextRendersIntoTheFramebufferTopRowFirst()
    {
        using var context = EglHeadlessContext.Create();
        var gl = context.Gl;
        using var target = new RenderTarget(gl, 64, 32);
        using var quads = new QuadPainter(gl);
        var layout = new ScreenLayout(64, 32, 0);
        target.Bind();
        gl.ClearColor(0f, 0f, 1f, 1f);
        gl.Clear(ClearBufferMask.ColorBufferBit);
        gl.Disable(EnableCap.Blend);
        quads.Solid(layout, new ScreenRect(0, 0, 32, 16), (1f, 0f, 0f, 1f), 0f);

        var pixels = target.ReadPixels();

        Assert.That(pixels, Has.Length.EqualTo(64 * 32 * 4));
        Assert.That(PixelProbe.At(pixels, 64, 4, 4), Is.EqualTo((255, 0, 0)), "the red quad is in the top-left quarter");
        Assert.That(PixelProbe.At(pixels, 64, 60, 4), Is.EqualTo((0, 0, 255)));
        Assert.That(PixelProbe.At(pixels, 64, 4, 28), Is.EqualTo((0, 0, 255)), "rows are flipped to top-down");
    }

    [Test]
    public void AfterLearningTheTriangleTheBoardIsGrapePurpleInsideAndTomatoRedOutside()
    {
        using var game = new FruitGame(new GameSettings { Agents = [AgentKind.Defaults[2]], TrainStepsPerFrame = 12, FruitPerSecond = 120 });
        while (game.Agents[0].SolvedAtFrame is null && game.Frame < 900)
        {
            game.Step();
        }

        Assert.That(game.Agents[0].SolvedAtFrame, Is.Not.Null, "three cuts learn the triangle");
        game.Paused = true;
        game.Place(-0.8f, 0.8f, FruitKind.Tomato);
        game.Place(0.1f, -0.2f, FruitKind.Grape);
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, 1280, 720);
        session.Draw();
        var pixels = session.Target.ReadPixels();
        var layout = session.Layout;

        // Boundary: well inside the triangle, and far outside it where no cut's blade runs
        // (the triangle's edges, extended, pass near the bottom corners).
        var (ix, iy) = layout.ToScreen(-0.05f, 0f);
        Assert.That(PixelProbe.Share(pixels, 1280, ix, iy, 6, PixelProbe.IsGrapePurple), Is.GreaterThan(0.8));
        foreach (var (bx, by) in new[] { (0.85f, 0.85f), (-0.85f, 0.85f), (0f, -0.85f) })
        {
            var (x, y) = layout.ToScreen(bx, by);
            Assert.That(PixelProbe.Share(pixels, 1280, x, y, 6, PixelProbe.IsTomatoRed), Is.GreaterThan(0.8), $"at ({bx}, {by})");
        }

        // The fruit placed by hand have their class's colour at their centres.
        var tomato = layout.ToScreen(-0.8f, 0.8f);
        var grape = layout.ToScreen(0.1f, -0.2f);
        var t = PixelProbe.At(pixels, 1280, (int)tomato.X, (int)tomato.Y);
        var g = PixelProbe.At(pixels, 1280, (int)grape.X, (int)grape.Y);
        Assert.That(t.R > 150 && t.G < 90 && t.B < 90, Is.True, $"tomato centre {t}");
        Assert.That(g.B > g.R && g.R > g.G && g.G < 100, Is.True, $"grape centre {g}");
    }

    [Test]
    public void BoundariesAndTextAreRedrawnOnlyWhenTheyChange()
    {
        using var game = new FruitGame(new GameSettings { Agents = [AgentKind.Defaults[0], AgentKind.Defaults[2]], FruitPerSecond = 0 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, 320, 180);
        session.Draw();
        var (boundaries, text) = (session.Renderer.BoundaryRefreshes, session.Renderer.TextRedraws);
        Assert.That((boundaries, text), Is.EqualTo((3, 1)), "first frame: the board, two thumbnails, the text");

        // Nothing to learn from, nothing changes: nothing is redrawn.
        for (var i = 0; i < 5; i++)
        {
            session.Frame();
        }

        Assert.That((session.Renderer.BoundaryRefreshes, session.Renderer.TextRedraws), Is.EqualTo((3, 1)));

        // Selecting another agent redraws the board and the text.
        game.Select(1);
        session.Draw();
        Assert.That((session.Renderer.BoundaryRefreshes, session.Renderer.TextRedraws), Is.EqualTo((4, 2)));
    }

    [Test]
    public void TheHeadlessRunWritesAPngOfTheFrameSize()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demogame-test-{Environment.ProcessId}.png");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var code = DemoRunner.Run(new DemoOptions { Headless = true, Frames = 3, Screenshot = path }, ":0", output, error);

            Assert.That(code, Is.EqualTo(0), error.ToString());
            Assert.That(error.ToString(), Is.Empty);
            Assert.That(output.ToString(), Does.Contain($"screenshot: {path}"));
            Assert.That(PngSize(path), Is.EqualTo((DemoRunner.Width, DemoRunner.Height)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void WithoutADisplayTheDemoSaysSoInOneLineAndStillRenders()
    {
        var path = Path.Combine(Path.GetTempPath(), $"demogame-nodisplay-{Environment.ProcessId}.png");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            var code = DemoRunner.Run(new DemoOptions { Frames = 2, Screenshot = path }, display: null, output, error);

            Assert.That(code, Is.EqualTo(0));
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(1));
            Assert.That(lines[0], Does.Contain("no display").And.Contain("running headless"));
            Assert.That(File.Exists(path), Is.True);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // A PNG's IHDR chunk starts at byte 16: width and height, big-endian.
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.That(bytes[1..4], Is.EqualTo("PNG"u8.ToArray()));
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }
}
