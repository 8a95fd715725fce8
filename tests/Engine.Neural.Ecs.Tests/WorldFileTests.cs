using Engine.Ecs;
using Engine.Neural.Persistence;
using Engine.Neural.Tests.Persistence;

namespace Engine.Neural.Ecs.Tests;

/// <summary>World saves: every brain of a world under the game's own keys, resumed exactly or refused whole.</summary>
public class WorldFileTests
{
    [Test]
    public void AWorldThatDoesNotFitLeavesTheWorldUntouched()
    {
        using var world = World.Create();
        using var brains = new BrainRegistry(world);
        var a = world.Create();
        var b = world.Create();
        brains.AddBrain(a, PersistenceKit.Spec);
        brains.AddBrain(b, PersistenceKit.OtherSpec);
        var path = PersistenceKit.TempPath("world.brains");
        BrainFile.SaveWorld(path, brains, e => e == a ? 1UL : 2UL);

        using var fresh = World.Create();
        using var freshBrains = new BrainRegistry(fresh);
        var x = fresh.Create();
        var y = fresh.Create();
        freshBrains.AddBrain(y, PersistenceKit.OtherSpec);

        var error = Assert.Throws<BrainFileException>(() => BrainFile.LoadWorld(path, freshBrains, key => key == 1 ? x : y));
        Assert.That(error!.Problem, Is.EqualTo(BrainFileProblem.TargetMismatch));
        Assert.That(fresh.Has<NeuralBrain>(x), Is.False, "the first brain was not given before the second was found not to fit");
        Assert.That(freshBrains.BrainCount, Is.EqualTo(1));
        Assert.That(freshBrains.CohortCount, Is.EqualTo(1), "no cohort was created either");

        var z = fresh.Create();
        Assert.That(() => BrainFile.LoadWorld(path, freshBrains, key => key == 1 ? z : z), Throws.TypeOf<BrainFileException>().With.Property(nameof(BrainFileException.Problem)).EqualTo(BrainFileProblem.TargetMismatch));
        Assert.That(BrainFile.LoadWorld(path, freshBrains, key => key == 1 ? z : Entity.Null), Is.EqualTo(1), "Entity.Null leaves a brain out");
    }

    [Test]
    public void AWorldSavedWithGameKeysResumesExactlyInAFreshWorld()
    {
        var (straightWorld, straightBrains, straightEntities) = NewWorld();
        using var straightWorldScope = straightWorld;
        using var straightRegistry = straightBrains;
        TrainWorld(straightBrains, 0, 100);
        straightWorld.Get<NeuralBrain>(straightEntities[2]).Learning = false;
        TrainWorld(straightBrains, 100, 200);

        var (world, brains, entities) = NewWorld();
        using var worldScope = world;
        using var registry = brains;
        TrainWorld(brains, 0, 100);
        world.Get<NeuralBrain>(entities[2]).Learning = false;
        var keyOf = entities.Select((e, i) => (e, key: 1000UL + (ulong)i)).ToDictionary(p => p.e, p => p.key);
        var path = PersistenceKit.TempPath("world.brains");
        BrainFile.SaveWorld(path, brains, e => keyOf[e]);

        // The next run: the game recreates its entities (in another order) from its own save.
        using var freshWorld = World.Create();
        using var freshBrains = new BrainRegistry(freshWorld);
        var recreated = new Dictionary<ulong, Entity>();
        freshWorld.Create();
        foreach (var key in keyOf.Values.Reverse())
        {
            recreated[key] = freshWorld.Create();
        }

        var given = BrainFile.LoadWorld(path, freshBrains, key => recreated[key]);
        Assert.That(given, Is.EqualTo(entities.Length));
        Assert.That(freshWorld.Get<NeuralBrain>(recreated[1002]).Learning, Is.False);

        TrainWorld(freshBrains, 100, 200);
        for (var i = 0; i < entities.Length; i++)
        {
            var expected = EcsParameters(straightBrains, straightWorld.Get<NeuralBrain>(straightEntities[i]));
            var actual = EcsParameters(freshBrains, freshWorld.Get<NeuralBrain>(recreated[1000UL + (ulong)i]));
            Assert.That(actual, Is.EqualTo(expected), $"entity {i}");
        }
    }

    private static (World World, BrainRegistry Brains, Entity[] Entities) NewWorld()
    {
        var world = World.Create();
        var brains = new BrainRegistry(world, PersistenceKit.Options(OptimizerKind.Adam));
        var entities = new Entity[6];
        for (var i = 0; i < entities.Length; i++)
        {
            entities[i] = world.Create();
            brains.AddBrain(entities[i], i % 2 == 0 ? PersistenceKit.Spec : PersistenceKit.OtherSpec);
        }

        return (world, brains, entities);
    }

    private static void TrainWorld(BrainRegistry brains, int from, int to)
    {
        brains.Synchronize();
        for (var c = 0; c < brains.CohortCount; c++)
        {
            PersistenceKit.Train(brains.Cohort(c), from, to);
        }
    }

    private static int[] EcsParameters(BrainRegistry registry, NeuralBrain brain)
    {
        var cohort = registry.Cohort(in brain);
        var parameters = new float[cohort.ParameterCount];
        cohort.GetParameters(brain.Agent, parameters);
        return [.. parameters.Select(BitConverter.SingleToInt32Bits)];
    }

    [Test]
    public void AWorldFileWrittenBeforeTheRebuildGivesBothBrains()
    {
        // Written by the build before the cohort rebuild: entity keys 7 (a 2-5-3-1 brain) and 9 (2-4-1).
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "v1-world.brains");
        using var world = World.Create();
        using var brains = new BrainRegistry(world);
        var seven = world.Create();
        var nine = world.Create();
        Assert.That(BrainFile.LoadWorld(path, brains, key => key == 7 ? seven : nine), Is.EqualTo(2));
        Assert.That(brains.Cohort(in world.Get<NeuralBrain>(seven)).Spec, Is.EqualTo(PersistenceKit.Spec));
        Assert.That(brains.Cohort(in world.Get<NeuralBrain>(nine)).Spec, Is.EqualTo(PersistenceKit.OtherSpec));
        Assert.That(BrainFile.ReadSpec(path), Is.EqualTo(PersistenceKit.Spec));
    }
}
