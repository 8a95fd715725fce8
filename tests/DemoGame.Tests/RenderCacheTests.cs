using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Levels;
using DemoGame.Platform;

namespace DemoGame.Tests;

// The renderer keeps what did not change between frames (the landed fruit's layer, the
// agents' cards in the cached scene): these tests hold a frame drawn through those caches
// against the same game state drawn from scratch by a new session.
public class RenderCacheTests
{
    private const int Width = 640;
    private const int Height = 360;

    [Test]
    public void AFrameDrawnThroughTheCachesMatchesOneDrawnFromScratch()
    {
        // A small board fills up within the frames played, so its oldest fruit start to go too.
        using var game = new FruitGame(new GameSettings { BoardCapacity = 64 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        for (var i = 0; i < 150; i++)
        {
            session.Frame();
        }

        // Paused before the frame compared, so the text says the same in both.
        game.Select(4);
        game.Paused = true;
        session.Draw();

        Assert.That(game.Landed, Has.Count.EqualTo(64), "the board is full: fruit came and went");
        AssertMatchesFreshDraw(context, session);
    }

    [Test]
    public void FruitLandingOnlyAddsToTheLayerAndARemovedFruitDisappears()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        session.Draw();
        var empty = session.Target.ReadPixels();
        var redraws = session.Renderer.LandedRedraws;

        game.Place(0.5f, 0.5f, FruitKind.Tomato);
        session.Draw();
        game.Place(-0.5f, -0.5f, FruitKind.Grape);
        session.Draw();
        var (tx, ty) = session.Layout.ToScreen(0.5f, 0.5f);
        var (gx, gy) = session.Layout.ToScreen(-0.5f, -0.5f);
        var withFruit = session.Target.ReadPixels();
        var tomato = PixelProbe.At(withFruit, Width, (int)tx, (int)ty);
        Assert.That(tomato.R > 150 && tomato.G < 90 && tomato.B < 90, Is.True, $"tomato centre {tomato}");
        Assert.That(PixelProbe.IsGrapePurple(PixelProbe.At(withFruit, Width, (int)gx, (int)gy)), Is.True);
        Assert.That(session.Renderer.LandedRedraws, Is.EqualTo(redraws), "landing fruit are added to the layer, not redrawn");

        Assert.That(game.RemoveNearest(0.5f, 0.5f, 0.1f), Is.True);
        session.Draw();
        var removed = session.Target.ReadPixels();

        Assert.That(session.Renderer.LandedRedraws, Is.EqualTo(redraws), "a removal erases the fruit, not the layer");
        Assert.That(session.Renderer.LandedErasures, Is.EqualTo(1));
        Assert.That(PixelProbe.At(removed, Width, (int)tx, (int)ty), Is.EqualTo(PixelProbe.At(empty, Width, (int)tx, (int)ty)), "the tomato is gone");
        Assert.That(PixelProbe.At(removed, Width, (int)gx, (int)gy), Is.EqualTo(PixelProbe.At(withFruit, Width, (int)gx, (int)gy)), "the grape stays");
    }

    [Test]
    public void AFullBoardLosingItsOldestFruitEveryFrameMatchesOneDrawnFromScratch()
    {
        // The default board, full: each fruit that lands pushes the oldest off, frame after
        // frame, and the layer only erases them. Fast throwing fills it within the frames played.
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 240 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        var capacity = game.Settings.BoardCapacity;
        var full = -1;
        for (var i = 0; i < 600 && (full < 0 || i < full + 120); i++)
        {
            session.Frame();
            if (full < 0 && game.Landed.Count == capacity)
            {
                full = i;
            }
        }

        Assert.That(full, Is.GreaterThanOrEqualTo(0), "the board filled up");
        var (redraws, erasures, oldest) = (session.Renderer.LandedRedraws, session.Renderer.LandedErasures, game.Landed[0]);
        for (var i = 0; i < 60; i++)
        {
            session.Frame();
            Assert.That(game.Landed, Has.Count.EqualTo(capacity));
        }

        game.Paused = true;
        session.Draw();

        Assert.That(game.Landed[0], Is.Not.EqualTo(oldest), "the oldest fruit left");
        Assert.That(session.Renderer.LandedErasures - erasures, Is.GreaterThanOrEqualTo(60), "at least one fruit left each frame");
        Assert.That(session.Renderer.LandedRedraws, Is.EqualTo(redraws), "fruit leaving are erased; the layer is not redrawn");
        AssertMatchesFreshDraw(context, session);
    }

    [Test]
    public void FruitRemovedFromAPileAreErasedAndTheFruitUnderAndOverThemStay()
    {
        // Fruit heaped on one spot overlap each other's sprites: removing ones from the bottom,
        // the middle and the top of the pile, several in one frame, must leave exactly the
        // picture of those that stay, in their order.
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        for (var i = 0; i < 40; i++)
        {
            game.Place(0.3f + (0.004f * i), -0.2f + (0.003f * (i % 7)), i % 3 == 0 ? FruitKind.Grape : FruitKind.Tomato);
        }

        // On the board's edge a sprite reaches past it, and off the layer at the screen's edge.
        game.Place(1f, 1f, FruitKind.Grape);
        game.Place(-1f, -1f, FruitKind.Tomato);
        session.Draw();
        var redraws = session.Renderer.LandedRedraws;

        Assert.That(game.RemoveNearest(0.3f, -0.2f, 0.01f), Is.True);
        Assert.That(game.RemoveNearest(0.38f, -0.185f, 0.005f), Is.True);
        Assert.That(game.RemoveNearest(0.456f, -0.188f, 0.005f), Is.True);
        Assert.That(game.RemoveNearest(1f, 1f, 0.01f), Is.True);
        game.Place(0.35f, -0.19f, FruitKind.Grape);
        session.Draw();

        Assert.That(session.Renderer.LandedRedraws, Is.EqualTo(redraws), "erased, not redrawn");
        Assert.That(session.Renderer.LandedErasures, Is.EqualTo(4));
        AssertMatchesFreshDraw(context, session);
    }

    [Test]
    public void ANewLevelClearsTheFruitFromThePicture()
    {
        using var game = new FruitGame(new GameSettings());
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        for (var i = 0; i < 90; i++)
        {
            session.Frame();
        }

        Assert.That(game.Landed, Is.Not.Empty);
        game.NextLevel();
        game.Paused = true;
        session.Draw();

        Assert.That(game.Landed, Is.Empty);
        AssertMatchesFreshDraw(context, session);
    }

    [Test]
    public void CardsAreRedrawnOnlyWhenWhatTheyShowChanges()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, Width, Height);
        session.Draw();
        var cards = session.Renderer.CardRedraws;
        Assert.That(cards, Is.EqualTo(game.Agents.Count), "the first frame draws every card");

