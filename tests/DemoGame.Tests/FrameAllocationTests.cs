using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Harvest;
using DemoGame.Platform;

namespace DemoGame.Tests;

public class FrameAllocationTests
{
    // The game at its defaults, learning: a frame whose text did not change (the text is
    // re-rasterised, with its strings, only when a number on screen changes) must allocate
    // nothing, or a long game would pause for collections.
    [Test]
    public void ASteadyFrameAllocatesNothingOnTheManagedHeap()
    {
        using var game = new FruitGame(new GameSettings());
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        // A long warm-up: for the first few dozen frames the runtime's tiered compilation still
        // swaps in optimised code, and that allocates on the calling thread.
        for (var i = 0; i < 200; i++)
        {
            session.Frame();
        }

        SteadyFrames.AssertAllocateNothing(session);
    }

    // A full board loses its oldest fruit with every landing, and the landed layer erases them.
    [Test]
    public void ASteadyFrameOnAFullBoardAllocatesNothing()
    {
        using var game = new FruitGame(new GameSettings { BoardCapacity = 128 });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < 200; i++)
        {
            session.Frame();
        }

        Assert.That(game.Landed, Has.Count.EqualTo(128), "the board is full");
        var erasures = session.Renderer.LandedErasures;
        SteadyFrames.AssertAllocateNothing(session);
        Assert.That(session.Renderer.LandedErasures, Is.GreaterThan(erasures), "fruit left the board while measured");
    }

    // The scored mode: 16 decisions an agent a frame, the policies' batched learning, the
    // score rates on the cards.
    [Test]
    public void ASteadyScoredFrameAllocatesNothing()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Scored });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < 200; i++)
        {
            session.Frame();
        }

        SteadyFrames.AssertAllocateNothing(session);
    }

    // The evolved mode: a generation a frame (64 brains scored on 128 fruit, ranked, bred),
    // the best eight on the cards, with the overlay and its fitness curve open.
    [Test]
    public void ASteadyEvolvedFrameAllocatesNothing()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Evolved });
        using var context = EglHeadlessContext.Create();
        using var session = new GameSession(context.Gl, game, 1920, 1080);
        session.Input.KeyPressed(Presentation.Overlay.DebugOverlay.KeyTab, shift: false);
        for (var i = 0; i < 200; i++)
        {
            session.Frame();
        }

        var generation = game.Generation;
        SteadyFrames.AssertAllocateNothing(session);
        Assert.That(game.Generation, Is.EqualTo(generation + 30), "a generation every measured frame");
        Assert.That(session.Overlay.RectOf("fitness").Width, Is.GreaterThan(0), "the fitness curve is drawn");
        Assert.That(session.Overlay.RectOf("mutation scale").Width, Is.GreaterThan(0), "and the evolution's controls");
    }

    // Harvest: 240 agents sensing, acting, learning (or evolving, a generation every 50 frames)
    // and drawn, each frame, the selected agent's network in the panel.
    [TestCase(false)]
    [TestCase(true)]
    public void ASteadyHarvestFrameAllocatesNothing(bool evolving)
    {
        using var context = EglHeadlessContext.Create();
        var settings = new HarvestSettings { Learning = evolving ? HarvestLearning.Evolution : HarvestLearning.PolicyGradient, Evolution = new HarvestEvolution { GenerationFrames = 50 } };
        using var session = new HarvestSession(context.Gl, new HarvestGame(settings), DemoRunner.Width, DemoRunner.Height);
        for (var i = 0; i < 200; i++)
        {
            session.Frame();
        }

        var perFrame = new long[120];
        for (var i = 0; i < perFrame.Length; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            session.Frame();
            perFrame[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(perFrame, Is.All.EqualTo(0), string.Join(" ", perFrame));
        if (evolving)
        {
            Assert.That(session.Game.Generation, Is.EqualTo(320 / 50), "generations were bred while measured");
        }
        else
        {
            Assert.That(session.Game.Learner!.Updates, Is.GreaterThan(200 * 10), "the agents learned while measured");
        }
    }
}
