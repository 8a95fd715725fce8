using DemoGame.Model;
using DemoGame.Presentation;
using DemoGame.Presentation.Rendering;
using Engine.Neural.Persistence;

namespace DemoGame.Tests;

/// <summary>
/// The words the screen and the log give to save and load outcomes: the game reports them as
/// events (<see cref="SaveLoadTests"/>), the presentation words them here.
/// </summary>
public class SaveWordingTests
{
    private const string File = "/saves/resume.brains";

    private static string? Line(GameEventKind kind, SaveOutcome save) => NoticeText.Of(new GameEvent(kind, 12, Save: save));

    [Test]
    public void SuccessesNameTheFileAndTheCount()
    {
        Assert.That(Line(GameEventKind.SaveSucceeded, new SaveOutcome(File) { Count = 8 }), Is.EqualTo("saved 8 brains to resume.brains"));
        Assert.That(Line(GameEventKind.LoadSucceeded, new SaveOutcome(File) { Count = 3 }), Is.EqualTo("loaded 3 brains from resume.brains"));
    }

    [Test]
    public void EveryLoadFailureSaysWhyAndThatNothingChanged()
    {
        var cases = new (SaveOutcome Save, string Line)[]
        {
            (new(File, SaveProblem.NotFound), "load failed: resume.brains not found; nothing changed"),
            (new(File, SaveProblem.BadFile) { FileProblem = BrainFileProblem.ChecksumMismatch }, "load failed: resume.brains is corrupt: its checksum does not match (ChecksumMismatch); nothing changed"),
            (new(File, SaveProblem.BadFile) { FileProblem = BrainFileProblem.Truncated }, "load failed: resume.brains is cut short (Truncated); nothing changed"),
            (new(File, SaveProblem.BadFile) { FileProblem = BrainFileProblem.TargetMismatch }, "load failed: resume.brains does not fit the agents (TargetMismatch); nothing changed"),
            (new(File, SaveProblem.PermissionDenied), "load failed: cannot read resume.brains: permission denied; nothing changed"),
            (new(File, SaveProblem.IoError) { Message = "disk on fire" }, "load failed: cannot read resume.brains: disk on fire; nothing changed"),
            (new(File, SaveProblem.BrainCount) { Count = 2, Expected = 8 }, "load failed (TargetMismatch): the save holds 2 brains, the game has 8 agents; nothing changed"),
            (new(File, SaveProblem.MissingBrain) { Agent = 4 }, "load failed (TargetMismatch): the save holds no brain for agent 5; nothing changed"),
            (new(File, SaveProblem.ShapeChanged) { Agent = 2, Now = "4 cuts", Saved = "3 cuts" }, "load failed (TargetMismatch): agent 3 is 4 cuts now, saved as 3 cuts; nothing changed"),
            (new(File, SaveProblem.SampleCapacity) { Count = 500, Expected = 800 }, "load failed (TargetMismatch): the save's brains keep 500 samples, this board 800; nothing changed"),
            (new(File, SaveProblem.WrongMode) { Mode = GameMode.Scored }, "load failed: saving and loading brains works in the supervised game only; nothing changed"),
        };
        Assert.Multiple(() =>
        {
            foreach (var (save, line) in cases)
            {
                Assert.That(Line(GameEventKind.LoadFailed, save), Is.EqualTo(line), save.Problem.ToString());
            }
        });
    }

    [Test]
    public void SaveFailuresSayTheEarlierSaveIsIntact()
    {
        Assert.That(Line(GameEventKind.SaveFailed, new SaveOutcome(File, SaveProblem.FolderMissing)), Is.EqualTo("save failed: cannot write resume.brains: its folder does not exist; any earlier save is intact"));
        Assert.That(Line(GameEventKind.SaveFailed, new SaveOutcome(File, SaveProblem.PermissionDenied)), Is.EqualTo("save failed: cannot write resume.brains: permission denied; any earlier save is intact"));
        Assert.That(Line(GameEventKind.SaveFailed, new SaveOutcome(File, SaveProblem.IoError) { Message = "no space left" }), Is.EqualTo("save failed: cannot write resume.brains: no space left; any earlier save is intact"));
        Assert.That(Line(GameEventKind.SaveFailed, new SaveOutcome(File, SaveProblem.WrongMode) { Mode = GameMode.Scored }), Does.StartWith("save failed: saving and loading brains works in the supervised game only"));
    }

    [Test]
    public void AGameThatSavesAndLoadsIsWordedOnScreenAndInTheLogWithTheFullPath()
    {
        var path = SaveLoadTests.PathFor("worded.brains");
        var log = new StringWriter();
        using var game = SaveLoadTests.NewGame(path);
        using (new EventLog(game, log))
        {
            game.Step();
            game.SaveBrains();
            Assert.That(NoticeText.Of(game.Status), Is.EqualTo("saved 8 brains to worded.brains"));
            System.IO.File.WriteAllBytes(path, [1, 2, 3]);
            game.LoadBrains();
            Assert.That(NoticeText.Of(game.Status), Does.StartWith("load failed: worded.brains ").And.EndWith("; nothing changed"));
        }

        game.SaveBrains();
        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(2), "the log stops when disposed");
        Assert.That(lines[0], Is.EqualTo($"DemoGame: saved 8 brains to worded.brains ({path})"));
        Assert.That(lines[1], Does.StartWith("DemoGame: load failed: worded.brains").And.Contain($"({path}: "));
    }

    [Test]
    public void TheStatusLineIsWordedOnceWhileItIsShown()
    {
        var words = new EventWords();
        var news = new GameEvent(GameEventKind.SaveSucceeded, 3, Save: new SaveOutcome(File) { Count = 8 });
        var first = words.Of(news);
        Assert.That(words.Of(news), Is.SameAs(first), "the same event, the same string: no allocation per frame");
        Assert.That(words.Of(null), Is.Null);
        Assert.That(words.Of(news with { Frame = 4 }), Is.EqualTo(first).And.Not.SameAs(first));
    }
}
