using System.Diagnostics;
using DemoGame.Model.Agents;
using DemoGame.Model.Levels;
using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;
using Engine.Neural.Learning;

namespace DemoGame.Model.Harvest;

/// <summary>
/// The Harvest level: agents that move. Each is an ECS entity with a <see cref="Forager"/> body
/// and a <see cref="NeuralBrain"/> of its own (one cohort, one batched pass for all), sensing
/// the fruit around it through a <see cref="RaySensor"/> and its own velocity, choosing a
/// steering action every frame, paid +1 for each grape it eats and -1 for each tomato, and
/// learning live by policy gradient, or, switched, evolving as one population whose fitness is
/// the reward over a generation. Untrained agents share the board, so the learners' gain is
/// measured against agents that stay as they started.
/// </summary>
internal sealed class HarvestGame : IDisposable
{
    /// <summary>Grape kind of a fruit (the sensor's channel 0).</summary>
    public const int Grape = 0;

    /// <summary>Tomato kind (channel 1).</summary>
    public const int Tomato = 1;

    /// <summary>Frames between two readings of the reward curves.</summary>
    public const int FramesPerReading = 10;

    /// <summary>
    /// Frames a reading of the reward curves averages: a wandering agent eats a fruit every
    /// thirty frames or so, and 40 of them over fewer frames make a curve of noise.
    /// </summary>
    public const int FramesPerAverage = 250;

    // Fruit the board can hold: its own plus what the player drops.
    private const int FruitCapacity = 1024;

    // Spots tried for a new fruit out of every agent's reach before one in reach is taken (a
    // board crowded with thousands of agents may have no free spot).
    private const int GrowAttempts = 8;

    private readonly Entity[] _agents;
    private readonly float[] _positions;
    private readonly RayTarget[] _fruit = new RayTarget[FruitCapacity];
    private readonly RayTarget[] _nearby = new RayTarget[FruitCapacity];
    private readonly FruitGrid _grid;
    private readonly float[] _selectedHits;
    private readonly float[] _selectedInput;
    private readonly float[] _selectedParameters;
    private readonly NeuralSystem _neural;
    private readonly RaySensor _eyes;
    private readonly int _cohortId;
    private readonly int _untrainedCohortId;
    private readonly int[] _actions;
    private readonly float[] _fitness;
    private readonly double[] _learnedWindow = new double[FramesPerAverage];
    private readonly double[] _untrainedWindow = new double[FramesPerAverage];
    private DeterministicRandom _random;
    private DeterministicRandom _choices;
    private double _learnedSum;
    private double _untrainedSum;

    /// <summary>Creates the board with <paramref name="settings"/>' agents and fruit.</summary>
    public HarvestGame(HarvestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _random = new DeterministicRandom(settings.Seed);
        _choices = DeterministicRandom.ForStream(settings.Seed, 1);
        _eyes = new RaySensor(settings.Rays, settings.FieldOfView, settings.Range, kinds: 2);
        _grid = new FruitGrid((settings.Range + settings.FruitRadius) / 2, FruitCapacity);
        _selectedHits = new float[settings.Rays];
        _selectedInput = new float[settings.Inputs];
        _selectedParameters = new float[settings.Spec.ParameterCount];
        SelectedNetwork = new NetworkActivations(settings.Spec);
        World = World.Create();
        var count = settings.Learners + settings.Untrained;
        Brains = new BrainRegistry(World, new CohortOptions { InitialCapacity = count });
        var options = new CohortOptions { Seed = settings.Seed + 1, InitialCapacity = count, Training = settings.Training };
        if (settings.Learning == HarvestLearning.Evolution)
        {
            // A population evolves as a whole: the untrained, whose brains must stay as they
            // are, run beside it in a further cohort of the same shape.
            _cohortId = Brains.CohortIdOf(settings.Spec, options with { InitialCapacity = Math.Max(1, settings.Learners) });
            _untrainedCohortId = Brains.AddCohort(settings.Spec, options with { Seed = settings.Seed + 2, InitialCapacity = Math.Max(1, settings.Untrained) });
        }
        else
        {
            // The untrained act by the same policy with learning off.
            _cohortId = Brains.UsePolicy(settings.Spec, DiscretePolicy.Instance, settings.Policy with { Seed = settings.Seed }, options);
            _untrainedCohortId = _cohortId;
        }

        _neural = new NeuralSystem(Brains);
        _agents = new Entity[count];
        _actions = new int[count];
        _fitness = new float[settings.Learners];
        _positions = new float[2 * count];
        for (var i = 0; i < count; i++)
        {
            var body = new Forager
            {
                X = (float)_random.NextDouble(-1, 1),
                Y = (float)_random.NextDouble(-1, 1),
                Heading = (float)_random.NextDouble(-Math.PI, Math.PI),
                Learns = i < settings.Learners,
            };
            _agents[i] = World.Create(body);
            (_positions[2 * i], _positions[(2 * i) + 1]) = (body.X, body.Y);
            Brains.AddBrain(_agents[i], body.Learns ? _cohortId : _untrainedCohortId);
            World.Get<NeuralBrain>(_agents[i]).Learning = body.Learns;
        }

        if (settings.Learning == HarvestLearning.Evolution)
        {
            var evolution = settings.Evolution;
            Brains.UseEvolution(_cohortId, EvolutionSearch.Create(Cohort, EvolutionKind.Genetic, evolution.MutationScale, evolution.MutationRate, 0, settings.Seed + 3));
        }

        for (var i = 0; i < settings.Fruit; i++)
        {
            _fruit[i] = Grow(i < (int)Math.Round(settings.GrapeShare * settings.Fruit) ? Grape : Tomato);
        }

        FruitCount = settings.Fruit;
    }

