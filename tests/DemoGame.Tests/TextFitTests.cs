using DemoGame.App;
using DemoGame.Model;
using DemoGame.Presentation.Overlay;
using DemoGame.Presentation.Rendering;
using DemoGame.Ui;

namespace DemoGame.Tests;

/// <summary>
/// Every word the player can see stays on screen and inside the area it belongs to (the info
/// column, its card, its overlay panel), with the longest lines the game shows, at the three
/// window sizes a player is most likely to have; and the overlay, docked, never covers the
/// info column or a card.
/// </summary>
public class TextFitTests : HeadlessGlFixture
{
    private static readonly (int Width, int Height)[] Sizes = [(1280, 720), (960, 540), (1920, 1080)];

    [TestCaseSource(nameof(Sizes))]
    public void NoLineOfTheGamesTextLeavesTheScreenOrItsAreaOrRunsIntoAnother((int Width, int Height) size)
    {
        using var game = LongestTexts();
        using var session = new GameSession(Context.Gl, game, size.Width, size.Height);
        session.Frame();

        var boxes = session.Renderer.TextBoxes;
        Assert.That(boxes.Select(b => b.Text), Does.Contain("CONTROLS (F1 closes)").And.Contain("PAUSED"), "the help card and the pause are shown");
        Assert.That(string.Join(" ", boxes.Select(b => b.Text)), Does.Contain("nothing changed"), "the whole load error is shown, over as many lines as it needs");
        var screen = new ScreenRect(0, 0, size.Width, size.Height);
        foreach (var box in boxes)
        {
            Assert.That(Inside(box.Rect, screen), Is.True, $"'{box.Text}' {box.Rect} is on screen");
            Assert.That(Inside(box.Rect, box.Within), Is.True, $"'{box.Text}' {box.Rect} stays inside {box.Within}");
        }

        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                Assert.That(Overlap(boxes[i].Rect, boxes[j].Rect), Is.False, $"'{boxes[i].Text}' and '{boxes[j].Text}' are apart");
            }
        }
    }

    [TestCaseSource(nameof(Sizes))]
    public void WithTheOverlayOpenEveryGlyphIsOnScreenInsideItsPanelAndNoPanelCoversTheInfoColumnOrACard((int Width, int Height) size)
    {
        using var game = LongestTexts();
        using var session = new GameSession(Context.Gl, game, size.Width, size.Height);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        session.Frame();
        session.Frame();

        var overlay = session.Overlay;
        var panels = new[] { overlay.RectOf(DebugOverlay.TuningTitle), overlay.RectOf(DebugOverlay.InspectTitle) };
        var layout = session.Layout;
        var controls = overlay.RectOf(DebugOverlay.ControlsTitle);
        Assert.That(Inside(new ScreenRect(controls.X, controls.Y, controls.Width, controls.Height), layout.Controls), Is.True, $"the controls {controls} fit the room the layout keeps for them, {layout.Controls}");
        foreach (var panel in panels)
        {
            var rect = new ScreenRect(panel.X, panel.Y, panel.Width, panel.Height);
            Assert.That(Inside(rect, new ScreenRect(0, 0, size.Width, size.Height)), Is.True, $"panel {panel} is on screen");
            Assert.That(Overlap(rect, layout.Info), Is.False, $"panel {panel} is clear of the info column {layout.Info}");
            for (var i = 0; i < game.Agents.Count; i++)
            {
                Assert.That(Overlap(rect, layout.Card(i)), Is.False, $"panel {panel} is clear of card {i + 1}");
            }
        }

        var glyphs = 0;
        var (whiteU, whiteV) = (overlay.Ui.Atlas.WhiteU, overlay.Ui.Atlas.WhiteV);
        var vertices = overlay.Ui.DrawList.Vertices;
        foreach (var command in overlay.Ui.DrawList.Commands)
        {
            for (var q = command.FirstQuad; q < command.FirstQuad + command.QuadCount && command.Texture == 0; q++)
            {
                var (a, c) = (vertices[q * 4], vertices[(q * 4) + 2]);
                if (a.U == whiteU && a.V == whiteV)
                {
                    continue;
                }

                glyphs++;
                var quad = new UiRect(a.X, a.Y, c.X - a.X, c.Y - a.Y);
                Assert.That(quad.X >= 0 && quad.Y >= 0 && quad.Right <= size.Width && quad.Bottom <= size.Height, Is.True, $"glyph {quad} on screen");
                Assert.That(panels.Append(controls).Any(p => quad.X >= p.X && quad.Y >= p.Y && quad.Right <= p.Right && quad.Bottom <= p.Bottom), Is.True, $"glyph {quad} inside a panel");
            }
        }

        Assert.That(glyphs, Is.GreaterThan(200), "the panels hold text");
    }

    // A paused game with the help card open, a notice, and the longest load error there is.
    private static FruitGame LongestTexts()
    {
        var game = new FruitGame(new GameSettings { SaveFile = Path.Combine(Path.GetTempPath(), "no-such-folder", "a-rather-long-name-for-a-save-file.brains") });
        for (var i = 0; i < 30; i++)
        {
            game.Step();
        }

        game.ResetBrains();
        game.LoadBrains();
        game.ShowHelp = true;
        game.Paused = true;
        return game;
    }

    private static bool Inside(ScreenRect inner, ScreenRect outer) =>
        inner.X >= outer.X - 0.5f && inner.Y >= outer.Y - 0.5f && inner.X + inner.Width <= outer.X + outer.Width + 0.5f && inner.Y + inner.Height <= outer.Y + outer.Height + 0.5f;

    private static bool Overlap(ScreenRect a, ScreenRect b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
