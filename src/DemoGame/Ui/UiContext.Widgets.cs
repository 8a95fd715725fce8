using System.Runtime.InteropServices;

namespace DemoGame.Ui;

// The basic widgets: text, buttons, toggles, sliders, dropdowns, sections, tooltips.
internal sealed partial class UiContext
{
    /// <summary>A line of text (cut to the panel's width).</summary>
    public void Label(string text) => Label(text.AsSpan(), Style.Text);

    /// <summary>A line of text (cut to the panel's width).</summary>
    public void Label(ReadOnlySpan<char> text) => Label(text, Style.Text);

    /// <summary>A line of text in <paramref name="color"/>.</summary>
    public void Label(ReadOnlySpan<char> text, UiColor color)
    {
        var rect = NextRect(Style.RowHeight, 0f);
        (LastItemRect, IsItemHovered) = (rect, false);
        DrawTextIn(rect, text, color, 0f);
    }

    /// <summary>
    /// Text over as many lines as it needs at the panel's width, broken between words (a word
    /// wider than the panel alone is broken where it must be): nothing is cut off.
    /// </summary>
    public void TextWrapped(ReadOnlySpan<char> text, UiColor color)
    {
        EndRow();
        var font = Style.Font;
        text = text.Trim();
        while (text.Length > 0)
        {
            var fit = Math.Max(1, font.FittingLength(text, _contentWidth));
            if (fit < text.Length)
            {
                var space = text[..(fit + 1)].LastIndexOf(' ');
                fit = space > 0 ? space : fit;
            }

            Label(text[..fit].TrimEnd(), color);
            text = text[fit..].TrimStart();
        }
    }

    /// <summary>"name ... value": a label on the left and a formatted number right-aligned (e.g. format "F2").</summary>
    public void Value<T>(ReadOnlySpan<char> label, T value, ReadOnlySpan<char> format = default)
        where T : ISpanFormattable
    {
        var rect = NextRect(Style.RowHeight, 0f);
        (LastItemRect, IsItemHovered) = (rect, false);
        var text = Format(value, format);
        var width = Style.Font.Measure(text);
        DrawTextIn(rect, Shown(label), Style.TextDim, width + Style.Spacing);
        DrawList.AddText(Style.Font, rect.Right - width, TextTop(rect, Style.Font), text, Style.Text);
    }

    /// <summary>A button as wide as the panel (or row cell). Returns true on the frame it is clicked.</summary>
    public bool Button(ReadOnlySpan<char> label) => ButtonIn(GetId(label), NextRect(Style.RowHeight, 0f), Shown(label));

    /// <summary>A button just wide enough for its label (the cell's width inside a <see cref="Row"/>). Returns true when clicked.</summary>
    public bool SmallButton(ReadOnlySpan<char> label)
    {
        var shown = Shown(label);
        var width = Style.Font.Measure(shown) + (2 * Style.Padding);
        return ButtonIn(GetId(label), NextRect(Style.RowHeight, width), shown);
    }

    /// <summary>A check box with a label; clicking flips <paramref name="value"/>. Returns true when it changed.</summary>
    public bool Toggle(ReadOnlySpan<char> label, ref bool value)
    {
        var id = GetId(label);
        var rect = NextRect(Style.RowHeight, 0f);
        var clicked = ClickBehavior(id, rect, out var hovered, out _);
        if (clicked)
        {
            value = !value;
        }

        var side = Style.RowHeight - 6f;
        var box = new UiRect(rect.X, rect.Y + 3f, side, side);
        DrawList.AddRect(box, FrameColor(id, hovered));
        if (value)
        {
            DrawList.AddRect(box.Shrink(3f), Style.Accent);
        }

        DrawTextIn(rect with { X = box.Right + Style.Spacing, Width = rect.Width - side - Style.Spacing }, Shown(label), Style.Text, 0f);
        return clicked;
    }