    /// <summary>How the board is set up.</summary>
    public HarvestSettings Settings { get; }

    /// <summary>The agents' world.</summary>
    public World World { get; }

    /// <summary>The agents' brains: one policy cohort, or an evolving one and the untrained's beside it.</summary>
    public BrainRegistry Brains { get; }

    /// <summary>The cohort of the learners' brains (with the untrained's when they learn by policy gradient).</summary>
    public BrainCohort Cohort => Brains.Cohort(_cohortId);

    /// <summary>The learner that teaches the cohort from rewards; null when the foragers evolve.</summary>
    public PolicyGradientLearner? Learner => Brains.Learner(_cohortId);

    /// <summary>Generations bred so far (evolution).</summary>
    public int Generation { get; private set; }

    /// <summary>Best and mean fitness of each generation (evolution): a forager's reward over the generation.</summary>
    public FitnessHistory FitnessCurve { get; } = new();

    /// <summary>The agents' eyes (one sensor serves all).</summary>
    public RaySensor Eyes => _eyes;

    /// <summary>Every agent's entity: learners first, then the untrained.</summary>
    public ReadOnlySpan<Entity> Agents => _agents;

    /// <summary>Fruit on the board now.</summary>
    public ReadOnlySpan<RayTarget> Fruit => _fruit.AsSpan(0, FruitCount);

    /// <summary>Number of fruit on the board.</summary>
    public int FruitCount { get; private set; }

    /// <summary>Frames simulated.</summary>
    public int Frame { get; private set; }

    /// <summary>Index of the agent whose rays and network the screen shows.</summary>
    public int Selected { get; set; }

    /// <summary>The selected agent's ray hit distances as of the last frame (the ray's range for a miss).</summary>
    public ReadOnlySpan<float> SelectedHits => _selectedHits;

    /// <summary>The selected agent's brain as of the last frame: what it sensed and what each of its neurons made of it.</summary>
    public NetworkActivations SelectedNetwork { get; }

    /// <summary>The selected agent's parameters as of the last frame (flat: per layer W then b).</summary>
    public ReadOnlySpan<float> SelectedParameters => _selectedParameters;

    /// <summary>Mean reward per learning agent over the last <see cref="FramesPerAverage"/> frames (fewer at first), as a rate per 1,000 frames, one reading per <see cref="FramesPerReading"/> frames.</summary>
    public MetricHistory LearnerReward { get; } = new(600);

    /// <summary>The same for the untrained agents.</summary>
    public MetricHistory UntrainedReward { get; } = new(600);

    /// <summary>Sum of every learner's rewards in the last frame over the learners.</summary>
    public double LastLearnerReward { get; private set; }

    /// <summary>The same for the untrained agents.</summary>
    public double LastUntrainedReward { get; private set; }

    /// <summary>Milliseconds of the last frame's sensing (rays).</summary>
    public double LastSenseMilliseconds { get; private set; }

    /// <summary>Milliseconds of the last frame's brains: learning of the due agents, then acting.</summary>
    public double LastNeuralMilliseconds { get; private set; }

    /// <summary>Milliseconds of the last frame's moving and eating.</summary>
    public double LastMoveMilliseconds { get; private set; }

    /// <summary>True while paused.</summary>
    public bool Paused { get; set; }

    /// <summary>Advances one frame unless paused.</summary>
    public void Update()
    {
        if (!Paused)
        {
            Step();
        }
    }

