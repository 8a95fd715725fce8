using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;
using Engine.Neural.Learning;
using Engine.Neural.OpenCL;

namespace DemoGame.Model.Agents;

/// <summary>
/// The agents' ECS world: every agent is an entity holding a <see cref="NeuralBrain"/> (and an
/// <see cref="AgentCard"/>); the registry keeps one cohort per brain shape, and one
/// <see cref="LearningSystem"/> update trains every agent of the board, one batched step per
/// cohort, within the frame's budget.
/// </summary>
internal sealed class AgentWorld : IDisposable
{
    // The further cohorts of supervised agents in a world that learns from the score, by shape.
    private readonly Dictionary<BrainSpec, int> _labelled = [];

    /// <summary>
    /// Creates an empty world whose brains keep <paramref name="sampleCapacity"/> samples each;
    /// with <paramref name="scoring"/> every cohort is a policy that learns from the score, with
    /// <paramref name="evolution"/> the cohort is a population that evolves (see <see cref="Evolve"/>).
    /// </summary>
    public AgentWorld(int sampleCapacity, TrainingBudget budget, ScoreSettings? scoring = null, EvolutionSettings? evolution = null)
    {
        SampleCapacity = sampleCapacity;
        Scoring = scoring;
        Evolution = evolution;
        World = World.Create();
        Brains = new BrainRegistry(World, new CohortOptions { SampleCapacity = sampleCapacity, InitialCapacity = 1 });
        Learning = new LearningSystem(Brains, budget);
    }

    /// <summary>The entities.</summary>
    public World World { get; }

    /// <summary>The brains of the entities, one cohort per shape.</summary>
    public BrainRegistry Brains { get; }

    /// <summary>Trains every cohort each frame.</summary>
    public LearningSystem Learning { get; }

    /// <summary>Samples each brain keeps (the board's capacity).</summary>
    public int SampleCapacity { get; }

    /// <summary>How the brains learn from the score, or null when they learn from labels.</summary>
    public ScoreSettings? Scoring { get; }

    /// <summary>How the population evolves, or null when the brains learn otherwise.</summary>
    public EvolutionSettings? Evolution { get; }

    /// <summary>True when the brains learn from labelled samples (neither from the score nor by evolution).</summary>
    public bool LearnsFromLabels => Scoring is null && Evolution is null;

    /// <summary>What a fresh brain adds to its output bias: an eager start for brains that hear only the score.</summary>
    public float EagerStart => Scoring?.EagerStart ?? Evolution?.EagerStart ?? 0f;

    /// <summary>Where the cohorts run now.</summary>
    public BrainBackend Backend { get; private set; }

    /// <summary>
    /// The id of the cohort of <paramref name="spec"/>: the existing one (agents of equal shape
    /// learn as one batch and share its training settings), or a new one seeded with
    /// <paramref name="seed"/>, learning with <paramref name="training"/>, on the current
    /// backend. With <paramref name="labelled"/> in a world that learns from the score, it is a
    /// further cohort of the shape that learns from labelled samples: the supervised agent beside
    /// the scored ones (a cohort learns one way).
    /// </summary>
    public int CohortIdFor(BrainSpec spec, ulong seed, TrainingSettings training, bool labelled = false)
    {
        var further = labelled && !LearnsFromLabels;
        if (further ? _labelled.TryGetValue(spec, out var id) : Brains.TryGetCohortId(spec, out id))
        {
            return id;
        }

        var options = new CohortOptions { Seed = seed, SampleCapacity = SampleCapacity, InitialCapacity = 1, Training = training };
        if (further)
        {
            id = Brains.AddCohort(spec, options);
            _labelled.Add(spec, id);
        }
        else
        {
            id = Scoring is { } scoring
                ? Brains.UsePolicy(spec, BernoulliPolicy.Instance, scoring.Policy with { MaxSteps = scoring.DecisionsPerFrame, Seed = seed }, options)
                : Brains.CohortIdOf(spec, options);
        }

        if (Backend == BrainBackend.OpenCl && !Brains.Cohort(id).UseOpenCl())
        {
            // The library logged why; keep every cohort in one place rather than split them.
            MoveAll(BrainBackend.Cpu);
        }

        return id;
    }

    /// <summary>
    /// Moves every cohort to <paramref name="backend"/>, parameters and optimiser state intact.
    /// When OpenCL is not usable the library logs why, everything stays on (or returns to) the
    /// CPU, and false comes back.
    /// </summary>
    public bool UseBackend(BrainBackend backend)
    {
        MoveAll(backend);
        return Backend == backend;
    }

    /// <summary>
    /// Makes cohort <paramref name="cohortId"/> (every brain of the population added) evolve as
    /// <see cref="Evolution"/> says, from the brains it holds now; evolution strategies start
    /// their centre from <paramref name="centre"/> (empty: the cohort's first brain).
    /// </summary>
    public void Evolve(int cohortId, ulong seed, ReadOnlySpan<float> centre = default)
    {
        var settings = Evolution ?? throw new InvalidOperationException("AgentWorld: this world's brains do not evolve.");
        var evolution = EvolutionSearch.Create(Brains.Cohort(cohortId), settings.Strategy, settings.MutationScale, settings.MutationRate, settings.CentreLearningRate, seed, centre);
        Brains.UseEvolution(cohortId, evolution);
    }

    /// <summary>One frame of learning for every agent that learns from labels.</summary>
    public void Train() => Learning.Update(0f);

    /// <summary>
    /// Every policy cohort learns from the trajectories that are due, then every agent samples
    /// its decision on the input row the game wrote (see <see cref="PolicyGradientLearner.Act"/>).
    /// </summary>
    public void Act()
    {
        for (var i = 0; i < Brains.CohortCount; i++)
        {
            if (Brains.Cohort(i).Count > 0)
            {
                Brains.Learner(i)?.Act();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Brains.Dispose();
        World.Dispose();
    }

    private void MoveAll(BrainBackend backend)
    {
        for (var i = 0; i < Brains.CohortCount; i++)
        {
            var cohort = Brains.Cohort(i);
            if (backend == BrainBackend.Cpu)
            {
                cohort.UseCpu();
            }
            else if (!cohort.UseOpenCl())
            {
                for (var j = 0; j <= i; j++)
                {
                    Brains.Cohort(j).UseCpu();
                }

                Backend = BrainBackend.Cpu;
                return;
            }
        }

        Backend = backend;
    }
}
