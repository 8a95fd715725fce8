using Engine.Neural.Learning;

namespace Engine.Neural.Ecs;

/// <content>Brains that learn from rewards or evolve, per entity.</content>
public sealed partial class BrainRegistry
{
    /// <summary>
    /// Makes the cohort of <paramref name="spec"/> learn from rewards: creates it (with
    /// <paramref name="cohortOptions"/>, else <see cref="DefaultOptions"/>, as
    /// <paramref name="options"/> needs them) and its <see cref="PolicyGradientLearner"/>. From
    /// then on <see cref="NeuralSystem"/> has its brains act (sample an action each) instead of
    /// only running forward, and they learn as their episodes end; <see cref="LearningSystem"/>
    /// leaves the cohort alone. Call it before the first <see cref="AddBrain(Engine.Ecs.Entity, BrainSpec)"/> of the spec.
    /// </summary>
    /// <returns>The cohort id.</returns>
    /// <exception cref="InvalidOperationException">The spec's cohort exists already.</exception>
    /// <exception cref="ArgumentException">The policy does not fit the spec (see <see cref="PolicyGradientLearner"/>).</exception>
    /// <example>
    /// <code>
    /// brains.UsePolicy(spec, BernoulliPolicy.Instance, new PolicyGradientOptions { Discount = 0 });
    /// var brain = brains.AddBrain(entity, spec);
    /// // every frame: brains.Input(brain) ... neural.Update(dt) ... then
    /// bool slash = brains.Action(brain)[0] > 0.5f;
    /// brains.Reward(brain, slash ? score : 0f);
    /// brains.EndEpisode(brain, EpisodeEnd.Terminal);
    /// </code>
    /// </example>
    public int UsePolicy(BrainSpec spec, Policy policy, PolicyGradientOptions? options = null, CohortOptions? cohortOptions = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        options ??= new PolicyGradientOptions();
        var id = NewCohort(spec, options.CohortOptionsFor(cohortOptions ?? DefaultOptions), "learn from rewards", keyed: true);
        var registered = Cohorts[id];
        registered.Learner = new PolicyGradientLearner(registered.Cohort, policy, options);
        return id;
    }

    /// <summary>
    /// Makes cohort <paramref name="cohortId"/> a population that <paramref name="evolution"/>
    /// evolves: create the evolution over <see cref="Cohort(int)"/> once its brains are added,
    /// then hand it here. Each frame the game scores brains with
    /// <see cref="SetFitness"/>; <see cref="NextGeneration"/> writes the next population in place.
    /// The population's entities must live through a generation.
    /// </summary>
    /// <exception cref="ArgumentException">The cohort is not <paramref name="evolution"/>'s size, or learns from rewards.</exception>
    public void UseEvolution(int cohortId, IEvolution evolution)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        var registered = Registered(cohortId);
        if (registered.Learner is not null)
        {
            throw new ArgumentException($"BrainRegistry: the cohort of {registered.Cohort.Spec} learns from rewards; a cohort learns one way.", nameof(cohortId));
        }

        if (evolution.PopulationSize != registered.Cohort.Count)
        {
            throw new ArgumentException($"BrainRegistry: the evolution's population is {evolution.PopulationSize}, the cohort of {registered.Cohort.Spec} holds {registered.Cohort.Count} brains.", nameof(evolution));
        }

        registered.Evolution = evolution;
        registered.Fitness = new float[evolution.PopulationSize];
    }

    /// <summary>The learner of a cohort that learns from rewards (null otherwise).</summary>
    public PolicyGradientLearner? Learner(int cohortId) => Registered(cohortId).Learner;

    /// <summary>The action <paramref name="brain"/> sampled in the last <see cref="NeuralSystem"/> update.</summary>
    /// <exception cref="InvalidOperationException">The brain's cohort does not learn from rewards.</exception>
    public ReadOnlySpan<float> Action(in NeuralBrain brain) => LearnerOf(in brain).Action(brain.Agent);

    /// <summary>Rewards <paramref name="brain"/> for its last action; NaN or infinity is rejected and counted.</summary>
    /// <returns>False when the reward was rejected.</returns>
    /// <exception cref="InvalidOperationException">The brain's cohort does not learn from rewards, or it has not acted since it last learned.</exception>
    public bool Reward(in NeuralBrain brain, float reward) => LearnerOf(in brain).Reward(brain.Agent, reward);

    /// <summary>Ends <paramref name="brain"/>'s episode: it learns from it at the next <see cref="NeuralSystem"/> update.</summary>
    /// <exception cref="InvalidOperationException">The brain's cohort does not learn from rewards, or it has not acted since it last learned.</exception>
    public void EndEpisode(in NeuralBrain brain, EpisodeEnd end) => LearnerOf(in brain).EndEpisode(brain.Agent, end);

    /// <summary>Sets <paramref name="brain"/>'s fitness for this generation (higher is better); NaN or infinity is rejected at <see cref="NextGeneration"/>.</summary>
    /// <exception cref="InvalidOperationException">The brain's cohort does not evolve.</exception>
    public void SetFitness(in NeuralBrain brain, float fitness)
    {
        var registered = Registered(in brain);
        if (registered.Evolution is null)
        {
            throw new InvalidOperationException($"BrainRegistry: the cohort of {registered.Cohort.Spec} does not evolve; give it an evolution with UseEvolution first.");
        }

        registered.Fitness[registered.Cohort.RowOf(brain.Agent)] = fitness;
    }

    /// <summary>Writes the next generation of cohort <paramref name="cohortId"/> from the fitness set this generation, then clears it.</summary>
    /// <exception cref="InvalidOperationException">The cohort does not evolve, or lost brains during the generation.</exception>
    public void NextGeneration(int cohortId)
    {
        var registered = Registered(cohortId);
        var evolution = registered.Evolution ?? throw new InvalidOperationException($"BrainRegistry: the cohort of {registered.Cohort.Spec} does not evolve.");
        if (registered.Cohort.Count != evolution.PopulationSize)
        {
            throw new InvalidOperationException($"BrainRegistry: the cohort of {registered.Cohort.Spec} holds {registered.Cohort.Count} brains, its population is {evolution.PopulationSize}: entities of an evolving cohort must live through a generation.");
        }

        evolution.NextGeneration(registered.Fitness.AsSpan(0, evolution.PopulationSize));
        Array.Clear(registered.Fitness);
    }

    private PolicyGradientLearner LearnerOf(in NeuralBrain brain) =>
        Registered(in brain).Learner ?? throw new InvalidOperationException($"BrainRegistry: the cohort of {Registered(in brain).Cohort.Spec} does not learn from rewards; make it with UsePolicy before its first brain.");
}
