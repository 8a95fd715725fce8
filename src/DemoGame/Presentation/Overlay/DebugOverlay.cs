using DemoGame.Model;
using DemoGame.Presentation.Rendering;
using DemoGame.Ui;
using Silk.NET.OpenGL;

namespace DemoGame.Presentation.Overlay;

/// <summary>
/// The in-game debug overlay (Tab or F2): a tuning panel that changes the selected agent's
/// brain (or every agent's) while it learns, and an inspection panel with the network diagram,
/// the loss and accuracy curves and a frame profiler. Built each frame on the immediate-mode UI
/// of <see cref="Ui"/>, which knows nothing of brains: this class is where the two meet.
/// </summary>
internal sealed partial class DebugOverlay : IDisposable
{
    /// <summary>GLFW's Tab key: shows or hides the overlay.</summary>
    public const int KeyTab = 258;

    /// <summary>GLFW's F2 key: the same as Tab.</summary>
    public const int KeyF2 = 291;

    /// <summary>Title of the tuning panel (its id).</summary>
    public const string TuningTitle = "Tuning";

    /// <summary>Title of the inspection panel (its id).</summary>
    public const string InspectTitle = "Inside the brain";

    private const float TuningWidth = 330f;
    private const float InspectWidth = 360f;
    private const float DockMargin = 8f;

    // From this window width on the two panels stand side by side in the dock; below it, one
    // above the other (the inspection panel starts collapsed so both fit).
    private const int SideBySideWidth = 1700;

    private readonly GL _gl;
    private readonly GlyphAtlas _atlas;
    private readonly UiRenderer _renderer;
    private readonly Dictionary<string, UiRect> _controls = new(32);

    /// <summary>Loads the font atlas, the UI shaders and the neuron pictures.</summary>
    /// <exception cref="Platform.PlatformException">The DejaVu fonts are not installed.</exception>
    public DebugOverlay(GL gl)
    {
        _gl = gl;
        _atlas = GlyphAtlas.Load();
        Ui = new UiContext(_atlas);
        _renderer = new UiRenderer(gl, _atlas);
        Neurons = new NeuronTextures(gl);
    }

    /// <summary>True while the overlay is shown.</summary>
    public bool Visible { get; set; }

    /// <summary>The mouse as the window reports it; the overlay latches it each frame.</summary>
    public UiInput Input { get; } = new();

    /// <summary>The UI the overlay is built with.</summary>
    public UiContext Ui { get; }

    /// <summary>The selected agent's neuron pictures (the diagram's nodes).</summary>
    public NeuronTextures Neurons { get; }

    /// <summary>When on, tuning changes apply to every agent, not only the selected one.</summary>
    public bool ApplyToAll { get; set; }

    /// <summary>True when a mouse press at (x, y) belongs to the overlay, not to the board.</summary>
    public bool Claims(double x, double y) => Ui.IsPointOverUi((float)x, (float)y) || Ui.IsCapturingMouse;

    /// <summary>
    /// Where a control's active part was laid out in the last frame, by name ("learning rate",
    /// "neurons 1", "backend"...): a slider's track, a dropdown's box, a button, a toggle's row,
    /// the whole row of a plus/minus pair. For tests, which click there as a player would.
    /// </summary>
    public UiRect RectOf(string control) => _controls.TryGetValue(control, out var rect)
        ? rect
        : throw new ArgumentException($"DebugOverlay: no control \"{control}\" was laid out in the last frame.", nameof(control));

    /// <summary>The width the overlay's dock takes on the right of a screen <paramref name="width"/> pixels wide.</summary>
    public static float DockWidthFor(int width) => width >= SideBySideWidth
        ? TuningWidth + InspectWidth + (3 * DockMargin)
        : Math.Max(TuningWidth, InspectWidth) + (2 * DockMargin);

    /// <summary>
    /// Puts both panels in <paramref name="layout"/>'s dock (on opening, and after every
    /// resize): the tuning panel at its top right, the inspection panel beside it when the
    /// dock holds two columns, else under it, collapsed. The player may drag them from there;
    /// the UI keeps them on screen.
    /// </summary>
    public void Dock(ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var tuningX = layout.Width - TuningWidth - DockMargin;
        if (layout.Dock.Width >= TuningWidth + InspectWidth + (3 * DockMargin))
        {
            Ui.MovePanel(TuningTitle, tuningX, DockMargin);
            Ui.MovePanel(InspectTitle, tuningX - InspectWidth - DockMargin, DockMargin);
            Ui.SetPanelCollapsed(InspectTitle, false);
        }
        else
        {
            // The collapsed inspection panel's title on top, the tuning panel under it; opened,
            // the inspection panel draws over the tuning panel, still inside the dock.
            Ui.MovePanel(InspectTitle, layout.Width - InspectWidth - DockMargin, DockMargin);
            Ui.SetPanelCollapsed(InspectTitle, true);
            Ui.MovePanel(TuningTitle, tuningX, (2 * DockMargin) + Ui.Style.TitleHeight);
        }
    }

    /// <summary>
    /// Builds this frame's panels and applies what the player changed: the on-screen controls
    /// always, the tuning and inspection panels while the overlay is shown.
    /// </summary>
    public void Build(FruitGame game, FrameProfile profile, ScreenLayout layout)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(layout);
        Ui.Begin(Input, layout.Width, layout.Height);
        BuildControls(game, layout);
        if (Visible)
        {
            if (Ui.BeginPanel(TuningTitle, layout.Width - TuningWidth - DockMargin, DockMargin, TuningWidth))
            {
                BuildTuning(game);
            }

            Ui.EndPanel();
            _controls[TuningTitle] = Ui.LastPanelRect;
            if (Ui.BeginPanel(InspectTitle, DockMargin, DockMargin, InspectWidth))
            {
                BuildInspection(game, profile);
            }

            Ui.EndPanel();
            _controls[InspectTitle] = Ui.LastPanelRect;
        }

        Ui.End();
    }

    /// <summary>
    /// Builds and draws the open overlay twice, docked in <paramref name="docked"/>, into the
    /// bound framebuffer, then hides it again: what its first frame would make (the neuron
    /// pictures, the diagram's data, the panels' state, compiled code) is ready before the
    /// player opens it, so opening it costs a frame like any other.
    /// </summary>
    public void Warm(FruitGame game, FrameProfile profile, ScreenLayout docked)
    {
        ArgumentNullException.ThrowIfNull(docked);
        var was = Visible;
        Visible = true;
        Dock(docked);
        for (var i = 0; i < 2; i++)
        {
            Build(game, profile, docked);
            Render(docked.Width, docked.Height);
        }

        Visible = was;
    }

    /// <summary>Draws the panels built by the last <see cref="Build"/> over the bound framebuffer.</summary>
    public void Render(int width, int height) => _renderer.Render(Ui.DrawList, width, height);

    /// <inheritdoc/>
    public void Dispose()
    {
        _renderer.Dispose();
        Neurons.Dispose();
    }

    // Remembers where a control was just laid out (the dictionary keeps its keys: no
    // allocation once every control has been seen).
    private void Remember(string control) => _controls[control] = Ui.LastItemRect;
}
