namespace DemoGame.Ui;

/// <summary>How a panel looks and behaves; combine with |.</summary>
[Flags]
internal enum UiPanelFlags
{
    /// <summary>A titled, draggable, collapsible panel with a background.</summary>
    None = 0,

    /// <summary>No title bar: the panel can be neither dragged nor collapsed.</summary>
    NoTitleBar = 1,

    /// <summary>No background or border: widgets float over the game (they still count as UI for the mouse).</summary>
    NoBackground = 2,

    /// <summary>The title bar does not move the panel.</summary>
    NoMove = 4,
}
