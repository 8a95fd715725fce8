using Engine.Neural.Learning;

namespace Engine.Neural.Bench;

/// <summary>
/// One <see cref="CartPole"/> per agent of one cohort, learning to balance by policy gradient:
/// each frame every agent observes its cart, acts (push left or right, a two-way softmax), is
/// rewarded and, when its pole falls or time runs out, starts a new episode. Keeps every
/// agent's episode returns, and the episode at which its mean over the last 20 first reached
/// <see cref="SolvedReturn"/>. The RL bench's workload and the tests' CartPole.
/// </summary>
public sealed class CartPolePolicyGradientRun : IDisposable
{
    /// <summary>Mean return over the last <see cref="Window"/> episodes that counts as solved.</summary>
    public const double SolvedReturn = 475;

    /// <summary>Episodes the solved mean is taken over.</summary>
    public const int Window = 20;

    private readonly CartPole _poles;
    private readonly float[] _observation = new float[CartPole.ObservationSize];
    private readonly float[] _returns;
    private readonly int[] _episodes;
    private readonly int[] _solvedAt;

    /// <summary>Creates <paramref name="agents"/> agents with brains of <paramref name="hidden"/> layers.</summary>
    public CartPolePolicyGradientRun(int agents, ulong seed, IReadOnlyList<LayerSpec> hidden, TrainingSettings training, PolicyGradientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var spec = new BrainSpec(CartPole.ObservationSize, hidden, new LayerSpec(2, Activation.Softmax), Loss.SoftmaxCrossEntropy);
        Cohort = new BrainCohort(spec, options.CohortOptionsFor(new CohortOptions { Seed = seed, InitialCapacity = agents, Training = training }));
        for (var i = 0; i < agents; i++)
        {
            Cohort.Add();
        }

        Learner = new PolicyGradientLearner(Cohort, DiscretePolicy.Instance, options with { Seed = seed ^ 0xAC7 });
        _poles = new CartPole(agents, seed ^ 0xCA27);
        _returns = new float[agents * Window];
        _episodes = new int[agents];
        _solvedAt = new int[agents];
        Array.Fill(_solvedAt, -1);
    }

    /// <summary>The agents' brains.</summary>
    public BrainCohort Cohort { get; }

    /// <summary>Their learner.</summary>
    public PolicyGradientLearner Learner { get; }

    /// <summary>Frames played.</summary>
    public long Frames { get; private set; }

    /// <summary>Stopwatch ticks spent in <see cref="PolicyGradientLearner.Act"/> (forward, sampling, learning) over all frames.</summary>
    public long LearnerTicks { get; private set; }

    /// <summary>Episodes the agent in row <paramref name="row"/> finished.</summary>
    public int Episodes(int row) => _episodes[row];

    /// <summary>The episode (1-based) after which the agent's last 20 returns first averaged 475, or -1.</summary>
    public int SolvedAt(int row) => _solvedAt[row];

    /// <summary>Observe, act, step and reward every agent once; episodes that end start again.</summary>
    public void Frame()
    {
        var inputs = Cohort.Inputs;
        for (var i = 0; i < _poles.Count; i++)
        {
            _poles.Observe(i, inputs.Slice(i * CartPole.ObservationSize, CartPole.ObservationSize));
        }

        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        Learner.Act();
        LearnerTicks += System.Diagnostics.Stopwatch.GetTimestamp() - start;
        var actions = Learner.Actions;
        for (var i = 0; i < _poles.Count; i++)
        {
            var agent = Cohort.HandleAt(i);
            var (reward, terminated, truncated) = _poles.Step(i, actions[i] != 0);
            Learner.Reward(agent, reward);
            if (terminated || truncated)
            {
                _poles.Observe(i, _observation);
                Learner.EndEpisode(agent, terminated ? EpisodeEnd.Terminal : EpisodeEnd.TimeLimit, _observation);
                Record(i, _poles.Steps(i));
                _poles.Reset(i);
            }
        }

        Frames++;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Learner.Dispose();
        Cohort.Dispose();
    }

    private void Record(int row, int episodeReturn)
    {
        var episode = _episodes[row]++;
        _returns[(row * Window) + (episode % Window)] = episodeReturn;
        if (_solvedAt[row] < 0 && episode + 1 >= Window)
        {
            var sum = 0.0;
            for (var k = 0; k < Window; k++)
            {
                sum += _returns[(row * Window) + k];
            }

            if (sum / Window >= SolvedReturn)
            {
                _solvedAt[row] = episode + 1;
            }
        }
    }
}
