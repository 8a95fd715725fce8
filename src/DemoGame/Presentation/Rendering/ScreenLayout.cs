namespace DemoGame.Presentation.Rendering;

/// <summary>
/// Where things sit on a screen of any size: the board square and as large as fits, the
/// agents' cards and the info column (title, the selected agent, status, help) beside or
/// below it, and on the right a dock kept free for the debug overlay when it is open. Three
/// arrangements are tried and the one giving the largest board wins, so a resize re-lays the
/// screen out instead of stretching a fixed frame. Drawing and input both go through this
/// one layout, so a click lands where the thing it hits is drawn.
/// </summary>
internal sealed class ScreenLayout
{
    /// <summary>Height of one line of a card's label, in pixels.</summary>
    public const float CardLineHeight = 14f;

    // A card is its thumbnail, the accuracy bar under it and two label lines (name, accuracy),
    // on a panel reaching CardPadding past the thumbnail.
    private const float CardPadding = 8f;
    private const float CardGap = 10f;
    private const float BarGap = 6f;
    private const float LabelBlock = BarGap + 5f + 4f + (2 * CardLineHeight);
    private const float Gap = 24f;
    private const float MinInfoWidth = 240f;
    private const float MaxInfoWidth = 340f;
    private const float StackedInfoHeight = 420f;

    /// <summary>Height kept at the foot of the info column for the on-screen controls.</summary>
    public const float ControlsHeight = 196f;
    private const float BoardFrame = 18f;

    private readonly ScreenRect[] _thumbnails;
    private readonly float _barHeight;

    /// <summary>
    /// Lays out a <paramref name="width"/> x <paramref name="height"/> screen for
    /// <paramref name="agents"/> cards, keeping <paramref name="dockWidth"/> pixels on the right
    /// free (the overlay's dock; 0 when it is closed).
    /// </summary>
    public ScreenLayout(int width, int height, int agents, float dockWidth = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        Width = width;
        Height = height;
        DockWidth = Math.Clamp(dockWidth, 0f, width * 0.6f);
        Dock = new ScreenRect(width - DockWidth, 0, DockWidth, height);
        var (w, h) = (width - DockWidth, (float)height);
        // The board's wooden frame and shadow reach BoardFrame past it: the margin leaves room.
        var margin = Math.Clamp(h * 0.03f, 8f, 32f) + BoardFrame;
        var info = Math.Clamp(w * 0.22f, Math.Min(MinInfoWidth, w * 0.4f), MaxInfoWidth);
        _thumbnails = new ScreenRect[agents];
        _barHeight = 5f;

        var beside = Beside(w, h, margin, info, agents);
        var under = Under(w, h, margin, info, agents);
        var stacked = Stacked(w, h, margin, agents);
        var best = beside.Side >= under.Side && beside.Side >= stacked.Side ? beside : under.Side >= stacked.Side ? under : stacked;
        Arrangement = best.Kind;
        Board = best.Board;
        var controls = Math.Min(ControlsHeight, best.Info.Height * 0.6f);
        Info = best.Info with { Height = best.Info.Height - controls - 8f };
        Controls = new ScreenRect(best.Info.X, best.Info.Y + best.Info.Height - controls, best.Info.Width, controls);
        PlaceCards(best.Cards, best.Columns, agents);
        CardsArea = CardBounds(agents);
    }

    /// <summary>How the screen is arranged.</summary>
    public enum Kind
    {
        /// <summary>Board, a two-column card grid and the info column side by side.</summary>
        Beside,

        /// <summary>Board and info column side by side, the cards in rows under the board.</summary>
        CardsUnder,

        /// <summary>Board, cards and info column one under the other (a tall window).</summary>
        Stacked,
    }

    /// <summary>Screen width in pixels.</summary>
    public int Width { get; }

    /// <summary>Screen height in pixels.</summary>
    public int Height { get; }

    /// <summary>Pixels on the right kept free for the overlay.</summary>
    public float DockWidth { get; }

