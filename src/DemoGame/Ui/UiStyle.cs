namespace DemoGame.Ui;

/// <summary>
/// Colours and sizes of the widgets. One instance belongs to a <see cref="UiContext"/>; the
/// owner may change any of it between frames (a mutable class, so no per-frame copies).
/// </summary>
internal sealed class UiStyle
{
    /// <summary>The default look: dark translucent panels, light text.</summary>
    public UiStyle(GlyphAtlas atlas)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        Font = atlas.Regular;
        BoldFont = atlas.Bold;
        TitleFont = atlas.LargeBold;
        RowHeight = Font.LineHeight + 6;
    }

    /// <summary>Labels, values and widget text.</summary>
    public UiFont Font { get; set; }

    /// <summary>Section headers.</summary>
    public UiFont BoldFont { get; set; }

    /// <summary>Panel titles.</summary>
    public UiFont TitleFont { get; set; }

    /// <summary>Height of one widget row (a button, a slider), in pixels.</summary>
    public float RowHeight { get; set; }

    /// <summary>Space between a panel's edge and its widgets.</summary>
    public float Padding { get; set; } = 8f;

    /// <summary>Vertical gap between widgets, and horizontal gap between cells of a row.</summary>
    public float Spacing { get; set; } = 4f;

    /// <summary>Share of a slider's or dropdown's width given to its label on the left (0 puts no label).</summary>
    public float LabelFraction { get; set; } = 0.4f;

    /// <summary>Height of a panel's title bar.</summary>
    public float TitleHeight { get; set; } = 22f;

    /// <summary>Side of a graph node's square, at most.</summary>
    public float GraphNodeSize { get; set; } = 28f;

    /// <summary>Width of the thickest graph edge (the one with the largest |value|).</summary>
    public float GraphMaxEdgeWidth { get; set; } = 4f;

    /// <summary>Panel background.</summary>
    public UiColor PanelBackground { get; set; } = new(24, 26, 34, 225);

    /// <summary>Panel border.</summary>
    public UiColor PanelBorder { get; set; } = new(70, 74, 92, 255);

    /// <summary>Title bar.</summary>
    public UiColor TitleBar { get; set; } = new(44, 48, 66, 255);

    /// <summary>Title bar while dragged or hovered.</summary>
    public UiColor TitleBarHot { get; set; } = new(58, 64, 90, 255);

    /// <summary>Text.</summary>
    public UiColor Text { get; set; } = new(232, 232, 238, 255);

    /// <summary>Secondary text: value ranges, legends.</summary>
    public UiColor TextDim { get; set; } = new(150, 154, 172, 255);

    /// <summary>Widget backgrounds (buttons, slider tracks, boxes).</summary>
    public UiColor Frame { get; set; } = new(48, 52, 68, 255);

    /// <summary>Widget backgrounds under the mouse.</summary>
    public UiColor FrameHot { get; set; } = new(64, 70, 92, 255);

    /// <summary>Widget backgrounds while held.</summary>
    public UiColor FrameActive { get; set; } = new(82, 90, 120, 255);

    /// <summary>Slider fill, check marks, the selected option.</summary>
    public UiColor Accent { get; set; } = new(90, 150, 235, 255);

    /// <summary>Plot backgrounds.</summary>
    public UiColor PlotBackground { get; set; } = new(14, 15, 20, 235);

    /// <summary>Plot grid and axis lines.</summary>
    public UiColor PlotGrid { get; set; } = new(56, 60, 76, 255);

    /// <summary>Graph edges with positive values.</summary>
    public UiColor PositiveEdge { get; set; } = new(70, 140, 255, 255);

    /// <summary>Graph edges with negative values.</summary>
    public UiColor NegativeEdge { get; set; } = new(255, 140, 40, 255);

    /// <summary>The graph edge under the mouse.</summary>
    public UiColor HoveredEdge { get; set; } = new(255, 255, 255, 255);

    /// <summary>Graph nodes without a texture.</summary>
    public UiColor Node { get; set; } = new(90, 96, 120, 255);

    /// <summary>Tooltip and dropdown list backgrounds.</summary>
    public UiColor PopupBackground { get; set; } = new(12, 13, 18, 245);
}
