namespace DemoGame.Ui;

// Plots: line series (loss curves) and stacked bars (a frame profiler).
internal sealed partial class UiContext
{
    /// <summary>
    /// A line plot <paramref name="height"/> pixels tall of one or more series, all sharing the
    /// x axis (sample i of every series at the same x; the longest series spans the width) and
    /// the y range: [<paramref name="yMin"/>, <paramref name="yMax"/>], or where one is NaN, fitted
    /// to the data. The label and the range sit in the left corners, the legend (the series'
    /// names) top right; hovering shows each series' value there in a tooltip. Series with more
    /// samples than the plot has pixels are drawn as each pixel column's min-max span.
    /// </summary>
    public void LinePlot(ReadOnlySpan<char> label, ReadOnlySpan<UiSeries> series, float height, float yMin = float.NaN, float yMax = float.NaN, string format = "G3")
    {
        var (rect, hovered) = PlotFrame(label, height);
        var font = Style.Font;
        var longest = 0;
        var (lo, hi) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var s in series)
        {
            longest = Math.Max(longest, s.Count);
            for (var i = 0; i < s.Count; i++)
            {
                var v = s[i];
                if (float.IsFinite(v))
                {
                    (lo, hi) = (Math.Min(lo, v), Math.Max(hi, v));
                }
            }
        }

        (lo, hi) = FitRange(lo, hi, yMin, yMax);

        // Each legend entry names its series and its newest value, so the plot says where
        // things stand now; the range's ends sit in a gutter left of the data, not under it.
        Span<char> value = stackalloc char[32];
        var (legendWidth, flow) = (0f, NewLegendFlow(rect));
        foreach (var s in series)
        {
            var width = LegendWidth(s.Name, Newest(s, format, value));
            legendWidth += width;
            flow.Place(width);
        }

        var top = Format(hi, format);
        var bottom = Format(lo, format);
        var gutter = Math.Max(font.Measure(top), font.Measure(bottom)) + 8f;
        var (plot, ownLines) = PlotArea(rect, label, default, legendWidth, flow.Lines);
        plot = plot with { X = plot.X + gutter, Width = Math.Max(1f, plot.Width - gutter) };
        if (lo < 0 && hi > 0)
        {
            var zero = YOf(0f, lo, hi, plot);
            DrawList.AddRect(new UiRect(plot.X, MathF.Round(zero), plot.Width, 1f), Style.PlotGrid);
        }

        DrawList.AddRect(new UiRect(plot.X - 2f, plot.Y, 1f, plot.Height), Style.PlotGrid);
        foreach (var s in series)
        {
            DrawSeries(s, longest, lo, hi, plot);
        }

        DrawList.AddText(font, rect.X + 4f, rect.Y + 1f, Shown(label), Style.TextDim);
        DrawList.AddText(font, plot.X - 6f - font.Measure(top), plot.Y - 2f, top, Style.TextDim);
        DrawList.AddText(font, plot.X - 6f - font.Measure(bottom), plot.Bottom - font.LineHeight + 2f, bottom, Style.TextDim);
        var (legendRight, legend) = (rect.Right - 4f, NewLegendFlow(rect));
        for (var i = 0; i < series.Length; i++)
        {
            if (ownLines)
            {
                LegendEntryAt(series[i].Name, Newest(series[i], format, value), series[i].Color, legend.Place(LegendWidth(series[i].Name, Newest(series[i], format, value))));
            }
            else
            {
                var s = series[series.Length - 1 - i];
                legendRight = LegendEntry(s.Name, Newest(s, format, value), s.Color, legendRight, rect.Y + 1f);
            }
        }

        if (hovered && longest > 0)
        {
            var index = longest == 1 ? 0 : (int)MathF.Round(Math.Clamp((_input.MouseX - plot.X) / plot.Width, 0f, 1f) * (longest - 1));
            var x = XOf(index, longest, plot);
            DrawList.AddRect(new UiRect(MathF.Round(x), plot.Y, 1f, plot.Height), Style.PlotGrid);
            var start = _frameText.Length;
            _frameText.Append("sample ").Append(index + 1).Append(" of ").Append(longest);
            foreach (var s in series)
            {
                if (index < s.Count)
                {
                    _frameText.Append('\n').Append(s.Name ?? "").Append(s.Name is null ? "" : ": ").Append(s[index], format);
                }
            }

            Tooltip(_frameText.Since(start));
        }

