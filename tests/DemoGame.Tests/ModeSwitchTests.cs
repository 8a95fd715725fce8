using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Presentation.Rendering;

namespace DemoGame.Tests;

/// <summary>
/// One key switches how the agents learn while the game runs: M goes from labels to the score
/// alone to an evolving population and back, each time playing the level again with the
/// agents of that mode, which then learn the way the mode says.
/// </summary>
public class ModeSwitchTests
{
    private const int KeyM = 77;

    [Test]
    public void MCyclesLabelsScoreAndEvolutionAndEachModePlays()
    {
        using var game = new FruitGame(new GameSettings { Seed = 3 });
        var input = new GameInput(game, new ScreenLayout(1280, 720, game.Agents.Count));
        var news = new List<GameEvent>();
        game.Happened += news.Add;
        Run(game, 30);
        Assert.That(game.World.Learning.LastSteps, Is.GreaterThan(0), "supervised: the agents train on labelled samples");

        input.KeyPressed(KeyM, shift: false);
        Assert.That(game.Settings.Mode, Is.EqualTo(GameMode.Scored));
        Assert.That(game.Frame, Is.Zero, "the level started again");
        Assert.That(news[^1].Kind, Is.EqualTo(GameEventKind.ModeChanged));
        Assert.That(NoticeText.Of(news[^1]), Does.Contain("score alone"));
        Run(game, 60);
        Assert.That(game.Agents.Sum(a => a.Decisions), Is.GreaterThan(0), "scored: the agents decide fruit by fruit and hear the score");

        input.KeyPressed(KeyM, shift: false);
        Assert.That(game.Settings.Mode, Is.EqualTo(GameMode.Evolved));
        Assert.That(game.Population, Has.Count.EqualTo(game.Settings.Evolution.PopulationSize), "evolved: a population of one shape");
        Run(game, 60);
        Assert.That(game.Generation, Is.GreaterThan(0), "the population breeds");
        Assert.That(game.Selected, Is.InRange(0, game.Agents.Count - 1), "the selection stays on a card");
        Assert.That(NoticeText.Of(news[^1]), Does.Contain("evolving"));

        input.KeyPressed(KeyM, shift: false);
        Assert.That(game.Settings.Mode, Is.EqualTo(GameMode.Supervised), "and back to labels");
        Assert.That(game.Agents, Has.Count.EqualTo(AgentKind.Defaults.Count), "the line-up of shapes again");
        Run(game, 30);
        Assert.That(game.World.Learning.LastSteps, Is.GreaterThan(0));
    }

    [Test]
    public void SwitchingModesKeepsTheBackendAndTunedShapes()
    {
        using var game = new FruitGame(new GameSettings { Seed = 4, Agents = [AgentKind.Defaults[0], AgentKind.Defaults[2]] });
        game.UseMode(GameMode.Scored);
        Assert.That(game.Agents.Take(2).Select(a => a.Kind), Is.EqualTo(new[] { AgentKind.Defaults[0], AgentKind.Defaults[2] }), "the line-up is kept");
        Assert.That(game.Agents.Skip(2).All(a => a.Supervised), Is.True, "beside it, at most the supervised comparison");
        Assert.That(game.Backend, Is.EqualTo(BrainBackend.Cpu));
        var frame = game.Frame;
        game.UseMode(GameMode.Scored);
        Assert.That(game.Frame, Is.EqualTo(frame), "asking for the mode it is in changes nothing");
    }

    private static void Run(FruitGame game, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            game.Step();
        }
    }
}
