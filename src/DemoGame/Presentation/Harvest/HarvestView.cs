using DemoGame.Model.Harvest;
using DemoGame.Ui;

namespace DemoGame.Presentation.Harvest;

/// <summary>
/// Draws the Harvest level with the immediate-mode UI: the board with its fruit, every agent
/// as a small arrow (learners bright, the untrained grey), the selected agent's rays coloured
/// by what each sees, and a panel with the mean reward curves and the learning settings.
/// Everything is rebuilt each frame into one draw list; nothing is allocated.
/// </summary>
internal sealed class HarvestView
{
    /// <summary>Width of the side panel, pixels.</summary>
    public const float PanelWidth = 360f;

    private const float Margin = 16f;

    private static readonly UiColor Table = new(24, 26, 34);
    private static readonly UiColor Ground = new(46, 58, 44);
    private static readonly UiColor GrapeColor = new(150, 80, 200);
    private static readonly UiColor TomatoColor = new(225, 60, 45);
    private static readonly UiColor LearnerColor = new(240, 226, 170);
    private static readonly UiColor UntrainedColor = new(130, 134, 150);
    private static readonly UiColor SelectedColor = new(255, 200, 60);
    private static readonly UiColor RayMiss = new(255, 255, 255, 60);

    private readonly UiSeries[] _series = new UiSeries[2];

    /// <summary>Where the board is on screen, as of the last <see cref="Build"/>.</summary>
    public UiRect Board { get; private set; }

    /// <summary>Set when the panel's "restart" was pressed: the settings to start a fresh board with.</summary>
    public HarvestSettings? RestartWith { get; set; }

    // The settings the panel edits until "restart" applies them.
    private float _discount = float.NaN;
    private float _entropy;
    private float _learningRate;

    /// <summary>Lays the board out for a <paramref name="width"/> x <paramref name="height"/> screen: square, as large as fits beside the panel.</summary>
    public static UiRect BoardFor(int width, int height)
    {
        var side = MathF.Max(64f, MathF.Min(height - (2 * Margin), width - PanelWidth - (3 * Margin)));
        return new UiRect(Margin, (height - side) / 2, side, side);
    }

    /// <summary>The board point under screen pixel (x, y).</summary>
    public (float X, float Y) ToBoard(float x, float y) =>
        (((x - Board.X) / Board.Width * 2f) - 1f, 1f - ((y - Board.Y) / Board.Height * 2f));

    /// <summary>Builds the frame of <paramref name="game"/> into <paramref name="ui"/> (between its Begin and End).</summary>
    public void Build(UiContext ui, HarvestGame game, int width, int height)
    {
        Board = BoardFor(width, height);
        var list = ui.DrawList;
        list.AddRect(new UiRect(0, 0, width, height), Table);
        list.AddRect(Board, Ground);
        foreach (ref readonly var fruit in game.Fruit)
        {
            Disc(list, fruit.X, fruit.Y, fruit.Radius, fruit.Kind == HarvestGame.Grape ? GrapeColor : TomatoColor);
        }

        var agents = game.Agents;
        var size = game.Settings.AgentRadius * 1.6f;
        for (var i = 0; i < agents.Length; i++)
        {
            ref var body = ref game.World.Get<Forager>(agents[i]);
            Arrow(list, body.X, body.Y, body.Heading, size, i == game.Selected ? SelectedColor : body.Learns ? LearnerColor : UntrainedColor);
        }

        if (game.Selected >= 0 && game.Selected < agents.Length)
        {
            Rays(list, game, game.World.Get<Forager>(agents[game.Selected]));
        }

        Panel(ui, game, width);
    }

