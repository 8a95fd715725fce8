namespace DemoGame.Ui;

/// <summary>An edge of a <see cref="LayeredGraphData"/>: from node <paramref name="From"/> of <paramref name="Column"/> to node <paramref name="To"/> of the next column.</summary>
internal readonly record struct UiGraphEdge(int Column, int From, int To);

/// <summary>A node of a <see cref="LayeredGraphData"/>: node <paramref name="Index"/> of <paramref name="Column"/>.</summary>
internal readonly record struct UiGraphNode(int Column, int Index);

/// <summary>What the mouse did to a <see cref="UiContext.LayeredGraph"/> this frame.</summary>
/// <param name="HoveredEdge">The edge under the mouse (the nearest within a few pixels), or null.</param>
/// <param name="HoveredNode">The node under the mouse, or null (a node wins over the edges under it).</param>
/// <param name="ClickedNode">The node the left button went down on this frame, or null.</param>
internal readonly record struct UiGraphHit(UiGraphEdge? HoveredEdge, UiGraphNode? HoveredNode, UiGraphNode? ClickedNode);
