namespace DemoGame.Ui;

/// <summary>
/// An immediate-mode UI: every frame the owner calls <see cref="Begin"/>, then widget methods
/// that both draw the widget and return what the user did to it, then <see cref="End"/>, and
/// hands <see cref="DrawList"/> to a <see cref="UiRenderer"/>. Widgets have no objects of their
/// own; the context remembers only what must outlive a frame (panel positions, which section is
/// open, which widget is held) keyed by ids hashed from labels.
/// </summary>
/// <remarks>
/// <para>Ids: a widget's id is its label hashed within the current id scope
/// (<see cref="PushId(int)"/>/<see cref="PopId"/>, and each panel is a scope). Text after "##"
/// in a label is not shown but is hashed, so "Reset##a" and "Reset##b" are two buttons.</para>
/// <para>Input: a widget is "hot" while the mouse is over it and "active" from the press that
/// grabbed it until the button comes up; a click is a press and a release on the same widget.
/// Hover is decided with the panels of the previous frame, so a UI reacts from its second
/// frame on.</para>
/// <para>Layout: widgets stack top to bottom inside a panel, each as wide as the panel;
/// <see cref="Row"/> puts the next few side by side.</para>
/// <para>Nothing here allocates once the frames are steady: buffers are reused, numbers are
/// formatted into a per-frame character buffer (<see cref="Format{T}"/>).</para>
/// </remarks>
internal sealed partial class UiContext
{
    // Set while the mouse button went down on UI background: a drag that starts there must
    // neither grab a widget it passes nor reach the game.
    private const int BackgroundId = int.MinValue;

    private readonly UiDrawList _overlay;
    private readonly Dictionary<int, PanelState> _panels = [];
    private readonly Dictionary<int, bool> _sections = [];
    private readonly UiTextBuffer _frameText = new(1024);
    private int[] _idStack = new int[16];
    private int _idDepth;
    private UiArea[] _areas = new UiArea[16];
    private UiArea[] _lastAreas = new UiArea[16];
    private int _areaCount;
    private int _lastAreaCount;
    private int _hoverArea;
    private UiInput _input = new();
    private bool _inFrame;

    // Whether a widget used this frame's wheel (a slider steps): the panel under it then does not scroll.
    private bool _scrollTaken;

    // Layout of the panel being built.
    private int _panelId;
    private UiPanelFlags _panelFlags;
    private int _panelBackground;
    private UiRect _panelRect;
    private float _contentX;
    private float _contentWidth;
    private float _cursorY;
    private int _rowColumns;
    private int _rowIndex;
    private float _rowY;
    private float _rowHeight;

    // The open dropdown list, if any, and where it was drawn.
    private int _openPopup;
    private UiRect _popupRect;
    private bool _popupDrawn;

    // Whether a dropdown list was open when this frame began (what IsPointOverUi reports in a frame).
    private bool _popupWasOpen;

    // This frame's tooltips so far, and the vertical span they and the mouse take.
    private bool _tooltipShown;
    private float _tooltipTop;
    private float _tooltipBottom;

    /// <summary>Makes a context that lays text out with <paramref name="atlas"/>'s fonts.</summary>
    public UiContext(GlyphAtlas atlas)
    {
        ArgumentNullException.ThrowIfNull(atlas);
        Atlas = atlas;
        Style = new UiStyle(atlas);
        DrawList = new UiDrawList(atlas);
        _overlay = new UiDrawList(atlas);
    }

    /// <summary>The glyphs and their metrics.</summary>
    public GlyphAtlas Atlas { get; }

    /// <summary>Colours and sizes; change them between frames.</summary>
    public UiStyle Style { get; }

    /// <summary>The frame's geometry, complete after <see cref="End"/>: what <see cref="UiRenderer.Render"/> draws.</summary>
    public UiDrawList DrawList { get; }

    /// <summary>The input of the current frame.</summary>
    public UiInput Input => _input;

    /// <summary>Framebuffer width given to <see cref="Begin"/>.</summary>
    public int ViewportWidth { get; private set; }

    /// <summary>Framebuffer height given to <see cref="Begin"/>.</summary>
    public int ViewportHeight { get; private set; }

    /// <summary>The widget under the mouse this frame (0: none).</summary>
    public int HotId { get; private set; }

    /// <summary>The widget held since the mouse button went down on it (0: none).</summary>
    public int ActiveId { get; private set; }