    private void Panel(UiContext ui, HarvestGame game, int width)
    {
        if (float.IsNaN(_discount))
        {
            (_discount, _entropy, _learningRate) = ((float)game.Settings.Policy.Discount, (float)game.Settings.Policy.EntropyBonus, (float)game.Settings.Training.LearningRate);
        }

        if (ui.BeginPanel("Harvest", width - PanelWidth - Margin, Margin, PanelWidth, UiPanelFlags.NoMove))
        {
            var text = ui.FrameText;
            var start = text.Length;
            text.Append("frame ").Append(game.Frame).Append(", ").Append(game.Settings.Learners).Append(" learning, ").Append(game.Settings.Untrained).Append(" untrained");
            ui.Label(text.Since(start));
            start = text.Length;
            text.Append("reward a 1,000 frames: ").Append(game.LearnerReward.Last, "F1").Append(" vs ").Append(game.UntrainedReward.Last, "F1");
            ui.Label(text.Since(start));
            _series[0] = new UiSeries(game.LearnerReward.Values, game.LearnerReward.Start, game.LearnerReward.Count, LearnerColor, "learners");
            _series[1] = new UiSeries(game.UntrainedReward.Values, game.UntrainedReward.Start, game.UntrainedReward.Count, UntrainedColor, "untrained");
            ui.LinePlot("mean reward (+1 grape, -1 tomato)", _series, 120f, float.NaN, float.NaN, "F0");
            var selected = game.World.Get<Forager>(game.Agents[game.Selected]);
            start = text.Length;
            text.Append("agent ").Append(game.Selected + 1).Append(selected.Learns ? " learns" : " untrained").Append(": ").Append(selected.Grapes).Append(" grapes, ").Append(selected.Tomatoes).Append(" tom.");
            ui.Label(text.Since(start));
            ui.Label("rate: at once; the rest on restart", ui.Style.TextDim);
            if (ui.SliderFloat("learning rate", ref _learningRate, 0.0003f, 0.1f, "F4", UiSliderScale.Logarithmic))
            {
                game.Cohort.Settings = game.Cohort.Settings with { LearningRate = _learningRate };
            }

            ui.SliderFloat("discount", ref _discount, 0f, 0.999f, "F3");
            ui.SliderFloat("entropy bonus", ref _entropy, 0f, 0.2f, "F3");
            if (ui.Button("restart with these settings"))
            {
                var s = game.Settings;
                RestartWith = s with
                {
                    Policy = s.Policy with { Discount = _discount, EntropyBonus = _entropy },
                    Training = s.Training with { LearningRate = _learningRate },
                };
            }

            ui.Label("click: a tomato, shift-click: a grape", ui.Style.TextDim);
            ui.Label("right-click: pick an agent; space: pause", ui.Style.TextDim);
        }

        ui.EndPanel();
    }

    private void Rays(UiDrawList list, HarvestGame game, Forager body)
    {
        var eyes = game.Eyes;
        var hits = game.SelectedHits;
        var (x0, y0) = ToScreen(body.X, body.Y);
        Span<float> seen = stackalloc float[eyes.Inputs];
        eyes.Sense(body.X, body.Y, body.Heading, game.Fruit, seen);
        for (var ray = 0; ray < eyes.Rays; ray++)
        {
            var angle = body.Heading + eyes.AngleOf(ray);
            var length = hits[ray];
            var (x1, y1) = ToScreen(body.X + (length * MathF.Cos(angle)), body.Y + (length * MathF.Sin(angle)));
            var color = seen[ray * 2] > 0 ? GrapeColor : seen[(ray * 2) + 1] > 0 ? TomatoColor : RayMiss;
            list.AddLine(x0, y0, x1, y1, 1.5f, color);
        }
    }

    private (float X, float Y) ToScreen(float x, float y) =>
        (Board.X + ((x + 1f) * 0.5f * Board.Width), Board.Y + ((1f - y) * 0.5f * Board.Height));

    // A fruit: a hexagon, six triangles around its centre.
    private void Disc(UiDrawList list, float x, float y, float radius, UiColor color)
    {
        var (cx, cy) = ToScreen(x, y);
        var r = radius * 0.5f * Board.Width;
        for (var k = 0; k < 6; k++)
        {
            var (a, b) = (k * MathF.PI / 3, (k + 1) * MathF.PI / 3);
            list.AddTriangle(cx, cy, cx + (r * MathF.Cos(a)), cy + (r * MathF.Sin(a)), cx + (r * MathF.Cos(b)), cy + (r * MathF.Sin(b)), color);
        }
    }

    // An agent: a triangle pointing where it heads (screen y runs down, hence the minus).
    private void Arrow(UiDrawList list, float x, float y, float heading, float size, UiColor color)
    {
        var (cx, cy) = ToScreen(x, y);
        var s = size * 0.5f * Board.Width;
        var (c, n) = (MathF.Cos(heading), -MathF.Sin(heading));
        list.AddTriangle(cx + (c * s * 1.4f), cy + (n * s * 1.4f), cx - (c * s) - (n * s * 0.8f), cy - (n * s) + (c * s * 0.8f), cx - (c * s) + (n * s * 0.8f), cy - (n * s) - (c * s * 0.8f), color);
    }
}