    /// <summary>
    /// A slider for a float between <paramref name="min"/> and <paramref name="max"/>: the label
    /// on the left, the track with the value (written with <paramref name="format"/>) on the
    /// right. Pressing on the track sets the value the position implies, and dragging follows
    /// the mouse (<see cref="UiSliderScale.Logarithmic"/>: ratios, for rates); the wheel nudges
    /// it by a hundredth of the track. Returns true on frames the value changed.
    /// </summary>
    public bool SliderFloat(ReadOnlySpan<char> label, ref float value, float min, float max, string format = "F2", UiSliderScale scale = UiSliderScale.Linear)
    {
        if (scale == UiSliderScale.Logarithmic && (min <= 0 || max <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(min), "A logarithmic slider needs positive ends.");
        }

        var id = GetId(label);
        var track = LabelledSlot(label);
        var before = value;
        var t = FractionOf(value, min, max, scale);
        if (SliderBehavior(id, track, ref t, 0.01f))
        {
            value = ValueAt(t, min, max, scale);
        }

        DrawSlider(id, track, FractionOf(value, min, max, scale), Format(value, format));
        return value != before;
    }

    /// <summary>A slider for an integer between <paramref name="min"/> and <paramref name="max"/> (the wheel steps by one). Returns true when the value changed.</summary>
    public bool SliderInt(ReadOnlySpan<char> label, ref int value, int min, int max)
    {
        var id = GetId(label);
        var track = LabelledSlot(label);
        var before = value;
        var span = Math.Max(1, max - min);
        var t = (value - min) / (float)span;
        if (SliderBehavior(id, track, ref t, 1f / span))
        {
            value = Math.Clamp(min + (int)MathF.Round(t * span), min, max);
        }

        DrawSlider(id, track, (value - min) / (float)span, Format(value));
        return value != before;
    }

    /// <summary>
    /// "label  value  [-] [+]": two small buttons that step <paramref name="value"/> by
    /// <paramref name="step"/> within [<paramref name="min"/>, <paramref name="max"/>]. Returns true when it changed.
    /// </summary>
    public bool PlusMinus(ReadOnlySpan<char> label, ref float value, float step, float min, float max, string format = "G4")
    {
        var id = GetId(label);
        var rect = NextRect(Style.RowHeight, 0f);
        var side = Style.RowHeight;
        var plus = new UiRect(rect.Right - side, rect.Y, side, side);
        var minus = new UiRect(plus.X - side - 2f, rect.Y, side, side);
        var before = value;
        if (ButtonIn(Combine(id, 1), minus, "-"))
        {
            value = Math.Clamp(value - step, min, max);
        }

        if (ButtonIn(Combine(id, 2), plus, "+"))
        {
            value = Math.Clamp(value + step, min, max);
        }

        var text = Format(value, format);
        var textWidth = Style.Font.Measure(text);
        DrawList.AddText(Style.Font, minus.X - Style.Spacing - textWidth, TextTop(rect, Style.Font), text, Style.Text);
        DrawTextIn(rect, Shown(label), Style.Text, rect.Right - minus.X + textWidth + (2 * Style.Spacing));
        LastItemRect = rect;
        return value != before;
    }

    /// <summary>
    /// A dropdown: the label, then a box showing <c>options[index]</c>. Clicking the box opens
    /// the list of options over everything else; clicking an option selects it and closes the
    /// list, clicking elsewhere only closes it (<see cref="Begin"/> takes that press, so no other
    /// widget reacts to it). Returns true on the frame the index changed.
    /// </summary>
    public bool Dropdown(ReadOnlySpan<char> label, ref int index, ReadOnlySpan<string> options)
    {
        var id = GetId(label);
        var box = LabelledSlot(label);
        var changed = false;
        var pressedBox = PressBehavior(id, box, out _);
        var open = _openPopup == id;
        if (pressedBox)
        {
            _openPopup = open ? 0 : id;
            open = !open;
        }

        var shown = index >= 0 && index < options.Length ? options[index].AsSpan() : "";
        DrawList.AddRect(box, FrameColor(id, IsItemHovered || open));
        DrawTextIn(box with { X = box.X + 4f, Width = box.Width - 4f }, shown, Style.Text, 16f);
        DrawArrow(box.Right - 9f, box.CenterY, true, Style.TextDim);
        if (!open)
        {
            return false;
        }

        // The list goes below the box, or above it where the screen ends.
        var row = Style.RowHeight;
        var height = (options.Length * row) + 2f;
        var top = box.Bottom + height <= ViewportHeight ? box.Bottom : Math.Max(0, box.Y - height);
        var list = new UiRect(box.X, top, box.Width, height);
        (_popupRect, _popupDrawn) = (list, true);
        _overlay.AddRect(list, Style.PopupBackground);
        _overlay.AddRectOutline(list, Style.PanelBorder);
        var listHovered = _hoverArea == id;
        var pressed = _input.MousePressed && !pressedBox;
        for (var i = 0; i < options.Length; i++)
        {
            var option = new UiRect(list.X + 1f, list.Y + 1f + (i * row), list.Width - 2f, row);
            var over = listHovered && option.Contains(_input.MouseX, _input.MouseY);
            if (over || i == index)
            {
                _overlay.AddRect(option, over ? Style.FrameHot : Style.Accent.WithAlpha(0.45f));
            }

            var text = options[i].AsSpan();
            text = text[..Style.Font.FittingLength(text, option.Width - 8f)];
            _overlay.AddText(Style.Font, option.X + 4f, TextTop(option, Style.Font), text, Style.Text);
            if (over && pressed)
            {
                changed = index != i;
                index = i;
                _openPopup = 0;

                // The press is the list's: hold it so the release does not click what is below.
                ActiveId = id;
            }
        }

        if (pressed && _openPopup == id && !list.Contains(_input.MouseX, _input.MouseY))
        {
            _openPopup = 0;
        }

        return changed;
    }

