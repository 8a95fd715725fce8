using System.Diagnostics;
using DemoGame.Model;
using DemoGame.Presentation.Rendering;
using DemoGame.Ui;
using Engine.Neural;

namespace DemoGame.Presentation.Overlay;

// The on-screen controls a Playground user looks for, always shown at the foot of the info
// column: run or pause, step, reset, next level, clear or refill the board, the test fruit,
// the training speed, the frame counter and frame rate, and the colour scale of the board.
internal sealed partial class DebugOverlay
{
    /// <summary>The controls panel's id (it has no title bar).</summary>
    public const string ControlsTitle = "Controls##game";

    // The board's colours (board.frag): a side's colour mixed into the neutral by confidence.
    private static readonly (float R, float G, float B) Tomato = (0.898f, 0.302f, 0.259f);
    private static readonly (float R, float G, float B) Neutral = (0.949f, 0.898f, 0.800f);
    private static readonly (float R, float G, float B) Grape = (0.478f, 0.310f, 0.745f);
    private const int LegendSteps = 32;

    private long _lastBuild;
    private double _fps;

    /// <summary>Frames a second as the controls show it (smoothed over about half a second).</summary>
    public double FramesPerSecond => _fps;

    private void BuildControls(FruitGame game, ScreenLayout layout)
    {
        var now = Stopwatch.GetTimestamp();
        if (_lastBuild != 0)
        {
            var seconds = Stopwatch.GetElapsedTime(_lastBuild, now).TotalSeconds;
            var instant = seconds > 0 ? 1.0 / seconds : 0.0;
            _fps = _fps == 0 ? instant : _fps + ((instant - _fps) * Math.Min(1.0, seconds * 2.0));
        }

        _lastBuild = now;
        var area = layout.Controls;
        if (area.Height <= 0)
        {
            return;
        }

        // Fixed to the layout: it moves with every resize.
        Ui.MovePanel(ControlsTitle, area.X, area.Y);
        if (Ui.BeginPanel(ControlsTitle, area.X, area.Y, area.Width, UiPanelFlags.NoTitleBar | UiPanelFlags.NoMove))
        {
            Ui.Row(3);
            if (Ui.Button(game.Paused ? "play##run" : "pause##run"))
            {
                game.Paused = !game.Paused;
            }

            Remember("run");
            if (Ui.Button("step"))
            {
                game.Step();
            }

            Remember("step");
            if (Ui.Button("reset##brains"))
            {
                game.ResetBrains();
            }

            Remember("reset");
            Ui.Row(3);
            if (Ui.Button("next level"))
            {
                game.NextLevel();
            }

            Remember("next level");
            if (Ui.Button("clear##board"))
            {
                game.ClearBoard();
            }

            Remember("clear");
            if (Ui.Button("new fruit"))
            {
                game.RegenerateFruit();
            }

            Remember("new fruit");
            var show = game.ShowTestFruit;
            if (Ui.Toggle("show test fruit", ref show))
            {
                game.ShowTestFruit = show;
            }

            Remember("show test fruit");
            var budget = game.Budget;
            var steps = budget.Milliseconds > 0 ? 6 : budget.Steps;
            if (Ui.SliderInt("speed##steps", ref steps, 1, 30))
            {
                game.Budget = TrainingBudget.StepsPerFrame(steps);
            }

            Remember("learning speed");
            var text = Ui.FrameText;
            var start = text.Length;
            text.Append("frame ").Append(game.Frame).Append("    ").Append(_fps, "F0").Append(" fps");
            Ui.Label(text.Since(start), Ui.Style.TextDim);
            Remember("fps");
            Legend(Ui.Reserve(30f));
        }

        Ui.EndPanel();
        _controls[ControlsTitle] = Ui.LastPanelRect;
    }

    // The board's colour scale from sure tomato through the pale "unsure" middle to sure
    // grape, with its three words under it.
    private void Legend(UiRect slot)
    {
        var font = Ui.Style.Font;
        var strip = new UiRect(slot.X, slot.Y, slot.Width, 10f);
        var step = strip.Width / LegendSteps;
        for (var i = 0; i < LegendSteps; i++)
        {
            // p: the brain's grape probability across the strip, as the board shades it.
            var p = (i + 0.5f) / LegendSteps;
            var signed = (2f * p) - 1f;
            var side = signed < 0 ? Tomato : Grape;
            var t = 0.10f + (0.45f * MathF.Abs(signed));
            var color = new UiColor(Channel(Neutral.R, side.R, t), Channel(Neutral.G, side.G, t), Channel(Neutral.B, side.B, t));
            Ui.DrawList.AddRect(new UiRect(strip.X + (i * step), strip.Y, step + 0.5f, strip.Height), color);
        }

        var y = strip.Bottom + 2f;
        Ui.DrawList.AddText(font, strip.X, y, "tomato", Ui.Style.TextDim);
        var unsure = font.Measure("unsure");
        Ui.DrawList.AddText(font, strip.CenterX - (unsure / 2), y, "unsure", Ui.Style.TextDim);
        Ui.DrawList.AddText(font, strip.Right - font.Measure("grape"), y, "grape", Ui.Style.TextDim);

        static byte Channel(float from, float to, float t) => (byte)Math.Round(255f * (from + ((to - from) * t)));
    }
}
