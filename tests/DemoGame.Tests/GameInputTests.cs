using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Platform;
using DemoGame.Presentation.Rendering;

namespace DemoGame.Tests;

public class GameInputTests
{
    private static FruitGame NewGame() =>
        new(new GameSettings { FruitPerSecond = 0, Agents = [AgentKind.Defaults[0], AgentKind.Defaults[2]] });

    [Test]
    public void ClicksPlaceTomatoesAndShiftClicksGrapesWhereTheMouseIs()
    {
        using var game = NewGame();
        var layout = new ScreenLayout(1280, 720, game.Agents.Count);
        var input = new GameInput(game, layout);
        var (x, y) = layout.ToScreen(0.25f, -0.5f);

        input.MouseClicked(Glfw.MouseButtonLeft, shift: false, x, y);
        input.MouseClicked(Glfw.MouseButtonLeft, shift: true, x, y);

        Assert.That(game.Landed, Has.Count.EqualTo(2));
        Assert.That(game.Landed[0].Kind, Is.EqualTo(FruitKind.Tomato));
        Assert.That(game.Landed[1].Kind, Is.EqualTo(FruitKind.Grape));
        Assert.That(game.Landed[0].X, Is.EqualTo(0.25f).Within(1e-4f));
        Assert.That(game.Landed[0].Y, Is.EqualTo(-0.5f).Within(1e-4f));
    }

    [Test]
    public void RightClickRemovesTheNearestFruitOnly()
    {
        using var game = NewGame();
        var layout = new ScreenLayout(1280, 720, game.Agents.Count);
        var input = new GameInput(game, layout);
        game.Place(0.5f, 0.5f, FruitKind.Tomato);
        game.Place(-0.5f, -0.5f, FruitKind.Grape);
        var (x, y) = layout.ToScreen(-0.52f, -0.49f);

        input.MouseClicked(Glfw.MouseButtonRight, shift: false, x, y);

        Assert.That(game.Landed, Has.Count.EqualTo(1));
        Assert.That(game.Landed[0].Kind, Is.EqualTo(FruitKind.Tomato));

        // Nothing within reach: nothing goes.
        input.MouseClicked(Glfw.MouseButtonRight, shift: false, x, y);
        Assert.That(game.Landed, Has.Count.EqualTo(1));
    }

    [Test]
    public void KeysPauseStepAndSelect()
    {
        using var game = NewGame();
        var layout = new ScreenLayout(1280, 720, game.Agents.Count);
        var input = new GameInput(game, layout);

        input.KeyPressed(' ', shift: false);
        game.Update();
        Assert.That((game.Paused, game.Frame), Is.EqualTo((true, 0)));
        input.KeyPressed('S', shift: false);
        Assert.That(game.Frame, Is.EqualTo(1));
        input.KeyPressed('2', shift: false);
        Assert.That(game.Selected, Is.EqualTo(1));
        input.KeyPressed('9', shift: false);
        Assert.That(game.Selected, Is.EqualTo(1), "there is no ninth agent");

        var thumbnail = layout.Thumbnails[0];
        input.MouseClicked(Glfw.MouseButtonLeft, shift: false, thumbnail.X + 5, thumbnail.Y + 5);
        Assert.That(game.Selected, Is.EqualTo(0));
        Assert.That(game.Landed, Is.Empty, "a click on a thumbnail places no fruit");
    }

    [Test]
    public void F1OpensAndClosesTheHelpCard()
    {
        using var game = NewGame();
        var input = new GameInput(game, new ScreenLayout(1280, 720, game.Agents.Count));
        Assert.That(game.ShowHelp, Is.False);
        input.KeyPressed(290, shift: false);
        Assert.That(game.ShowHelp, Is.True);
        input.KeyPressed(290, shift: false);
        Assert.That(game.ShowHelp, Is.False);
    }
}
