using Engine.Ecs;
using Engine.Neural.Learning;

namespace Engine.Neural.Ecs;

/// <summary>
/// A cohort as the registry keeps it: the cohort itself plus, per agent id, the entity that
/// owns the agent and the last synchronisation that found that entity still holding it.
/// </summary>
internal sealed class RegisteredCohort
{
    public RegisteredCohort(BrainCohort cohort)
    {
        Cohort = cohort;
        Trainable = cohort.Spec.IsTrainable;
        var capacity = cohort.Options.InitialCapacity;
        Owners = new Entity[capacity];
        Seen = new long[capacity];
    }

    public BrainCohort Cohort { get; }

    /// <summary>True for the spec's own cohort, false for one made by <see cref="BrainRegistry.AddCohort"/>.</summary>
    public bool Keyed { get; init; }

    /// <summary>False for perceptron (step) cohorts, which run forward but cannot train.</summary>
    public bool Trainable { get; }

    /// <summary>Set when the cohort learns from rewards: it then acts (and learns) instead of running forward.</summary>
    public PolicyGradientLearner? Learner { get; set; }

    /// <summary>Set when the cohort evolves: <see cref="Fitness"/> is its population's score, by row.</summary>
    public IEvolution? Evolution { get; set; }

    /// <summary>Each row's fitness this generation (evolving cohorts only).</summary>
    public float[] Fitness { get; set; } = [];

    /// <summary>Owner entity per agent id.</summary>
    public Entity[] Owners { get; private set; }

    /// <summary>Per agent id, the synchronisation stamp at which its owner was last found holding it.</summary>
    public long[] Seen { get; private set; }

    /// <summary>Records <paramref name="owner"/> for a new agent; grows the tables when ids outgrow them.</summary>
    public void Own(AgentHandle agent, Entity owner, long stamp)
    {
        if (agent.Id >= Owners.Length)
        {
            var grown = Math.Max(agent.Id + 1, Owners.Length * 2);
            var owners = Owners;
            var seen = Seen;
            Array.Resize(ref owners, grown);
            Array.Resize(ref seen, grown);
            Owners = owners;
            Seen = seen;
        }

        Owners[agent.Id] = owner;
        Seen[agent.Id] = stamp;
    }

    /// <summary>Removes the agent from the cohort (through its learner, which keeps its rows in step) and forgets its owner.</summary>
    public void Free(AgentHandle agent)
    {
        if (Learner is not null)
        {
            Learner.Remove(agent);
        }
        else
        {
            Cohort.Remove(agent);
        }

        Owners[agent.Id] = Entity.Null;
    }
}
