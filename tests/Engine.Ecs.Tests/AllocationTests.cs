using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class AllocationTests
{
    private static readonly QueryDescription Moving = new QueryDescription().WithAll<Position, Velocity>();

    private World _world = null!;
    private Entity[] _entities = null!;

    [SetUp]
    public void CreateWorld()
    {
        _world = World.Create();
        _entities = Enumerable.Range(0, 5000).Select(i => _world.Create(new Position(i, 0), new Velocity(1, 2))).ToArray();
        for (var i = 0; i < 100; i++)
        {
            _world.Create(new Position(i, 0), new Velocity(1, 2), new Health(i));
        }
    }

    [TearDown]
    public void DisposeWorld() => _world.Dispose();

    [Test]
    public void StructQueryAllocatesNothing()
    {
        var integrate = new Integrate();
        AssertNoAllocation(() => _world.InlineQuery<Integrate, Position, Velocity>(in Moving, ref integrate));
        Assert.That(_world.Get<Position>(_entities[0]).Y, Is.GreaterThan(0));
    }

    [Test]
    public void EntityStructQueryAllocatesNothing()
    {
        var count = new CountEntities();
        AssertNoAllocation(() => _world.InlineEntityQuery<CountEntities, Position>(in Moving, ref count));
        Assert.That(count.Seen, Is.GreaterThan(0));
    }

    [Test]
    public void NonCapturingDelegateQueryAllocatesNothing() =>
        AssertNoAllocation(() => _world.Query(in Moving, static (ref Position p, ref Velocity v) => p.X += v.X));

    [Test]
    public void ChunkIterationAllocatesNothing() =>
        AssertNoAllocation(() =>
        {
            foreach (ref var chunk in _world.Query(in Moving))
            {
                var positions = chunk.GetSpan<Position>();
                var velocities = chunk.GetSpan<Velocity>();
                for (var i = 0; i < positions.Length; i++)
                {
                    positions[i].Y += velocities[i].Y;
                }
            }
        });

    [Test]
    public void ComponentAccessAndCountingAllocateNothing() =>
        AssertNoAllocation(() =>
        {
            foreach (var entity in _entities)
            {
                _world.Get<Position>(entity).X += 1;
                _world.Set(entity, new Velocity(2, 2));
                _ = _world.Has<Health>(entity) || _world.IsAlive(entity);
            }

            _ = _world.CountEntities(in Moving);
        });

    [Test]
    public void SteadyStateChurnAllocatesNothing()
    {
        // Once archetypes, chunks and free slots exist, moving and recycling entities needs no new memory.
        AssertNoAllocation(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                _world.Add(_entities[i], new Health(i));
                _world.Remove<Health>(_entities[i]);
                _world.Destroy(_entities[i]);
                _entities[i] = _world.Create(new Position(i, 0), new Velocity(1, 2));
            }
        });
    }

    [Test]
    public void ReusedCommandBufferAllocatesNothing()
    {
        var buffer = new CommandBuffer(_world);
        AssertNoAllocation(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                buffer.Add(_entities[i], new Health(i));
                buffer.Set(_entities[i], new Velocity(3, 3));
                buffer.Remove<Health>(_entities[i]);
                buffer.Destroy(_entities[i]);
            }

            buffer.Playback();
            for (var i = 0; i < 100; i++)
            {
                _entities[i] = _world.Create(new Position(i, 0), new Velocity(1, 2));
            }
        });
    }

    private static void AssertNoAllocation(Action frame)
    {
        // Warm-up lets tiered JIT, static constructors and lazily grown storage settle first.
        for (var i = 0; i < 5; i++)
        {
            frame();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            frame();
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private struct Integrate : IForEach<Position, Velocity>
    {
        public readonly void Update(ref Position position, ref Velocity velocity)
        {
            position.X += velocity.X;
            position.Y += velocity.Y;
        }
    }

    private struct CountEntities : IForEachWithEntity<Position>
    {
        public int Seen;

        public void Update(Entity entity, ref Position position) => Seen += entity.Version;
    }
}
