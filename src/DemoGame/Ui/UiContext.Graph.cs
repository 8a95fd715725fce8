namespace DemoGame.Ui;

// The layered graph: columns of nodes joined by valued edges (a network diagram).
internal sealed partial class UiContext
{
    // How close (pixels) the mouse must come to an edge's centre line to hover it, at least.
    private const float EdgeReach = 4f;

    /// <summary>
    /// Draws <paramref name="data"/> in a slot <paramref name="height"/> pixels tall: its
    /// columns spread across the width, each column's nodes spread down it as squares (showing
    /// the node's texture, if it has one, else its colour). Every edge is a line coloured by its value's sign
    /// (<see cref="UiStyle.PositiveEdge"/>, <see cref="UiStyle.NegativeEdge"/>) and as thick
    /// and opaque as its |value| relative to the largest. The hovered edge is highlighted and
    /// its value shown in a tooltip (written with <paramref name="format"/>); so is a hovered
    /// node. Returns the hovered edge and node and the node clicked this frame.
    /// </summary>
    public UiGraphHit LayeredGraph(ReadOnlySpan<char> label, LayeredGraphData data, float height, string format = "F3")
    {
        ArgumentNullException.ThrowIfNull(data);
        var id = GetId(label);
        var rect = NextRect(height, 0f);
        var hovered = Hovers(id, rect);
        DrawList.AddRect(rect, Style.PlotBackground);
        var shown = Shown(label);
        if (!shown.IsEmpty)
        {
            DrawList.AddText(Style.Font, rect.X + 4f, rect.Y + 1f, shown, Style.TextDim);
        }

        var (mx, my) = (_input.MouseX, _input.MouseY);
        var max = data.MaxMagnitude();
        UiGraphNode? hoveredNode = null;
        if (hovered)
        {
            for (var c = 0; c < data.ColumnCount && hoveredNode is null; c++)
            {
                for (var i = 0; i < data.NodeCount(c); i++)
                {
                    if (GraphNodeRect(rect, label, data, c, i).Contains(mx, my))
                    {
                        hoveredNode = new UiGraphNode(c, i);
                        break;
                    }
                }
            }
        }

        // Edges, remembering the nearest to the mouse; they go under the nodes.
        UiGraphEdge? hoveredEdge = null;
        var nearest = float.PositiveInfinity;
        for (var c = 0; c + 1 < data.ColumnCount; c++)
        {
            var (left, right) = (data.NodeCount(c), data.NodeCount(c + 1));
            var values = data.Edges(c);
            for (var to = 0; to < right; to++)
            {
                var b = GraphNodeRect(rect, label, data, c + 1, to);
                for (var from = 0; from < left; from++)
                {
                    var a = GraphNodeRect(rect, label, data, c, from);
                    var value = values[(to * left) + from];
                    var share = max > 0 && float.IsFinite(value) ? Math.Abs(value) / max : 0f;
                    var width = Math.Max(0.75f, Style.GraphMaxEdgeWidth * share);
                    var color = (value < 0 ? Style.NegativeEdge : Style.PositiveEdge).WithAlpha(0.3f + (0.7f * share));
                    DrawList.AddLine(a.Right, a.CenterY, b.X, b.CenterY, width, color);
                    if (hovered && hoveredNode is null)
                    {
                        var distance = DistanceToSegment(mx, my, a.Right, a.CenterY, b.X, b.CenterY);
                        if (distance <= Math.Max(EdgeReach, (width / 2) + 2f) && distance < nearest)
                        {
                            (nearest, hoveredEdge) = (distance, new UiGraphEdge(c, from, to));
                        }
                    }
                }
            }
        }

        if (hoveredEdge is { } edge)
        {
            var a = GraphNodeRect(rect, label, data, edge.Column, edge.From);
            var b = GraphNodeRect(rect, label, data, edge.Column + 1, edge.To);
            var value = data.Edge(edge.Column, edge.From, edge.To);
            var share = max > 0 ? Math.Abs(value) / max : 0f;
            DrawList.AddLine(a.Right, a.CenterY, b.X, b.CenterY, Math.Max(2f, Style.GraphMaxEdgeWidth * share) + 1f, Style.HoveredEdge);
            var start = _frameText.Length;
            _frameText.Append(data.ColumnNames[edge.Column]).Append(' ').Append(edge.From + 1).Append(" → ")
                .Append(data.ColumnNames[edge.Column + 1]).Append(' ').Append(edge.To + 1)
                .Append('\n').Append(data.EdgeValueName).Append(' ').Append(value, format);
            Tooltip(_frameText.Since(start));
        }

        DrawGraphNodes(rect, label, data, hoveredNode);
        if (hoveredNode is { } node)
        {
            var start = _frameText.Length;
            _frameText.Append(data.ColumnNames[node.Column]).Append(' ').Append(node.Index + 1);
            var nodeValue = data.NodeValues(node.Column)[node.Index];
            if (float.IsFinite(nodeValue))
            {
                _frameText.Append('\n').Append(data.NodeValueName).Append(' ').Append(nodeValue, format);
            }

            Tooltip(_frameText.Since(start));
        }

        UiGraphNode? clicked = null;
        if (hoveredNode is not null && _input.MousePressed)
        {
            clicked = hoveredNode;
            ActiveId = id;
        }

        (LastItemRect, IsItemHovered) = (rect, hovered);
        return new UiGraphHit(hoveredEdge, hoveredNode, clicked);
    }