    /// <summary>
    /// Whether, at the last <see cref="End"/>, the mouse was over a panel or an open dropdown
    /// list. The game should ignore mouse presses while this or <see cref="IsCapturingMouse"/> holds.
    /// </summary>
    public bool IsMouseOverUi { get; private set; }

    /// <summary>Whether a press that began on the UI is still held (a slider or panel being dragged): the game should ignore the mouse.</summary>
    public bool IsCapturingMouse => ActiveId != 0;

    /// <summary>
    /// Whether a dropdown's list is open (after <see cref="End"/>: it stays open into the next
    /// frame). The next press is then the UI's wherever it lands: off the list it only closes it.
    /// </summary>
    public bool IsDropdownOpen => _openPopup != 0;

    /// <summary>
    /// <see cref="IsMouseOverUi"/>, <see cref="IsCapturingMouse"/> or <see cref="IsDropdownOpen"/>:
    /// "the UI has the mouse, the game should not react".
    /// </summary>
    public bool WantsMouse => IsMouseOverUi || IsCapturingMouse || IsDropdownOpen;

    /// <summary>The interactive rectangle of the last widget (a slider's track, a dropdown's box, a button).</summary>
    public UiRect LastItemRect { get; private set; }

    /// <summary>Whether the mouse was over the last widget (and it could take the mouse).</summary>
    public bool IsItemHovered { get; private set; }

    /// <summary>The whole rectangle of the last panel ended, title bar included.</summary>
    public UiRect LastPanelRect { get; private set; }

    /// <summary>
    /// Whether (x, y) in framebuffer pixels is over the UI as drawn by the last frame: for
    /// mouse callbacks that arrive between frames. True everywhere while a dropdown's list is
    /// open, since the next press is the UI's (it closes the list) wherever it lands.
    /// </summary>
    public bool IsPointOverUi(float x, float y)
    {
        // While a dropdown list is open, the next press is the UI's wherever it lands (it closes the list).
        if (_inFrame ? _popupWasOpen : _openPopup != 0)
        {
            return true;
        }

        // After End, the frame's areas are the "last" ones only once the next Begin swaps them.
        var (areas, count) = _inFrame ? (_lastAreas, _lastAreaCount) : (_areas, _areaCount);
        for (var i = 0; i < count; i++)
        {
            if (areas[i].Rect.Contains(x, y))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Starts a frame: latches <paramref name="input"/> (see <see cref="UiInput"/>) and clears the draw list.</summary>
    public void Begin(UiInput input, int viewportWidth, int viewportHeight)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_inFrame)
        {
            throw new InvalidOperationException("Begin called twice without End.");
        }

        _inFrame = true;
        _input = input;
        input.NextFrame();
        (ViewportWidth, ViewportHeight) = (viewportWidth, viewportHeight);
        DrawList.Clear();
        _overlay.Clear();
        _frameText.Clear();
        (_areas, _lastAreas) = (_lastAreas, _areas);
        (_lastAreaCount, _areaCount) = (_areaCount, 0);
        HotId = 0;
        _idDepth = 0;
        _popupDrawn = false;
        _tooltipShown = false;
        _scrollTaken = false;

        // The topmost area under the mouse owns the hover: the last one drawn, since later
        // panels and the dropdown list draw over earlier ones.
        _hoverArea = 0;
        for (var i = _lastAreaCount - 1; i >= 0; i--)
        {
            if (_lastAreas[i].Rect.Contains(input.MouseX, input.MouseY))
            {
                _hoverArea = _lastAreas[i].Id;
                break;
            }
        }

        // An open dropdown list takes the next press wherever it lands. On the list, the
        // dropdown picks an option; anywhere else the press only closes the list: it is held as
        // the UI background's until the button comes up, so no widget (not even one laid out
        // before the dropdown, or in another panel) grabs it or is clicked by its release.
        _popupWasOpen = _openPopup != 0;
        if (_openPopup != 0 && input.MousePressed && _hoverArea != _openPopup)
        {
            _openPopup = 0;
            ActiveId = BackgroundId;
        }
    }