    /// <summary>
    /// A collapsible section header across the panel; clicking it opens or closes the section.
    /// Returns whether the section is open (draw its widgets only then). The state is kept
    /// between frames; <paramref name="defaultOpen"/> is the first frame's.
    /// </summary>
    public bool Header(ReadOnlySpan<char> label, bool defaultOpen = true)
    {
        var id = GetId(label);
        EndRow();
        var rect = NextRect(Style.RowHeight, 0f);
        ref var open = ref CollectionsMarshal.GetValueRefOrAddDefault(_sections, id, out var exists);
        if (!exists)
        {
            open = defaultOpen;
        }

        if (ClickBehavior(id, rect, out var hovered, out _))
        {
            open = !open;
        }

        DrawList.AddRect(rect, hovered || ActiveId == id ? Style.FrameHot : Style.TitleBar);
        DrawArrow(rect.X + 9f, rect.CenterY, open, Style.Text);
        DrawList.AddText(Style.BoldFont, rect.X + 18f, TextTop(rect, Style.BoldFont), Shown(label), Style.Text);
        return open;
    }

    /// <summary>
    /// A box of text next to the mouse, over everything (lines split at '\n'), kept on the
    /// screen: it flips to the left of or above the mouse where the screen ends. Several in one
    /// frame stack without overlapping. Call it when something is hovered, e.g.
    /// <c>if (ui.IsItemHovered) ui.Tooltip("...")</c>.
    /// </summary>
    public void Tooltip(ReadOnlySpan<char> text)
    {
        var font = Style.Font;
        var (width, lines) = (0f, 0);
        foreach (var line in text.Split('\n'))
        {
            width = Math.Max(width, font.Measure(text[line]));
            lines++;
        }

        var (boxWidth, boxHeight) = (width + 12f, (lines * font.LineHeight) + 8f);
        var (mouseX, mouseY) = (_input.MouseX, _input.MouseY);

        // Right of and below the mouse, or left of / above it where the screen ends; clamped
        // onto the screen when neither side has room.
        var x = PlaceOnScreen(mouseX + 14f, mouseX - 4f - boxWidth, boxWidth, ViewportWidth);
        float y;
        if (!_tooltipShown)
        {
            y = PlaceOnScreen(mouseY + 18f, mouseY - 4f - boxHeight, boxHeight, ViewportHeight);

            // The stack of this frame's tooltips spans the mouse too, so later ones leave it uncovered.
            (_tooltipTop, _tooltipBottom) = (Math.Min(y, mouseY - 2f), Math.Max(y + boxHeight, mouseY + 16f));
        }
        else
        {
            // A later tooltip in the same frame (a widget's and the owner's) goes under the
            // stack, or over it where the screen ends.
            y = PlaceOnScreen(_tooltipBottom + 2f, _tooltipTop - 2f - boxHeight, boxHeight, ViewportHeight);
            (_tooltipTop, _tooltipBottom) = (Math.Min(_tooltipTop, y), Math.Max(_tooltipBottom, y + boxHeight));
        }

        _tooltipShown = true;
        var box = new UiRect(x, y, boxWidth, boxHeight);
        _overlay.AddRect(box, Style.PopupBackground);
        _overlay.AddRectOutline(box, Style.PanelBorder);
        var top = box.Y + 4f;
        foreach (var line in text.Split('\n'))
        {
            _overlay.AddText(font, box.X + 6f, top, text[line], Style.Text);
            top += font.LineHeight;
        }
    }

