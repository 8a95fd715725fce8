using Engine.Ecs;
using Engine.Neural;
using Engine.Neural.Ecs;
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
    /// <summary>Creates an empty world whose brains keep <paramref name="sampleCapacity"/> samples each.</summary>
    public AgentWorld(int sampleCapacity, TrainingBudget budget)
    {
        SampleCapacity = sampleCapacity;
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

    /// <summary>Where the cohorts run now.</summary>
    public BrainBackend Backend { get; private set; }

    /// <summary>
    /// The cohort of <paramref name="spec"/>: the existing one (agents of equal shape learn as
    /// one batch and share its training settings), or a new one seeded with <paramref name="seed"/>,
    /// learning with <paramref name="training"/>, on the current backend.
    /// </summary>
    public BrainCohort CohortFor(BrainSpec spec, ulong seed, TrainingSettings training)
    {
        if (Brains.TryGetCohortId(spec, out var id))
        {
            return Brains.Cohort(id);
        }

        var cohort = Brains.Cohort(Brains.CohortIdOf(spec, new CohortOptions { Seed = seed, SampleCapacity = SampleCapacity, InitialCapacity = 1, Training = training }));
        if (Backend == BrainBackend.OpenCl && !cohort.UseOpenCl())
        {
            // The library logged why; keep every cohort in one place rather than split them.
            MoveAll(BrainBackend.Cpu);
        }

        return cohort;
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

    /// <summary>One frame of learning for every agent.</summary>
    public void Train() => Learning.Update(0f);

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
