using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class ComponentTests
{
    [Test]
    public void GetReturnsAReferenceIntoStorage()
    {
        using var world = World.Create();
        var entity = world.Create(new Position(1, 2));

        world.Get<Position>(entity).X = 10;

        Assert.That(world.Get<Position>(entity), Is.EqualTo(new Position(10, 2)));
    }

    [Test]
    public void SetOverwritesTheComponent()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));

        world.Set(entity, new Health(9));

        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(9));
    }

    [Test]
    public void SetOrGetOfAMissingComponentThrows()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));

        Assert.That(() => world.Set(entity, new Position()), Throws.InvalidOperationException);
        Assert.That(() => world.Get<Position>(entity), Throws.InvalidOperationException);
    }

    [Test]
    public void HasAndTryGetReportPresence()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(5));

        Assert.That(world.Has<Health>(entity), Is.True);
        Assert.That(world.Has<Position>(entity), Is.False);
        Assert.That(world.TryGet<Health>(entity, out var health), Is.True);
        Assert.That(health.Value, Is.EqualTo(5));
        Assert.That(world.TryGet<Position>(entity, out _), Is.False);
    }

    [Test]
    public void AddMovesTheEntityAndKeepsItsOtherComponents()
    {
        using var world = World.Create();
        var entity = world.Create(new Position(1, 2), new Health(3));

        world.Add(entity, new Velocity(4, 5));

        Assert.That(world.Get<Position>(entity), Is.EqualTo(new Position(1, 2)));
        Assert.That(world.Get<Health>(entity), Is.EqualTo(new Health(3)));
        Assert.That(world.Get<Velocity>(entity), Is.EqualTo(new Velocity(4, 5)));
    }

    [Test]
    public void AddWithoutValueStoresDefault()
    {
        using var world = World.Create();
        var entity = world.Create();

        world.Add<Frozen>(entity);
        world.Add<Health>(entity);

        Assert.That(world.Has<Frozen>(entity), Is.True);
        Assert.That(world.Get<Health>(entity).Value, Is.Zero);
    }

    [Test]
    public void AddingAComponentTwiceThrowsAndChangesNothing()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));

        Assert.That(() => world.Add(entity, new Health(2)), Throws.InvalidOperationException);
        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(1));
    }

    [Test]
    public void RemoveMovesTheEntityAndKeepsTheRest()
    {
        using var world = World.Create();
        var entity = world.Create(new Position(1, 2), new Velocity(3, 4), new Label("x"));

        world.Remove<Velocity>(entity);

        Assert.That(world.Has<Velocity>(entity), Is.False);
        Assert.That(world.Get<Position>(entity), Is.EqualTo(new Position(1, 2)));
        Assert.That(world.Get<Label>(entity).Text, Is.EqualTo("x"));
    }

    [Test]
    public void RemovingAMissingComponentThrows()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));

        Assert.That(() => world.Remove<Position>(entity), Throws.InvalidOperationException);
    }

    [Test]
    public void MovingOneEntityLeavesItsFormerNeighboursIntact()
    {
        using var world = World.Create();
        var entities = Enumerable.Range(0, 5).Select(i => world.Create(new Health(i))).ToArray();

        // The first entity leaves; the last one is swapped into its row.
        world.Add(entities[0], new Frozen());
        world.Remove<Frozen>(entities[0]);

        for (var i = 0; i < entities.Length; i++)
        {
            Assert.That(world.Get<Health>(entities[i]).Value, Is.EqualTo(i));
        }
    }

    [Test]
    public void ReferenceTypeComponentsSurviveMoves()
    {
        using var world = World.Create();
        var entity = world.Create(new Label("kept"));

        world.Add(entity, new Health(1));
        world.Remove<Health>(entity);

        Assert.That(world.Get<Label>(entity).Text, Is.EqualTo("kept"));
    }
}
