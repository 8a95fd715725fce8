using Engine.Neural;
using Engine.Neural.Learning;

namespace DemoGame.Model.Harvest;

/// <summary>How a Harvest board is set up; the defaults are what the player gets.</summary>
internal sealed record HarvestSettings
{
    /// <summary>Seed of the fruit, the bodies and the brains.</summary>
    public ulong Seed { get; init; } = 4;

    /// <summary>Agents that learn.</summary>
    public int Learners { get; init; } = 200;

    /// <summary>Untrained agents with learning off, on the same board, for comparison.</summary>
    public int Untrained { get; init; } = 40;

    /// <summary>
    /// Fruit on the board at any time: an eaten one grows again elsewhere. With the agents'
    /// sizes below, 400 leave a wandering agent a fair, positive reward and one that steers for
    /// grapes about eight times as much (docs/demo.md has the boards measured).
    /// </summary>
    public int Fruit { get; init; } = 400;

    /// <summary>Share of the fruit that grows as grapes; the rest are tomatoes.</summary>
    public double GrapeShare { get; init; } = 0.6;

    /// <summary>
    /// Board units an agent moves a frame. Agents small and slow against the board keep 240 of
    /// them from crowding each other off the same grapes (with 50 learners instead of 200, each
    /// earned a quarter more).
    /// </summary>
    public float Speed { get; init; } = 0.006f;

    /// <summary>Radians an agent turns a frame when it steers: nimble enough to reach a grape it sees beside it.</summary>
    public float TurnRate { get; init; } = 0.3f;

    /// <summary>Radius of an agent's mouth: a fruit this near (plus its own radius) is eaten.</summary>
    public float AgentRadius { get; init; } = 0.01f;

    /// <summary>Radius of a fruit. Small: what a wandering agent eats grows with its mouth's width, what a steering one eats much less.</summary>
    public float FruitRadius { get; init; } = 0.012f;

    /// <summary>Rays of each agent's eyes.</summary>
    public int Rays { get; init; } = 8;

    /// <summary>Width of the fan of rays, radians.</summary>
    public float FieldOfView { get; init; } = MathF.PI;

    /// <summary>Length of a ray.</summary>
    public float Range { get; init; } = 0.35f;

    /// <summary>The brain's hidden layers: a small tanh net.</summary>
    public IReadOnlyList<LayerSpec> Hidden { get; init; } = [new LayerSpec(16, Activation.Tanh)];

    /// <summary>
    /// How the agents learn from rewards: a reward comes some frames after the turns that
    /// earned it, hence the discount; every 16 frames each agent learns from its last 16, with a
    /// learned value of what it sees as the baseline (an actor-critic: it learned about 1.5x
    /// as fast as a running mean here). Advantages are not rescaled: most 16-frame stretches
    /// hold no reward at all, and scaling their noise to unit size made policies collapse. The
    /// entropy bonus is small: at 0.03 the trained policies stayed more random and ended lower.
    /// </summary>
    public PolicyGradientOptions Policy { get; init; } = new()
    {
        Discount = 0.9,
        UpdateEvery = 16,
        MaxSteps = 16,
        EntropyBonus = 0.01,
        NormalizeAdvantages = false,
        Baseline = BaselineKind.ValueCohort,
    };

    /// <summary>How the foragers get better: by policy gradient (the default) or by evolution.</summary>
    public HarvestLearning Learning { get; init; } = HarvestLearning.PolicyGradient;

    /// <summary>How the foragers evolve when <see cref="Learning"/> is <see cref="HarvestLearning.Evolution"/>.</summary>
    public HarvestEvolution Evolution { get; init; } = new();

    /// <summary>How the brains' weights move.</summary>
    public TrainingSettings Training { get; init; } = new() { Optimizer = OptimizerKind.Adam, LearningRate = 0.01 };

    /// <summary>Inputs of a brain: two channels (grape, tomato) per ray, then the agent's velocity.</summary>
    public int Inputs => (Rays * 2) + 2;

    /// <summary>The brain: rays and velocity in, three actions out (turn left, go straight, turn right).</summary>
    public BrainSpec Spec => new(Inputs, Hidden, new LayerSpec(3, Activation.Softmax), Loss.SoftmaxCrossEntropy);
}
