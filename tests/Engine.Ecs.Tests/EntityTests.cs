using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class EntityTests
{
    [Test]
    public void CreatedEntitiesAreAliveAndDistinct()
    {
        using var world = World.Create();
        var a = world.Create();
        var b = world.Create(new Position(1, 2));

        Assert.That(world.IsAlive(a), Is.True);
        Assert.That(world.IsAlive(b), Is.True);
        Assert.That(a, Is.Not.EqualTo(b));
        Assert.That(world.Size, Is.EqualTo(2));
    }

    [Test]
    public void NullAndForeignHandlesAreNotAlive()
    {
        using var world = World.Create();
        world.Create();

        Assert.That(world.IsAlive(Entity.Null), Is.False);
        Assert.That(world.IsAlive(new CommandBuffer(world).Create()), Is.False);
    }

    [Test]
    public void DestroyKillsTheHandleAndShrinksTheWorld()
    {
        using var world = World.Create();
        var a = world.Create(new Health(3));
        var b = world.Create(new Health(4));

        world.Destroy(a);

        Assert.That(world.IsAlive(a), Is.False);
        Assert.That(world.IsAlive(b), Is.True);
        Assert.That(world.Get<Health>(b).Value, Is.EqualTo(4));
        Assert.That(world.Size, Is.EqualTo(1));
    }

    [Test]
    public void RecreatedEntityReusesTheSlotWithANewVersion()
    {
        using var world = World.Create();
        var old = world.Create(new Health(1));
        world.Destroy(old);

        var fresh = world.Create(new Health(2));

        Assert.That(fresh.Id, Is.EqualTo(old.Id));
        Assert.That(fresh.Version, Is.EqualTo(old.Version + 1));
        Assert.That(fresh, Is.Not.EqualTo(old));
        Assert.That(world.IsAlive(old), Is.False);
        Assert.That(world.IsAlive(fresh), Is.True);
    }

    [Test]
    public void StaleHandleCannotTouchTheEntityThatReusedItsSlot()
    {
        using var world = World.Create();
        var old = world.Create(new Health(1));
        world.Destroy(old);
        var fresh = world.Create(new Health(2));

        Assert.That(() => world.Get<Health>(old), Throws.InvalidOperationException);
        Assert.That(() => world.Destroy(old), Throws.InvalidOperationException);
        Assert.That(() => world.Add(old, new Position()), Throws.InvalidOperationException);
        Assert.That(world.Get<Health>(fresh).Value, Is.EqualTo(2));
    }

    [Test]
    public void ManyGenerationsOfOneSlotNeverAlias()
    {
        using var world = World.Create();
        var seen = new HashSet<Entity>();
        for (var i = 0; i < 1000; i++)
        {
            var entity = world.Create();
            Assert.That(seen.Add(entity), Is.True, $"handle {entity} reused");
            world.Destroy(entity);
        }

        Assert.That(seen.Select(e => e.Id).Distinct().Count(), Is.EqualTo(1));
        Assert.That(seen.All(e => !world.IsAlive(e)), Is.True);
    }

    [Test]
    public void DestroyWorldKillsEveryEntity()
    {
        var world = World.Create();
        var entity = world.Create(new Position(1, 1));

        World.Destroy(world);

        Assert.That(world.Size, Is.Zero);
        Assert.That(world.IsAlive(entity), Is.False);
        Assert.That(() => world.Create(), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void DestroyWorldRejectsNull() =>
        Assert.That(() => World.Destroy(null!), Throws.ArgumentNullException);

    [Test]
    public void CreateWithDuplicateComponentTypesThrows()
    {
        using var world = World.Create();

        Assert.That(() => world.Create(new Position(), new Position()), Throws.ArgumentException);
        Assert.That(world.Size, Is.Zero);
    }

    [Test]
    public void CreateFromComponentTypesGivesDefaultValuesEvenInReusedRows()
    {
        using var world = World.Create();
        var first = world.Create(new Position(5, 6), new Health(7));
        world.Destroy(first);

        var entity = world.Create(ComponentType<Position>.Value, ComponentType<Health>.Value);

        Assert.That(world.Get<Position>(entity), Is.EqualTo(default(Position)));
        Assert.That(world.Get<Health>(entity), Is.EqualTo(default(Health)));
    }

    [Test]
    public void CreateOverloadsStoreEveryComponent()
    {
        using var world = World.Create();

        var one = world.Create(new Position(1, 1));
        var two = world.Create(new Position(2, 2), new Velocity(2, 2));
        var three = world.Create(new Position(3, 3), new Velocity(3, 3), new Health(3));
        var four = world.Create(new Position(4, 4), new Velocity(4, 4), new Health(4), new Label("four"));

        Assert.That(world.Get<Position>(one), Is.EqualTo(new Position(1, 1)));
        Assert.That(world.Get<Velocity>(two), Is.EqualTo(new Velocity(2, 2)));
        Assert.That(world.Get<Health>(three), Is.EqualTo(new Health(3)));
        Assert.That(world.Get<Label>(four).Text, Is.EqualTo("four"));
        Assert.That(world.Get<Position>(four), Is.EqualTo(new Position(4, 4)));
        Assert.That(world.Has<Velocity>(one), Is.False);
    }
}
