using DemoGame.Model.Agents;
using Engine.Ecs;
using Engine.Neural.Ecs;
using Engine.Neural.Persistence;

namespace DemoGame.Model;

// Saving and loading every agent's brain (F5, F9, and the overlay's buttons) through the
// library's world files: each agent's entity is saved under its index in the line-up, so a
// save names the same agents in any run. A load never half-happens: the file is read into a
// world of its own, checked against the agents, and only then swapped in.
internal sealed partial class FruitGame
{
    /// <summary>Where the messages of saves and loads go besides the screen (standard error unless a test says otherwise).</summary>
    public TextWriter Log { get; set; } = Console.Error;

    /// <summary>
    /// Saves every agent's brain (weights, optimiser state, training settings) to
    /// <see cref="GameSettings.SaveFile"/>, atomically: a failed save leaves the previous file
    /// as it was. The status line and <see cref="Log"/> say how it went.
    /// </summary>
    /// <returns>True when the file was written.</returns>
    public bool SaveBrains()
    {
        if (RefusedInScoredMode("save"))
        {
            return false;
        }

        var path = Settings.SaveFile;
        var world = World;
        try
        {
            // The user's data folder may not hold the game's folder yet; a folder the player
            // named (--save-file) is theirs to make.
            if (path == GameSettings.DefaultSaveFile && Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            BrainFile.SaveWorld(path, world.Brains, entity => (ulong)world.World.Get<AgentCard>(entity).Index);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e switch
            {
                DirectoryNotFoundException => "its folder does not exist",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            Report($"save failed: cannot write {NameOf(path)}: {why}; any earlier save is intact", error: true, $"{FullPath(path)}: {e.Message}");
            return false;
        }

        Report($"saved {_agents.Length} brains to {NameOf(path)}", error: false, FullPath(path));
        return true;
    }

    /// <summary>
    /// Gives every agent the brain <see cref="GameSettings.SaveFile"/> holds for it (weights,
    /// optimiser state, training settings), so they act and learn with it from this frame on;
    /// the fruit on the board stays, and the brains learn from it. A file that is missing,
    /// damaged or does not fit the agents (another shape, since a layer changed in the overlay)
    /// changes nothing: the status line and <see cref="Log"/> say why.
    /// </summary>
    /// <returns>True when the brains were loaded.</returns>
    public bool LoadBrains()
    {
        if (RefusedInScoredMode("load"))
        {
            return false;
        }

        var path = Settings.SaveFile;
        var loaded = new AgentWorld(Settings.BoardCapacity, _budget);
        var entities = new Entity[_agents.Length];
        string? misfit;
        try
        {
            for (var i = 0; i < entities.Length; i++)
            {
                entities[i] = loaded.World.Create(new AgentCard(i));
            }

            var saved = 0;
            BrainFile.LoadWorld(path, loaded.Brains, key =>
            {
                saved++;
                return key < (ulong)entities.Length ? entities[(int)key] : Entity.Null;
            });
            misfit = Misfit(loaded, entities, saved);
        }
        catch (Exception e) when (e is BrainFileException or IOException or UnauthorizedAccessException)
        {
            loaded.Dispose();
            var line = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => $"load failed: {NameOf(path)} not found; nothing changed",
                BrainFileException { Problem: BrainFileProblem.TargetMismatch } => $"load failed: {NameOf(path)} does not fit the agents (TargetMismatch); nothing changed",
                BrainFileException b => $"load failed: {NameOf(path)} {Reason(b.Problem)} ({b.Problem}); nothing changed",
                UnauthorizedAccessException => $"load failed: cannot read {NameOf(path)}: permission denied; nothing changed",
                _ => $"load failed: cannot read {NameOf(path)}: {e.Message}; nothing changed",
            };
            Report(line, error: true, $"{FullPath(path)}: {e.Message}");
            return false;
        }

        if (misfit is not null)
        {
            loaded.Dispose();
            Report($"load failed (TargetMismatch): {misfit}; nothing changed", error: true, FullPath(path));
            return false;
        }

        Adopt(loaded, entities);
        Report($"loaded {_agents.Length} brains from {NameOf(path)}", error: false, FullPath(path));
        return true;
    }

    // Why the loaded brains cannot replace the agents' (null when they can): each agent needs
    // one, of its current shape, keeping as many samples as the board holds.
    private string? Misfit(AgentWorld loaded, Entity[] entities, int saved)
    {
        if (saved != _agents.Length)
        {
            return $"the save holds {saved} brains, the game has {_agents.Length} agents";
        }

        for (var i = 0; i < _agents.Length; i++)
        {
            if (!loaded.World.TryGet<NeuralBrain>(entities[i], out var brain))
            {
                return $"the save holds no brain for agent {i + 1}";
            }

            var cohort = loaded.Brains.Cohort(in brain);
            var now = _agents[i].Kind.Spec;
            if (cohort.Spec != now)
            {
                var (before, current) = (AgentKind.NameOf(cohort.Spec), _agents[i].Kind.Name);
                return before == current
                    ? $"agent {i + 1} is {now} now, saved as {cohort.Spec}"
                    : $"agent {i + 1} is {current} now, saved as {before}";
            }

            if (cohort.Options.SampleCapacity != Settings.BoardCapacity)
            {
                return $"the save's brains keep {cohort.Options.SampleCapacity} samples, this board {Settings.BoardCapacity}";
            }
        }

        return null;
    }

    // Swaps the loaded world in for the agents' own, which goes.
    private void Adopt(AgentWorld loaded, Entity[] entities)
    {
        var old = World;
        _world = loaded;
        if (old.Backend != BrainBackend.Cpu)
        {
            loaded.UseBackend(old.Backend);
        }

        for (var i = 0; i < _agents.Length; i++)
        {
            var agent = _agents[i];
            agent.Adopt(loaded, entities[i]);

            // The save's samples were the board of its day; the agents learn from this one.
            agent.ForgetSamples();
            foreach (var fruit in _landed)
            {
                agent.Learn(fruit.X, fruit.Y, (float)fruit.Kind);
            }

            // A loaded brain that is good already counts as solved now, without a celebration;
            // an agent that solved the level before keeps the frame it did it in.
            if (agent.MeasureAccuracy() >= Goal && agent.SolvedAtFrame is null)
            {
                agent.SolvedAtFrame = Frame;
            }
        }

        old.Dispose();
    }

    private void Report(string line, bool error, string detail)
    {
        ShowStatus(line, error);
        Log.WriteLine($"DemoGame: {line} ({detail})");
    }

    private static string Reason(BrainFileProblem problem) => problem switch
    {
        BrainFileProblem.NotABrainFile => "is not a brain file",
        BrainFileProblem.UnsupportedVersion => "has a format version this game does not know",
        BrainFileProblem.Truncated => "is cut short",
        BrainFileProblem.ChecksumMismatch => "is corrupt: its checksum does not match",
        BrainFileProblem.WrongKind => "holds one brain or cohort, not a whole save",
        BrainFileProblem.SizeLimit => "claims sizes beyond the format's limits",
        _ => "is damaged",
    };

    private static string NameOf(string path) => Path.GetFileName(path) is { Length: > 0 } name ? name : path;

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }

    // A scored game's policies keep what a brain file does not (their learners' trajectories
    // and generators), and a loaded world would learn from labels: not offered yet.
    private bool RefusedInScoredMode(string what)
    {
        if (Settings.Mode != GameMode.Scored)
        {
            return false;
        }

        var line = $"{what} failed: saving and loading brains works in the supervised game only; nothing changed";
        Report(line, error: true, line);
        return true;
    }
}