    /// <summary>One frame: every agent senses, acts (one batched pass), moves, eats and is paid.</summary>
    public void Step()
    {
        Frame++;
        var start = Stopwatch.GetTimestamp();
        Sense();
        var sensed = Stopwatch.GetTimestamp();
        _neural.Update(Harvest.FrameSeconds);
        Choose();
        ReadSelected();
        var acted = Stopwatch.GetTimestamp();
        MoveAndEat();
        if (Settings.Learning == HarvestLearning.Evolution && Frame % Settings.Evolution.GenerationFrames == 0)
        {
            Breed();
        }

        LastSenseMilliseconds = Stopwatch.GetElapsedTime(start, sensed).TotalMilliseconds;
        LastNeuralMilliseconds = Stopwatch.GetElapsedTime(sensed, acted).TotalMilliseconds;
        LastMoveMilliseconds = Stopwatch.GetElapsedTime(acted).TotalMilliseconds;

        // Running sums over a ring of the last frames: the newest frame replaces the oldest.
        var slot = Frame % FramesPerAverage;
        _learnedSum += LastLearnerReward - _learnedWindow[slot];
        _untrainedSum += LastUntrainedReward - _untrainedWindow[slot];
        (_learnedWindow[slot], _untrainedWindow[slot]) = (LastLearnerReward, LastUntrainedReward);
        if (Frame % FramesPerReading == 0)
        {
            var frames = Math.Min(Frame, FramesPerAverage);
            LearnerReward.Add((float)(_learnedSum * 1000 / frames));
            UntrainedReward.Add((float)(_untrainedSum * 1000 / frames));
        }
    }

    /// <summary>Drops a fruit at (x, y) to tempt the agents; false when it lies off the board or the board is full.</summary>
    public bool Place(float x, float y, FruitKind kind)
    {
        if (x is < -1f or > 1f || y is < -1f or > 1f || FruitCount == FruitCapacity)
        {
            return false;
        }

        _fruit[FruitCount++] = new RayTarget(x, y, Settings.FruitRadius, kind == FruitKind.Grape ? Grape : Tomato);
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Brains.Dispose();
        World.Dispose();
    }

    private void Sense()
    {
        // Each agent's eyes are given only the fruit of the cells around it: all it can see.
        _grid.Build(Fruit);
        var reach = Settings.Range + Settings.FruitRadius;
        var inputs = _eyes.Inputs;
        for (var i = 0; i < _agents.Length; i++)
        {
            ref var body = ref World.Get<Forager>(_agents[i]);
            var brain = World.Get<NeuralBrain>(_agents[i]);
            var input = Brains.Input(in brain);
            var near = _grid.Near(body.X, body.Y, reach, _nearby);
            _eyes.Sense(body.X, body.Y, body.Heading, _nearby.AsSpan(0, near), input, i == Selected ? _selectedHits : default);

            // Its own velocity, in its own frame: forward speed (always full) and turn rate.
            input[inputs] = 1f;
            input[inputs + 1] = body.Turn / Settings.TurnRate;
            if (i == Selected)
            {
                input.CopyTo(_selectedInput);
            }
        }
    }

    // The selected brain's weights as it acted this frame (after any learning), and its neurons on what it sensed.
    private void ReadSelected()
    {
        if ((uint)Selected >= (uint)_agents.Length)
        {
            return;
        }

        var brain = World.Get<NeuralBrain>(_agents[Selected]);
        Brains.Cohort(in brain).GetParameters(brain.Agent, _selectedParameters);
        SelectedNetwork.Compute(_selectedParameters, _selectedInput);
    }

