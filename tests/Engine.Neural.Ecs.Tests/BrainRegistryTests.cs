using Engine.Ecs;
using static Engine.Neural.Ecs.Tests.EcsTestKit;

namespace Engine.Neural.Ecs.Tests;

public class BrainRegistryTests
{
    [Test]
    public void AddingABrainPutsTheComponentOnTheEntityAndAnAgentInItsCohort()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entity = world.Create();

        var brain = registry.AddBrain(entity, CutSpec);

        Assert.That(world.Has<NeuralBrain>(entity), Is.True);
        Assert.That(world.Get<NeuralBrain>(entity).Agent, Is.EqualTo(brain.Agent));
        Assert.That(brain.IsAssigned, Is.True);
        Assert.That(brain.Learning, Is.True);
        Assert.That(brain.LearningRateScale, Is.EqualTo(1f));
        Assert.That(registry.Cohort(in brain).Contains(brain.Agent), Is.True);
        Assert.That(registry.OwnerOf(in brain), Is.EqualTo(entity));
        Assert.That(registry.Input(in brain).Length, Is.EqualTo(2));
        Assert.That(registry.Output(in brain).Length, Is.EqualTo(1));
        Assert.That(registry.BrainCount, Is.EqualTo(1));
    }

    [Test]
    public void EqualSpecsShareACohortAndDifferentSpecsDoNot()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var sameShape = new BrainSpec(2, [new LayerSpec(4, Activation.Tanh)], new LayerSpec(1, Activation.Sigmoid), Loss.BinaryCrossEntropy);

        var a = registry.AddBrain(world.Create(), CutSpec);
        var b = registry.AddBrain(world.Create(), sameShape);
        var c = registry.AddBrain(world.Create(), WideSpec);

        Assert.That(b.CohortId, Is.EqualTo(a.CohortId), "an equal spec built separately joins the same cohort");
        Assert.That(c.CohortId, Is.Not.EqualTo(a.CohortId));
        Assert.That(registry.CohortCount, Is.EqualTo(2));
        Assert.That(registry.Cohort(a.CohortId).Count, Is.EqualTo(2));
        Assert.That(registry.Cohort(c.CohortId).Count, Is.EqualTo(1));
        Assert.That(registry.Cohort(c.CohortId).Spec, Is.EqualTo(WideSpec));
    }

    [Test]
    public void RemovingTheComponentFreesTheSlotAtTheNextSynchronisation()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entity = world.Create();
        var brain = registry.AddBrain(entity, CutSpec);

        world.Remove<NeuralBrain>(entity);
        Assert.That(registry.IsLive(in brain), Is.True, "no callback: the slot lives until the sweep");

        Assert.That(registry.Synchronize(), Is.EqualTo(1));
        Assert.That(registry.IsLive(in brain), Is.False);
        Assert.That(registry.BrainCount, Is.EqualTo(0));
        Assert.That(world.IsAlive(entity), Is.True, "the entity itself lives on");
    }

    [Test]
    public void RemoveBrainFreesTheSlotAtOnce()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entity = world.Create();
        var brain = registry.AddBrain(entity, CutSpec);

        Assert.That(registry.RemoveBrain(entity), Is.True);

        Assert.That(world.Has<NeuralBrain>(entity), Is.False);
        Assert.That(registry.IsLive(in brain), Is.False);
        Assert.That(registry.RemoveBrain(entity), Is.False, "nothing left to remove");
        Assert.That(registry.Synchronize(), Is.EqualTo(0), "nothing left to sweep");
    }

    [Test]
    public void DestroyingTheEntityFreesTheSlotWhenTheNeuralSystemRuns()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var system = new NeuralSystem(registry);
        var entities = Enumerable.Range(0, 10).Select(_ => world.Create()).ToArray();
        var brains = entities.Select(e => registry.AddBrain(e, CutSpec)).ToArray();

        world.Destroy(entities[2]);
        world.Destroy(entities[7]);
        system.Update(0.016f);

        Assert.That(registry.LastFreed, Is.EqualTo(2));
        Assert.That(registry.BrainCount, Is.EqualTo(8));
        for (var i = 0; i < brains.Length; i++)
        {
            Assert.That(registry.IsLive(in brains[i]), Is.EqualTo(i is not 2 and not 7), $"brain {i}");
        }

        Assert.That(system.LastBrains, Is.EqualTo(8));
    }

    [Test]
    public void AFreedSlotIsReusedUnderANewVersionAndTheOldComponentStaysDead()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var first = world.Create();
        var old = registry.AddBrain(first, CutSpec);
        world.Destroy(first);
        registry.Synchronize();

        var second = world.Create();
        var fresh = registry.AddBrain(second, CutSpec);

        Assert.That(fresh.Agent.Id, Is.EqualTo(old.Agent.Id), "the id is reused");
        Assert.That(fresh.Agent.Version, Is.Not.EqualTo(old.Agent.Version), "under a new version");
        Assert.That(registry.IsLive(in old), Is.False);
        Assert.That(registry.IsLive(in fresh), Is.True);
        Assert.That(registry.OwnerOf(in fresh), Is.EqualTo(second));
        Assert.Throws<ArgumentException>(() => registry.Input(in old));
        Assert.Throws<ArgumentException>(() => registry.AddSample(in old, [0f, 0f], [1f]));
    }

    [Test]
    public void ACopiedComponentDoesNotKeepABrainAliveNorTakeItOver()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var owner = world.Create();
        var brain = registry.AddBrain(owner, CutSpec);
        var copy = world.Create(brain);

        world.Destroy(owner);
        Assert.That(registry.Synchronize(), Is.EqualTo(1), "the brain dies with the entity it was made for");
        Assert.That(registry.IsLive(world.Get<NeuralBrain>(copy)), Is.False);
    }

    [Test]
    public void AnUnassignedComponentIsIgnored()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var real = registry.AddBrain(world.Create(), CutSpec);
        var blank = world.Create(default(NeuralBrain));

        Assert.That(registry.Synchronize(), Is.EqualTo(0));
        Assert.That(registry.IsLive(in real), Is.True);
        Assert.That(world.Get<NeuralBrain>(blank).IsAssigned, Is.False);
        Assert.Throws<ArgumentException>(() => registry.Input(world.Get<NeuralBrain>(blank)));
    }

    [Test]
    public void AnEntityHoldsOneBrainAndOnlyALiveEntityGetsOne()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entity = world.Create();
        registry.AddBrain(entity, CutSpec);
        var dead = world.Create();
        world.Destroy(dead);

        Assert.Throws<InvalidOperationException>(() => registry.AddBrain(entity, WideSpec));
        Assert.Throws<InvalidOperationException>(() => registry.AddBrain(dead, CutSpec));
        Assert.That(registry.BrainCount, Is.EqualTo(1), "a refused brain takes no slot");
    }

    [Test]
    public void EntityAtFollowsRowsThroughSwapRemoval()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entities = Enumerable.Range(0, 6).Select(_ => world.Create()).ToArray();
        foreach (var entity in entities)
        {
            registry.AddBrain(entity, CutSpec);
        }

        registry.RemoveBrain(entities[1]);
        world.Destroy(entities[3]);
        registry.Synchronize();

        var cohort = registry.Cohort(0);
        var owners = Enumerable.Range(0, cohort.Count).Select(row => registry.EntityAt(0, row)).ToHashSet();
        Assert.That(owners, Is.EquivalentTo(new[] { entities[0], entities[2], entities[4], entities[5] }));
        for (var row = 0; row < cohort.Count; row++)
        {
            var owner = registry.EntityAt(0, row);
            Assert.That(world.Get<NeuralBrain>(owner).Agent, Is.EqualTo(cohort.HandleAt(row)), $"row {row}");
        }
    }

    [Test]
    public void ASpecCanHaveOptionsOfItsOwnSetOnlyWhenItsCohortIsCreated()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world, new CohortOptions { Seed = 1 });
        var own = new CohortOptions { Seed = 99, SampleCapacity = 8 };
        Assert.That(registry.TryGetCohortId(WideSpec, out _), Is.False, "looking does not create");
        Assert.That(registry.CohortCount, Is.Zero);

        var id = registry.CohortIdOf(WideSpec, own);
        Assert.That(registry.TryGetCohortId(WideSpec, out var found) && found == id, Is.True);
        var brain = registry.AddBrain(world.Create(), WideSpec);
        var other = registry.AddBrain(world.Create(), CutSpec);

        Assert.That(brain.CohortId, Is.EqualTo(id));
        Assert.That(registry.Cohort(id).Options, Is.EqualTo(own));
        Assert.That(registry.Cohort(other.CohortId).Options.Seed, Is.EqualTo(1UL));
        Assert.That(registry.CohortIdOf(WideSpec), Is.EqualTo(id));
        Assert.Throws<ArgumentException>(() => registry.CohortIdOf(WideSpec, new CohortOptions { Seed = 5 }));
    }

    [Test]
    public void ALearningRateScaleMustBeAFiniteNonNegativeNumber()
    {
        using var world = World.Create();
        using var registry = new BrainRegistry(world);
        var entity = world.Create();
        registry.AddBrain(entity, CutSpec);
        ref var brain = ref world.Get<NeuralBrain>(entity);

        Assert.Throws<ArgumentOutOfRangeException>(() => world.Get<NeuralBrain>(entity).LearningRateScale = float.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => world.Get<NeuralBrain>(entity).LearningRateScale = -1f);
        brain.LearningRateScale = 0.25f;
        Assert.That(world.Get<NeuralBrain>(entity).LearningRateScale, Is.EqualTo(0.25f));
    }
}
