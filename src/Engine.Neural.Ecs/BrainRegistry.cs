using System.Diagnostics.CodeAnalysis;
using Engine.Ecs;

namespace Engine.Neural.Ecs;

/// <summary>
/// The brains of one <see cref="World"/>: one <see cref="BrainCohort"/> per distinct
/// <see cref="BrainSpec"/> (equal specs share a cohort, so they run as one batch), and the
/// link between each brain and the entity that owns it. Game code gives an entity a brain with
/// <see cref="AddBrain(Entity, BrainSpec)"/>, writes what it senses into <see cref="Input"/>,
/// reads its decision from <see cref="Output"/> and gives feedback with <see cref="AddSample"/>.
/// </summary>
/// <remarks>
/// <para>
/// The ECS has no removal callbacks, so slots are freed by a sweep: <see cref="Synchronize"/>
/// visits every entity holding a <see cref="NeuralBrain"/>, marks the brains it finds, copies
/// each component's settings into its cohort, then removes from the cohorts every brain whose
/// entity was destroyed, lost the component, or now holds another brain. The rule for games:
/// <b>a brain lives while the entity it was created for is alive and still holds its
/// component</b>; it is freed at the next synchronisation after that stops (at once with
/// <see cref="RemoveBrain"/>). <see cref="NeuralSystem"/> synchronises every frame, so a
/// game that runs it never calls <see cref="Synchronize"/> itself. The sweep allocates nothing.
/// </para>
/// <para>
/// One registry per world. Like the world itself, the registry is not thread-safe, and
/// <see cref="AddBrain(Entity, BrainSpec)"/> and <see cref="RemoveBrain"/> are structural
/// changes: do not call them inside a query over the same world.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var brains = new BrainRegistry(world);
/// var neural = new NeuralSystem(brains);
/// var learning = new LearningSystem(brains, TrainingBudget.StepsPerFrame(1));
///
/// var agent = world.Create(new Position(0.2f, 0.7f));
/// var brain = brains.AddBrain(agent, spec);         // the entity now has a NeuralBrain
///
/// brains.Input(brain)[0] = 0.2f;                    // sensors write inputs
/// neural.Update(dt);                                // one batched forward per cohort
/// float decision = brains.Output(brain)[0];         // actuators read outputs
/// brains.AddSample(brain, [0.2f, 0.7f], [1f]);      // feedback: (input, target)
/// learning.Update(dt);                              // batched training within the budget
/// </code>
/// </example>
public sealed partial class BrainRegistry : IDisposable
{
    private static readonly QueryDescription BrainHolders = new QueryDescription().WithAll<NeuralBrain>();

    private readonly Dictionary<BrainSpec, int> _cohortBySpec = [];
    private RegisteredCohort[] _cohorts = [];
    private int _cohortCount;
    private bool _disposed;

    /// <summary>Creates the registry of <paramref name="world"/>.</summary>
    /// <param name="world">The world whose entities get brains.</param>
    /// <param name="defaultOptions">Options of every cohort created without its own; default <see cref="CohortOptions"/>.</param>
    public BrainRegistry(World world, CohortOptions? defaultOptions = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        World = world;
        DefaultOptions = (defaultOptions ?? new CohortOptions()).Validate();
    }

    /// <summary>The world whose entities the brains belong to.</summary>
    public World World { get; }

    /// <summary>Options of cohorts created without options of their own.</summary>
    public CohortOptions DefaultOptions { get; }

    /// <summary>Number of cohorts (distinct specs) created so far; cohort ids run from 0 to this minus 1.</summary>
    public int CohortCount => _cohortCount;

    /// <summary>Number of live brains over every cohort.</summary>
    public int BrainCount
    {
        get
        {
            var count = 0;
            for (var i = 0; i < _cohortCount; i++)
            {
                count += _cohorts[i].Cohort.Count;
            }

            return count;
        }
    }

    /// <summary>How many times <see cref="Synchronize"/> has run.</summary>
    public long Synchronizations { get; private set; }

    /// <summary>Brains freed by the last <see cref="Synchronize"/>.</summary>
    public int LastFreed { get; private set; }

