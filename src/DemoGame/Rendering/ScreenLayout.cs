namespace DemoGame.Rendering;

/// <summary>
/// Where things sit on screen: the board on the left as large as fits, the agents' thumbnails
/// in a strip of two columns on the right. Input maps clicks through the same layout.
/// </summary>
internal sealed class ScreenLayout
{
    private const float Margin = 40f;
    private const int ThumbnailColumns = 2;

    /// <summary>Lays out a <paramref name="width"/> x <paramref name="height"/> screen for <paramref name="agents"/> thumbnails.</summary>
    public ScreenLayout(int width, int height, int agents)
    {
        Width = width;
        Height = height;
        var side = Math.Min(height - (2 * Margin), width * 0.55f);
        Board = new ScreenRect(Margin * 1.5f, (height - side) / 2f, side, side);

        var rows = (agents + ThumbnailColumns - 1) / ThumbnailColumns;
        var stripLeft = Board.X + Board.Width + (Margin * 1.5f);
        var cell = Math.Min((width - stripLeft - Margin) / ThumbnailColumns, (height - (2 * Margin)) / Math.Max(rows, 1));
        var thumb = cell * 0.70f;
        var thumbnails = new ScreenRect[agents];
        var top = (height - (rows * cell)) / 2f;
        for (var i = 0; i < agents; i++)
        {
            var (row, column) = (i / ThumbnailColumns, i % ThumbnailColumns);
            thumbnails[i] = new ScreenRect(stripLeft + (column * cell), top + (row * cell), thumb, thumb);
        }

        Thumbnails = thumbnails;
    }

    /// <summary>Screen width in pixels.</summary>
    public int Width { get; }

    /// <summary>Screen height in pixels.</summary>
    public int Height { get; }

    /// <summary>The board: [-1, 1]² with y up.</summary>
    public ScreenRect Board { get; }

    /// <summary>One thumbnail per agent.</summary>
    public IReadOnlyList<ScreenRect> Thumbnails { get; }

    /// <summary>The accuracy bar under a thumbnail.</summary>
    public ScreenRect AccuracyBar(int agent)
    {
        var t = Thumbnails[agent];
        return new ScreenRect(t.X, t.Y + t.Height + 6f, t.Width, Math.Max(4f, t.Height * 0.07f));
    }

    /// <summary>The screen pixel of board point (x, y).</summary>
    public (float X, float Y) ToScreen(float x, float y) =>
        (Board.X + ((x + 1f) * 0.5f * Board.Width), Board.Y + ((1f - y) * 0.5f * Board.Height));

    /// <summary>The board point under screen pixel (x, y) (outside [-1, 1]² when off the board).</summary>
    public (float X, float Y) ToBoard(double x, double y) =>
        ((float)(((x - Board.X) / Board.Width * 2.0) - 1.0), (float)(1.0 - ((y - Board.Y) / Board.Height * 2.0)));
}
