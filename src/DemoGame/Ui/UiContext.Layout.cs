using System.Runtime.InteropServices;

namespace DemoGame.Ui;

// Panels, the layout cursor, and the hot/active behaviour every widget shares.
internal sealed partial class UiContext
{
    // The collapse arrow's box at the left of a title bar.
    private const float ArrowBox = 20f;

    // Where the panel being built shows its content when it scrolls (empty when it does not), and by how much it is scrolled.
    private UiRect _panelClip;
    private float _panelScroll;

    /// <summary>
    /// Starts a panel: a window with a title bar that can be dragged (its position is kept
    /// between frames) and collapsed with the arrow at its left. (<paramref name="x"/>,
    /// <paramref name="y"/>) is where it first appears; its height follows its content. Returns
    /// whether it is expanded (put widgets in it only then); call <see cref="EndPanel"/> either
    /// way. The title is the panel's id: keep it stable (use "##" for a hidden suffix).
    /// Whether to show the panel at all is the owner's choice: a panel not begun is not drawn.
    /// </summary>
    public bool BeginPanel(ReadOnlySpan<char> title, float x, float y, float width, UiPanelFlags flags = UiPanelFlags.None)
    {
        if (!_inFrame)
        {
            throw new InvalidOperationException("BeginPanel outside Begin/End.");
        }

        if (_panelId != 0)
        {
            throw new InvalidOperationException("Panels do not nest: call EndPanel first.");
        }

        var id = GetId(title);
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_panels, id, out var exists);
        if (!exists)
        {
            (state.X, state.Y) = (x, y);
        }

        (_panelId, _panelFlags) = (id, flags);
        var hasTitle = (flags & UiPanelFlags.NoTitleBar) == 0;
        var titleHeight = hasTitle ? Style.TitleHeight : 0f;

        // The title bar: the arrow toggles collapse, the rest drags. Both act before anything
        // is drawn, so the panel is drawn where the mouse has already moved it this frame.
        if (hasTitle)
        {
            var bar = new UiRect(state.X, state.Y, width, titleHeight);
            var arrow = new UiRect(bar.X, bar.Y, ArrowBox, bar.Height);
            if (ClickBehavior(Combine(id, 1), arrow, out _, out _))
            {
                state.Collapsed = !state.Collapsed;
            }

            var dragId = Combine(id, 2);
            var grip = new UiRect(bar.X + ArrowBox, bar.Y, Math.Max(0, bar.Width - ArrowBox), bar.Height);
            if ((flags & UiPanelFlags.NoMove) == 0 && PressBehavior(dragId, grip, out _))
            {
                (state.GrabX, state.GrabY) = (_input.MouseX - state.X, _input.MouseY - state.Y);
            }

            if (ActiveId == dragId && _input.MouseDown)
            {
                (state.X, state.Y) = (_input.MouseX - state.GrabX, _input.MouseY - state.GrabY);
            }
        }

        // The whole panel stays on screen, dragged or not (a resize can leave it outside): as
        // far as its height allows, and a panel taller than the screen scrolls instead.
        var fullHeight = exists ? state.ContentHeight : titleHeight;
        state.X = Math.Clamp(state.X, 0f, Math.Max(0f, ViewportWidth - width));
        state.Y = Math.Clamp(state.Y, 0f, Math.Max(0f, ViewportHeight - Math.Max(titleHeight, fullHeight)));
        var room = ViewportHeight - state.Y;
        var overflow = state.Collapsed ? 0f : Math.Max(0f, fullHeight - room);
        state.ScrollY = Math.Clamp(state.ScrollY, 0f, overflow);
        _panelClip = overflow > 0 ? new UiRect(state.X, state.Y + titleHeight, width, room - titleHeight) : default;

