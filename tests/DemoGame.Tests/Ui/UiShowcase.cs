using DemoGame.Ui;

namespace DemoGame.Tests.Ui;

/// <summary>
/// A frame with every kind of widget, its data made once: what the allocation and rendering
/// tests draw. Plain methods and fields, no lambdas, so the test itself allocates nothing.
/// </summary>
internal sealed class UiShowcase
{
    private readonly string[] _options = ["tanh", "relu", "sigmoid"];
    private readonly float[] _loss = new float[300];
    private readonly float[] _accuracy = new float[300];
    private readonly UiSeries[] _series;
    private readonly float[] _profile = new float[120 * 3];
    private readonly UiColor[] _phaseColors = [new(90, 150, 235), new(235, 150, 90), new(120, 200, 120)];
    private readonly string[] _phaseNames = ["train", "draw", "ui"];
    private readonly UiTextBuffer _text = new();
    private float _rate = 0.01f;
    private float _noise = 0.2f;
    private int _units = 8;
    private int _activation;
    private bool _paused;
    private int _frame;

    public UiShowcase()
    {
        for (var i = 0; i < _loss.Length; i++)
        {
            _loss[i] = 1f / (1 + (i * 0.05f));
            _accuracy[i] = 1f - _loss[i];
        }

        for (var i = 0; i < _profile.Length; i++)
        {
            _profile[i] = 1f + (i % 7 * 0.5f);
        }

        _series = [new UiSeries(_loss, 17, 280, new UiColor(255, 120, 90), "loss"), new UiSeries(_accuracy, 0, 300, new UiColor(90, 220, 120), "accuracy")];
        Graph = new LayeredGraphData(2, 6, 6, 1);
        for (var c = 0; c + 1 < Graph.ColumnCount; c++)
        {
            var edges = Graph.Edges(c);
            for (var i = 0; i < edges.Length; i++)
            {
                edges[i] = MathF.Sin(i * 1.7f);
            }
        }
    }

    public LayeredGraphData Graph { get; }

    /// <summary>The panel's rectangle as last drawn.</summary>
    public UiRect Panel { get; private set; }

    /// <summary>Where the dropdown's box was drawn.</summary>
    public UiRect DropdownBox { get; private set; }

    /// <summary>Where the graph was drawn.</summary>
    public UiRect GraphRect { get; private set; }

    /// <summary>Builds one frame (between Begin and End, which the caller does).</summary>
    public void Build(UiContext ui)
    {
        _frame++;
        if (ui.BeginPanel("Debug", 10, 10, 360))
        {
            ui.Label("static label");
            ui.Label(_text.Clear().Append("frame ").Append(_frame).AsSpan());
            ui.Value("loss", _loss[_frame % _loss.Length], "F4");
            if (ui.Header("Tuning"))
            {
                ui.SliderFloat("rate", ref _rate, 1e-4f, 1f, "E2", UiSliderScale.Logarithmic);
                ui.SliderFloat("noise", ref _noise, 0f, 1f);
                ui.SliderInt("units", ref _units, 1, 32);
                ui.PlusMinus("noise##pm", ref _noise, 0.05f, 0f, 1f);
                ui.Dropdown("activation", ref _activation, _options);
                DropdownBox = ui.LastItemRect;
                ui.Row(3);
                ui.Toggle("paused", ref _paused);
                ui.Button("step");
                ui.SmallButton("reset");
            }

            ui.LinePlot("loss", _series, 80f);
            ui.StackedBars("frame ms", new UiStackedFrames(_profile, 3, _frame % 120, 120), _phaseColors, _phaseNames, 60f, marker: 16.7f);
            ui.LayeredGraph("network", Graph, 140f);
            GraphRect = ui.LastItemRect;
            if (ui.IsItemHovered)
            {
                ui.Tooltip("the network");
            }
        }

        ui.EndPanel();
        Panel = ui.LastPanelRect;
    }
}