    /// <summary>
    /// The id of the cohort for <paramref name="spec"/>, creating the cohort (with
    /// <paramref name="options"/>, else <see cref="DefaultOptions"/>) on first use. Call it
    /// before the first <see cref="AddBrain(Entity, BrainSpec)"/> of a spec to give that
    /// spec's cohort options of its own.
    /// </summary>
    /// <exception cref="ArgumentException">The cohort already exists with other options.</exception>
    public int CohortIdOf(BrainSpec spec, CohortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ThrowIfDisposed();
        if (_cohortBySpec.TryGetValue(spec, out var id))
        {
            if (options is not null && options != _cohorts[id].Cohort.Options)
            {
                throw new ArgumentException($"BrainRegistry: the cohort of {spec} already exists with other options; options apply only when a cohort is created.", nameof(options));
            }

            return id;
        }

        return NewCohort(spec, options ?? DefaultOptions, null, keyed: true);
    }

    /// <summary>
    /// The id of the cohort for <paramref name="spec"/> if it exists; unlike
    /// <see cref="CohortIdOf"/> it never creates one, so a game can decide a new cohort's options.
    /// </summary>
    public bool TryGetCohortId(BrainSpec spec, out int cohortId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ThrowIfDisposed();
        return _cohortBySpec.TryGetValue(spec, out cohortId);
    }

    /// <summary>The cohort with id <paramref name="cohortId"/>: its settings, its batch rows, its agents.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cohort.</exception>
    public BrainCohort Cohort(int cohortId) => Registered(cohortId).Cohort;

    /// <summary>The cohort <paramref name="brain"/> belongs to.</summary>
    /// <exception cref="ArgumentException">The component is unassigned.</exception>
    public BrainCohort Cohort(in NeuralBrain brain) => Registered(in brain).Cohort;

    /// <summary>Gives <paramref name="entity"/> a new brain of <paramref name="spec"/>, initialised from its cohort's seed.</summary>
    /// <returns>A copy of the component now on the entity.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive or already has a brain.</exception>
    public NeuralBrain AddBrain(Entity entity, BrainSpec spec) => AddBrain(entity, spec, []);

