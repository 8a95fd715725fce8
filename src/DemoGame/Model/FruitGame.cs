using System.Diagnostics;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using Engine.Neural;

namespace DemoGame.Model;

/// <summary>
/// The game's state and its fixed-step simulation: fruit is thrown onto the level's board,
/// each landed fruit becomes a training sample of every agent, the agents learn a few steps a
/// frame, and a held-out test set measures them honestly. N switches to the next level.
/// </summary>
internal sealed partial class FruitGame : IDisposable
{
    /// <summary>Simulated seconds per frame: the game runs the same on any machine and headless.</summary>
    public const float FrameSeconds = 1f / 60f;

    /// <summary>Test accuracy that counts as solving the level.</summary>
    public const double Goal = 0.98;

    private const int AccuracyEveryFrames = 10;

    // Fruit laid at once by RegenerateFruit: a board's worth of a few seconds of play.
    private const int RegeneratedFruit = 300;

    // How long a notice ("new level", "brains reset") stays on screen: three seconds.
    private const int NoticeFrames = 180;

    // How long the status line (a save or load) stays on screen: four seconds of frames.
    private const int StatusFrames = 240;

    private readonly List<LandedFruit> _landed;
    private readonly List<FlyingFruit> _flying = new(64);
    private Agent[] _agents = [];

    // The scored game's supervised agent, for comparison: the last of _agents (null in other games).
    private Agent? _comparison;
    private FruitKind[] _picked = [];
    private AgentKind[] _lineUp;
    private TrainingSettings[]? _training;
    private AgentWorld? _world;
    private TrainingBudget _budget;
    private DeterministicRandom _random;
    private DeterministicRandom _flips;
    private DeterministicRandom _picks;
    private float _throwDebt;
    private ulong _generation;
    private GameEvent? _news;
    private GameEvent? _status;
    private long _statusTick;
    private long _ticks;