    private void MoveAndEat()
    {
        var (learned, untrained) = (0, 0);
        var reach = Settings.AgentRadius + Settings.FruitRadius;
        var learner = Learner;
        for (var i = 0; i < _agents.Length; i++)
        {
            ref var body = ref World.Get<Forager>(_agents[i]);
            body.Turn = (_actions[i] - 1) * Settings.TurnRate;
            body.Heading += body.Turn;
            body.X = Wrap(body.X + (Settings.Speed * MathF.Cos(body.Heading)));
            body.Y = Wrap(body.Y + (Settings.Speed * MathF.Sin(body.Heading)));
            (_positions[2 * i], _positions[(2 * i) + 1]) = (body.X, body.Y);
            var reward = 0;
            for (var f = 0; f < FruitCount; f++)
            {
                var (dx, dy) = (_fruit[f].X - body.X, _fruit[f].Y - body.Y);
                if ((dx * dx) + (dy * dy) < reach * reach)
                {
                    var grape = _fruit[f].Kind == Grape;
                    reward += grape ? 1 : -1;
                    _ = grape ? body.Grapes++ : body.Tomatoes++;
                    Eaten(f);
                }
            }

            _ = body.Learns ? learned += reward : untrained += reward;
            if (learner is null)
            {
                if (body.Learns)
                {
                    _fitness[i] += reward;
                }

                continue;
            }

            var brain = World.Get<NeuralBrain>(_agents[i]);
            Brains.Reward(in brain, reward);

            // Every agent would learn in the same frame, every UpdateEvery frames: one frame in
            // sixteen would carry the whole cohort's training. Cutting each agent's first
            // trajectory short at its own phase spreads the learning over the frames. It ends as
            // an episode would (its few last returns miss the future once, in each agent's life).
            var every = Settings.Policy.UpdateEvery;
            if (Frame < every && i % every == Frame)
            {
                Brains.EndEpisode(in brain, EpisodeEnd.Terminal);
            }
        }

        LastLearnerReward = Settings.Learners == 0 ? 0 : (double)learned / Settings.Learners;
        LastUntrainedReward = Settings.Untrained == 0 ? 0 : (double)untrained / Settings.Untrained;
    }

    // Every agent's steering: the action its policy sampled, or, for brains that only run
    // forward (an evolving population and the untrained beside it), one drawn from the
    // probabilities of its softmax output as a policy would.
    private void Choose()
    {
        var learner = Learner;
        for (var i = 0; i < _agents.Length; i++)
        {
            var brain = World.Get<NeuralBrain>(_agents[i]);
            if (learner is not null)
            {
                _actions[i] = (int)Brains.Action(in brain)[0];
                continue;
            }

            var probabilities = Brains.Output(in brain);
            var (u, chosen) = (_choices.NextDouble(), probabilities.Length - 1);
            for (var a = 0; a < probabilities.Length - 1; a++)
            {
                u -= probabilities[a];
                if (u < 0)
                {
                    chosen = a;
                    break;
                }
            }

            _actions[i] = chosen;
        }
    }

    // A generation is over: each forager's reward over it is its fitness, and the genetic
    // algorithm writes the next population into the cohort (the bodies carry on where they are).
    private void Breed()
    {
        var (best, total) = (float.NegativeInfinity, 0f);
        for (var i = 0; i < _fitness.Length; i++)
        {
            Brains.SetFitness(World.Get<NeuralBrain>(_agents[i]), _fitness[i]);
            best = Math.Max(best, _fitness[i]);
            total += _fitness[i];
        }

        Brains.NextGeneration(_cohortId);
        Array.Clear(_fitness);
        Generation++;
        FitnessCurve.Best.Add(best);
        FitnessCurve.Mean.Add(total / Math.Max(1, _fitness.Length));
    }

    // The board keeps its own fruit: an eaten one grows again elsewhere, as the same kind, so
    // agents that leave tomatoes alone do not fill the board with them (which would hurt every
    // agent, and the untrained most). One the player dropped is gone.
    private void Eaten(int index)
    {
        if (index < Settings.Fruit)
        {
            _fruit[index] = Grow(_fruit[index].Kind);
        }
        else
        {
            _fruit[index] = _fruit[--FruitCount];
        }
    }

    // A fruit grows out of every agent's reach where it can: one grown in an agent's mouth is
    // eaten at once, paid to whoever stood there, steering or not. With 240 agents of the
    // first board's size three quarters of the board lay in someone's reach, and that luck was
    // most of every agent's reward, learner or not.
    private RayTarget Grow(int kind)
    {
        var reach = Settings.AgentRadius + Settings.FruitRadius;
        for (var attempt = 1; ; attempt++)
        {
            var (x, y) = ((float)_random.NextDouble(-0.95, 0.95), (float)_random.NextDouble(-0.95, 0.95));
            if (attempt == GrowAttempts || !InReach(x, y, reach))
            {
                return new RayTarget(x, y, Settings.FruitRadius, kind);
            }
        }
    }

    private bool InReach(float x, float y, float reach)
    {
        var positions = _positions;
        for (var i = 0; i < positions.Length; i += 2)
        {
            var (dx, dy) = (positions[i] - x, positions[i + 1] - y);
            if ((dx * dx) + (dy * dy) < reach * reach)
            {
                return true;
            }
        }

        return false;
    }

    private static float Wrap(float v) => v > 1f ? v - 2f : v < -1f ? v + 2f : v;
}