        session.Draw();
        Assert.That(session.Renderer.CardRedraws, Is.EqualTo(cards), "nothing changed");

        // The selection frame moves from one card to another: both are redrawn.
        game.Select(game.Selected + 1);
        session.Draw();
        Assert.That(session.Renderer.CardRedraws, Is.EqualTo(cards + 2));
        AssertMatchesFreshDraw(context, session);
    }

    // Draws the session's game again with a new session (every boundary re-evaluated, no
    // cache) and requires the two frames to agree to within rounding.
    private static void AssertMatchesFreshDraw(EglHeadlessContext context, GameSession session)
    {
        var cached = session.Target.ReadPixels();
        foreach (var agent in session.Game.Agents)
        {
            agent.BoardWatch.Invalidate();
            agent.ThumbnailWatch.Invalidate();
        }

        using var fresh = new GameSession(context.Gl, session.Game, Width, Height);
        fresh.Draw();
        var reference = fresh.Target.ReadPixels();
        // The frame rate readout is the one thing that depends on the clock, not on the game.
        var fps = fresh.Overlay.RectOf("fps");
        var (worst, at) = (0, -1);
        for (var i = 0; i < reference.Length; i++)
        {
            var (x, y) = (i / 4 % Width, i / 4 / Width);
            if (fps.Contains(x, y))
            {
                continue;
            }

            if (i % 4 != 3 && Math.Abs(cached[i] - reference[i]) > worst)
            {
                (worst, at) = (Math.Abs(cached[i] - reference[i]), i / 4);
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(2), $"largest difference at pixel ({at % Width}, {at / Width})");
    }
}
