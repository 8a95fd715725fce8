using DemoGame.Model.Agents;
using DemoGame.Model.Levels;

namespace DemoGame.Model;

/// <content>
/// The evolved mode: a population of one shape in one cohort. Each frame is a generation: every
/// member decides the same fruit of the board (slash when its output is over one half), its
/// score is its fitness, and the evolution writes the next generation into the cohort.
/// </content>
internal sealed partial class FruitGame
{
    // Generations between two updates of the cards.
    private const int ShowEveryGenerations = 10;

    private EvolutionSettings _evolution = new();
    private Agent[] _shown = [];
    private float[] _fitness = [];
    private float[] _rankKeys = [];
    private int[] _ranked = [];
    private int[] _rowAgent = [];
    private float[] _setPoints = [];
    private float[] _setSigns = [];
    private int[] _grapes = [];
    private int[] _tomatoes = [];

    /// <summary>How the population evolves now (the overlay changes it with <see cref="SetEvolution"/>).</summary>
    public EvolutionSettings Evolution => _evolution;

    /// <summary>Every member of the evolved population, in the order they were made (the cards show <see cref="Agents"/>: the best, best first).</summary>
    public IReadOnlyList<Agent> Population => _agents;

    /// <summary>Generations scored so far in the evolved mode.</summary>
    public int Generation { get; private set; }

    /// <summary>Best and mean fitness per generation.</summary>
    public FitnessHistory FitnessCurve { get; } = new();

    /// <summary>
    /// Evolves with <paramref name="settings"/> from now on. A new population size or shape is a
    /// new population (fresh seeded brains, on the same board); a new strategy or mutation goes
    /// on from the brains as they are (the strategies' centre from the best of them).
    /// </summary>
    public void SetEvolution(EvolutionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var restart = settings.PopulationSize != _evolution.PopulationSize || settings.Shape.Spec != _evolution.Shape.Spec;
        _evolution = settings;
        if (Settings.Mode != GameMode.Evolved)
        {
            return;
        }

        if (restart)
        {
            _generation++;
            BuildPopulation(Backend);
            return;
        }

        _generation++;
        var best = _shown.Length > 0 ? _shown[0].Parameters : default;
        World.Evolve(_agents[0].Brain.CohortId, Settings.Seed + (_generation * 7919), best);
    }

    // A fresh population of the settings' shape on the current board.
    private void BuildPopulation(BrainBackend backend)
    {
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }

        _world?.Dispose();
        var test = new TestFruit(TestSet);
        var settings = _evolution;
        _world = new AgentWorld(Settings.BoardCapacity, _budget, evolution: settings);
        var seed = Settings.Seed + (_generation * 7919);
        _agents = [.. Enumerable.Range(0, settings.PopulationSize).Select(i => new Agent(settings.Shape, i, seed + 100 + (ulong)i, _world, test))];
        _world.Evolve(_agents[0].Brain.CohortId, seed);
        if (backend != BrainBackend.Cpu)
        {
            _world.UseBackend(backend);
        }

        var shown = Math.Min(settings.ShownAgents, _agents.Length);
        _shown = _agents[..shown];
        _fitness = new float[_agents.Length];
        _rankKeys = new float[_agents.Length];
        _ranked = new int[_agents.Length];
        _rowAgent = new int[_agents.Length];
        _setPoints = new float[settings.FruitPerGeneration * 2];
        _setSigns = new float[settings.FruitPerGeneration];
        if (_grapes.Length != Settings.BoardCapacity)
        {
            (_grapes, _tomatoes) = (new int[Settings.BoardCapacity], new int[Settings.BoardCapacity]);
        }
        Generation = 0;
        FitnessCurve.Clear();
        MeanHistory.Clear();
        Selected = Math.Min(Selected, shown - 1);
        LastSolveFrame = null;
        MeasureAll();
    }

    // One generation: the same fruit for every member, scored by its decisions; every tenth,
    // the cards take the best, best first, with the brains they were scored with; then the
    // next generation.
    private void Evolve()
    {
        if (!PickGenerationFruit())
        {
            return;
        }

        var world = World;
        var cohort = _agents[0].Cohort;
        for (var i = 0; i < _agents.Length; i++)
        {
            _rowAgent[cohort.RowOf(_agents[i].Brain.Agent)] = i;
        }

        // One batched forward of the whole population per fruit.
        Array.Clear(_fitness);
        for (var f = 0; f < _setSigns.Length; f++)
        {
            var inputs = cohort.Inputs;
            var (x, y) = (_setPoints[2 * f], _setPoints[(2 * f) + 1]);
            for (var row = 0; row < _agents.Length; row++)
            {
                (inputs[2 * row], inputs[(2 * row) + 1]) = (x, y);
            }

            cohort.Forward();
            var outputs = cohort.Outputs;
            for (var row = 0; row < _agents.Length; row++)
            {
                if (outputs[row] > 0.5f)
                {
                    _fitness[_rowAgent[row]] += _setSigns[f];
                }
            }
        }

        // The cards follow every tenth generation: a card redrawn every frame with another
        // brain would flicker, and its text would be set again every frame.
        var show = Generation % ShowEveryGenerations == 0;
        var total = 0f;
        for (var i = 0; i < _agents.Length; i++)
        {
            var agent = _agents[i];
            total += _fitness[i];
            var brain = agent.Brain;
            world.Brains.SetFitness(in brain, _fitness[i]);
            if (show)
            {
                // The brain it was scored with, before the next generation replaces it.
                agent.Fitness = _fitness[i];
                agent.Refresh();
                (_rankKeys[i], _ranked[i]) = (-_fitness[i], i);
            }
        }

        if (show)
        {
            ShowBest();
        }

        var best = float.NegativeInfinity;
        foreach (var fitness in _fitness)
        {
            best = Math.Max(best, fitness);
        }

        Generation++;
        FitnessCurve.Best.Add(best);
        FitnessCurve.Mean.Add(total / _agents.Length);
        world.Brains.NextGeneration(_agents[0].Brain.CohortId);
    }

    // The best of the population on the cards, best first, measured on the test fruit.
    private void ShowBest()
    {
        _rankKeys.AsSpan().Sort(_ranked.AsSpan());
        for (var k = 0; k < _shown.Length; k++)
        {
            var agent = _agents[_ranked[k]];
            if (!ReferenceEquals(_shown[k], agent))
            {
                // Another brain on this card: its pictures must be drawn afresh, not judged by what another card showed.
                _shown[k] = agent;
                agent.ThumbnailWatch.Invalidate();
                agent.BoardWatch.Invalidate();
                agent.NeuronWatch.Invalidate();
            }
        }

        MeasureAll();
    }

    // Half grapes and half tomatoes from the board, the same for every member; false while the
    // board holds no fruit of one kind.
    private bool PickGenerationFruit()
    {
        var (grapes, tomatoes) = (0, 0);
        for (var i = 0; i < _landed.Count; i++)
        {
            if (_landed[i].Kind == FruitKind.Grape)
            {
                _grapes[grapes++] = i;
            }
            else
            {
                _tomatoes[tomatoes++] = i;
            }
        }

        if (grapes == 0 || tomatoes == 0)
        {
            return false;
        }

        for (var f = 0; f < _setSigns.Length; f++)
        {
            var grape = f % 2 == 0;
            var fruit = _landed[grape ? _grapes[_picks.NextInt(grapes)] : _tomatoes[_picks.NextInt(tomatoes)]];
            (_setPoints[2 * f], _setPoints[(2 * f) + 1]) = (fruit.X, fruit.Y);
            _setSigns[f] = grape ? 1f : -1f;
        }

        return true;
    }
}