    /// <summary>Finishes the frame: puts dropdown lists and tooltips on top and settles the mouse state.</summary>
    public void End()
    {
        if (!_inFrame)
        {
            throw new InvalidOperationException("End called without Begin.");
        }

        if (_panelId != 0)
        {
            throw new InvalidOperationException("A panel was begun and not ended: call EndPanel.");
        }

        if (_idDepth != 0)
        {
            throw new InvalidOperationException("PushId without PopId.");
        }

        // A dropdown that was not drawn this frame (its panel hidden or collapsed) closes.
        if (_popupDrawn)
        {
            AddArea(_openPopup, _popupRect);
        }
        else
        {
            _openPopup = 0;
        }

        DrawList.Append(_overlay);
        IsMouseOverUi = false;
        for (var i = 0; i < _areaCount; i++)
        {
            IsMouseOverUi |= _areas[i].Rect.Contains(_input.MouseX, _input.MouseY);
        }

        if (_input.MouseReleased && !_input.MouseDown)
        {
            ActiveId = 0;
        }
        else if (_input.MousePressed && ActiveId == 0 && IsMouseOverUi)
        {
            ActiveId = BackgroundId;
        }

        _inFrame = false;
    }

    /// <summary>Enters an id scope keyed by <paramref name="id"/> (a loop index, an object's number): same labels in different scopes are different widgets.</summary>
    public void PushId(int id)
    {
        if (_idDepth == _idStack.Length)
        {
            Array.Resize(ref _idStack, _idStack.Length * 2);
        }

        _idStack[_idDepth] = Combine(Seed, id);
        _idDepth++;
    }

    /// <summary>Enters an id scope keyed by a string.</summary>
    public void PushId(ReadOnlySpan<char> name) => PushId(GetId(name));

    /// <summary>Leaves the scope of the last <see cref="PushId(int)"/>.</summary>
    public void PopId()
    {
        if (_idDepth == 0)
        {
            throw new InvalidOperationException("PopId without PushId.");
        }

        _idDepth--;
    }

    /// <summary>The id a widget labelled <paramref name="label"/> gets in the current scope (never 0).</summary>
    public int GetId(ReadOnlySpan<char> label)
    {
        // FNV-1a over the UTF-16 code units, continued from the scope's seed.
        var hash = (uint)Seed;
        foreach (var c in label)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Fix((int)hash);
    }

    /// <summary>The id for an explicit number in the current scope (never 0).</summary>
    public int GetId(int id) => Combine(Seed, id);

    /// <summary>Formats <paramref name="value"/> (invariant culture) into the frame's text buffer; the span is valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlySpan<char> Format<T>(T value, ReadOnlySpan<char> format = default)
        where T : ISpanFormattable
    {
        var start = _frameText.Length;
        return _frameText.Append(value, format).Since(start);
    }

    /// <summary>The frame's text buffer, to build composite texts valid until the next <see cref="Begin"/>: note its Length, append, then take <see cref="UiTextBuffer.Since"/>.</summary>
    public UiTextBuffer FrameText => _frameText;

    private int Seed => _idDepth == 0 ? unchecked((int)2166136261u) : _idStack[_idDepth - 1];

    private static int Combine(int seed, int value)
    {
        var hash = (uint)seed;
        for (var i = 0; i < 4; i++)
        {
            hash = (hash ^ (byte)(value >> (8 * i))) * 16777619u;
        }

        return Fix((int)hash);
    }

    private static int Fix(int id) => id is 0 or BackgroundId ? 1 : id;

    // What a label shows: the part before "##".
    private static ReadOnlySpan<char> Shown(ReadOnlySpan<char> label)
    {
        var hidden = label.IndexOf("##", StringComparison.Ordinal);
        return hidden < 0 ? label : label[..hidden];
    }

    private void AddArea(int id, UiRect rect)
    {
        if (_areaCount == _areas.Length)
        {
            Array.Resize(ref _areas, _areas.Length * 2);
            Array.Resize(ref _lastAreas, _areas.Length);
        }

        _areas[_areaCount++] = new UiArea(id, rect);
    }

    /// <summary>A region that takes the mouse: a panel, or the open dropdown list.</summary>
    private readonly record struct UiArea(int Id, UiRect Rect);

    /// <summary>What a panel keeps between frames.</summary>
    private struct PanelState
    {
        public float X;
        public float Y;
        public bool Collapsed;
        public float GrabX;
        public float GrabY;

        // The whole height the panel's content took last frame, and how far it is scrolled
        // where the screen is shorter than that.
        public float ContentHeight;
        public float ScrollY;
    }
}
