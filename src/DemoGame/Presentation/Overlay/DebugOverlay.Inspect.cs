using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Ui;
using Engine.Neural;

namespace DemoGame.Presentation.Overlay;

// The inspection panel: the selected agent's network (neurons as pictures, weights as lines),
// its curves beside the mean of all agents, and where the frame's time goes.
internal sealed partial class DebugOverlay
{
    private static readonly UiColor TrainColor = new(240, 150, 60);
    private static readonly UiColor TestColor = new(90, 170, 250);
    private static readonly UiColor MeanColor = new(170, 170, 185);
    private static readonly UiColor[] PhaseColors =
    [
        new(120, 200, 120), new(90, 170, 250), new(240, 150, 60), new(200, 120, 220), new(230, 210, 90), new(160, 160, 170),
    ];

    private readonly UiSeries[] _lossSeries = new UiSeries[3];
    private readonly UiSeries[] _accuracySeries = new UiSeries[2];
    private readonly UiSeries[] _fitnessSeries = new UiSeries[2];
    private LayeredGraphData? _graph;
    private BrainSpec? _graphSpec;

    /// <summary>What the network diagram hovered last frame (for tests and the README).</summary>
    public UiGraphHit LastGraphHit { get; private set; }

    /// <summary>The network diagram's data as last shown.</summary>
    public LayeredGraphData? Graph => _graph;

    private void BuildInspection(FruitGame game, FrameProfile profile)
    {
        var agent = game.SelectedAgent;
        if (Ui.Header("Network"))
        {
            Neurons.Update(agent);
            var graph = GraphOf(agent);
            LastGraphHit = Ui.LayeredGraph("##network", graph, 150f, "F3");
            Remember("network");
        }

        if (game.Settings.Mode == GameMode.Evolved && Ui.Header("Fitness"))
        {
            _fitnessSeries[0] = Series(game.FitnessCurve.Best, TestColor, "best");
            _fitnessSeries[1] = Series(game.FitnessCurve.Mean, MeanColor, "mean");
            Ui.LinePlot("fitness per generation", _fitnessSeries, 96f, float.NaN, float.NaN, "F0");
            Remember("fitness");
        }

        if (Ui.Header("Curves"))
        {
            var history = agent.History;
            var mean = game.MeanHistory;
            _lossSeries[0] = Series(history.TrainLoss, TrainColor, "train loss");
            _lossSeries[1] = Series(history.TestLoss, TestColor, "test loss");
            _lossSeries[2] = Series(mean.TestLoss, MeanColor, "mean test");
            Ui.LinePlot("loss", _lossSeries, 96f, 0f, float.NaN, "F2");
            _accuracySeries[0] = Series(history.Accuracy, TestColor, "accuracy");
            _accuracySeries[1] = Series(mean.Accuracy, MeanColor, "mean");
            // The accuracy axis fits the data: an agent at 23 % must show as 23 %.
            Ui.LinePlot("test accuracy", _accuracySeries, 96f, float.NaN, 1f, "P0");
        }

        if (Ui.Header("Frame (ms)"))
        {
            for (var p = 0; p < FrameProfile.PhaseCount; p++)
            {
                // Two phases a row (a Row lasts its columns, then layout goes on down).
                if (p % 2 == 0)
                {
                    Ui.Row(2);
                }

                Ui.Value(FrameProfile.PhaseNames[p], profile.Last(p), "F2");
            }

            Ui.Value("managed bytes allocated", profile.LastAllocatedBytes);
            Remember("allocated bytes");
            var frames = new UiStackedFrames(profile.Values, FrameProfile.PhaseCount, profile.Start, profile.Count);
            Ui.StackedBars("##profile", frames, PhaseColors, FrameProfile.PhaseLegend, 70f, float.NaN, 16.7f, "F2");
        }
    }

    private static UiSeries Series(MetricHistory history, UiColor color, string name) =>
        new(history.Values, history.Start, history.Count, color, name);

    // The diagram's columns are the inputs (x, y) and each layer's neurons; its edges are the
    // weights, refreshed every frame (a copy of a few hundred floats), its node pictures by
    // NeuronTextures when the weights moved.
    private LayeredGraphData GraphOf(Agent agent)
    {
        var spec = agent.Kind.Spec;
        if (_graph is null || _graphSpec != spec)
        {
            _graph = NetworkGraph.For(spec, "output");
            (_graph.FlipTextures, _graph.NodeValueName) = (true, "bias");
            _graphSpec = spec;
        }

        var parameters = agent.Parameters;
        NetworkGraph.ShowWeights(_graph, spec, parameters);
        for (var l = 0; l < spec.LayerCount; l++)
        {
            for (var to = 0; to < spec.Layers[l].Outputs; to++)
            {
                _graph.Textures(l + 1)[to] = Neurons.Neuron(l, to);
                _graph.NodeValues(l + 1)[to] = parameters[spec.BiasOffset(l) + to];
            }
        }

        _graph.Textures(0)[0] = Neurons.Input(0);
        _graph.Textures(0)[1] = Neurons.Input(1);
        return _graph;
    }
}
