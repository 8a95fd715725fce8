using DemoGame.Platform;
using DemoGame.Ui;
using Silk.NET.OpenGL;

namespace DemoGame.Tests.Ui;

public class UiRenderingTests
{
    [Test]
    public void APanelsLabelIsDrawnInTheTextColourInsideThePanelAndNowhereElse()
    {
        const int width = 400;
        const int height = 300;
        using var context = EglHeadlessContext.Create();
        var gl = context.Gl;
        using var target = new RenderTarget(gl, width, height);
        using var renderer = new UiRenderer(gl, UiDriver.Atlas);
        var ui = new UiContext(UiDriver.Atlas);
        var yellow = new UiColor(255, 230, 0);
        ui.Style.Text = yellow;
        ui.Begin(new UiInput(), width, height);
        ui.BeginPanel("Panel", 60, 50, 220);
        ui.Label("Hello, UI 0123456789");
        ui.EndPanel();
        ui.End();
        var panel = ui.LastPanelRect;

        target.Bind();
        gl.ClearColor(0f, 0f, 0f, 1f);
        gl.Clear(ClearBufferMask.ColorBufferBit);
        renderer.Render(ui.DrawList, width, height);
        var pixels = target.ReadPixels();

        var (inside, outside) = (0, 0);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = PixelProbe.At(pixels, width, x, y);
                if (r > 200 && g > 180 && b < 80)
                {
                    if (panel.Contains(x, y))
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }
        }

        Assert.That(inside, Is.GreaterThan(100), "the title and the label");
        Assert.That(outside, Is.Zero);
        Assert.That(renderer.LastDrawCalls, Is.EqualTo(1), "text and shapes share the atlas");

        // Inside the panel, away from text: the panel's colour over black; outside: black.
        var background = PixelProbe.At(pixels, width, (int)panel.Right - 4, (int)panel.Bottom - 4);
        var alpha = ui.Style.PanelBackground.A / 255f;
        Assert.That(background.R, Is.EqualTo(ui.Style.PanelBackground.R * alpha).Within(3));
        Assert.That(PixelProbe.At(pixels, width, (int)panel.Right + 5, (int)panel.Y + 5), Is.EqualTo((0, 0, 0)));
    }
}