    // Where a box of the given size starts on an axis of the screen [0, limit]: at preferred if
    // the box fits there, else at alternative if it fits there, else as close to preferred as
    // the screen allows (at 0 when the box is larger than the screen).
    private static float PlaceOnScreen(float preferred, float alternative, float size, float limit)
    {
        if (preferred >= 0 && preferred + size <= limit)
        {
            return preferred;
        }

        if (alternative >= 0 && alternative + size <= limit)
        {
            return alternative;
        }

        return Math.Clamp(float.IsNaN(preferred) ? 0f : preferred, 0f, Math.Max(0f, limit - size));
    }

    private bool ButtonIn(int id, UiRect rect, ReadOnlySpan<char> shown)
    {
        var clicked = ClickBehavior(id, rect, out var hovered, out _);
        DrawList.AddRect(rect, FrameColor(id, hovered));
        var font = Style.Font;
        shown = shown[..font.FittingLength(shown, rect.Width - 4f)];
        var width = font.Measure(shown);
        DrawList.AddText(font, rect.CenterX - (width / 2), TextTop(rect, font), shown, Style.Text);
        return clicked;
    }

    // Draws the label on the left share of a line and returns the rest, the widget's part.
    private UiRect LabelledSlot(ReadOnlySpan<char> label)
    {
        var rect = NextRect(Style.RowHeight, 0f);
        var shown = Shown(label);
        if (shown.IsEmpty || Style.LabelFraction <= 0)
        {
            return rect;
        }

        var labelWidth = MathF.Round(rect.Width * Style.LabelFraction);
        DrawTextIn(rect with { Width = labelWidth - Style.Spacing }, shown, Style.Text, 0f);
        return new UiRect(rect.X + labelWidth, rect.Y, rect.Width - labelWidth, rect.Height);
    }

    // Press on the track jumps to the position, dragging follows it; the wheel nudges. t is the
    // value's fraction of the track. Returns whether t changed.
    private bool SliderBehavior(int id, UiRect track, ref float t, float wheelStep)
    {
        PressBehavior(id, track, out var held);
        if (held && track.Width > 0)
        {
            t = Math.Clamp((_input.MouseX - track.X) / track.Width, 0f, 1f);
            return true;
        }

        if (IsItemHovered && _input.Scroll != 0 && ActiveId == 0)
        {
            _scrollTaken = true;
            t = Math.Clamp(t + (_input.Scroll * wheelStep), 0f, 1f);
            return true;
        }

        return false;
    }

    private void DrawSlider(int id, UiRect track, float t, ReadOnlySpan<char> text)
    {
        DrawList.AddRect(track, FrameColor(id, IsItemHovered));
        var fill = Math.Clamp(t, 0f, 1f) * track.Width;
        DrawList.AddRect(track with { Width = fill }, Style.Accent.WithAlpha(0.55f));
        DrawList.AddRect(new UiRect(track.X + fill - 1.5f, track.Y, 3f, track.Height), Style.Accent);
        var width = Style.Font.Measure(text);
        DrawList.AddText(Style.Font, track.CenterX - (width / 2), TextTop(track, Style.Font), text, Style.Text);
    }

    private static float FractionOf(float value, float min, float max, UiSliderScale scale)
    {
        var t = scale == UiSliderScale.Logarithmic
            ? MathF.Log(Math.Max(value, float.Epsilon) / min) / MathF.Log(max / min)
            : (value - min) / (max - min);
        return float.IsFinite(t) ? Math.Clamp(t, 0f, 1f) : 0f;
    }

    private static float ValueAt(float t, float min, float max, UiSliderScale scale) =>
        scale == UiSliderScale.Logarithmic ? min * MathF.Pow(max / min, t) : min + (t * (max - min));

    // Text vertically centred in rect, cut to fit what the rect leaves after reserveRight pixels.
    private void DrawTextIn(UiRect rect, ReadOnlySpan<char> text, UiColor color, float reserveRight)
    {
        var font = Style.Font;
        text = text[..font.FittingLength(text, rect.Width - reserveRight)];
        DrawList.AddText(font, rect.X, TextTop(rect, font), text, color);
    }

    private static float TextTop(UiRect rect, UiFont font) => rect.Y + MathF.Floor((rect.Height - font.LineHeight) / 2);
}