    /// <summary>
    /// Gives <paramref name="entity"/> a new brain of <paramref name="spec"/> with the given
    /// parameters (flat layout: per layer W then b), e.g. a brain saved earlier. An empty span
    /// draws the parameters from the cohort's seed.
    /// </summary>
    /// <returns>A copy of the component now on the entity.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive or already has a brain.</exception>
    /// <exception cref="ArgumentException">Wrong parameter count or a value that is not finite.</exception>
    public NeuralBrain AddBrain(Entity entity, BrainSpec spec, ReadOnlySpan<float> parameters)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // Checked first too, so that a brain that cannot be added does not create its spec's cohort.
        CheckCanHoldBrain(entity);
        return AddBrain(entity, CohortIdOf(spec), parameters);
    }

    /// <summary>
    /// Gives <paramref name="entity"/> a new brain in cohort <paramref name="cohortId"/>: the way
    /// into a cohort made by <see cref="AddCohort"/>, which no spec names.
    /// </summary>
    /// <returns>A copy of the component now on the entity.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive or already has a brain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such cohort.</exception>
    public NeuralBrain AddBrain(Entity entity, int cohortId) => AddBrain(entity, cohortId, []);

    /// <summary>
    /// Gives <paramref name="entity"/> a new brain in cohort <paramref name="cohortId"/> with the
    /// given parameters (flat layout: per layer W then b); an empty span draws them from the
    /// cohort's seed.
    /// </summary>
    /// <returns>A copy of the component now on the entity.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive or already has a brain.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such cohort.</exception>
    /// <exception cref="ArgumentException">Wrong parameter count or a value that is not finite.</exception>
    public NeuralBrain AddBrain(Entity entity, int cohortId, ReadOnlySpan<float> parameters)
    {
        ThrowIfDisposed();
        var registered = Registered(cohortId);
        CheckCanHoldBrain(entity);
        var agent = parameters.IsEmpty ? registered.Cohort.Add() : registered.Cohort.Add(parameters);
        registered.Own(agent, entity, Synchronizations);
        var brain = new NeuralBrain(cohortId, agent);
        World.Add(entity, in brain);
        return brain;
    }

    /// <summary>
    /// Makes a further cohort of <paramref name="spec"/> (with <paramref name="options"/>, else
    /// <see cref="DefaultOptions"/>), apart from the spec's own: <see cref="CohortIdOf"/> and
    /// <see cref="AddBrain(Entity, BrainSpec)"/> never pick it, brains join it through
    /// <see cref="AddBrain(Entity, int)"/>. A cohort learns one way, so brains of one shape that
    /// learn in two ways (a policy population and a supervised agent beside it for comparison,
    /// an evolving population and untrained agents beside it) need two cohorts.
    /// </summary>
    /// <remarks>
    /// The systems run and train it like any cohort (it learns from samples unless
    /// <see cref="UseEvolution"/> is given it). A world file keeps one cohort per spec, so
    /// <c>BrainFile.SaveWorld</c> refuses a registry whose further cohorts hold brains.
    /// </remarks>
    /// <returns>The new cohort's id.</returns>
    /// <example>
    /// <code>
    /// brains.UsePolicy(spec, BernoulliPolicy.Instance, options);       // the spec's own cohort learns from rewards
    /// var labelled = brains.AddCohort(spec);                            // the same shape, learning from samples
    /// var scored = brains.AddBrain(world.Create(), spec);
    /// var supervised = brains.AddBrain(world.Create(), labelled);
    /// </code>
    /// </example>
    public int AddCohort(BrainSpec spec, CohortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return NewCohort(spec, options ?? DefaultOptions, null, keyed: false);
    }

    /// <summary>True when cohort <paramref name="cohortId"/> was made by <see cref="AddCohort"/> rather than for its spec.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cohort.</exception>
    public bool IsAddedCohort(int cohortId) => !Registered(cohortId).Keyed;

    private void CheckCanHoldBrain(Entity entity)
    {
        if (!World.IsAlive(entity))
        {
            throw new InvalidOperationException($"BrainRegistry: {entity} is not alive.");
        }

        if (World.Has<NeuralBrain>(entity))
        {
            throw new InvalidOperationException($"BrainRegistry: {entity} already has a brain; an entity holds one NeuralBrain.");
        }
    }

    /// <summary>Takes <paramref name="entity"/>'s brain away and frees its slot now.</summary>
    /// <returns>False when the entity has no brain.</returns>
    /// <exception cref="InvalidOperationException">The entity is not alive.</exception>
    public bool RemoveBrain(Entity entity)
    {
        if (!World.TryGet<NeuralBrain>(entity, out var brain))
        {
            return false;
        }

        World.Remove<NeuralBrain>(entity);
        if (IsOwnedBy(in brain, entity))
        {
            _cohorts[brain.CohortId].Free(brain.Agent);
        }

        return true;
    }

    /// <summary>
    /// True while <paramref name="brain"/> names a live slot. A brain whose entity died stays
    /// live until the next <see cref="Synchronize"/>.
    /// </summary>
    public bool IsLive(in NeuralBrain brain) =>
        brain.IsAssigned && brain.CohortId < _cohortCount && _cohorts[brain.CohortId].Cohort.Contains(brain.Agent);

    /// <summary>The entity <paramref name="brain"/> was created for (<see cref="Entity.Null"/> when it is not live).</summary>
    public Entity OwnerOf(in NeuralBrain brain) => IsLive(in brain) ? _cohorts[brain.CohortId].Owners[brain.Agent.Id] : Entity.Null;

    /// <summary>
    /// The entity whose brain sits in row <paramref name="row"/> of cohort <paramref name="cohortId"/>:
    /// lets an actuator walk a cohort's <see cref="BrainCohort.Outputs"/> in row order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such cohort or row.</exception>
    public Entity EntityAt(int cohortId, int row)
    {
        var registered = Registered(cohortId);
        return registered.Owners[registered.Cohort.HandleAt(row).Id];
    }

    /// <summary>
    /// The brain's input row, in place in its cohort's batch (no copy): sensors write here
    /// before <see cref="NeuralSystem"/> runs. Valid until the next structural change of the
    /// cohort (a brain added or freed).
    /// </summary>
    /// <exception cref="ArgumentException">The brain is unassigned or no longer live.</exception>
    public Span<float> Input(in NeuralBrain brain) => Registered(in brain).Cohort.Input(brain.Agent);

    /// <summary>The brain's outputs from the last forward pass, in place in its cohort's batch (no copy).</summary>
    /// <exception cref="ArgumentException">The brain is unassigned or no longer live.</exception>
    public ReadOnlySpan<float> Output(in NeuralBrain brain) => Registered(in brain).Cohort.Output(brain.Agent);

    /// <summary>
    /// Feedback: for <paramref name="input"/> the right output is <paramref name="target"/>. The
    /// sample goes into the brain's ring; <see cref="LearningSystem"/> learns from it. A sample
    /// holding NaN or infinity is rejected.
    /// </summary>
    /// <returns>True when the sample was stored.</returns>
    /// <exception cref="ArgumentException">Wrong lengths, or the brain is unassigned or no longer live.</exception>
    public bool AddSample(in NeuralBrain brain, ReadOnlySpan<float> input, ReadOnlySpan<float> target) =>
        Registered(in brain).Cohort.AddSample(brain.Agent, input, target);

    /// <summary>The mean loss of the brain's last training batch (NaN before its first).</summary>
    /// <exception cref="ArgumentException">The brain is unassigned or no longer live.</exception>
    public float LastLoss(in NeuralBrain brain) => Registered(in brain).Cohort.LastLoss(brain.Agent);

    /// <summary>
    /// Brings the cohorts in line with the world: copies every <see cref="NeuralBrain"/>'s
    /// settings into its cohort and frees the slot of every brain whose entity is gone or no
    /// longer holds it. <see cref="NeuralSystem"/> calls this every frame. Allocates nothing.
    /// </summary>
    /// <returns>Number of brains freed.</returns>
    public int Synchronize()
    {
        ThrowIfDisposed();
        var stamp = ++Synchronizations;
        var marker = new BrainMarker(this, stamp);
        World.InlineEntityQuery<BrainMarker, NeuralBrain>(in BrainHolders, ref marker);

        var freed = 0;
        for (var c = 0; c < _cohortCount; c++)
        {
            var registered = _cohorts[c];
            var cohort = registered.Cohort;

            // Backwards, because removal moves the last row into the hole, and that row has
            // already been checked.
            for (var row = cohort.Count - 1; row >= 0; row--)
            {
                var agent = cohort.HandleAt(row);
                if (registered.Seen[agent.Id] != stamp)
                {
                    registered.Free(agent);
                    freed++;
                }
            }
        }

        LastFreed = freed;
        return freed;
    }

    /// <summary>Disposes every cohort; the registry cannot be used afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = 0; i < _cohortCount; i++)
        {
            _cohorts[i].Cohort.Dispose();
        }
    }

    /// <summary>The cohort table, for the systems: entries 0 to <see cref="CohortCount"/> - 1 are set.</summary>
    internal RegisteredCohort[] Cohorts => _cohorts;

    /// <summary>One visit of the synchronisation pass: marks the brain seen and applies its settings.</summary>
    internal void Mark(Entity entity, in NeuralBrain brain, long stamp)
    {
        if (!IsOwnedBy(in brain, entity))
        {
            // Unassigned, stale, or a copy of another entity's brain: not this entity's slot.
            return;
        }

        var registered = _cohorts[brain.CohortId];
        registered.Seen[brain.Agent.Id] = stamp;
        registered.Cohort.SetLearning(brain.Agent, brain.Learning);
        registered.Cohort.SetLearningRateScale(brain.Agent, brain.LearningRateScale);
    }

    /// <summary>
    /// Creates a cohort of <paramref name="spec"/>: the spec's own when <paramref name="keyed"/>,
    /// else a further one; <paramref name="purpose"/> names why the spec's own must not exist yet.
    /// </summary>
    private int NewCohort(BrainSpec spec, CohortOptions options, string? purpose, bool keyed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ThrowIfDisposed();
        if (purpose is not null && _cohortBySpec.ContainsKey(spec))
        {
            throw new InvalidOperationException($"BrainRegistry: the cohort of {spec} exists already; to {purpose} it must be made before its first brain.");
        }

        if (_cohortCount == _cohorts.Length)
        {
            Array.Resize(ref _cohorts, Math.Max(4, _cohortCount * 2));
        }

        var id = _cohortCount++;
        _cohorts[id] = new RegisteredCohort(new BrainCohort(spec, options)) { Keyed = keyed };
        if (keyed)
        {
            _cohortBySpec.Add(spec, id);
        }

        return id;
    }

    private bool IsOwnedBy(in NeuralBrain brain, Entity entity) =>
        IsLive(in brain) && _cohorts[brain.CohortId].Owners[brain.Agent.Id] == entity;

    private RegisteredCohort Registered(int cohortId)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)cohortId, (uint)_cohortCount, nameof(cohortId));
        return _cohorts[cohortId];
    }

    private RegisteredCohort Registered(in NeuralBrain brain)
    {
        if (!brain.IsAssigned || brain.CohortId >= _cohortCount)
        {
            ThrowUnassigned(in brain);
        }

        return _cohorts[brain.CohortId];
    }

    [DoesNotReturn]
    private static void ThrowUnassigned(in NeuralBrain brain) =>
        throw new ArgumentException($"BrainRegistry: {brain} does not belong to this registry; create brains with AddBrain.", nameof(brain));

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
