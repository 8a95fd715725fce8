using DemoGame.App;
using DemoGame.Model;
using DemoGame.Model.Agents;
using DemoGame.Presentation;
using DemoGame.Presentation.Rendering;
using Engine.Neural;
using Engine.Neural.Persistence;

namespace DemoGame.Tests;

/// <summary>
/// F5 saves every agent's brain, F9 loads them back, driven as a player drives them (keys
/// through <see cref="GameInput"/>, the overlay's buttons with the mouse). A load that cannot
/// happen (no file, a corrupt one, brains of another shape) says why and changes nothing:
/// the game goes on bit for bit as a twin that never tried.
/// </summary>
public class SaveLoadTests
{
    internal static string PathFor(string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "saves", TestContext.CurrentContext.Test.Name);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.Delete(path);
        return path;
    }

    internal static FruitGame NewGame(string path) => new(new GameSettings { SaveFile = path });

    // What the status line reports: its kind and the save's outcome.
    internal static (GameEventKind Kind, SaveOutcome Save) Outcome(FruitGame game)
    {
        Assert.That(game.Status, Is.Not.Null, "a save or load was reported");
        var status = game.Status!.Value;
        Assert.That(status.Save, Is.Not.Null);
        return (status.Kind, status.Save!);
    }

    internal static SaveOutcome Succeeded(string path, int brains = 8) => new(path) { Count = brains };

    private static GameInput InputFor(FruitGame game) => new(game, new ScreenLayout(DemoRunner.Width, DemoRunner.Height, game.Agents.Count));

    private static void Steps(FruitGame game, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            game.Step();
        }
    }

    private static void Press(GameInput input, int key) => input.KeyPressed(key, shift: false);

    // Every agent's parameters as the brain in the registry holds them, as bits (so -0 and 0, or two NaNs, never pass for each other).
    internal static int[][] InRegistry(FruitGame game) => [.. game.Agents.Select(agent =>
    {
        var parameters = new float[agent.Cohort.ParameterCount];
        agent.Cohort.GetParameters(agent.Brain.Agent, parameters);
        return Bits(parameters);
    })];

    // What the board, the thumbnails and the overlay draw from.
    internal static int[][] Drawn(FruitGame game) => [.. game.Agents.Select(agent => Bits(agent.Parameters.ToArray()))];

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];

    [Test]
    public void F9BringsBackEveryBrainBitForBitAsF5SavedItAndLearningGoesOn()
    {
        var path = PathFor("resume.brains");
        var log = new StringWriter();
        using var game = NewGame(path);
        using var logged = new EventLog(game, log);
        var input = InputFor(game);
        Steps(game, 90);

        Press(input, GameInput.KeyF5);
        Assert.That(Outcome(game), Is.EqualTo((GameEventKind.SaveSucceeded, Succeeded(path))));
        Assert.That(game.Status!.Value.IsFailure, Is.False);
        Assert.That(File.Exists(path), Is.True);
        Assert.That(log.ToString(), Does.Contain("saved 8 brains").And.Contain(path));
        var saved = InRegistry(game);
        Assert.That(Drawn(game), Is.EqualTo(saved));
        var savedTraining = game.Agents.Select(a => a.Training).ToArray();

        // More learning, and a new learning rate: both are undone by the load.
        Steps(game, 60);
        game.Agents[2].Training = game.Agents[2].Training with { LearningRate = 0.5 };
        Assert.That(InRegistry(game), Is.Not.EqualTo(saved));
        var world = game.World;

        Press(input, GameInput.KeyF9);

        Assert.That(Outcome(game), Is.EqualTo((GameEventKind.LoadSucceeded, Succeeded(path))));
        Assert.That(log.ToString(), Does.Contain("loaded 8 brains"));
        Assert.That(InRegistry(game), Is.EqualTo(saved), "the brains in the registry are the saved ones, bit for bit");
        Assert.That(Drawn(game), Is.EqualTo(saved), "what the board draws follows at once");
        Assert.That(game.Agents.Select(a => a.Training), Is.EqualTo(savedTraining), "training settings (and the optimiser with them) come back");
        Assert.That(game.World, Is.Not.SameAs(world));
        Assert.That(game.World.Brains.BrainCount, Is.EqualTo(8));
        Assert.That(game.Agents.Select(a => a.Cohort.SampleCount(a.Brain.Agent)), Is.All.EqualTo(game.Landed.Count), "the agents learn from the board's fruit");
        Assert.That(game.Agents.Select(a => a.TestAccuracy), Is.All.GreaterThan(0), "measured at once");

        // The game goes on and the loaded brains learn.
        var frame = game.Frame;
        Steps(game, 5);
        Assert.That(game.Frame, Is.EqualTo(frame + 5));
        var after = InRegistry(game);
        Assert.That(Enumerable.Range(0, 8).Count(i => !after[i].SequenceEqual(saved[i])), Is.EqualTo(8), "every brain trained on");
        Assert.That(Drawn(game), Is.EqualTo(after));
    }

    [Test]
    public void ACorruptSaveIsRefusedWithItsProblemAndNothingChanges()
    {
        var path = PathFor("corrupt.brains");
        var log = new StringWriter();
        using var game = NewGame(path);
        using var logged = new EventLog(game, log);
        using var twin = NewGame(PathFor("twin.brains"));
        var input = InputFor(game);
        Steps(game, 60);
        Steps(twin, 60);
        Press(input, GameInput.KeyF5);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        Steps(game, 30);
        Steps(twin, 30);
        var before = InRegistry(game);
        var world = game.World;

        Press(input, GameInput.KeyF9);

        var (kind, outcome) = Outcome(game);
        Assert.That(game.Status!.Value.IsFailure, Is.True);
        Assert.That((kind, outcome.Path, outcome.Problem, outcome.FileProblem), Is.EqualTo((GameEventKind.LoadFailed, path, SaveProblem.BadFile, BrainFileProblem.ChecksumMismatch)));
        Assert.That(log.ToString(), Does.Contain("ChecksumMismatch").And.Contain(path));
        Assert.That(game.World, Is.SameAs(world));
        Assert.That(InRegistry(game), Is.EqualTo(before));
        Assert.That(Drawn(game), Is.EqualTo(before));

        // The game plays on exactly as one that never tried.
        Steps(game, 30);
        Steps(twin, 30);
        Assert.That(InRegistry(game), Is.EqualTo(InRegistry(twin)));
        Assert.That(game.Landed, Is.EqualTo(twin.Landed));
    }

    [Test]
    public void AMissingSaveIsReportedAndNothingChanges()
    {
        var path = PathFor("never-saved.brains");
        var log = new StringWriter();
        using var game = NewGame(path);
        using var logged = new EventLog(game, log);
        using var twin = NewGame(path);
        var input = InputFor(game);
        Steps(game, 40);
        Steps(twin, 40);
        var before = InRegistry(game);

        Press(input, GameInput.KeyF9);

        var (kind, outcome) = Outcome(game);
        Assert.That((kind, outcome.Path, outcome.Problem), Is.EqualTo((GameEventKind.LoadFailed, path, SaveProblem.NotFound)));
        Assert.That(game.Status!.Value.IsFailure, Is.True);
        Assert.That(log.ToString(), Does.Contain("not found").And.Contain(path));
        Assert.That(InRegistry(game), Is.EqualTo(before));
        Assert.That(Drawn(game), Is.EqualTo(before));
        Steps(game, 20);
        Steps(twin, 20);
        Assert.That(InRegistry(game), Is.EqualTo(InRegistry(twin)));
    }

    [Test]
    public void ASaveWhoseShapesNoLongerFitIsRefusedAndNothingChanges()
    {
        var path = PathFor("old-shape.brains");
        using var game = NewGame(path);
        var input = InputFor(game);
        Steps(game, 40);
        Press(input, GameInput.KeyF5);

        // The player gives agent 3 a fourth cut in the overlay after saving.
        game.ChangeSpec(2, AgentKind.Cuts(Activation.Sigmoid, 4));
        Steps(game, 20);
        var before = InRegistry(game);
        var world = game.World;

        Press(input, GameInput.KeyF9);

        Assert.That(Outcome(game), Is.EqualTo((GameEventKind.LoadFailed, new SaveOutcome(path, SaveProblem.ShapeChanged) { Agent = 2, Now = "4 cuts", Saved = "3 cuts" })));
        Assert.That(game.World, Is.SameAs(world));
        Assert.That(game.Agents[2].Kind.Spec, Is.EqualTo(AgentKind.Cuts(Activation.Sigmoid, 4)));
        Assert.That(InRegistry(game), Is.EqualTo(before));
        Assert.That(Drawn(game), Is.EqualTo(before));

        // Back to the saved shape, the same file loads.
        game.ChangeSpec(2, AgentKind.Defaults[2].Spec);
        Press(input, GameInput.KeyF9);
        Assert.That(Outcome(game), Is.EqualTo((GameEventKind.LoadSucceeded, Succeeded(path))));
    }

    [Test]
    public void ASaveOfAnotherLineUpIsRefused()
    {
        var path = PathFor("two.brains");
        using (var two = new FruitGame(new GameSettings { SaveFile = path, Agents = [AgentKind.Defaults[0], AgentKind.Defaults[2]] }))
        {
            two.Step();
            Assert.That(two.SaveBrains(), Is.True);
        }

        using var game = NewGame(path);
        var before = InRegistry(game);
        Assert.That(game.LoadBrains(), Is.False);
        Assert.That(Outcome(game), Is.EqualTo((GameEventKind.LoadFailed, new SaveOutcome(path, SaveProblem.BrainCount) { Count = 2, Expected = 8 })));
        Assert.That(InRegistry(game), Is.EqualTo(before));
    }

    [Test]
    public void ASaveThatCannotBeWrittenSaysSoAndLeavesTheGameAlone()
    {
        var path = Path.Combine(PathFor("unused"), "no-such-folder", "x.brains");
        using var game = NewGame(path);
        Steps(game, 10);
        var before = InRegistry(game);

        Press(InputFor(game), GameInput.KeyF5);

        var (kind, outcome) = Outcome(game);
        Assert.That((kind, outcome.Path, outcome.Problem), Is.EqualTo((GameEventKind.SaveFailed, path, SaveProblem.FolderMissing)));
        Assert.That(outcome.Message, Is.Not.Empty, "the system's words, for the log");
        Assert.That(InRegistry(game), Is.EqualTo(before));
    }

    [Test]
    public void TheStatusLineGoesAwayAfterAFewSecondsEvenWhilePaused()
    {
        using var game = NewGame(PathFor("status.brains"));
        game.Paused = true;
        game.SaveBrains();
        for (var i = 0; i < 200; i++)
        {
            game.Update();
        }

        Assert.That(game.Status, Is.Not.Null);
        for (var i = 0; i < 60; i++)
        {
            game.Update();
        }

        Assert.That(game.Status, Is.Null);
        Assert.That(game.Frame, Is.Zero, "paused all along");
    }

    [Test]
    public void TheCommandLineNamesTheSaveFile()
    {
        Assert.That(DemoOptions.Parse([], out _)!.ToSettings().SaveFile, Is.EqualTo(GameSettings.DefaultSaveFile));
        var options = DemoOptions.Parse(["--save-file", "slot2.brains", "--headless"], out var error);
        Assert.That(error, Is.Null);
        Assert.That(options!.ToSettings().SaveFile, Is.EqualTo("slot2.brains"));
        Assert.That(DemoOptions.Parse(["--save-file"], out error), Is.Null);
        Assert.That(error, Does.Contain("--save-file"));
        Assert.That(DemoOptions.Usage, Does.Contain("--save-file FILE"));
        Assert.That(GameInput.Help, Does.Contain("F5").And.Contain("F9"));
        Assert.That(TextOverlay.FullHelp.Concat(TextOverlay.ShortHelp), Has.Some.Contain("F5").And.Some.Contain("F9"));
    }

    [Test]
    public void F9KeepsTheFrameEachAgentSolvedTheLevelIn()
    {
        var path = PathFor("solved.brains");
        using var game = NewGame(path);
        var input = InputFor(game);
        Steps(game, 500);
        var solved = game.Agents[2].SolvedAtFrame;
        Assert.That(solved, Is.Not.Null, "three cuts solve the triangle in 500 frames");
        Press(input, GameInput.KeyF5);
        Steps(game, 30);

        Press(input, GameInput.KeyF9);

        Assert.That(Outcome(game).Kind, Is.EqualTo(GameEventKind.LoadSucceeded));
        Assert.That(game.Agents[2].SolvedAtFrame, Is.EqualTo(solved), "the frame it solved the level in, not the frame of the load");
    }

    [Test]
    public void TheDefaultSaveFileLivesInTheUsersDataFolder()
    {
        Assert.That(GameSettings.SaveFileIn("/data/me", "/home/me"), Is.EqualTo("/data/me/fruit-cuts/demogame.brains"));
        Assert.That(GameSettings.SaveFileIn(null, "/home/me"), Is.EqualTo("/home/me/.local/share/fruit-cuts/demogame.brains"));
        Assert.That(GameSettings.SaveFileIn("relative/path", "/home/me"), Is.EqualTo("/home/me/.local/share/fruit-cuts/demogame.brains"), "a relative XDG_DATA_HOME is ignored, as the spec says");
        Assert.That(Path.IsPathRooted(GameSettings.DefaultSaveFile), Is.True, "never the current directory");
        Assert.That(DemoOptions.Parse(["--save-file", "mine.brains"], out _)!.ToSettings().SaveFile, Is.EqualTo("mine.brains"), "--save-file still overrides");
    }
}