    /// <summary>Creates the board of <see cref="GameSettings.Level"/> with the settings' agents.</summary>
    public FruitGame(GameSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Noise is < 0 or > Level.MaxNoise)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Noise, $"Label noise must lie in [0, {Level.MaxNoise}].");
        }

        Settings = settings;
        _evolution = settings.Evolution;
        _budget = TrainingBudget.StepsPerFrame(settings.TrainStepsPerFrame);
        _landed = new List<LandedFruit>(settings.BoardCapacity);
        _lineUp = [.. settings.Agents];
        Level = settings.Level;
        TestSet = [];
        Load(settings.Level);
    }

    /// <summary>How the game is set up (noise and the test share can change while it runs).</summary>
    public GameSettings Settings { get; private set; }

    /// <summary>The agents' ECS world: their entities, brains and learning system.</summary>
    public AgentWorld World => _world!;

    /// <summary>How much the agents learn each frame: a number of steps, or milliseconds.</summary>
    public TrainingBudget Budget
    {
        get => _budget;
        set
        {
            _budget = value;
            World.Learning.Budget = value;
        }
    }

    /// <summary>Where the brains run; switching keeps every parameter (see <see cref="UseBackend"/>).</summary>
    public BrainBackend Backend => World.Backend;

    /// <summary>The mean over all agents of their curves.</summary>
    public AgentHistory MeanHistory { get; } = new();

    /// <summary>The level being played.</summary>
    public Level Level { get; private set; }

    /// <summary>What just happened (a level change, a reset), for the screen to say, or null once it is three seconds old.</summary>
    public GameEvent? News => _news is { } news && Frame - news.Frame < NoticeFrames ? news : null;

    /// <summary>Raised as each <see cref="GameEvent"/> happens.</summary>
    public event Action<GameEvent>? Happened;

    /// <summary>
    /// How the last save or load (F5, F9) went, for the screen's status line; null once it is
    /// four seconds old (the clock runs while paused too).
    /// </summary>
    public GameEvent? Status => _status is { } status && _ticks - _statusTick < StatusFrames ? status : null;

    /// <summary>Frames simulated on this level so far.</summary>
    public int Frame { get; private set; }

    /// <summary>True while the help card is shown (F1).</summary>
    public bool ShowHelp { get; set; }

    /// <summary>True while the held-out test fruit are drawn on the board too (T), smaller than the board's own.</summary>
    public bool ShowTestFruit { get; set; }

    /// <summary>True while the simulation is paused (space).</summary>
    public bool Paused { get; set; }

    /// <summary>Index of the agent the big board shows.</summary>
    public int Selected { get; private set; }

    /// <summary>The contestants on the cards: every agent, or in the evolved mode the best of the population, best first.</summary>
    public IReadOnlyList<Agent> Agents => Cards;

    /// <summary>The agent the big board shows.</summary>
    public Agent SelectedAgent => Cards[Selected];

    /// <summary>Fruit lying on the board, oldest first: exactly the agents' training samples.</summary>
    public IReadOnlyList<LandedFruit> Landed => _landed;

    /// <summary>Fruit in the air.</summary>
    public IReadOnlyList<FlyingFruit> Flying => _flying;

    /// <summary>
    /// Fruit the agents never train on, for honest accuracy. It carries no label noise:
    /// accuracy says how well an agent learned the level's rule, not how well it fits the noise.
    /// </summary>
    public IReadOnlyList<Fruit> TestSet { get; private set; }

    /// <summary>Milliseconds the last <see cref="Step"/> spent in the brains (training and measuring), for the frame bench.</summary>
    public double LastNeuralMilliseconds => LastTrainingMilliseconds + LastForwardMilliseconds;

    /// <summary>Milliseconds the last <see cref="Step"/> spent training.</summary>
    public double LastTrainingMilliseconds { get; private set; }

    /// <summary>Milliseconds the last <see cref="Step"/> spent in forward passes measuring the agents on the test fruit.</summary>
    public double LastForwardMilliseconds { get; private set; }

    /// <summary>The frame of the most recent first solve (for the celebration), or null.</summary>
    public int? LastSolveFrame { get; private set; }

    /// <summary>Advances one frame unless paused.</summary>
    public void Update()
    {
        if (!Paused)
        {
            Step();
        }
        else
        {
            _ticks++;
        }
    }

    /// <summary>Advances exactly one frame, paused or not (S).</summary>
    public void Step()
    {
        _ticks++;
        Frame++;
        Throw();
        Fly();
        var learning = Stopwatch.GetTimestamp();
        if (Settings.Mode == GameMode.Evolved)
        {
            // Each member is refreshed as it is scored, before the next generation replaces it.
            Evolve();
        }
        else
        {
            if (Settings.Mode == GameMode.Scored)
            {
                Decide();
            }

            // Every agent that learns from labels: the supervised game's, or the one beside the scored.
            if (Settings.Mode == GameMode.Supervised || _comparison is not null)
            {
                World.Train();
            }

            foreach (var agent in _agents)
            {
                agent.Refresh();
            }
        }

        var measuring = Stopwatch.GetTimestamp();
        LastTrainingMilliseconds = Stopwatch.GetElapsedTime(learning, measuring).TotalMilliseconds;
        if (Frame % AccuracyEveryFrames == 0)
        {
            MeasureAll();
            Record();
        }

        LastForwardMilliseconds = Stopwatch.GetElapsedTime(measuring).TotalMilliseconds;
    }

    /// <summary>Measures every agent on the test set now and records first solves.</summary>
    public void MeasureAll()
    {
        foreach (var agent in Cards)
        {
            if (agent.MeasureAccuracy() >= Goal && agent.SolvedAtFrame is null)
            {
                agent.SolvedAtFrame = Frame;
                LastSolveFrame = Frame;
            }
        }
    }

    /// <summary>
    /// Moves every brain to <paramref name="backend"/>, parameters and optimiser state intact;
    /// false (and the game stays on the CPU) when OpenCL is not usable here.
    /// </summary>
    public bool UseBackend(BrainBackend backend)
    {
        var moved = World.UseBackend(backend);
        Say(new GameEvent(GameEventKind.BackendChanged, Frame, Flag: moved, Backend: backend));
        return moved;
    }

    /// <summary>
    /// Gives agent <paramref name="index"/> a brain of <paramref name="spec"/> (the overlay's
    /// shape and activation controls): learned weights are kept when every layer keeps its
    /// size, else it starts from a fresh seeded brain; the screen says which.
    /// </summary>
    /// <returns>True when the learned weights were kept.</returns>
    public bool ChangeSpec(int index, BrainSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var agent = Cards[index];
        if (spec == agent.Kind.Spec)
        {
            return true;
        }

        // The population shares one cohort, so one shape: a new shape is a new population.
        if (Settings.Mode == GameMode.Evolved)
        {
            SetEvolution(_evolution with { Shape = new AgentKind(AgentKind.NameOf(spec), spec) });
            Say(new GameEvent(GameEventKind.ShapeChanged, Frame, index, _evolution.Shape.Name, false));
            return false;
        }

        _generation++;
        var kept = agent.ChangeSpec(spec, _generation);
        foreach (var fruit in _landed)
        {
            agent.Learn(fruit.X, fruit.Y, (float)fruit.Kind);
        }

        agent.MeasureAccuracy();
        Say(new GameEvent(GameEventKind.ShapeChanged, Frame, index, agent.Kind.Name, kept));
        return kept;
    }

    /// <summary>Sets the label noise of fruit thrown from now on (0 to <see cref="Level.MaxNoise"/>).</summary>
    public void SetNoise(double noise)
    {
        if (noise is < 0 or > Level.MaxNoise || double.IsNaN(noise))
        {
            throw new ArgumentOutOfRangeException(nameof(noise), noise, $"Label noise must lie in [0, {Level.MaxNoise}].");
        }

        Settings = Settings with { Noise = noise };
    }

    /// <summary>
    /// Sets the share of the level's fruit the agents learn from (the rest is held out to
    /// test them): the test set becomes BoardCapacity x (1 - share) / share fruit, drawn
    /// afresh from the level with the game's seed. The brains keep what they learned.
    /// </summary>
    public void SetTrainShare(double share)
    {
        if (share is < GameSettings.MinTrainShare or > GameSettings.MaxTrainShare || double.IsNaN(share))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, $"The training share must lie in [{GameSettings.MinTrainShare}, {GameSettings.MaxTrainShare}].");
        }

        Settings = Settings with { TestFruit = GameSettings.TestCountFor(Settings.BoardCapacity, share) };
        var test = NewTestSet();
        foreach (var agent in _agents)
        {
            agent.UseTestFruit(test);
        }

        MeasureAll();
    }

    /// <summary>
    /// Plays the level again with the agents learning another way: from labels, from the score
    /// alone, or as an evolving population (M cycles them). Every brain starts afresh on fresh
    /// fruit, as N does; tuned shapes and training settings stay, and so does the backend.
    /// </summary>
    public void UseMode(GameMode mode)
    {
        if (mode == Settings.Mode)
        {
            return;
        }

        KeepTuning();
        Settings = Settings with { Mode = mode };
        Load(Level);
        Selected = Math.Max(0, Math.Min(Selected, Cards.Length - 1));
        Say(new GameEvent(GameEventKind.ModeChanged, Frame, Name: Level.Name, Mode: mode));
    }

    /// <summary>The mode after <paramref name="mode"/>, in the order M cycles them.</summary>
    public static GameMode NextMode(GameMode mode) => mode switch
    {
        GameMode.Supervised => GameMode.Scored,
        GameMode.Scored => GameMode.Evolved,
        _ => GameMode.Supervised,
    };

    /// <summary>Shows agent <paramref name="index"/> on the big board; out-of-range indices are ignored.</summary>
    public void Select(int index)
    {
        if (index >= 0 && index < Cards.Length)
        {
            Selected = index;
        }
    }

    /// <summary>Lays a fruit on the board by hand (a click): every agent learns from it at once.</summary>
    public void Place(float x, float y, FruitKind kind)
    {
        if (x is < -1f or > 1f || y is < -1f or > 1f)
        {
            return;
        }

        Land(new LandedFruit(x, y, kind, Frame));
    }

    /// <summary>Removes the landed fruit nearest to (x, y) within <paramref name="reach"/>; true when one went.</summary>
    public bool RemoveNearest(float x, float y, float reach)
    {
        var best = -1;
        var bestDistance = reach * reach;
        for (var i = 0; i < _landed.Count; i++)
        {
            var (dx, dy) = (_landed[i].X - x, _landed[i].Y - y);
            var distance = (dx * dx) + (dy * dy);
            if (distance <= bestDistance)
            {
                best = i;
                bestDistance = distance;
            }
        }

        if (best < 0)
        {
            return false;
        }

        _landed.RemoveAt(best);

        // A sample ring cannot drop one sample from its middle; refill it from the board.
        foreach (var agent in _agents)
        {
            agent.ForgetSamples();
            foreach (var fruit in _landed)
            {
                agent.Learn(fruit.X, fruit.Y, (float)fruit.Kind);
            }
        }

        return true;
    }

    /// <summary>Fresh weights for every agent (R); the fruit stays and is learned again.</summary>
    public void ResetBrains()
    {
        _generation++;
        if (Settings.Mode == GameMode.Evolved)
        {
            BuildPopulation(Backend);
            Say(new GameEvent(GameEventKind.BrainsReset, Frame));
            return;
        }

        foreach (var agent in _agents)
        {
            agent.ResetBrain(_generation);
            foreach (var fruit in _landed)
            {
                agent.Learn(fruit.X, fruit.Y, (float)fruit.Kind);
            }
        }

        LastSolveFrame = null;
        Say(new GameEvent(GameEventKind.BrainsReset, Frame));
    }

    /// <summary>
    /// Moves on to the next level (N): the board's fruit goes and every agent starts from
    /// fresh weights, exactly as a new game started on that level would.
    /// </summary>
    public void NextLevel()
    {
        KeepTuning();
        Load(LevelCatalog.Next(Level));
        Say(new GameEvent(GameEventKind.LevelStarted, Frame, Name: Level.Name, Flag: Tuned));
    }

    /// <summary>Starts <paramref name="level"/> afresh (the overlay's level control), as a new game on it would; tuned shapes and settings stay.</summary>
    public void PlayLevel(Level level)
    {
        ArgumentNullException.ThrowIfNull(level);
        KeepTuning();
        Load(level);
        Say(new GameEvent(GameEventKind.LevelStarted, Frame, Name: level.Name, Flag: Tuned));
    }

    /// <summary>
    /// Puts every agent back to its default shape and training settings, and the training
    /// budget to its default (shift-R), and restarts the level: what a new game would be.
    /// </summary>
    public void ResetShapesAndSettings()
    {
        _lineUp = [.. Settings.Agents];
        _training = null;
        _evolution = Settings.Evolution;
        _budget = TrainingBudget.StepsPerFrame(Settings.TrainStepsPerFrame);
        Load(Level);
        Say(new GameEvent(GameEventKind.DefaultsRestored, Frame));
    }

    /// <summary>Takes every fruit off the board (C): the agents keep their weights and learn from what lands next.</summary>
    public void ClearBoard()
    {
        _landed.Clear();
        _flying.Clear();
        foreach (var agent in _agents)
        {
            agent.ForgetSamples();
        }

        Say(new GameEvent(GameEventKind.BoardCleared, Frame));
    }

    /// <summary>
    /// Clears the board and lays a fresh sample of the level's fruit on it at once (G), drawn
    /// with the game's random stream and label noise: the Playground's "regenerate".
    /// </summary>
    public void RegenerateFruit()
    {
        ClearBoard();
        for (var i = 0; i < RegeneratedFruit && i < Settings.BoardCapacity; i++)
        {
            var target = Level.Sample(ref _random, ref _flips, Settings.Noise);
            Land(new LandedFruit((float)target.X, (float)target.Y, target.Kind, Frame));
        }

        Say(new GameEvent(GameEventKind.FreshFruit, Frame));
    }

    // The agents on the cards (and measured on the test fruit): all of them, or the population's best.
    private Agent[] Cards => Settings.Mode == GameMode.Evolved ? _shown : _agents;

    // The line-up's agents: all but the scored game's supervised comparison, which comes last.
    private int LineUpCount => _agents.Length - (_comparison is null ? 0 : 1);

    // True when some agent's shape or training differs from the line-up's defaults.
    private bool Tuned
    {
        get
        {
            if (Settings.Mode == GameMode.Evolved)
            {
                return _evolution != Settings.Evolution;
            }

            for (var i = 0; i < LineUpCount; i++)
            {
                if (_agents[i].Kind.Spec != Settings.Agents[i].Spec || _agents[i].Training != Agent.DefaultTraining)
                {
                    return true;
                }
            }

            return false;
        }
    }

    // What the player tuned survives a change of level: each agent's shape and its training settings.
    private void KeepTuning()
    {
        // The evolved population keeps its settings in _evolution.
        if (Settings.Mode == GameMode.Evolved)
        {
            return;
        }

        _lineUp = [.. _agents[..LineUpCount].Select(a => a.Kind)];
        _training = [.. _agents[..LineUpCount].Select(a => a.Training)];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        _world?.Dispose();
    }

    // Sets up a level from scratch: the same seed gives the same fruit, test set and brains
    // whether the game started on this level or came to it by N.
    private void Load(Level level)
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        _world?.Dispose();
        Level = level;
        Frame = 0;
        _generation = 0;
        _throwDebt = 0;
        _landed.Clear();
        _flying.Clear();
        _random = new DeterministicRandom(Settings.Seed);
        _flips = Level.NoiseRandom(Settings.Seed);
        _picks = DeterministicRandom.ForStream(Settings.Seed, 0x5C0DE);
        LastSolveFrame = null;
        var test = NewTestSet();
        _comparison = null;
        if (Settings.Mode == GameMode.Evolved)
        {
            // Agents and world went above; the population is built afresh where they were.
            var kept = _world?.Backend ?? BrainBackend.Cpu;
            (_agents, _world) = ([], null);
            BuildPopulation(kept);
            return;
        }

        var backend = _world?.Backend ?? BrainBackend.Cpu;
        _world = new AgentWorld(Settings.BoardCapacity, _budget, Settings.Mode == GameMode.Scored ? Settings.Scoring : null);
        _agents = [.. _lineUp.Select((kind, i) => new Agent(kind, i, Settings.Seed + 100 + (ulong)i, _world, test))];
        if (Settings.Mode == GameMode.Scored && Settings.Scoring.Comparison is { } comparison)
        {
            var index = _agents.Length;
            _comparison = new Agent(comparison, index, Settings.Seed + 100 + (ulong)index, _world, test, supervised: true);
            _agents = [.. _agents, _comparison];
        }

        _picked = new FruitKind[_agents.Length];
        for (var i = 0; _training is not null && i < LineUpCount; i++)
        {
            _agents[i].Training = _training[i];
        }

        MeanHistory.Clear();
        if (backend != BrainBackend.Cpu)
        {
            _world.UseBackend(backend);
        }

        // Untrained brains have an accuracy too (guessing "tomato" everywhere scores well on
        // some levels); show the real number from the first frame.
        MeasureAll();
    }

    // The held-out fruit: drawn from the level with the game's seed, without label noise.
    private TestFruit NewTestSet()
    {
        var fruit = Level.Scatter(Settings.TestFruit, Settings.Seed + 1);
        TestSet = fruit;
        return new TestFruit(fruit);
    }

    // One reading of every agent's curves, and of their mean.
    private void Record()
    {
        var (train, test, accuracy, trained) = (0.0, 0.0, 0.0, 0);
        var cards = Cards;
        foreach (var agent in cards)
        {
            agent.Record();
            var loss = agent.History.TrainLoss.Last;
            if (float.IsFinite(loss))
            {
                train += loss;
                trained++;
            }

            test += agent.TestLoss;
            accuracy += agent.TestAccuracy;
        }

        var n = Math.Max(1, cards.Length);
        MeanHistory.TrainLoss.Add(trained == 0 ? float.NaN : (float)(train / trained));
        MeanHistory.TestLoss.Add((float)(test / n));
        MeanHistory.Accuracy.Add((float)(accuracy / n));
    }

    private void Say(GameEvent news)
    {
        _news = news;
        Happened?.Invoke(news);
    }

    // Fruit comes in volleys, like Fruit Ninja's: a few at once from below the board, each
    // aimed at a point the level draws (its distribution), labelled by its rule and noise.
    private void Throw()
    {
        _throwDebt += Settings.FruitPerSecond * FrameSeconds;
        while (_throwDebt >= 1f)
        {
            _throwDebt -= 1f;
            var target = Level.Sample(ref _random, ref _flips, Settings.Noise);
            var (endX, endY) = ((float)target.X, (float)target.Y);
            _flying.Add(new FlyingFruit
            {
                StartX = Math.Clamp(endX + (float)_random.NextDouble(-0.6, 0.6), -1.1f, 1.1f),
                StartY = -1.25f,
                EndX = endX,
                EndY = endY,
                Apex = 0.35f + (float)_random.NextDouble(0, 0.4),
                Duration = 0.55f + (float)_random.NextDouble(0, 0.35),
                Kind = target.Kind,
            });
        }
    }

    private void Fly()
    {
        for (var i = _flying.Count - 1; i >= 0; i--)
        {
            var fruit = _flying[i];
            fruit.Age += FrameSeconds;
            if (fruit.Age >= fruit.Duration)
            {
                _flying.RemoveAt(i);
                Land(new LandedFruit(fruit.EndX, fruit.EndY, fruit.Kind, Frame));
            }
            else
            {
                _flying[i] = fruit;
            }
        }
    }

    private void Land(LandedFruit fruit)
    {
        // The agents' sample rings hold BoardCapacity fruit and drop the oldest; the board
        // drops the same one, so what lies on the board is exactly what they learn from.
        if (_landed.Count == Settings.BoardCapacity)
        {
            _landed.RemoveAt(0);
        }

        _landed.Add(fruit);
        foreach (var agent in _agents)
        {
            agent.Learn(fruit.X, fruit.Y, (float)fruit.Kind);
        }
    }
}