        _panelRect = new UiRect(state.X, state.Y, width, titleHeight);
        _panelBackground = (flags & UiPanelFlags.NoBackground) == 0 ? DrawList.ReserveRect() : -1;
        if (hasTitle)
        {
            var titleId = Combine(id, 2);
            var hot = ActiveId == titleId || HotId == titleId || HotId == Combine(id, 1);
            DrawList.AddRect(new UiRect(state.X, state.Y, width, titleHeight), hot ? Style.TitleBarHot : Style.TitleBar);
            DrawArrow(state.X + (ArrowBox / 2), state.Y + (titleHeight / 2), !state.Collapsed, Style.Text);
            var font = Style.TitleFont;
            var shown = Shown(title);
            shown = shown[..font.FittingLength(shown, width - ArrowBox - Style.Padding)];
            DrawList.AddText(font, state.X + ArrowBox, state.Y + ((titleHeight - font.LineHeight) / 2), shown, Style.Text);
        }

        PushId(id);
        _contentX = state.X + Style.Padding;
        _contentWidth = Math.Max(0, width - (2 * Style.Padding));
        _cursorY = state.Y + titleHeight + Style.Padding - state.ScrollY;
        _panelScroll = state.ScrollY;
        if (_panelClip.Height > 0)
        {
            DrawList.Clip = _panelClip;
        }

