using DemoGame.Ui;

namespace DemoGame.Tests.Ui;

/// <summary>Runs UI frames with synthetic input, the way the owner's window callbacks would feed it.</summary>
internal sealed class UiDriver
{
    public const int Width = 800;
    public const int Height = 600;

    private static readonly Lazy<GlyphAtlas> SharedAtlas = new(() => GlyphAtlas.Load());

    public UiDriver()
    {
        Ui = new UiContext(Atlas);
    }

    /// <summary>One atlas for all tests: rasterising it is the slow part.</summary>
    public static GlyphAtlas Atlas => SharedAtlas.Value;

    public UiContext Ui { get; }

    public UiInput Input { get; } = new();

    public void MoveTo(float x, float y) => Input.MouseMoved(x, y);

    public void Press() => Input.MouseButton(true);

    public void Release() => Input.MouseButton(false);

    public void Frame(Action<UiContext> build)
    {
        Ui.Begin(Input, Width, Height);
        build(Ui);
        Ui.End();
    }

    /// <summary>A frame with one panel at (20, 20), 300 wide, holding what <paramref name="build"/> adds.</summary>
    public void PanelFrame(Action<UiContext> build) => Frame(ui =>
    {
        if (ui.BeginPanel("Test panel", 20, 20, 300))
        {
            build(ui);
        }

        ui.EndPanel();
    });
}