    /// <summary>The strip on the right kept for the overlay (empty when it is closed).</summary>
    public ScreenRect Dock { get; }

    /// <summary>The arrangement chosen for this screen.</summary>
    public Kind Arrangement { get; }

    /// <summary>The board: [-1, 1]² with y up. Always square.</summary>
    public ScreenRect Board { get; }

    /// <summary>The info column's text: the title, the selected agent, notices, help and the status line.</summary>
    public ScreenRect Info { get; }

    /// <summary>The foot of the info column: the on-screen controls (play, step, reset...) and the colour legend.</summary>
    public ScreenRect Controls { get; }

    /// <summary>One thumbnail per agent.</summary>
    public IReadOnlyList<ScreenRect> Thumbnails => _thumbnails;

    /// <summary>The smallest whole-pixel rectangle holding every card (empty without agents).</summary>
    public ScreenRect CardsArea { get; }

    /// <summary>The accuracy bar under a thumbnail.</summary>
    public ScreenRect AccuracyBar(int agent)
    {
        var t = _thumbnails[agent];
        return new ScreenRect(t.X, t.Y + t.Height + BarGap, t.Width, _barHeight);
    }

    /// <summary>The card's panel: the thumbnail, its bar and its two label lines with a margin.</summary>
    public ScreenRect Card(int agent)
    {
        var t = _thumbnails[agent];
        return new ScreenRect(t.X - CardPadding, t.Y - CardPadding, t.Width + (2 * CardPadding), t.Height + LabelBlock + (2 * CardPadding) - 4f);
    }

    /// <summary>The card's label lines (name, then accuracy), under its bar and inside its panel.</summary>
    public ScreenRect CardLabel(int agent)
    {
        var (card, bar) = (Card(agent), AccuracyBar(agent));
        return new ScreenRect(card.X + 3f, bar.Y + bar.Height + 3f, card.Width - 6f, 2 * CardLineHeight);
    }

    /// <summary>The screen pixel of board point (x, y).</summary>
    public (float X, float Y) ToScreen(float x, float y) =>
        (Board.X + ((x + 1f) * 0.5f * Board.Width), Board.Y + ((1f - y) * 0.5f * Board.Height));

    /// <summary>The board point under screen pixel (x, y) (outside [-1, 1]² when off the board).</summary>
    public (float X, float Y) ToBoard(double x, double y) =>
        ((float)(((x - Board.X) / Board.Width * 2.0) - 1.0), (float)(1.0 - ((y - Board.Y) / Board.Height * 2.0)));

    // The side of a card cell whose thumbnail is t pixels, across and down.
    private static float CellAcross(float thumbnail) => thumbnail + (2 * CardPadding) + CardGap;

    private static float CellDown(float thumbnail) => thumbnail + LabelBlock + (2 * CardPadding) + CardGap - 4f;

    private static int Rows(int agents, int columns) => Math.Max(1, (agents + columns - 1) / columns);

    // Board | two card columns | info column. The cards' rows share the height.
    private static Candidate Beside(float w, float h, float margin, float info, int agents)
    {
        const int columns = 2;
        var rows = Rows(agents, columns);
        var thumbnail = Math.Max(8f, ((h - (2 * margin)) / rows) - (CellDown(0) - 0f));
        var cards = agents > 0 ? columns * CellAcross(thumbnail) : 0f;
        var side = Math.Min(h - (2 * margin), w - (2 * margin) - (2 * Gap) - cards - info);
        var used = side + (2 * Gap) + cards + info;
        var left = Math.Max(margin, (w - used) / 2f);
        var board = new ScreenRect(left, (h - side) / 2f, side, side);
        var cardsLeft = board.X + side + Gap;
        var cardsTop = (h - (rows * CellDown(thumbnail))) / 2f;
        return new Candidate(Kind.Beside, side, board, new ScreenRect(cardsLeft + cards + Gap, margin, info, h - (2 * margin)), new CardGrid(cardsLeft, cardsTop, thumbnail), columns);
    }

