using DemoGame.App;
using DemoGame.Model;
using DemoGame.Platform;
using DemoGame.Presentation.Overlay;
using DemoGame.Ui;
using Engine.Neural.Persistence;

namespace DemoGame.Tests.Overlay;

/// <summary>The overlay's Save and Load buttons, clicked with the mouse: the same as F5 and F9.</summary>
public class SaveLoadButtonTests : HeadlessGlFixture
{
    [Test]
    public void TheSaveAndLoadButtonsSaveAndLoadAndThePicturesFollow()
    {
        var path = SaveLoadTests.PathFor("overlay.brains");
        using var game = SaveLoadTests.NewGame(path);
        game.Select(2);
        // Wide enough for the dock to show both panels open: the neuron pictures are drawn.
        using var session = new GameSession(Context.Gl, game, 1920, 1080);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        for (var i = 0; i < 40; i++)
        {
            session.Frame();
        }

        Click(session, session.Overlay.RectOf("save"));
        Assert.That(SaveLoadTests.Outcome(game), Is.EqualTo((GameEventKind.SaveSucceeded, SaveLoadTests.Succeeded(path))));
        Assert.That(File.Exists(path), Is.True);
        var saved = SaveLoadTests.InRegistry(game);

        for (var i = 0; i < 40; i++)
        {
            session.Frame();
        }

        game.Paused = true;
        session.Frame();
        var (refreshes, neurons) = (session.Renderer.BoundaryRefreshes, session.Overlay.Neurons.Redraws);
        Assert.That(SaveLoadTests.InRegistry(game), Is.Not.EqualTo(saved));

        Click(session, session.Overlay.RectOf("load"));
        Assert.That(SaveLoadTests.Outcome(game), Is.EqualTo((GameEventKind.LoadSucceeded, SaveLoadTests.Succeeded(path))));
        Assert.That(SaveLoadTests.InRegistry(game), Is.EqualTo(saved));

        // The button acts as the frame's overlay is built, after the board was drawn: the next frame draws the loaded brains.
        session.Frame();
        Assert.That(SaveLoadTests.Outcome(game).Kind, Is.EqualTo(GameEventKind.LoadSucceeded));
        Assert.That(SaveLoadTests.InRegistry(game), Is.EqualTo(saved));
        Assert.That(SaveLoadTests.Drawn(game), Is.EqualTo(saved));
        Assert.That(session.Renderer.BoundaryRefreshes, Is.GreaterThanOrEqualTo(refreshes + 1 + game.Agents.Count), "the board and every thumbnail are redrawn from the loaded weights");
        Assert.That(session.Overlay.Neurons.Redraws, Is.GreaterThan(neurons), "so are the neuron pictures");
        var spec = game.SelectedAgent.Kind.Spec;
        Assert.That(session.Overlay.Graph!.Edge(0, 0, 0), Is.EqualTo(game.SelectedAgent.Parameters[spec.WeightOffset(0)]), "and the diagram's weights");

        // A corrupt file through the button: refused, nothing changes.
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        Click(session, session.Overlay.RectOf("load"));
        Assert.That(SaveLoadTests.Outcome(game).Save.FileProblem, Is.EqualTo(BrainFileProblem.ChecksumMismatch));
        Assert.That(game.Status!.Value.IsFailure, Is.True);
        Assert.That(SaveLoadTests.InRegistry(game), Is.EqualTo(saved));

        // The game plays on.
        game.Paused = false;
        session.Frame();
        Assert.That(SaveLoadTests.InRegistry(game), Is.Not.EqualTo(saved));
    }

    // Press and release a frame apart, as a player's click spans frames.
    private static void Click(GameSession session, UiRect rect)
    {
        session.Input.MouseMoved(rect.CenterX, rect.CenterY);
        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: false, rect.CenterX, rect.CenterY);
        session.Frame();
        session.Input.MouseReleased(Glfw.MouseButtonLeft, rect.CenterX, rect.CenterY);
        session.Frame();
    }
}
