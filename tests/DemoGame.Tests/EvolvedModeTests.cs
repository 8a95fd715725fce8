using DemoGame.Model;
using DemoGame.Model.Levels;

namespace DemoGame.Tests;

/// <summary>
/// The evolved mode: a population of three-cut brains in one cohort, each generation scored by
/// its decisions on the same fruit of the board (+1 a slashed grape, -1 a slashed tomato), learns
/// the level's rule, measured on held-out fruit no member was ever scored on.
/// </summary>
public class EvolvedModeTests
{
    private static readonly ulong[] Seeds = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

    // Measured over seeds 1-12 at the default evolution settings (one generation a frame, the
    // first once both kinds of fruit lie on the board; the cards, and so the best's accuracy,
    // follow every tenth): 100 to 600 frames (58 to 556 generations); the bound is twice the
    // slowest.
    private const int TriangleFrames = 1200;

    [Test]
    public void AnEvolvedPopulationsBestCutsTheTriangleOutOnEverySeed()
    {
        var reached = new List<int>();
        foreach (var seed in Seeds)
        {
            using var game = new FruitGame(new GameSettings { Mode = GameMode.Evolved, Seed = seed, Level = LevelCatalog.Find("triangle")! });
            Assert.That(game.Population, Has.Count.EqualTo(64));
            Assert.That(game.Population.Select(a => a.Cohort).Distinct().Count(), Is.EqualTo(1), "one cohort");
            Assert.That(game.Agents, Has.Count.EqualTo(8), "the cards show the best eight");
            while (game.Frame < TriangleFrames && !(game.Frame % 10 == 0 && game.Agents[0].TestAccuracy >= 0.95 && game.Generation > 0))
            {
                game.Step();
            }

            var best = game.Agents[0];
            TestContext.Out.WriteLine($"seed {seed}: best {best.TestAccuracy:P1} at frame {game.Frame}, generation {game.Generation}, fitness {best.Fitness} (best {game.FitnessCurve.Best.Last}, mean {game.FitnessCurve.Mean.Last:F1})");
            Assert.That(best.TestAccuracy, Is.GreaterThanOrEqualTo(0.95), $"seed {seed}");
            Assert.That(game.Agents.Select(a => a.Fitness), Is.Ordered.Descending, "best first");
            reached.Add(game.Generation);
        }

        TestContext.Out.WriteLine($"generations to 95 %: {string.Join(", ", reached)}");
    }

    [Test]
    public void NewMutationSettingsGoOnFromThePopulationANewSizeStartsAfresh()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Evolved, Seed = 3 });
        for (var i = 0; i < 120; i++)
        {
            game.Step();
        }

        var cohort = game.Population[0].Cohort;
        var before = game.Population.Select(a => a.Parameters.ToArray()).ToArray();
        var generation = game.Generation;
        Assert.That(generation, Is.GreaterThan(50));

        game.SetEvolution(game.Evolution with { MutationScale = 0.3, Strategy = EvolutionKind.Strategies });
        Assert.That(game.Population[0].Cohort, Is.SameAs(cohort), "the same brains go on");
        Assert.That(game.Generation, Is.EqualTo(generation));
        game.Step();
        Assert.That(game.Generation, Is.EqualTo(generation + 1));

        game.SetEvolution(game.Evolution with { PopulationSize = 32 });
        Assert.That(game.Population, Has.Count.EqualTo(32));
        Assert.That(game.Population[0].Cohort, Is.Not.SameAs(cohort), "a new population");
        Assert.That(game.Generation, Is.Zero);
        Assert.That(game.Population[0].Parameters.ToArray(), Is.Not.EqualTo(before[0]));
        for (var i = 0; i < 5; i++)
        {
            game.Step();
        }

        Assert.That(game.Generation, Is.EqualTo(5));
        Assert.That(game.FitnessCurve.Best.Count, Is.EqualTo(5));
    }

    [Test]
    public void EveryMemberIsScoredOnTheSameFruitByItsDecisions()
    {
        using var game = new FruitGame(new GameSettings { Mode = GameMode.Evolved, Seed = 5 });
        while (game.Generation == 0)
        {
            game.Step();
        }

        // A fresh eager population slashes nearly every fruit: half grapes, half tomatoes, so
        // its score sits near zero; no member can score beyond the 64 grapes it was shown.
        var fitness = game.Population.Select(a => a.Fitness).ToArray();
        Assert.That(fitness, Is.All.InRange(-64f, 64f));
        Assert.That(fitness.All(f => f == MathF.Round(f)), Is.True, "whole points: +1 or -1 a decision");
        Assert.That(game.FitnessCurve.Best.Last, Is.EqualTo(fitness.Max()));
        Assert.That(game.FitnessCurve.Mean.Last, Is.EqualTo(fitness.Average()).Within(1e-4));
        Assert.That(game.SaveBrains(), Is.False, "saves are for the supervised game");
        Assert.That(game.Status!.Value.Save!.Problem, Is.EqualTo(SaveProblem.WrongMode));
    }
}
