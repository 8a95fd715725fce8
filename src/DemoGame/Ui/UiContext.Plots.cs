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
        var (rect, plot, hovered) = PlotFrame(label, height);
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
        if (lo < 0 && hi > 0)
        {
            var zero = YOf(0f, lo, hi, plot);
            DrawList.AddRect(new UiRect(plot.X, MathF.Round(zero), plot.Width, 1f), Style.PlotGrid);
        }

        foreach (var s in series)
        {
            DrawSeries(s, longest, lo, hi, plot);
        }

        DrawList.AddText(font, rect.X + 4f, rect.Y + 1f, Shown(label), Style.TextDim);
        var top = Format(hi, format);
        DrawList.AddText(font, rect.X + 4f + font.Measure(Shown(label)) + 8f, rect.Y + 1f, top, Style.TextDim);
        DrawList.AddText(font, rect.X + 4f, rect.Bottom - font.LineHeight - 1f, Format(lo, format), Style.TextDim);
        var legendRight = rect.Right - 4f;
        for (var i = series.Length - 1; i >= 0; i--)
        {
            legendRight = LegendEntry(series[i].Name, series[i].Color, legendRight, rect.Y + 1f);
        }

        if (hovered && longest > 0)
        {
            var index = longest == 1 ? 0 : (int)MathF.Round(Math.Clamp((_input.MouseX - plot.X) / plot.Width, 0f, 1f) * (longest - 1));
            var x = XOf(index, longest, plot);
            DrawList.AddRect(new UiRect(MathF.Round(x), plot.Y, 1f, plot.Height), Style.PlotGrid);
            var start = _frameText.Length;
            _frameText.Append('#').Append(index);
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

        var (rect, plot, hovered) = PlotFrame(label, height);
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
        DrawList.AddText(font, rect.X + 4f + font.Measure(Shown(label)) + 8f, rect.Y + 1f, Format(top, format), Style.TextDim);
        var legendRight = rect.Right - 4f;
        for (var l = Math.Min(frames.Layers, names.Length) - 1; l >= 0; l--)
        {
            legendRight = LegendEntry(names[l], colors[l % colors.Length], legendRight, rect.Y + 1f);
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

    // A colour swatch and a name ending at legendRight; returns where the next entry (to the left) ends.
    private float LegendEntry(string? name, UiColor color, float legendRight, float y)
    {
        if (name is null)
        {
            return legendRight;
        }

        var font = Style.Font;
        var width = font.Measure(name);
        DrawList.AddText(font, legendRight - width, y, name, Style.Text);
        var swatch = new UiRect(legendRight - width - 12f, y + (font.LineHeight / 2f) - 4f, 8f, 8f);
        DrawList.AddRect(swatch, color);
        return swatch.X - 10f;
    }

    // A plot's slot: its background, the area under the title line where the data goes, and
    // whether the mouse is over it.
    private (UiRect Rect, UiRect Plot, bool Hovered) PlotFrame(ReadOnlySpan<char> label, float height)
    {
        var id = GetId(label);
        var rect = NextRect(height, 0f);
        var hovered = Hovers(id, rect);
        var font = Style.Font;
        DrawList.AddRect(rect, Style.PlotBackground);
        var plot = new UiRect(rect.X + 2f, rect.Y + font.LineHeight + 2f, rect.Width - 4f, Math.Max(1f, rect.Height - font.LineHeight - 5f));
        return (rect, plot, hovered);
    }
}
