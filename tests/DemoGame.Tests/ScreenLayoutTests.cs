using DemoGame.Presentation.Overlay;
using DemoGame.Presentation.Rendering;

namespace DemoGame.Tests;

public class ScreenLayoutTests
{
    private static readonly (int Width, int Height)[] Sizes = [(1280, 720), (960, 540), (1920, 1080), (700, 700), (1280, 500), (600, 1000)];

    [Test]
    public void TheBoardIsSquareOnScreenAndNothingOverlapsAtAnySize()
    {
        foreach (var (width, height) in Sizes)
        {
            // The overlay docks beside the game from 960 pixels across; narrower, it covers.
            foreach (var dock in width >= 960 ? new[] { 0f, DebugOverlay.DockWidthFor(width) } : [0f])
            {
                var layout = new ScreenLayout(width, height, 8, dock);
                var name = $"{width}x{height}, dock {dock}";
                var board = layout.Board;
                Assert.That(board.Width, Is.EqualTo(board.Height), name + ": the board is square, never stretched");
                Assert.That(Inside(board.Inflate(16f), new ScreenRect(0, 0, width - layout.DockWidth, height)), Is.True, name + ": the board and its frame are on screen, left of the dock");
                Assert.That(Inside(layout.Info, new ScreenRect(0, 0, width - layout.DockWidth, height)), Is.True, name + ": the info column is on screen, left of the dock");
                Assert.That(Overlap(board.Inflate(16f), layout.Info) || Overlap(board.Inflate(16f), layout.Controls) || Overlap(layout.Info, layout.Controls), Is.False, name + ": board, info column and controls apart");
                Assert.That(Inside(layout.Controls, new ScreenRect(0, 0, width - layout.DockWidth, height)), Is.True, name + ": the controls are on screen, left of the dock");
                for (var i = 0; i < 8; i++)
                {
                    var card = layout.Card(i);
                    Assert.That(Inside(card, new ScreenRect(0, 0, width - layout.DockWidth, height)), Is.True, $"{name}: card {i + 1} on screen");
                    Assert.That(Overlap(card, board.Inflate(16f)) || Overlap(card, layout.Info), Is.False, $"{name}: card {i + 1} is clear of board and info");
                    Assert.That(Inside(layout.Thumbnails[i], card) && Inside(layout.AccuracyBar(i), card) && Inside(layout.CardLabel(i), card), Is.True, $"{name}: card {i + 1} holds its parts");
                    Assert.That(Overlap(card, layout.Controls), Is.False, $"{name}: card {i + 1} is clear of the controls");
                    for (var j = 0; j < i; j++)
                    {
                        Assert.That(Overlap(card, layout.Card(j)), Is.False, $"{name}: cards {j + 1} and {i + 1}");
                    }
                }
            }
        }
    }

    [Test]
    public void TheBoardTakesWhatTheScreenAllows()
    {
        var wide = new ScreenLayout(1280, 720, 8);
        Assert.That(wide.Arrangement, Is.EqualTo(ScreenLayout.Kind.Beside));
        Assert.That(wide.Board.Width, Is.GreaterThan(600f), "most of 720 rows");

        var square = new ScreenLayout(700, 700, 8);
        Assert.That(square.Arrangement, Is.Not.EqualTo(ScreenLayout.Kind.Beside), "a square window puts the cards under the board");
        Assert.That(square.Board.Width, Is.GreaterThan(330f), "about half the window's side, the cards and the info column beside and under it");

        var big = new ScreenLayout(1920, 1080, 8);
        Assert.That(big.Board.Width / wide.Board.Width, Is.EqualTo(1.5f).Within(0.1f), "the board grows with the window");
    }

    private static bool Inside(ScreenRect inner, ScreenRect outer) =>
        inner.X >= outer.X - 0.5f && inner.Y >= outer.Y - 0.5f && inner.X + inner.Width <= outer.X + outer.Width + 0.5f && inner.Y + inner.Height <= outer.Y + outer.Height + 0.5f;

    private static bool Overlap(ScreenRect a, ScreenRect b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