    // Board with four card columns under it | info column beside both.
    private static Candidate Under(float w, float h, float margin, float info, int agents)
    {
        const int columns = 4;
        var rows = agents > 0 ? Rows(agents, columns) : 0;

        // The cards span the board's width: thumbnail = side / columns - across(0); the
        // height holds the board, a gap and the card rows.
        var across = CellAcross(0);
        var down = CellDown(0);
        var byHeight = (h - (2 * margin) - Gap - (rows * (down - across))) / (1f + ((float)rows / columns));
        var side = Math.Min(w - (2 * margin) - Gap - info, rows > 0 ? byHeight : h - (2 * margin));
        var thumbnail = Math.Max(8f, (side / columns) - across);
        var total = side + (rows > 0 ? Gap + (rows * CellDown(thumbnail)) : 0f);
        var top = Math.Max(margin, (h - total) / 2f);
        var left = Math.Max(margin, (w - side - Gap - info) / 2f);
        var board = new ScreenRect(left, top, side, side);
        return new Candidate(Kind.CardsUnder, side, board, new ScreenRect(left + side + Gap, margin, info, h - (2 * margin)), new CardGrid(left, top + side + Gap, thumbnail), columns);
    }

    // Board, then the card rows, then the info column, down a tall window.
    private static Candidate Stacked(float w, float h, float margin, int agents)
    {
        const int columns = 4;
        var rows = agents > 0 ? Rows(agents, columns) : 0;
        var across = CellAcross(0);
        var down = CellDown(0);
        var byHeight = (h - (2 * margin) - (2 * Gap) - StackedInfoHeight - (rows * (down - across))) / (1f + ((float)rows / columns));
        var side = Math.Max(8f, Math.Min(w - (2 * margin), byHeight));
        var thumbnail = Math.Max(8f, (side / columns) - across);
        var left = (w - side) / 2f;
        var board = new ScreenRect(left, margin, side, side);
        var cardsTop = margin + side + Gap;
        var infoTop = cardsTop + (rows * CellDown(thumbnail)) + Gap;
        var infoWidth = Math.Min(w - (2 * margin), Math.Max(side, MinInfoWidth));
        return new Candidate(Kind.Stacked, side, board, new ScreenRect((w - infoWidth) / 2f, infoTop, infoWidth, Math.Max(40f, h - margin - infoTop)), new CardGrid(left, cardsTop, thumbnail), columns);
    }

    private void PlaceCards(CardGrid grid, int columns, int agents)
    {
        for (var i = 0; i < agents; i++)
        {
            var (row, column) = (i / columns, i % columns);
            _thumbnails[i] = new ScreenRect(
                grid.Left + CardPadding + (CardGap / 2) + (column * CellAcross(grid.Thumbnail)),
                grid.Top + CardPadding + (CardGap / 2) + (row * CellDown(grid.Thumbnail)),
                grid.Thumbnail,
                grid.Thumbnail);
        }
    }

    private ScreenRect CardBounds(int agents)
    {
        if (agents == 0)
        {
            return new ScreenRect(Info.X, Info.Y, 1, 1);
        }

        var (left, top, right, bottom) = (float.MaxValue, float.MaxValue, float.MinValue, float.MinValue);
        for (var i = 0; i < agents; i++)
        {
            var card = Card(i);
            (left, top) = (Math.Min(left, card.X), Math.Min(top, card.Y));
            (right, bottom) = (Math.Max(right, card.X + card.Width), Math.Max(bottom, card.Y + card.Height));
        }

        left = MathF.Floor(Math.Max(0, left));
        top = MathF.Floor(Math.Max(0, top));
        right = MathF.Ceiling(Math.Min(Width, right));
        bottom = MathF.Ceiling(Math.Min(Height, bottom));
        return new ScreenRect(left, top, Math.Max(1, right - left), Math.Max(1, bottom - top));
    }

    private readonly record struct CardGrid(float Left, float Top, float Thumbnail);

    private readonly record struct Candidate(Kind Kind, float Side, ScreenRect Board, ScreenRect Info, CardGrid Cards, int Columns);
}
