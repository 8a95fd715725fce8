using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;

namespace DemoGame.Model.Agents;

/// <summary>
/// One contestant on the board: an entity of the <see cref="AgentWorld"/> with a
/// <see cref="NeuralBrain"/> of its own shape learning from every landed fruit, with the
/// pictures of it the game draws (its boundary, its thumbnail, its cuts, its neurons), its
/// accuracy on fruit it never trained on, and the history of its losses.
/// </summary>
internal sealed class Agent : IDisposable
{
    /// <summary>Resolution of the main board's boundary grid.</summary>
    public const int BoardResolution = 128;

    /// <summary>Resolution of the thumbnail's boundary grid.</summary>
    public const int ThumbnailResolution = 48;

    /// <summary>How the default agents learn: Adam at 0.03 on batches of 16 fruit.</summary>
    public static readonly TrainingSettings DefaultTraining = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.03, BatchSize = 16 };

    // Redraw a boundary once some weight moved by this much: below it the picture does not
    // visibly change, and skipping it keeps the boundary out of most frames.
    private const float RedrawThreshold = 0.01f;

    // Weight of the newest batch in the smoothed training loss.
    private const float LossSmoothing = 0.05f;

    // Weight of the newest decision in the score rate: about the last 500 decisions.
    private const float ScoreSmoothing = 0.002f;

    private readonly ulong _seed;
    private AgentWorld _world;
    private TestFruit _testFruit;
    private float[] _parameters;
    private BatchEvaluator _test;
    private BatchEvaluator? _board;
    private BatchEvaluator? _thumbnail;
    private float _smoothedLoss = float.NaN;

    /// <summary>
    /// Creates agent number <paramref name="index"/> as an entity of <paramref name="world"/>,
    /// with fresh weights drawn from <paramref name="seed"/>; a <paramref name="supervised"/>
    /// one learns from labelled fruit even in a world of agents told only the score.
    /// </summary>
    public Agent(AgentKind kind, int index, ulong seed, AgentWorld world, TestFruit testFruit, bool supervised = false)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(testFruit);
        Kind = kind;
        _seed = seed;
        _world = world;
        _testFruit = testFruit;
        Supervised = supervised;
        Entity = world.World.Create(new AgentCard(index));
        _parameters = Fresh(kind.Spec, seed);
        var cohort = world.CohortIdFor(kind.Spec, seed, LearnsFromLabels ? DefaultTraining : world.Scoring?.Training ?? DefaultTraining, supervised);
        world.Brains.AddBrain(Entity, cohort, _parameters);
        _test = new BatchEvaluator(kind.Spec, testFruit.Points, Cohort);
        BoardWatch = new ParameterWatch(RedrawThreshold);
        ThumbnailWatch = new ParameterWatch(RedrawThreshold);
        NeuronWatch = new ParameterWatch(RedrawThreshold);
    }

    /// <summary>True for the supervised agent a scored game runs beside its scored ones, for comparison.</summary>
    public bool Supervised { get; }

    /// <summary>True when the agent learns from labelled fruit: every agent of a supervised game, and a <see cref="Supervised"/> one anywhere.</summary>
    public bool LearnsFromLabels => Supervised || _world.LearnsFromLabels;

    /// <summary>The agent's shape and name.</summary>
    public AgentKind Kind { get; private set; }

    /// <summary>The agent's entity in the <see cref="AgentWorld"/>.</summary>
    public Entity Entity { get; private set; }

    /// <summary>The entity's brain component.</summary>
    public NeuralBrain Brain => _world.World.Get<NeuralBrain>(Entity);

    /// <summary>The cohort the brain learns in (shared with agents of the same shape).</summary>
    public BrainCohort Cohort => _world.Brains.Cohort(Brain);

    /// <summary>
    /// How the brain learns: its cohort's settings (agents of equal shape share them). Setting
    /// it keeps every learned weight and the optimiser's state.
    /// </summary>
    public TrainingSettings Training
    {
        get => Cohort.Settings;
        set => Cohort.Settings = value;
    }

    /// <summary>The weights as of the last <see cref="Refresh"/> (flat: per layer W then b).</summary>
    public ReadOnlySpan<float> Parameters => _parameters;

    /// <summary>Fraction of the held-out test fruit classified right, as of the last <see cref="MeasureAccuracy"/>.</summary>
    public double TestAccuracy { get; private set; }

    /// <summary>Mean loss on the test fruit as of the last <see cref="MeasureAccuracy"/>.</summary>
    public double TestLoss { get; private set; }

    /// <summary>Mean score per decision over about the last 500 (scored mode): +1 a slashed grape, -1 a slashed tomato, 0 a fruit let lie.</summary>
    public float ScoreRate { get; private set; }

    /// <summary>Fitness in the last generation scored (evolved mode): its score over that generation's fruit.</summary>
    public float Fitness { get; set; }

    /// <summary>Decisions scored so far (scored mode).</summary>
    public long Decisions { get; private set; }

    /// <summary>The frame in which test accuracy first reached the goal, or null.</summary>
    public int? SolvedAtFrame { get; set; }

    /// <summary>Losses and accuracy over time.</summary>
    public AgentHistory History { get; } = new();

    /// <summary>What the big board last showed of this agent.</summary>
    public ParameterWatch BoardWatch { get; }

    /// <summary>What the thumbnail last showed.</summary>
    public ParameterWatch ThumbnailWatch { get; }

    /// <summary>What the neuron pictures (the overlay's network diagram) last showed.</summary>
    public ParameterWatch NeuronWatch { get; }

    /// <summary>Number of hidden neurons in the first layer: the agent's cuts.</summary>
    public int CutCount => Kind.Spec.Layers[0].Outputs;

    /// <summary>One training sample: a fruit that landed at (x, y).</summary>
    public void Learn(float x, float y, float label)
    {
        // A policy or a population is told nothing but its score; a policy's sample ring belongs to its learner.
        if (!LearnsFromLabels)
        {
            return;
        }

        Span<float> input = [x, y];
        Span<float> target = [label];
        var brain = Brain;
        _world.Brains.AddSample(in brain, input, target);
    }

    /// <summary>Counts one decision's score into <see cref="ScoreRate"/> (scored mode).</summary>
    public void Scored(float score)
    {
        Decisions++;
        ScoreRate += (Decisions < 1 / ScoreSmoothing ? 1f / Decisions : ScoreSmoothing) * (score - ScoreRate);
    }

    /// <summary>Forgets every sample (the board changed in a way a ring cannot express).</summary>
    public void ForgetSamples()
    {
        if (LearnsFromLabels)
        {
            Cohort.ClearSamples(Brain.Agent);
        }
    }

    /// <summary>Reads the weights after the world's learning step, and the loss of its batch.</summary>
    public void Refresh()
    {
        var cohort = Cohort;
        var brain = Brain;

        // A policy's samples are its last trajectory, cleared once learned from: its weights
        // move without samples left behind.
        if (cohort.SampleCount(brain.Agent) == 0 && LearnsFromLabels)
        {
            return;
        }

        cohort.GetParameters(brain.Agent, _parameters);
        var loss = cohort.LastLoss(brain.Agent);
        if (float.IsFinite(loss))
        {
            _smoothedLoss = float.IsNaN(_smoothedLoss) ? loss : _smoothedLoss + (LossSmoothing * (loss - _smoothedLoss));
        }
    }

    /// <summary>Draws fresh weights (R: reset). The samples go too; the game feeds the board's fruit again.</summary>
    public void ResetBrain(ulong generation)
    {
        // A new brain also resets the optimiser's moments, which belong to the old weights.
        Rebuild(Kind, Fresh(Kind.Spec, _seed + (generation * 7919)));
    }

    /// <summary>
    /// Gives the agent a brain of <paramref name="spec"/>. When only activations or the loss
    /// change (every layer keeps its size) the learned weights carry over; a change of shape
    /// starts from fresh seeded weights. The samples go; the game feeds the board's fruit again.
    /// The optimiser's state starts afresh either way (it belongs to the old brain).
    /// </summary>
    /// <returns>True when the learned weights were kept.</returns>
    public bool ChangeSpec(BrainSpec spec, ulong generation)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var keep = SameSizes(spec, Kind.Spec);
        var parameters = keep ? _parameters : Fresh(spec, _seed + (generation * 7919));

        // A new shape's cohort learns as this agent did; joining the cohort of an agent of
        // the same shape means learning as that cohort does.
        Rebuild(new AgentKind(AgentKind.NameOf(spec), spec), parameters);
        return keep;
    }

    /// <summary>
    /// Moves the agent to <paramref name="entity"/> of <paramref name="world"/>, whose brain
    /// (of the agent's shape) was loaded from a save: the weights the board draws are read from
    /// it at once, and every picture of the old weights (board, thumbnail, neurons) is redrawn
    /// from them. The old world is the caller's to dispose.
    /// </summary>
    /// <exception cref="ArgumentException">The entity has no brain, or one of another shape.</exception>
    public void Adopt(AgentWorld world, Entity entity)
    {
        ArgumentNullException.ThrowIfNull(world);
        if (!world.World.TryGet<NeuralBrain>(entity, out var brain) || world.Brains.Cohort(in brain).Spec != Kind.Spec)
        {
            throw new ArgumentException($"Agent: {entity} holds no brain of {Kind.Spec}.", nameof(entity));
        }

        (_world, Entity) = (world, entity);
        world.Brains.Cohort(in brain).GetParameters(brain.Agent, _parameters);

        // The smoothed loss belongs to the brain that was replaced; the frame the agent first
        // solved the level in is the game's history and stays.
        _smoothedLoss = float.NaN;
        BoardWatch.Invalidate();
        ThumbnailWatch.Invalidate();
        NeuronWatch.Invalidate();
    }

    /// <summary>Evaluates the test set in one batch and updates <see cref="TestAccuracy"/> and <see cref="TestLoss"/>.</summary>
    public double MeasureAccuracy()
    {
        var outputs = _test.Evaluate(_parameters);
        var labels = _testFruit.Labels;
        var binary = Kind.Spec.Loss == Loss.BinaryCrossEntropy;
        var right = 0;
        var loss = 0.0;
        for (var i = 0; i < outputs.Length; i++)
        {
            var label = labels[i];
            if ((outputs[i] > 0.5f ? 1 : 0) == label)
            {
                right++;
            }

            loss += binary ? -Math.Log(Math.Clamp(label == 1 ? outputs[i] : 1f - outputs[i], 1e-7f, 1f)) : 0.5 * (outputs[i] - label) * (outputs[i] - label);
        }

        TestAccuracy = (double)right / outputs.Length;
        TestLoss = loss / outputs.Length;
        return TestAccuracy;
    }

    /// <summary>Measures the agent on other held-out fruit from now on (the train/test ratio changed).</summary>
    public void UseTestFruit(TestFruit testFruit)
    {
        ArgumentNullException.ThrowIfNull(testFruit);
        _testFruit = testFruit;
        _test.Dispose();
        _test = new BatchEvaluator(Kind.Spec, testFruit.Points, Cohort);
    }

    /// <summary>Appends the current losses and accuracy to <see cref="History"/>.</summary>
    public void Record()
    {
        History.TrainLoss.Add(_smoothedLoss);
        History.TestLoss.Add((float)TestLoss);
        History.Accuracy.Add((float)TestAccuracy);
    }

    /// <summary>Where the agent's pictures and held-out test were last evaluated ("cpu" or "opencl"): the backend of its brain's cohort.</summary>
    public string EvaluatedOn => (_board ?? _test).BackendName;

    /// <summary>The grape probability on the board's grid (<see cref="BoardResolution"/>², bottom row first).</summary>
    public ReadOnlySpan<float> BoardField()
    {
        _board ??= new BatchEvaluator(Kind.Spec, BatchEvaluator.GridPoints(BoardResolution), Cohort);
        return _board.Evaluate(_parameters);
    }

    /// <summary>The grape probability on the thumbnail's grid (<see cref="ThumbnailResolution"/>², bottom row first).</summary>
    public ReadOnlySpan<float> ThumbnailField()
    {
        _thumbnail ??= new BatchEvaluator(Kind.Spec, BatchEvaluator.GridPoints(ThumbnailResolution), Cohort);
        return _thumbnail.Evaluate(_parameters);
    }

    /// <summary>The first hidden layer's neurons as cuts across the board.</summary>
    public void Cuts(Span<CutLine> destination)
    {
        var layer = Kind.Spec.Layers[0];
        var weights = Kind.Spec.WeightOffset(0);
        var biases = Kind.Spec.BiasOffset(0);
        for (var j = 0; j < layer.Outputs && j < destination.Length; j++)
        {
            destination[j] = new CutLine(_parameters[weights + (2 * j)], _parameters[weights + (2 * j) + 1], _parameters[biases + j]);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_world.World.IsAlive(Entity))
        {
            _world.Brains.RemoveBrain(Entity);
            _world.World.Destroy(Entity);
        }

        _test.Dispose();
        _board?.Dispose();
        _thumbnail?.Dispose();
    }

    /// <summary>Weights a brain of <paramref name="spec"/> starts from with <paramref name="seed"/>: the same as a new cohort seeded so gives its first agent.</summary>
    public static float[] FreshParameters(BrainSpec spec, ulong seed)
    {
        var fresh = new float[spec.ParameterCount];
        using var seeded = new BrainCohort(spec, new CohortOptions { Seed = seed, InitialCapacity = 1, SampleCapacity = 1 });
        seeded.GetParameters(seeded.Add(), fresh);
        return fresh;
    }

    // Fresh weights; a brain that hears only the score starts eager (see ScoreSettings.EagerStart).
    private float[] Fresh(BrainSpec spec, ulong seed)
    {
        var fresh = FreshParameters(spec, seed);
        fresh[spec.BiasOffset(spec.LayerCount - 1)] += Supervised ? 0f : _world.EagerStart;
        return fresh;
    }

    private static bool SameSizes(BrainSpec a, BrainSpec b)
    {
        if (a.LayerCount != b.LayerCount || a.InputSize != b.InputSize)
        {
            return false;
        }

        for (var i = 0; i < a.LayerCount; i++)
        {
            if (a.Layers[i].Outputs != b.Layers[i].Outputs)
            {
                return false;
            }
        }

        return true;
    }

    private void Rebuild(AgentKind kind, float[] parameters)
    {
        var training = Training;
        _world.Brains.RemoveBrain(Entity);
        Kind = kind;
        _world.Brains.AddBrain(Entity, _world.CohortIdFor(kind.Spec, _seed, training, Supervised), parameters);
        if (!ReferenceEquals(parameters, _parameters))
        {
            _parameters = parameters.Length == _parameters.Length ? CopyInto(parameters, _parameters) : [.. parameters];
        }

        // The evaluators follow the brain's cohort to its backend: a new cohort (a new shape,
        // or the same shape learning another way) gets new evaluators.
        _test.Dispose();
        _test = new BatchEvaluator(kind.Spec, _testFruit.Points, Cohort);
        _board?.Dispose();
        _thumbnail?.Dispose();
        (_board, _thumbnail) = (null, null);

        SolvedAtFrame = null;
        TestAccuracy = 0;
        (ScoreRate, Decisions) = (0f, 0);
        _smoothedLoss = float.NaN;
        History.Clear();
        BoardWatch.Invalidate();
        ThumbnailWatch.Invalidate();
        NeuronWatch.Invalidate();
    }

    private static float[] CopyInto(float[] source, float[] destination)
    {
        source.CopyTo(destination, 0);
        return destination;
    }
}