        (LastItemRect, IsItemHovered) = (rect, hovered);
    }

    /// <summary>
    /// Stacked bars, one per frame, newest at the right, each frame's layers stacked bottom up
    /// in <paramref name="colors"/> (cycled) with <paramref name="names"/> in the legend. The
    /// bars are as wide as the ring's capacity allows, so a filling ring grows from the right.
    /// The top is <paramref name="yMax"/>, or (NaN) the tallest stack; <paramref name="marker"/>,
    /// if not NaN, draws a horizontal reference line (a frame budget). Hovering a bar shows its
    /// values in a tooltip.
    /// </summary>
    public void StackedBars(ReadOnlySpan<char> label, UiStackedFrames frames, ReadOnlySpan<UiColor> colors, ReadOnlySpan<string> names, float height, float yMax = float.NaN, float marker = float.NaN, string format = "F2")
    {
        if (colors.IsEmpty)
        {
            throw new ArgumentException("Stacked bars need at least one colour.", nameof(colors));
        }

        var (rect, hovered) = PlotFrame(label, height);
        var font = Style.Font;
        var count = Math.Min(frames.Count, frames.Capacity);
        var top = yMax;
        if (!float.IsFinite(top))
        {
            top = float.IsFinite(marker) ? marker : 0f;
            for (var f = 0; f < count; f++)
            {
                top = Math.Max(top, StackTotal(frames, f));
            }

            top = top > 0 ? top * 1.05f : 1f;
        }

        var topText = Format(top, format);
        var legends = Math.Min(frames.Layers, names.Length);
        var (legendWidth, flow) = (0f, NewLegendFlow(rect));
        for (var l = 0; l < legends; l++)
        {
            legendWidth += LegendWidth(names[l]);
            flow.Place(LegendWidth(names[l]));
        }

        var (plot, ownLines) = PlotArea(rect, label, topText, legendWidth, flow.Lines);
        var barWidth = plot.Width / Math.Max(1, frames.Capacity);
        var hoveredFrame = -1;
        for (var f = 0; f < count; f++)
        {
            var x = plot.Right - ((count - f) * barWidth);
            var bottom = plot.Bottom;
            for (var l = 0; l < frames.Layers; l++)
            {
                var h = Math.Max(0f, frames[f, l]) / top * plot.Height;
                h = Math.Min(h, bottom - plot.Y);
                DrawList.AddRect(new UiRect(x, bottom - h, Math.Max(1f, barWidth - (barWidth > 3f ? 1f : 0f)), h), colors[l % colors.Length]);
                bottom -= h;
            }

            if (hovered && _input.MouseX >= x && _input.MouseX < x + barWidth)
            {
                hoveredFrame = f;
            }
        }

        if (float.IsFinite(marker) && marker <= top)
        {
            DrawList.AddRect(new UiRect(plot.X, MathF.Round(YOf(marker, 0f, top, plot)), plot.Width, 1f), Style.TextDim);
        }

        DrawList.AddText(font, rect.X + 4f, rect.Y + 1f, Shown(label), Style.TextDim);
        DrawList.AddText(font, rect.X + 4f + font.Measure(Shown(label)) + 8f, rect.Y + 1f, topText, Style.TextDim);
        var (legendRight, legend) = (rect.Right - 4f, NewLegendFlow(rect));
        for (var i = 0; i < legends; i++)
        {
            if (ownLines)
            {
                LegendEntryAt(names[i], default, colors[i % colors.Length], legend.Place(LegendWidth(names[i])));
            }
            else
            {
                var l = legends - 1 - i;
                legendRight = LegendEntry(names[l], default, colors[l % colors.Length], legendRight, rect.Y + 1f);
            }
        }

        if (hoveredFrame >= 0)
        {
            var start = _frameText.Length;
            _frameText.Append("total ").Append(StackTotal(frames, hoveredFrame), format);
            for (var l = frames.Layers - 1; l >= 0; l--)
            {
                _frameText.Append('\n').Append(l < names.Length ? names[l] : "").Append(": ").Append(frames[hoveredFrame, l], format);
            }

            Tooltip(_frameText.Since(start));
        }

        (LastItemRect, IsItemHovered) = (rect, hovered);
    }

    private static float StackTotal(UiStackedFrames frames, int frame)
    {
        var total = 0f;
        for (var l = 0; l < frames.Layers; l++)
        {
            total += Math.Max(0f, frames[frame, l]);
        }

        return total;
    }

    // The y range to plot: the fixed ends given, the data's where not, never empty.
    private static (float Lo, float Hi) FitRange(float dataLo, float dataHi, float yMin, float yMax)
    {
        if (!float.IsFinite(dataLo))
        {
            (dataLo, dataHi) = (0f, 1f);
        }

        var margin = (dataHi - dataLo) * 0.05f;
        var lo = float.IsNaN(yMin) ? dataLo - margin : yMin;
        var hi = float.IsNaN(yMax) ? dataHi + margin : yMax;
        if (hi - lo < 1e-12f)
        {
            var pad = Math.Max(Math.Abs(hi) * 0.1f, 1e-6f);
            (lo, hi) = (lo - pad, hi + pad);
        }

        return (lo, hi);
    }

    private static float YOf(float value, float lo, float hi, UiRect plot) =>
        plot.Bottom - (Math.Clamp((value - lo) / (hi - lo), 0f, 1f) * plot.Height);

    private static float XOf(int index, int longest, UiRect plot) =>
        longest <= 1 ? plot.X : plot.X + (index * plot.Width / (longest - 1));

    private void DrawSeries(UiSeries s, int longest, float lo, float hi, UiRect plot)
    {
        const float thickness = 1.5f;
        if (s.Count > plot.Width * 2)
        {
            DrawSeriesColumns(s, longest, lo, hi, plot);
            return;
        }

        var (px, py, has) = (0f, 0f, false);
        for (var i = 0; i < s.Count; i++)
        {
            var v = s[i];
            if (!float.IsFinite(v))
            {
                has = false;
                continue;
            }

            var (x, y) = (XOf(i, longest, plot), YOf(v, lo, hi, plot));
            if (has)
            {
                DrawList.AddLine(px, py, x, y, thickness, s.Color);
            }

            (px, py, has) = (x, y, true);
        }
    }

    // Dense series: each pixel column shows the span of its samples, joined to the next.
    private void DrawSeriesColumns(UiSeries s, int longest, float lo, float hi, UiRect plot)
    {
        var columns = Math.Max(1, (int)plot.Width);
        var perColumn = (float)longest / columns;
        var (lastX, lastY, has) = (0f, 0f, false);
        for (var c = 0; c < columns; c++)
        {
            var (from, to) = ((int)(c * perColumn), Math.Min(s.Count, (int)((c + 1) * perColumn)));
            var (min, max) = (float.PositiveInfinity, float.NegativeInfinity);
            var last = float.NaN;
            for (var i = from; i < to; i++)
            {
                var v = s[i];
                if (float.IsFinite(v))
                {
                    (min, max, last) = (Math.Min(min, v), Math.Max(max, v), v);
                }
            }

            if (!float.IsFinite(min))
            {
                has = false;
                continue;
            }

            var x = plot.X + c + 0.5f;
            var (top, bottom) = (YOf(max, lo, hi, plot), YOf(min, lo, hi, plot));
            DrawList.AddRect(new UiRect(x - 0.75f, top - 0.75f, 1.5f, bottom - top + 1.5f), s.Color);
            if (has)
            {
                DrawList.AddLine(lastX, lastY, x, YOf(s[from], lo, hi, plot), 1.5f, s.Color);
            }

            (lastX, lastY, has) = (x, YOf(last, lo, hi, plot), true);
        }
    }

    // The newest finite sample of a series, formatted into buffer (empty when it has none).
    private static ReadOnlySpan<char> Newest(UiSeries s, string format, Span<char> buffer)
    {
        for (var i = s.Count - 1; i >= 0; i--)
        {
            if (float.IsFinite(s[i]) && s[i].TryFormat(buffer, out var written, format, System.Globalization.CultureInfo.InvariantCulture))
            {
                return buffer[..written];
            }
        }

        return default;
    }

    // The width a legend entry takes: its name (and value), the swatch before it and the gap to the next.
    private float LegendWidth(string? name, ReadOnlySpan<char> value = default) =>
        name is null ? 0f : Style.Font.Measure(name) + (value.IsEmpty ? 0f : 4f + Style.Font.Measure(value)) + 22f;

    // A colour swatch, a name and its value from (x, y), left to right, on a legend's own lines.
    private void LegendEntryAt(string? name, ReadOnlySpan<char> value, UiColor color, (float X, float Y) at)
    {
        if (name is null)
        {
            return;
        }

        var font = Style.Font;
        DrawList.AddRect(new UiRect(at.X, at.Y + (font.LineHeight / 2f) - 4f, 8f, 8f), color);
        var x = at.X + 12f + DrawList.AddText(font, at.X + 12f, at.Y, name, value.IsEmpty ? Style.Text : Style.TextDim);
        if (!value.IsEmpty)
        {
            DrawList.AddText(font, x + 4f, at.Y, value, Style.Text);
        }
    }

    // A legend on lines of its own, under a plot's title line.
    private LegendFlow NewLegendFlow(UiRect rect) => new(rect.X + 4f, rect.Right - 4f, rect.Y + 1f + Style.Font.LineHeight, Style.Font.LineHeight);

    // A colour swatch and a name ending at legendRight; returns where the next entry (to the left) ends.
    private float LegendEntry(string? name, ReadOnlySpan<char> value, UiColor color, float legendRight, float y)
    {
        if (name is null)
        {
            return legendRight;
        }

        var font = Style.Font;
        if (!value.IsEmpty)
        {
            var valueWidth = font.Measure(value);
            DrawList.AddText(font, legendRight - valueWidth, y, value, Style.Text);
            legendRight -= valueWidth + 4f;
        }

        var width = font.Measure(name);
        DrawList.AddText(font, legendRight - width, y, name, value.IsEmpty ? Style.Text : Style.TextDim);
        var swatch = new UiRect(legendRight - width - 12f, y + (font.LineHeight / 2f) - 4f, 8f, 8f);
        DrawList.AddRect(swatch, color);
        return swatch.X - 10f;
    }

    // A plot's slot: its background, and whether the mouse is over it.
    private (UiRect Rect, bool Hovered) PlotFrame(ReadOnlySpan<char> label, float height)
    {
        var id = GetId(label);
        var rect = NextRect(height, 0f);
        var hovered = Hovers(id, rect);
        DrawList.AddRect(rect, Style.PlotBackground);
        return (rect, hovered);
    }

    // Where a plot's data go, and whether the legend has lines of its own. The title line holds
    // the label and the top of the range at the left and the legend at the right; a legend too
    // wide to share it (six phases of a frame profile in a narrow panel) flows over lines of
    // its own under it, and the data area starts below them.
    private (UiRect Plot, bool OwnLines) PlotArea(UiRect rect, ReadOnlySpan<char> label, ReadOnlySpan<char> top, float legendWidth, int legendLines)
    {
        var font = Style.Font;
        var title = 4f + font.Measure(Shown(label)) + 8f + font.Measure(top) + 8f;
        var ownLines = legendLines > 0 && title + legendWidth + 4f > rect.Width;
        var header = ((1 + (ownLines ? legendLines : 0)) * font.LineHeight) + 2f;
        var plot = new UiRect(rect.X + 2f, rect.Y + header, rect.Width - 4f, Math.Max(1f, rect.Height - header - 3f));
        return (plot, ownLines);
    }

    /// <summary>
    /// Places legend entries left to right from <c>left</c>, starting a new line where the next
    /// would pass <c>right</c>; counts the lines. The same flow counts them before the plot is
    /// laid out and places them when it is drawn.
    /// </summary>
    private struct LegendFlow
    {
        private readonly float _left;
        private readonly float _right;
        private readonly float _lineHeight;
        private float _x;
        private float _y;

        public LegendFlow(float left, float right, float top, float lineHeight)
        {
            (_left, _right, _lineHeight) = (left, right, lineHeight);
            (_x, _y) = (left, top);
            Lines = 0;
        }

        /// <summary>Lines used so far.</summary>
        public int Lines { get; private set; }

        /// <summary>Where an entry <paramref name="width"/> wide (its trailing gap of 10 included) goes.</summary>
        public (float X, float Y) Place(float width)
        {
            if (width <= 0f)
            {
                return (_x, _y);
            }

            if (Lines == 0)
            {
                Lines = 1;
            }
            else if (_x + width - 10f > _right && _x > _left)
            {
                Lines++;
                (_x, _y) = (_left, _y + _lineHeight);
            }

            var at = (_x, _y);
            _x += width;
            return at;
        }
    }
}