    /// <summary>
    /// Where <see cref="LayeredGraph"/> puts node <paramref name="index"/> of
    /// <paramref name="column"/> when the graph's slot is <paramref name="graphRect"/>
    /// (<see cref="LastItemRect"/> after the call) and its label is <paramref name="label"/>.
    /// </summary>
    public UiRect GraphNodeRect(UiRect graphRect, ReadOnlySpan<char> label, LayeredGraphData data, int column, int index)
    {
        ArgumentNullException.ThrowIfNull(data);
        const float pad = 4f;
        var top = graphRect.Y + pad + (Shown(label).IsEmpty ? 0f : Style.Font.LineHeight);
        var area = new UiRect(graphRect.X + pad, top, Math.Max(1f, graphRect.Width - (2 * pad)), Math.Max(1f, graphRect.Bottom - pad - top));
        var most = 1;
        for (var c = 0; c < data.ColumnCount; c++)
        {
            most = Math.Max(most, data.NodeCount(c));
        }

        // Nodes as big as the style allows, with at least a quarter of a node between them.
        var size = MathF.Floor(Math.Min(Style.GraphNodeSize, Math.Min(area.Height / (most * 1.25f), area.Width / (data.ColumnCount * 2f))));
        size = Math.Max(2f, size);
        var columns = data.ColumnCount;
        var x = columns == 1 ? area.CenterX - (size / 2) : area.X + (column * (area.Width - size) / (columns - 1));
        var step = area.Height / data.NodeCount(column);
        var y = area.Y + (step * (index + 0.5f)) - (size / 2);
        return new UiRect(MathF.Round(x), MathF.Round(y), size, size);
    }

    private void DrawGraphNodes(UiRect rect, ReadOnlySpan<char> label, LayeredGraphData data, UiGraphNode? hoveredNode)
    {
        // Solid squares first, all in the atlas's batch; then the textures, each its own batch.
        for (var c = 0; c < data.ColumnCount; c++)
        {
            var textures = data.Textures(c);
            var colors = data.NodeColors(c);
            for (var i = 0; i < data.NodeCount(c); i++)
            {
                var node = GraphNodeRect(rect, label, data, c, i);
                var isHovered = hoveredNode is { } h && h.Column == c && h.Index == i;
                var fill = textures[i] != 0 ? Style.PanelBorder : colors[i].A > 0 ? colors[i] : Style.Node;
                DrawList.AddRect(node, isHovered ? Style.HoveredEdge : fill);
            }
        }

        for (var c = 0; c < data.ColumnCount; c++)
        {
            var textures = data.Textures(c);
            for (var i = 0; i < data.NodeCount(c); i++)
            {
                if (textures[i] != 0)
                {
                    var inner = GraphNodeRect(rect, label, data, c, i).Shrink(1f);
                    var (v0, v1) = data.FlipTextures ? (1f, 0f) : (0f, 1f);
                    DrawList.AddImage(inner, textures[i], UiColor.White, 0f, v0, 1f, v1);
                }
            }
        }
    }

    private static float DistanceToSegment(float px, float py, float x0, float y0, float x1, float y1)
    {
        var (dx, dy) = (x1 - x0, y1 - y0);
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared > 0 ? Math.Clamp((((px - x0) * dx) + ((py - y0) * dy)) / lengthSquared, 0f, 1f) : 0f;
        var (cx, cy) = (x0 + (t * dx) - px, y0 + (t * dy) - py);
        return MathF.Sqrt((cx * cx) + (cy * cy));
    }
}
