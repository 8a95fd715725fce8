using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Platform;
using DemoGame.Presentation.Overlay;
using DemoGame.Presentation.Rendering;
using DemoGame.Ui;

namespace DemoGame.Tests.Overlay;

/// <summary>
/// The overlay driven the way a player drives it: synthetic mouse events through
/// <see cref="GameInput"/>, the same calls the GLFW callbacks make, one frame apart.
/// </summary>
public class DebugOverlayTests : HeadlessGlFixture
{
    [Test]
    public void TabOpensAndClosesTheOverlay()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        Assert.That(session.Overlay.Visible, Is.False);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        Assert.That(session.Overlay.Visible, Is.True);
        session.Input.KeyPressed(DebugOverlay.KeyF2, shift: false);
        Assert.That(session.Overlay.Visible, Is.False);
    }

    [Test]
    public void MovingTheLearningRateSliderChangesTheSelectedAgentsRateOnly()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = Open(game);
        var track = session.Overlay.RectOf("learning rate");

        // A quarter along a log slider from 1e-4 to 1 is 1e-3.
        Click(session, track.X + (track.Width * 0.25f), track.CenterY);

        var rate = game.SelectedAgent.Training.LearningRate;
        Assert.That(Math.Log10(rate), Is.EqualTo(-3.0).Within(0.05), $"rate {rate}");
        Assert.That(game.Agents.Where(a => a != game.SelectedAgent).Select(a => a.Training.LearningRate), Is.All.EqualTo(Agent.DefaultTraining.LearningRate));

        // Dragging carries on from the press to wherever the mouse goes.
        session.Input.MouseMoved(track.X + 2f, track.CenterY);
        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: false, track.X + 2f, track.CenterY);
        session.Frame();
        session.Input.MouseMoved(track.X + (track.Width * 0.75f), track.CenterY);
        session.Frame();
        session.Input.MouseReleased(Glfw.MouseButtonLeft, track.X + (track.Width * 0.75f), track.CenterY);
        session.Frame();
        Assert.That(Math.Log10(game.SelectedAgent.Training.LearningRate), Is.EqualTo(-1.0).Within(0.05));
    }

    [Test]
    public void WithApplyToAllTheSliderChangesEveryAgent()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = Open(game);
        var toggle = session.Overlay.RectOf("apply to all agents");
        Click(session, toggle.X + 8f, toggle.CenterY);
        Assert.That(session.Overlay.ApplyToAll, Is.True);

        // Three quarters along 1..128.
        var track = session.Overlay.RectOf("batch size");
        Click(session, track.X + (track.Width * 0.75f), track.CenterY);
        Assert.That(game.Agents.Select(a => a.Training.BatchSize), Is.All.InRange(95, 97));
        Assert.That(game.Agents.Select(a => a.Training.BatchSize).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void ThePlusButtonAddsANeuronAndTheBrainsSpecChanges()
    {
        using var game = new FruitGame(new GameSettings());
        game.Select(2);
        using var session = Open(game);
        var agent = game.SelectedAgent;
        Assert.That(agent.Kind.Spec.Hidden[0].Size, Is.EqualTo(3));
        var row = session.Overlay.RectOf("neurons 1");
        var side = session.Overlay.Ui.Style.RowHeight;

        Click(session, row.Right - (side / 2), row.Y + (side / 2));

        Assert.That(agent.Kind.Spec.Hidden[0].Size, Is.EqualTo(4));
        Assert.That(agent.Cohort.Spec, Is.EqualTo(agent.Kind.Spec), "the brain in the ECS registry has the new shape");
        Assert.That(agent.Parameters.Length, Is.EqualTo(agent.Kind.Spec.ParameterCount));
        Assert.That(agent.Kind.Name, Is.EqualTo("4 cuts"));
        Assert.That(NoticeText.Of(game.News), Does.Contain("fresh brain"));
        Assert.That(session.Overlay.Graph!.NodeCount(1), Is.EqualTo(4), "the diagram follows");

        // The minus button takes it back.
        row = session.Overlay.RectOf("neurons 1");
        Click(session, row.Right - side - 2f - (side / 2), row.Y + (side / 2));
        Assert.That(agent.Kind.Spec.Hidden[0].Size, Is.EqualTo(3));
    }

    [Test]
    public void HoveringAWeightInTheDiagramShowsThatWeight()
    {
        using var game = new FruitGame(new GameSettings());
        game.Select(2);
        using var session = Open(game);
        var overlay = session.Overlay;
        var graph = overlay.Graph!;
        Assert.That(Enumerable.Range(0, graph.ColumnCount).Select(graph.NodeCount), Is.EqualTo(new[] { 2, 3, 1 }));

        // The middle of the line from input x to the first hidden neuron.
        var area = overlay.RectOf("network");
        var from = overlay.Ui.GraphNodeRect(area, "##network", graph, 0, 0);
        var to = overlay.Ui.GraphNodeRect(area, "##network", graph, 1, 0);
        session.Input.MouseMoved((from.CenterX + to.CenterX) / 2, (from.CenterY + to.CenterY) / 2);
        game.Paused = true;
        session.Frame();

        Assert.That(overlay.LastGraphHit.HoveredEdge, Is.EqualTo(new UiGraphEdge(0, 0, 0)));
        var spec = game.SelectedAgent.Kind.Spec;
        Assert.That(graph.Edge(0, 0, 0), Is.EqualTo(game.SelectedAgent.Parameters[spec.WeightOffset(0)]), "the line is the weight from x to neuron 1");
        Assert.That(graph.Edge(1, 2, 0), Is.EqualTo(game.SelectedAgent.Parameters[spec.WeightOffset(1) + 2]), "and the output layer's from neuron 3");
    }

    [Test]
    public void TooltipsNameNeuronsAndWeightsInOneBasedWordsWithTheirValues()
    {
        using var game = new FruitGame(new GameSettings());
        game.Select(2);
        using var session = Open(game);
        var overlay = session.Overlay;
        var graph = overlay.Graph!;
        var area = overlay.RectOf("network");
        var spec = game.SelectedAgent.Kind.Spec;
        game.Paused = true;

        // The second hidden neuron: its name and its bias.
        var node = overlay.Ui.GraphNodeRect(area, "##network", graph, 1, 1);
        session.Input.MouseMoved(node.CenterX, node.CenterY);
        session.Frame();
        var bias = game.SelectedAgent.Parameters[spec.BiasOffset(0) + 1];
        Assert.That(overlay.Ui.FrameText.AsSpan().ToString(), Does.Contain("layer 1 neuron 2\nbias " + bias.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));

        // The weight from the second input to the third hidden neuron.
        var from = overlay.Ui.GraphNodeRect(area, "##network", graph, 0, 1);
        var to = overlay.Ui.GraphNodeRect(area, "##network", graph, 1, 2);
        session.Input.MouseMoved((from.CenterX + to.CenterX) / 2, (from.CenterY + to.CenterY) / 2);
        session.Frame();
        Assert.That(overlay.LastGraphHit.HoveredEdge, Is.EqualTo(new UiGraphEdge(0, 1, 2)));
        var weight = graph.Edge(0, 1, 2);
        Assert.That(overlay.Ui.FrameText.AsSpan().ToString(), Does.Contain("input 2 → layer 1 neuron 3\nweight " + weight.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void SwitchingTheBackendInTheOverlayKeepsTheParametersBitIdentical()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = Open(game);
        for (var i = 0; i < 30; i++)
        {
            session.Frame();
        }

        game.Paused = true;
        var before = game.Agents.Select(Download).ToArray();
        ChooseOption(session, "backend", 1);
        Assert.That(game.Backend, Is.EqualTo(BrainBackend.OpenCl), "OpenCL on PoCL (scripts/setup.sh installs it): " + NoticeText.Of(game.News));
        Assert.That(game.Agents.Select(Download), Is.EqualTo(before), "downloaded from the device, every parameter is the CPU's");

        ChooseOption(session, "backend", 0);
        Assert.That(game.Backend, Is.EqualTo(BrainBackend.Cpu));
        Assert.That(game.Agents.Select(Download), Is.EqualTo(before));
    }

    [Test]
    public void AClickOnAPanelDoesNotPlaceFruitButAClickOnTheBoardStillDoes()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var session = Open(game);

        // Docked, the panels leave the board alone; a player can drag one over it.
        var board = session.Layout.Board;
        session.Overlay.Ui.MovePanel(DebugOverlay.TuningTitle, board.X + 10, board.Y + 10);
        session.Frame();
        var panel = session.Overlay.RectOf(DebugOverlay.TuningTitle);
        Assert.That(session.Layout.Board.Contains(panel.X + 5, panel.Y + 40), Is.True, "the panel lies over the board");

        Click(session, panel.X + 5, panel.Y + 40);
        Assert.That(game.Landed, Is.Empty);

        var (x, y) = session.Layout.ToScreen(0.8f, -0.8f);
        Assert.That(panel.Contains(x, y), Is.False);
        Click(session, x, y);
        Assert.That(game.Landed, Has.Count.EqualTo(1));
    }

    [Test]
    public void TheOverlayIsDrawnWithTextWhereItsPanelsAre()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = new GameSession(Context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        game.Paused = true;
        session.Overlay.Visible = true;
        session.Frame();
        var with = session.Target.ReadPixels();
        var panel = session.Overlay.RectOf(DebugOverlay.TuningTitle);
        var title = new UiRect(panel.X + 20, panel.Y, 80, session.Overlay.Ui.Style.TitleHeight);

        // Collapsed, the panel is its title bar alone: what its body covered shows again.
        session.Overlay.Ui.SetPanelCollapsed(DebugOverlay.TuningTitle, true);
        session.Frame();
        var without = session.Target.ReadPixels();
        var body = panel with { Y = panel.Y + title.Height + 2, Height = panel.Height - title.Height - 2 };

        // The title's letters are near-white on the dark title bar.
        Assert.That(BrightShare(with, title), Is.GreaterThan(0.05).And.LessThan(0.6), "text, not a blank or white block");
        Assert.That(Changed(without, with, body), Is.GreaterThan(0.5), "the panel covers what was there");
        var info = session.Layout.Info;
        var outside = new UiRect(info.X, info.Y, info.Width, info.Height);
        Assert.That(Changed(without, with, outside), Is.LessThan(0.01), "nothing drawn outside the panels");
    }

    [Test]
    public void ASteadyFrameWithTheOverlayOpenAllocatesNothing()
    {
        using var game = new FruitGame(new GameSettings());
        using var session = Open(game);
        for (var i = 0; i < 250; i++)
        {
            session.Frame();
        }

        var perFrame = SteadyFrames.AssertAllocateNothing(session);
        Assert.That(session.Profile.LastAllocatedBytes, Is.EqualTo(perFrame[^1]), "the profiler shows what the frame allocated");
    }

    // A screen wide enough for the dock to hold both panels side by side, both open.
    private GameSession Open(FruitGame game)
    {
        var session = new GameSession(Context.Gl, game, 1920, 1080);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        session.Frame();
        session.Frame();
        return session;
    }

    // Press and release a frame apart, as a player's click spans frames.
    internal static void Click(GameSession session, float x, float y)
    {
        session.Input.MouseMoved(x, y);
        session.Input.MouseClicked(Glfw.MouseButtonLeft, shift: false, x, y);
        session.Frame();
        session.Input.MouseReleased(Glfw.MouseButtonLeft, x, y);
        session.Frame();
    }

    // Opens a dropdown and clicks its option: the list opens below the box (above it where the
    // screen ends), one row per option.
    internal static void ChooseOption(GameSession session, string control, int option)
    {
        var box = session.Overlay.RectOf(control);
        Click(session, box.CenterX, box.CenterY);
        var row = session.Overlay.Ui.Style.RowHeight;
        var height = (2 * row) + 2f;
        var top = box.Bottom + height <= DemoRunner.Height ? box.Bottom : box.Y - height;
        Click(session, box.CenterX, top + 1f + ((option + 0.5f) * row));
    }

    private static float[] Download(Agent agent)
    {
        var parameters = new float[agent.Cohort.ParameterCount];
        agent.Cohort.GetParameters(agent.Brain.Agent, parameters);
        return parameters;
    }

    private static double BrightShare(byte[] rgba, UiRect rect)
    {
        var (bright, all) = (0, 0);
        for (var y = (int)rect.Y; y < (int)rect.Bottom; y++)
        {
            for (var x = (int)rect.X; x < (int)rect.Right; x++)
            {
                var (r, g, b) = PixelProbe.At(rgba, DemoRunner.Width, x, y);
                bright += r > 180 && g > 180 && b > 180 ? 1 : 0;
                all++;
            }
        }

        return bright / (double)all;
    }

    private static double Changed(byte[] before, byte[] after, UiRect rect)
    {
        var (changed, all) = (0, 0);
        for (var y = Math.Max(0, (int)rect.Y); y < Math.Min(DemoRunner.Height, (int)rect.Bottom); y++)
        {
            for (var x = Math.Max(0, (int)rect.X); x < Math.Min(DemoRunner.Width, (int)rect.Right); x++)
            {
                var i = ((y * DemoRunner.Width) + x) * 4;
                changed += Math.Abs(before[i] - after[i]) + Math.Abs(before[i + 1] - after[i + 1]) + Math.Abs(before[i + 2] - after[i + 2]) > 12 ? 1 : 0;
                all++;
            }
        }

        return changed / (double)Math.Max(1, all);
    }
}
