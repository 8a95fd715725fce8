using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Platform;
using DemoGame.Presentation.Overlay;

namespace DemoGame.Tests;

/// <summary>
/// A window resized as a player resizes it: the size arrives through the same
/// <see cref="IWindowEvents"/> call the window's framebuffer callback makes, then clicks arrive
/// as mouse events. Each must land on what is drawn under it in the new frame.
/// </summary>
public class ResizeTests : HeadlessGlFixture
{
    [TestCase(960, 540)]
    [TestCase(1920, 1080)]
    [TestCase(700, 700)]
    public void AClickAfterAResizePlacesTheFruitWhereTheMouseIsInTheNewFrame(int width, int height)
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0, Agents = [AgentKind.Defaults[0], AgentKind.Defaults[2]] });
        game.Paused = true;
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        session.Frame();
        session.Input.Resized(width, height);
        session.Frame();
        Assert.That((session.Target.Width, session.Target.Height), Is.EqualTo((width, height)), "the frame is as large as the window, not stretched");
        var before = session.Target.ReadPixels();

        // A point a third of the way in from the board's top-left corner, found from the
        // drawn frame's board rectangle: a grape lands there and nowhere else.
        var board = session.Layout.Board;
        var (x, y) = (board.X + (board.Width / 3f), board.Y + (board.Height / 3f));
        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: true, x, y);
        session.Frame();
        var after = session.Target.ReadPixels();

        Assert.That(game.Landed, Has.Count.EqualTo(1));
        Assert.That(game.Landed[0].X, Is.EqualTo(-1f / 3f).Within(0.01f));
        Assert.That(game.Landed[0].Y, Is.EqualTo(1f / 3f).Within(0.01f));
        Assert.That(PixelProbe.Share(after, width, x, y, 2, PixelProbe.IsGrapePurple), Is.GreaterThan(0.8), "the grape is drawn under the mouse");
        Assert.That(Changed(before, after, width, x, y, 2), Is.GreaterThan(0.8), "and was not there before");
        var (farX, farY) = (board.X + (board.Width * 2f / 3f), board.Y + (board.Height * 2f / 3f));
        Assert.That(Changed(before, after, width, farX, farY, 6), Is.EqualTo(0), "nowhere else changed");
    }

    [Test]
    public void AClickOnACardAfterAResizeSelectsThatCardsAgent()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        var oldCard = session.Layout.Card(5);
        session.Input.Resized(960, 540);
        session.Frame();
        var card = session.Layout.Card(5);
        Assert.That(card, Is.Not.EqualTo(oldCard), "the cards moved with the resize");

        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: false, card.X + (card.Width / 2), card.Y + (card.Height / 2));

        Assert.That(game.Selected, Is.EqualTo(5));
        Assert.That(game.Landed, Is.Empty, "a card click places no fruit");
    }

    [Test]
    public void AfterAResizeTheOverlaysPlusButtonAddsANeuronInsteadOfHittingACard()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        game.Select(2);
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        session.Frame();
        session.Input.Resized(960, 540);
        session.Frame();
        session.Frame();
        var row = session.Overlay.RectOf("neurons 1");
        var side = session.Overlay.Ui.Style.RowHeight;
        var (x, y) = (row.Right - (side / 2), row.Y + (side / 2));
        Assert.That(x, Is.LessThan(960).And.GreaterThan(0));
        Assert.That(y, Is.LessThan(540).And.GreaterThan(0));

        session.Input.MouseMoved(x, y);
        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: false, x, y);
        session.Frame();
        session.Input.MouseReleased(Glfw.MouseButtonLeft, x, y);
        session.Frame();

        Assert.That(game.Agents[2].Kind.Spec.Hidden[0].Size, Is.EqualTo(4), "the + on the overlay was hit");
        Assert.That(game.Selected, Is.EqualTo(2), "no card was hit through the panel");
        Assert.That(game.Landed, Is.Empty);
    }

    [Test]
    public void AResizeToNothingKeepsTheLastLayout()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        var layout = session.Layout;

        session.Input.Resized(0, 0);
        session.Frame();

        Assert.That(session.Layout, Is.SameAs(layout), "a minimised window is not laid out at 0 x 0");
        Assert.That(session.Target.Width, Is.EqualTo(DemoRunner.Width));
    }

    // Share of a (2r+1)² patch around (x, y) whose colour moved by more than a little.
    private static double Changed(byte[] before, byte[] after, int width, float x, float y, int r)
    {
        var changed = 0;
        for (var dy = -r; dy <= r; dy++)
        {
            for (var dx = -r; dx <= r; dx++)
            {
                var (a, b) = (PixelProbe.At(before, width, (int)x + dx, (int)y + dy), PixelProbe.At(after, width, (int)x + dx, (int)y + dy));
                changed += Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B) > 60 ? 1 : 0;
            }
        }

        return changed / (double)((2 * r) + 1) / ((2 * r) + 1);
    }
}
