using DemoGame.Model.Harvest;
using DemoGame.Ui;
using Engine.Neural;

namespace DemoGame.Presentation.Harvest;

/// <summary>
/// Draws the Harvest level with the immediate-mode UI: the board with its fruit, every agent
/// as a small arrow (learners bright, the untrained grey), the selected agent's rays coloured
/// by what each sees, and a panel with the mean reward curves, the selected agent's network
/// and the learning settings.
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

    // What the learning dropdown offers, in HarvestLearning's order.
    private static readonly string[] LearningNames = ["policy gradient", "evolution"];

    private readonly UiSeries[] _series = new UiSeries[2];
    private readonly Dictionary<string, UiRect> _controls = [];
    private LayeredGraphData? _graph;
    private BrainSpec? _graphSpec;

    /// <summary>Where the board is on screen, as of the last <see cref="Build"/>.</summary>
    public UiRect Board { get; private set; }

    /// <summary>Set when the panel's "restart" was pressed: the settings to start a fresh board with.</summary>
    public HarvestSettings? RestartWith { get; set; }

    /// <summary>The selected agent's network as the panel last showed it: its weights on the edges, its activations on the nodes.</summary>
    public LayeredGraphData? Graph => _graph;

    /// <summary>What the network diagram hovered last frame.</summary>
    public UiGraphHit LastGraphHit { get; private set; }

    /// <summary>
    /// Where a control was laid out in the last frame, by name ("network", "learning",
    /// "restart"...). For tests, which click there as a player would.
    /// </summary>
    public UiRect RectOf(string control) => _controls.TryGetValue(control, out var rect)
        ? rect
        : throw new ArgumentException($"HarvestView: no control \"{control}\" was laid out in the last frame.", nameof(control));

    // The settings the panel edits until "restart" applies them.
    private float _discount = float.NaN;
    private float _entropy;
    private float _learningRate;
    private int _learning;
    private int _generationFrames;
    private float _mutationScale;

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
            var s = game.Settings;
            (_discount, _entropy, _learningRate) = ((float)s.Policy.Discount, (float)s.Policy.EntropyBonus, (float)s.Training.LearningRate);
            (_learning, _generationFrames, _mutationScale) = ((int)s.Learning, s.Evolution.GenerationFrames, (float)s.Evolution.MutationScale);
        }

        if (ui.BeginPanel("Harvest", width - PanelWidth - Margin, Margin, PanelWidth, UiPanelFlags.NoMove))
        {
            var evolving = game.Settings.Learning == HarvestLearning.Evolution;
            var text = ui.FrameText;
            var start = text.Length;
            text.Append("frame ").Append(game.Frame).Append(", ").Append(game.Settings.Learners).Append(evolving ? " evolving, " : " learning, ").Append(game.Settings.Untrained).Append(" untrained");
            ui.Label(text.Since(start));
            start = text.Length;
            text.Append("reward a 1,000 frames, lately: ").Append(game.LearnerReward.Last, "F1").Append(" vs ").Append(game.UntrainedReward.Last, "F1");
            ui.Label(text.Since(start));
            _series[0] = new UiSeries(game.LearnerReward.Values, game.LearnerReward.Start, game.LearnerReward.Count, LearnerColor, evolving ? "evolving" : "learners");
            _series[1] = new UiSeries(game.UntrainedReward.Values, game.UntrainedReward.Start, game.UntrainedReward.Count, UntrainedColor, "untrained");
            ui.LinePlot("mean reward (+1 grape, -1 tomato)", _series, 110f, float.NaN, float.NaN, "F0");
            if (evolving)
            {
                start = text.Length;
                text.Append("generation ").Append(game.Generation + 1);
                if (game.Generation > 0)
                {
                    text.Append("; the last: best ").Append(game.FitnessCurve.Best.Last, "F0").Append(", mean ").Append(game.FitnessCurve.Mean.Last, "F1");
                }

                ui.Label(text.Since(start));
            }

            Network(ui, game);
            Settings(ui, game);
            ui.Label("click: a tomato, shift-click: a grape", ui.Style.TextDim);
            ui.Label("right-click: pick an agent; space: pause", ui.Style.TextDim);
        }

        ui.EndPanel();
    }

    // The selected agent: what it ate, and its network as it acted this frame (weights as lines,
    // each neuron coloured by its activation on what the agent sensed).
    private void Network(UiContext ui, HarvestGame game)
    {
        var selected = game.World.Get<Forager>(game.Agents[game.Selected]);
        var text = ui.FrameText;
        var start = text.Length;
        text.Append("agent ").Append(game.Selected + 1).Append(selected.Learns ? game.Settings.Learning == HarvestLearning.Evolution ? " evolves" : " learns" : " untrained").Append(": ").Append(selected.Grapes).Append(" grapes, ").Append(selected.Tomatoes).Append(" tom.");
        ui.Label(text.Since(start));
        var network = game.SelectedNetwork;
        if (_graph is null || _graphSpec != network.Spec)
        {
            _graph = NetworkGraph.For(network.Spec, "action");
            _graph.NodeValueName = "activation";
            _graphSpec = network.Spec;
        }

        NetworkGraph.ShowWeights(_graph, network.Spec, game.SelectedParameters);
        for (var c = 0; c < network.ColumnCount; c++)
        {
            var values = network.Column(c);
            values.CopyTo(_graph.NodeValues(c));
            var colors = _graph.NodeColors(c);
            for (var i = 0; i < values.Length; i++)
            {
                colors[i] = ActivationColor(ui.Style, values[i]);
            }
        }

        LastGraphHit = ui.LayeredGraph("rays, velocity → hidden → turn R, ahead, L", _graph, 190f, "F3");
        Remember(ui, "network");
    }

    // What the panel tunes: the learning rate at once, the rest on restart (a policy's learner
    // is made with its discount and entropy bonus, an evolving population with its search).
    private void Settings(UiContext ui, HarvestGame game)
    {
        ui.Label(_learning == (int)HarvestLearning.PolicyGradient ? "restart applies all but the learning rate" : "restart applies these settings", ui.Style.TextDim);
        ui.Dropdown("learning", ref _learning, LearningNames);
        Remember(ui, "learning");
        if (_learning == (int)HarvestLearning.PolicyGradient)
        {
            if (ui.SliderFloat("learning rate", ref _learningRate, 0.0003f, 0.1f, "F4", UiSliderScale.Logarithmic) && game.Learner is not null)
            {
                game.Cohort.Settings = game.Cohort.Settings with { LearningRate = _learningRate };
            }

            ui.SliderFloat("discount", ref _discount, 0f, 0.999f, "F3");
            ui.SliderFloat("entropy bonus", ref _entropy, 0f, 0.2f, "F3");
        }
        else
        {
            ui.SliderInt("generation, frames", ref _generationFrames, 50, 3000);
            ui.SliderFloat("mutation scale", ref _mutationScale, 0.01f, 2f, "F2", UiSliderScale.Logarithmic);
        }

        var restart = ui.Button("restart with these settings");
        Remember(ui, "restart");
        if (restart)
        {
            var s = game.Settings;
            RestartWith = s with
            {
                Learning = (HarvestLearning)_learning,
                Policy = s.Policy with { Discount = _discount, EntropyBonus = _entropy },
                Training = s.Training with { LearningRate = _learningRate },
                Evolution = s.Evolution with { GenerationFrames = _generationFrames, MutationScale = _mutationScale },
            };
        }
    }

    // The dictionary keeps its keys: no allocation once every control has been seen.
    private void Remember(UiContext ui, string control) => _controls[control] = ui.LastItemRect;

    // Positive activations shade towards the style's positive colour, negative ones towards its
    // negative colour, as the weights' lines do; zero is a plain node.
    private static UiColor ActivationColor(UiStyle style, float value)
    {
        var (target, share) = value >= 0 ? (style.PositiveEdge, Math.Min(1f, value)) : (style.NegativeEdge, Math.Min(1f, -value));
        var node = style.Node;
        return new UiColor(Mix(node.R, target.R, share), Mix(node.G, target.G, share), Mix(node.B, target.B, share));
    }

    private static byte Mix(byte from, byte to, float share) => (byte)MathF.Round(from + ((to - from) * share));

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