        _rowColumns = 0;
        return !state.Collapsed || !hasTitle;
    }

    /// <summary>Ends the panel begun last: sizes its background to its content.</summary>
    public void EndPanel()
    {
        if (_panelId == 0)
        {
            throw new InvalidOperationException("EndPanel without BeginPanel.");
        }

        EndRow();
        PopId();
        DrawList.Clip = default;
        ref var state = ref CollectionsMarshal.GetValueRefOrNullRef(_panels, _panelId);
        var hasTitle = (_panelFlags & UiPanelFlags.NoTitleBar) == 0;
        var titleHeight = hasTitle ? Style.TitleHeight : 0f;
        var height = state.Collapsed && hasTitle
            ? titleHeight
            : Math.Max(titleHeight, _cursorY + _panelScroll - Style.Spacing + Style.Padding - state.Y);
        state.ContentHeight = height;

        // Shown no taller than the screen below it; the wheel over the panel scrolls the rest.
        var shown = Math.Min(height, Math.Max(titleHeight, ViewportHeight - state.Y));
        if (shown < height && !_scrollTaken && _hoverArea == _panelId && _input.Scroll != 0)
        {
            state.ScrollY = Math.Clamp(state.ScrollY - (_input.Scroll * 40f), 0f, height - shown);
            _scrollTaken = true;
        }

        var rect = _panelRect with { Height = shown };
        if (_panelBackground >= 0)
        {
            DrawList.SetReservedRect(_panelBackground, rect, Style.PanelBackground);
            DrawList.AddRectOutline(rect, Style.PanelBorder);
        }

        AddArea(_panelId, rect);
        LastPanelRect = rect;
        _panelId = 0;
    }

    /// <summary>Moves a panel (by its title) to (x, y), e.g. to reset a layout.</summary>
    public void MovePanel(ReadOnlySpan<char> title, float x, float y)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_panels, GetId(title), out _);
        (state.X, state.Y) = (x, y);
    }

    /// <summary>Collapses or expands a panel (by its title), as its arrow would.</summary>
    public void SetPanelCollapsed(ReadOnlySpan<char> title, bool collapsed)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_panels, GetId(title), out _);
        state.Collapsed = collapsed;
    }

    /// <summary>
    /// Puts the next <paramref name="columns"/> widgets side by side in equal cells; after the
    /// last cell, layout goes back to one widget per line. <see cref="EndRow"/> ends a row early.
    /// </summary>
    public void Row(int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        EndRow();
        (_rowColumns, _rowIndex, _rowY, _rowHeight) = (columns, 0, _cursorY, 0f);
    }

    /// <summary>Ends the current <see cref="Row"/> before all its cells are used (nothing happens outside a row).</summary>
    public void EndRow()
    {
        if (_rowColumns > 0)
        {
            _cursorY = _rowY + _rowHeight + Style.Spacing;
            _rowColumns = 0;
        }
    }

    /// <summary>Leaves <paramref name="pixels"/> of empty space below the last widget.</summary>
    public void Space(float pixels)
    {
        EndRow();
        _cursorY += pixels;
    }

    /// <summary>A thin horizontal line across the panel.</summary>
    public void Separator()
    {
        var rect = Reserve(1f);
        DrawList.AddRect(rect, Style.PanelBorder);
    }

    /// <summary>
    /// Takes the next layout slot, <paramref name="height"/> pixels tall, for the owner's own
    /// drawing into <see cref="DrawList"/> (the slot is a row cell inside a <see cref="Row"/>).
    /// </summary>
    public UiRect Reserve(float height) => NextRect(height, 0f);

    // The next slot: a row cell, or a full-width line (or a line of the given width, for
    // small buttons, when not in a row).
    private UiRect NextRect(float height, float width)
    {
        if (_panelId == 0)
        {
            throw new InvalidOperationException("Widgets go between BeginPanel and EndPanel.");
        }

        if (_rowColumns > 0)
        {
            var cell = (_contentWidth - (Style.Spacing * (_rowColumns - 1))) / _rowColumns;
            var rect = new UiRect(_contentX + (_rowIndex * (cell + Style.Spacing)), _rowY, cell, height);
            _rowHeight = Math.Max(_rowHeight, height);
            if (++_rowIndex == _rowColumns)
            {
                EndRow();
            }

            return rect;
        }

        var line = new UiRect(_contentX, _cursorY, width > 0 ? Math.Min(width, _contentWidth) : _contentWidth, height);
        _cursorY += height + Style.Spacing;
        return line;
    }

    // Whether the mouse is over rect and the widget may take it: its panel is the topmost
    // under the mouse and no other widget is held.
    private bool Hovers(int id, UiRect rect)
    {
        var hovered = _hoverArea == _panelId && _panelId != 0 && rect.Contains(_input.MouseX, _input.MouseY)
            && (ActiveId == 0 || ActiveId == id) && (_panelClip.Height <= 0 || _panelClip.Contains(_input.MouseX, _input.MouseY));
        if (hovered)
        {
            HotId = id;
        }

        (LastItemRect, IsItemHovered) = (rect, hovered);
        return hovered;
    }

    // A widget that reacts when the button goes down on it (sliders, drags). Returns whether
    // it was grabbed this frame; held tells whether it is being held now.
    private bool PressBehavior(int id, UiRect rect, out bool held)
    {
        var pressed = Hovers(id, rect) && _input.MousePressed;
        if (pressed)
        {
            ActiveId = id;
        }

        held = ActiveId == id && (_input.MouseDown || pressed);
        return pressed;
    }

    // A widget that reacts to a click: the button went down on it and came up on it.
    private bool ClickBehavior(int id, UiRect rect, out bool hovered, out bool held)
    {
        hovered = Hovers(id, rect);
        if (hovered && _input.MousePressed)
        {
            ActiveId = id;
        }

        held = ActiveId == id && _input.MouseDown;
        return ActiveId == id && _input.MouseReleased && rect.Contains(_input.MouseX, _input.MouseY);
    }

    private UiColor FrameColor(int id, bool hovered) =>
        ActiveId == id ? Style.FrameActive : hovered ? Style.FrameHot : Style.Frame;

    // A small filled triangle pointing down (open) or right (closed), centred on (cx, cy).
    private void DrawArrow(float cx, float cy, bool down, UiColor color)
    {
        const float r = 4f;
        if (down)
        {
            DrawList.AddTriangle(cx - r, cy - (r * 0.6f), cx + r, cy - (r * 0.6f), cx, cy + (r * 0.8f), color);
        }
        else
        {
            DrawList.AddTriangle(cx - (r * 0.6f), cy - r, cx + (r * 0.8f), cy, cx - (r * 0.6f), cy + r, color);
        }
    }
}
