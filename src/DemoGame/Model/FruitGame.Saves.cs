using DemoGame.Model.Agents;
using Engine.Ecs;
using Engine.Neural.Ecs;
using Engine.Neural.Persistence;

namespace DemoGame.Model;

// Saving and loading every agent's brain (F5, F9, and the overlay's buttons) through the
// library's world files: each agent's entity is saved under its index in the line-up, so a
// save names the same agents in any run. A load never half-happens: the file is read into a
// world of its own, checked against the agents, and only then swapped in. Each outcome is
// reported as a GameEvent carrying a SaveOutcome; the presentation words it.
internal sealed partial class FruitGame
{
    /// <summary>
    /// Saves every agent's brain (weights, optimiser state, training settings) to
    /// <see cref="GameSettings.SaveFile"/>, atomically: a failed save leaves the previous file
    /// as it was. <see cref="Status"/> and <see cref="Happened"/> report how it went.
    /// </summary>
    /// <returns>True when the file was written.</returns>
    public bool SaveBrains()
    {
        var path = Settings.SaveFile;
        if (Settings.Mode != GameMode.Supervised)
        {
            return Report(GameEventKind.SaveFailed, new SaveOutcome(path, SaveProblem.WrongMode) { Mode = Settings.Mode });
        }

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
            var problem = e switch
            {
                DirectoryNotFoundException => SaveProblem.FolderMissing,
                UnauthorizedAccessException => SaveProblem.PermissionDenied,
                _ => SaveProblem.IoError,
            };
            return Report(GameEventKind.SaveFailed, new SaveOutcome(path, problem) { Message = e.Message });
        }

        return Report(GameEventKind.SaveSucceeded, new SaveOutcome(path) { Count = _agents.Length });
    }

    /// <summary>
    /// Gives every agent the brain <see cref="GameSettings.SaveFile"/> holds for it (weights,
    /// optimiser state, training settings), so they act and learn with it from this frame on;
    /// the fruit on the board stays, and the brains learn from it. A file that is missing,
    /// damaged or does not fit the agents (another shape, since a layer changed in the overlay)
    /// changes nothing: <see cref="Status"/> and <see cref="Happened"/> say why.
    /// </summary>
    /// <returns>True when the brains were loaded.</returns>
    public bool LoadBrains()
    {
        var path = Settings.SaveFile;
        if (Settings.Mode != GameMode.Supervised)
        {
            return Report(GameEventKind.LoadFailed, new SaveOutcome(path, SaveProblem.WrongMode) { Mode = Settings.Mode });
        }

        var loaded = new AgentWorld(Settings.BoardCapacity, _budget);
        var entities = new Entity[_agents.Length];
        SaveOutcome? misfit;
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
            misfit = Misfit(path, loaded, entities, saved);
        }
        catch (Exception e) when (e is BrainFileException or IOException or UnauthorizedAccessException)
        {
            loaded.Dispose();
            var outcome = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => new SaveOutcome(path, SaveProblem.NotFound),
                BrainFileException b => new SaveOutcome(path, SaveProblem.BadFile) { FileProblem = b.Problem },
                UnauthorizedAccessException => new SaveOutcome(path, SaveProblem.PermissionDenied),
                _ => new SaveOutcome(path, SaveProblem.IoError),
            };
            return Report(GameEventKind.LoadFailed, outcome with { Message = e.Message });
        }

        if (misfit is not null)
        {
            loaded.Dispose();
            return Report(GameEventKind.LoadFailed, misfit);
        }

        Adopt(loaded, entities);
        return Report(GameEventKind.LoadSucceeded, new SaveOutcome(path) { Count = _agents.Length });
    }

    // Why the loaded brains cannot replace the agents' (null when they can): each agent needs
    // one, of its current shape, keeping as many samples as the board holds.
    private SaveOutcome? Misfit(string path, AgentWorld loaded, Entity[] entities, int saved)
    {
        if (saved != _agents.Length)
        {
            return new SaveOutcome(path, SaveProblem.BrainCount) { Count = saved, Expected = _agents.Length };
        }

        for (var i = 0; i < _agents.Length; i++)
        {
            if (!loaded.World.TryGet<NeuralBrain>(entities[i], out var brain))
            {
                return new SaveOutcome(path, SaveProblem.MissingBrain) { Agent = i };
            }

            var cohort = loaded.Brains.Cohort(in brain);
            var now = _agents[i].Kind.Spec;
            if (cohort.Spec != now)
            {
                // Two shapes of one name (an activation changed) are told apart by their full specs.
                var (before, current) = (AgentKind.NameOf(cohort.Spec), _agents[i].Kind.Name);
                return before == current
                    ? new SaveOutcome(path, SaveProblem.ShapeChanged) { Agent = i, Now = now.ToString(), Saved = cohort.Spec.ToString() }
                    : new SaveOutcome(path, SaveProblem.ShapeChanged) { Agent = i, Now = current, Saved = before };
            }

            if (cohort.Options.SampleCapacity != Settings.BoardCapacity)
            {
                return new SaveOutcome(path, SaveProblem.SampleCapacity) { Count = cohort.Options.SampleCapacity, Expected = Settings.BoardCapacity };
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

    // The outcome becomes the status (for four seconds) and an event; true when it succeeded.
    private bool Report(GameEventKind kind, SaveOutcome outcome)
    {
        var news = new GameEvent(kind, Frame, Save: outcome);
        _status = news;
        _statusTick = _ticks;
        Happened?.Invoke(news);
        return !news.IsFailure;
    }
}
