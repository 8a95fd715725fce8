using DemoGame.App;
using DemoGame.Model;
using DemoGame.Presentation.Overlay;

namespace DemoGame.Tests.Overlay;

/// <summary>The tuning panel's controls of the scored mode's policy and of the evolved mode's search, driven with the mouse.</summary>
public class ModeTuningTests : HeadlessGlFixture
{
    [Test]
    public void TheScoredModesDiscountAndEntropyApplyOnRestart()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Scored });
        using var session = Open(game);
        var discount = session.Overlay.RectOf("discount");
        var entropy = session.Overlay.RectOf("entropy bonus");
        Assert.That(discount.Width, Is.GreaterThan(0), "the Score header is open in a scored game");
        DebugOverlayTests.Click(session, discount.X + (discount.Width * 0.5f), discount.CenterY);
        DebugOverlayTests.Click(session, entropy.X + 1f, entropy.CenterY);
        Assert.That(game.Settings.Scoring.Policy.Discount, Is.Zero, "nothing applies before the restart");

        var restart = session.Overlay.RectOf("restart with these settings");
        DebugOverlayTests.Click(session, restart.CenterX, restart.CenterY);

        var policy = game.Settings.Scoring.Policy;
        Assert.That(policy.Discount, Is.EqualTo(0.5).Within(0.02));
        Assert.That(policy.EntropyBonus, Is.LessThan(0.01));
        var learner = game.World.Brains.Learner(game.SelectedAgent.Brain.CohortId)!;
        Assert.That(learner.Options.Discount, Is.EqualTo(policy.Discount), "the fresh policies learn with them");
        Assert.That(learner.Options.EntropyBonus, Is.EqualTo(policy.EntropyBonus));
    }

    [Test]
    public void TheEvolvedModesStrategyAndPopulationAreTunedInTheOverlay()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Evolved });
        using var session = Open(game);
        Assert.That(() => session.Overlay.RectOf("learning rate"), Throws.ArgumentException, "no per-agent training in an evolved game");
        DebugOverlayTests.ChooseOption(session, "strategy", 1);
        Assert.That(game.Evolution.Strategy, Is.EqualTo(EvolutionKind.Strategies));
        Assert.That(game.Population, Has.Count.EqualTo(64), "the same population goes on");

        var population = session.Overlay.RectOf("population");
        DebugOverlayTests.Click(session, population.Right - 1f, population.CenterY);
        var size = game.Evolution.PopulationSize;
        Assert.That(size, Is.InRange(EvolutionSettings.MaxPopulation - 4, EvolutionSettings.MaxPopulation), "near the slider's end");
        Assert.That(size % 2, Is.Zero, "evolution strategies take their brains in pairs");
        Assert.That(game.Population, Has.Count.EqualTo(size), "a new population of that size");
        // Generations start once both kinds of fruit lie on the board.
        for (var i = 0; i < 120 && game.Generation == 0; i++)
        {
            session.Frame();
        }

        Assert.That(game.Generation, Is.GreaterThan(0), "and evolves");
    }

    private GameSession Open(FruitGame game)
    {
        var session = new GameSession(Context.Gl, game, 1920, 1080);
        session.Input.KeyPressed(DebugOverlay.KeyTab, shift: false);
        session.Frame();
        session.Frame();
        return session;
    }
}
