using System.Runtime.CompilerServices;
using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class StorageTests
{
    private static readonly QueryDescription Positions = new QueryDescription().WithAll<Position>();

    [Test]
    public void ChunksHoldAbout16KilobytesOfRows()
    {
        using var world = World.Create();
        world.Create(new Position(), new Velocity());

        var chunk = FirstChunk(world, new QueryDescription().WithAll<Position, Velocity>());
        var rowBytes = Unsafe.SizeOf<Entity>() + Unsafe.SizeOf<Position>() + Unsafe.SizeOf<Velocity>();

        Assert.That(chunk.Capacity, Is.EqualTo(16 * 1024 / rowBytes));
    }

    [Test]
    public void WideRowsStillGetSeveralEntitiesPerChunk()
    {
        using var world = World.Create();
        world.Create(new Wide(), new Position());

        var chunk = FirstChunk(world, new QueryDescription().WithAll<Wide>());

        Assert.That(chunk.Capacity, Is.GreaterThanOrEqualTo(16));
        Assert.That(chunk.Capacity * (Unsafe.SizeOf<Wide>() + 16), Is.LessThanOrEqualTo(20 * 1024));
    }

    [Test]
    public void ManyEntitiesFillChunksDenselyInCreationOrder()
    {
        using var world = World.Create();
        const int count = 5000;
        for (var i = 0; i < count; i++)
        {
            world.Create(new Position(i, -i));
        }

        var counts = new List<int>();
        var capacities = new List<int>();
        var next = 0;
        foreach (ref var chunk in world.Query(in Positions))
        {
            var positions = chunk.GetSpan<Position>();
            Assert.That(positions.Length, Is.EqualTo(chunk.Count));
            Assert.That(chunk.Entities.Length, Is.EqualTo(chunk.Count));
            foreach (var position in positions)
            {
                Assert.That(position.X, Is.EqualTo(next++));
            }

            counts.Add(chunk.Count);
            capacities.Add(chunk.Capacity);
        }

        Assert.That(next, Is.EqualTo(count));
        Assert.That(counts.Count, Is.GreaterThan(1));
        Assert.That(counts.Take(counts.Count - 1), Is.EqualTo(capacities.Take(counts.Count - 1)), "every chunk but the last is full");
        for (var c = 1; c < capacities.Count; c++)
        {
            Assert.That(capacities[c], Is.EqualTo(2 * capacities[c - 1]), "chunks double from a small first one, so a small archetype stays small");
        }
    }

    [Test]
    public void DestroyingKeepsChunksDenseAndRowsMatchEntities()
    {
        using var world = World.Create();
        var entities = Enumerable.Range(0, 3000).Select(i => world.Create(new Position(i, 0))).ToList();
        var random = new Random(7);
        foreach (var victim in entities.OrderBy(_ => random.Next()).Take(1700).ToList())
        {
            world.Destroy(victim);
            entities.Remove(victim);
        }

        var capacity = FirstChunk(world, Positions).Capacity;
        var seen = 0;
        foreach (ref var chunk in world.Query(in Positions))
        {
            seen += chunk.Count;
            var positions = chunk.GetSpan<Position>();
            for (var row = 0; row < chunk.Count; row++)
            {
                Assert.That(world.Get<Position>(chunk.Entities[row]), Is.EqualTo(positions[row]));
            }
        }

        Assert.That(seen, Is.EqualTo(1300));
        Assert.That(world.Size, Is.EqualTo(1300));
        Assert.That(CountChunks(world, Positions), Is.EqualTo((1300 + capacity - 1) / capacity));
    }

    [Test]
    public void GetSpanOfAnAbsentComponentThrows()
    {
        using var world = World.Create();
        world.Create(new Position());

        var chunk = FirstChunk(world, Positions);

        Assert.That(chunk.Has<Position>(), Is.True);
        Assert.That(chunk.Has<Velocity>(), Is.False);
        Assert.That(() => chunk.GetSpan<Velocity>().Length, Throws.InvalidOperationException);
    }

    [Test]
    public void GetArrayAndGetFirstSeeTheSameColumn()
    {
        using var world = World.Create();
        world.Create(new Position(3, 4));

        var chunk = FirstChunk(world, Positions);

        Assert.That(chunk.GetArray<Position>().Length, Is.EqualTo(chunk.Capacity));
        Assert.That(chunk.GetFirst<Position>(), Is.EqualTo(new Position(3, 4)));
        Assert.That(Unsafe.AreSame(ref chunk.GetFirst<Position>(), ref chunk.GetSpan<Position>()[0]), Is.True);
    }

    private static Chunk FirstChunk(World world, QueryDescription description)
    {
        foreach (ref var chunk in world.Query(in description))
        {
            return chunk;
        }

        throw new AssertionException("no chunk");
    }

    private static int CountChunks(World world, QueryDescription description)
    {
        var chunks = 0;
        foreach (ref var chunk in world.Query(in description))
        {
            chunks++;
        }

        return chunks;
    }
}
