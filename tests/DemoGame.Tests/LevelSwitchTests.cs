using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using DemoGame.Presentation.Rendering;
using Engine.Neural;

namespace DemoGame.Tests;

/// <summary>N moves through the levels; the command line picks one and the noise.</summary>
public class LevelSwitchTests
{
    private static readonly AgentKind[] TwoAgents = [AgentKind.Defaults[0], AgentKind.Defaults[2]];

    [Test]
    public void NCyclesThroughEveryLevelInOrderAndWrapsAround()
    {
        using var game = new FruitGame(new GameSettings { Agents = TwoAgents });
        var input = new GameInput(game, new ScreenLayout(1280, 720, game.Agents.Count));
        var seen = new List<string> { game.Level.Name };
        for (var i = 0; i < LevelCatalog.All.Count; i++)
        {
            input.KeyPressed('N', shift: false);
            seen.Add(game.Level.Name);
        }

        Assert.That(seen, Is.EqualTo(new[] { "triangle", "xor", "circle", "spirals", "line", "triangle" }));
    }

    [Test]
    public void ANewLevelClearsTheBoardResetsTheBrainsAndSaysSo()
    {
        using var game = new FruitGame(new GameSettings { Agents = TwoAgents });
        for (var i = 0; i < 120; i++)
        {
            game.Step();
        }

        game.Place(0.5f, 0.5f, FruitKind.Grape);
        Assert.That(game.Landed, Is.Not.Empty);
        Assert.That(NoticeText.Of(game.News), Is.Null);

        game.NextLevel();

        Assert.That((game.Level.Name, game.Frame, game.Landed.Count, game.Flying.Count), Is.EqualTo(("xor", 0, 0, 0)));
        Assert.That(NoticeText.Of(game.News), Does.Contain("new level"));
        Assert.That(game.TestSet.All(f => f.Kind == game.Level.Classify(f.X, f.Y)), Is.True, "the test set is the new level's");

        // Fresh brains: the same weights, and then the same game, as one started on XOR.
        using var fresh = new FruitGame(new GameSettings { Agents = TwoAgents, Level = LevelCatalog.Find("xor")! });
        Assert.That(game.Agents[1].Parameters.ToArray(), Is.EqualTo(fresh.Agents[1].Parameters.ToArray()));
        for (var i = 0; i < 60; i++)
        {
            game.Step();
            fresh.Step();
        }

        Assert.That(game.Landed, Is.EqualTo(fresh.Landed));
        Assert.That(game.Agents[1].Parameters.ToArray(), Is.EqualTo(fresh.Agents[1].Parameters.ToArray()));

        // The notice goes away after a few seconds.
        for (var i = 0; i < 180; i++)
        {
            game.Step();
        }

        Assert.That(NoticeText.Of(game.News), Is.Null);
    }

    [Test]
    public void ThrownFruitCarriesTheRequestedLabelNoise()
    {
        var level = LevelCatalog.Find("line")!;
        using var game = new FruitGame(new GameSettings { Agents = [AgentKind.Defaults[0]], Level = level, Noise = 0.2 });
        for (var i = 0; i < 600; i++)
        {
            game.Step();
        }

        // About 900 fruit landed: the fraction's standard deviation is about 0.013.
        var wrong = game.Landed.Count(f => f.Kind != level.Classify(f.X, f.Y)) / (double)game.Landed.Count;
        Assert.That(game.Landed.Count, Is.GreaterThan(800));
        Assert.That(wrong, Is.EqualTo(0.2).Within(0.05));
        Assert.That(game.TestSet.All(f => f.Kind == level.Classify(f.X, f.Y)), Is.True, "the test set stays clean");
    }

    [Test]
    public void LevelAndNoiseOptionsSelectTheGame()
    {
        var options = DemoOptions.Parse(["--headless", "--level", "circle", "--noise", "0.25"], out var error);

        Assert.That(error, Is.Null);
        var settings = options!.ToSettings();
        Assert.That((settings.Level.Name, settings.Noise), Is.EqualTo(("circle", 0.25)));
        using var game = new FruitGame(settings with { Agents = TwoAgents });
        Assert.That(game.Level.Name, Is.EqualTo("circle"));

        Assert.That(DemoOptions.Parse([], out _)!.ToSettings().Level.Name, Is.EqualTo("triangle"));
        Assert.That(DemoOptions.Parse(["--level", "moon"], out error), Is.Null);
        Assert.That(error, Does.Contain("--level"));
        Assert.That(DemoOptions.Parse(["--noise", "0.6"], out _), Is.Null);
        Assert.That(DemoOptions.Parse(["--noise", "-0.1"], out _), Is.Null);
    }

    [Test]
    public void NKeepsTunedShapesAndSettingsAndShiftRPutsTheDefaultsBack()
    {
        using var game = new FruitGame(new GameSettings { FruitPerSecond = 0 });
        var input = new GameInput(game, new ScreenLayout(1280, 720, game.Agents.Count));
        var wider = AgentKind.Cuts(Activation.Sigmoid, 5);
        game.ChangeSpec(2, wider);
        game.Agents[4].Training = game.Agents[4].Training with { LearningRate = 0.2 };

        input.KeyPressed('N', shift: false);

        Assert.That(game.Level.Name, Is.EqualTo("xor"));
        Assert.That(game.Agents[2].Kind.Spec, Is.EqualTo(wider), "the tuned shape survives the new level");
        Assert.That(game.Agents[4].Training.LearningRate, Is.EqualTo(0.2), "and so does the tuned rate");
        Assert.That(game.Agents[0].Training, Is.EqualTo(Agent.DefaultTraining), "untuned agents keep the defaults");
        Assert.That(NoticeText.Of(game.News), Does.Contain("kept"), "the screen says so");

        input.KeyPressed('R', shift: true);

        Assert.That(game.Level.Name, Is.EqualTo("xor"), "shift-R restarts the level it is on");
        Assert.That(game.Agents[2].Kind.Spec, Is.EqualTo(AgentKind.Defaults[2].Spec));
        Assert.That(game.Agents[4].Training, Is.EqualTo(Agent.DefaultTraining));
    }

    [Test]
    public void CClearsTheBoardAndTheBrainsKeepTheirWeights()
    {
        using var game = new FruitGame(new GameSettings());
        var input = new GameInput(game, new ScreenLayout(1280, 720, game.Agents.Count));
        for (var i = 0; i < 60; i++)
        {
            game.Step();
        }

        var weights = game.Agents[2].Parameters.ToArray();
        Assert.That(game.Landed, Is.Not.Empty);

        input.KeyPressed('C', shift: false);

        Assert.That(game.Landed, Is.Empty);
        Assert.That(game.Flying, Is.Empty);
        Assert.That(game.Agents[2].Parameters.ToArray(), Is.EqualTo(weights));
        Assert.That(game.Frame, Is.EqualTo(60), "the level goes on");
    }
}
