using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class QueryTests
{
    private World _world = null!;
    private Entity _positionOnly;
    private Entity _moving;
    private Entity _movingFrozen;
    private Entity _healthy;
    private Entity _everything;

    [SetUp]
    public void CreateWorld()
    {
        _world = World.Create();
        _positionOnly = _world.Create(new Position(1, 0));
        _moving = _world.Create(new Position(2, 0), new Velocity(10, 1));
        _movingFrozen = _world.Create(new Position(3, 0), new Velocity(20, 2), new Frozen());
        _healthy = _world.Create(new Health(4));
        _everything = _world.Create(new Position(5, 0), new Velocity(30, 3), new Health(5), new Label("all"));
    }

    [TearDown]
    public void DisposeWorld() => _world.Dispose();

    [Test]
    public void WithAllMatchesEntitiesHavingEveryComponent() =>
        Assert.That(Visited(new QueryDescription().WithAll<Position, Velocity>()), Is.EquivalentTo(new[] { _moving, _movingFrozen, _everything }));

    [Test]
    public void WithAnyMatchesEntitiesHavingOneOfTheComponents() =>
        Assert.That(Visited(new QueryDescription().WithAny<Frozen, Health>()), Is.EquivalentTo(new[] { _movingFrozen, _healthy, _everything }));

    [Test]
    public void WithNoneExcludesEntitiesHavingTheComponent() =>
        Assert.That(Visited(new QueryDescription().WithAll<Velocity>().WithNone<Frozen>()), Is.EquivalentTo(new[] { _moving, _everything }));

    [Test]
    public void AllAnyAndNoneCombine() =>
        Assert.That(
            Visited(new QueryDescription().WithAll<Position>().WithAny<Velocity, Health>().WithNone<Frozen, Label>()),
            Is.EquivalentTo(new[] { _moving }));

    [Test]
    public void EmptyDescriptionMatchesEveryEntity() =>
        Assert.That(Visited(default), Is.EquivalentTo(new[] { _positionOnly, _moving, _movingFrozen, _healthy, _everything }));

    [Test]
    public void RepeatedWithCallsAccumulate()
    {
        var stepwise = new QueryDescription().WithAll<Position>().WithAll<Velocity>();

        Assert.That(stepwise, Is.EqualTo(new QueryDescription().WithAll<Position, Velocity>()));
        Assert.That(stepwise, Is.Not.EqualTo(new QueryDescription().WithAll<Position>()));
    }

    [Test]
    public void CountEntitiesCountsMatches()
    {
        Assert.That(_world.CountEntities(new QueryDescription().WithAll<Position>()), Is.EqualTo(4));
        Assert.That(_world.CountEntities(new QueryDescription().WithAll<Label>()), Is.EqualTo(1));
        Assert.That(_world.CountEntities(new QueryDescription().WithAll<Wide>()), Is.Zero);
    }

    [Test]
    public void DelegateQueriesOfEveryArityWriteThroughReferences()
    {
        var description = new QueryDescription().WithAll<Position, Velocity, Health, Label>();

        _world.Query(in description, (ref Position p) => p.Y += 1);
        _world.Query(in description, (ref Position p, ref Velocity v) => p.Y += v.Y);
        _world.Query(in description, (ref Position p, ref Velocity v, ref Health h) => h.Value += (int)p.Y);
        _world.Query(in description, (ref Position p, ref Velocity v, ref Health h, ref Label l) => l = new Label(l.Text + h.Value));

        Assert.That(_world.Get<Position>(_everything).Y, Is.EqualTo(4));
        Assert.That(_world.Get<Health>(_everything).Value, Is.EqualTo(9));
        Assert.That(_world.Get<Label>(_everything).Text, Is.EqualTo("all9"));
    }

    [Test]
    public void EntityDelegateQueriesPassTheMatchingEntity()
    {
        var description = new QueryDescription().WithAll<Position, Velocity, Health, Label>();
        var seen = new List<Entity>();

        _world.Query(in description, (Entity e, ref Position p) => seen.Add(e));
        _world.Query(in description, (Entity e, ref Position p, ref Velocity v) => seen.Add(e));
        _world.Query(in description, (Entity e, ref Position p, ref Velocity v, ref Health h) => seen.Add(e));
        _world.Query(in description, (Entity e, ref Position p, ref Velocity v, ref Health h, ref Label l) => seen.Add(e));

        Assert.That(seen, Is.EqualTo(Enumerable.Repeat(_everything, 4)));
    }

    [Test]
    public void EntityDelegateSeesComponentsOfThatEntity()
    {
        var description = new QueryDescription().WithAll<Position, Velocity>();

        _world.Query(in description, (Entity e, ref Position p, ref Velocity v) =>
            Assert.That(_world.Get<Velocity>(e), Is.EqualTo(v)));
    }

    [Test]
    public void InlineQueryRunsTheStructOnEveryMatch()
    {
        var description = new QueryDescription().WithAll<Position, Velocity>();
        var integrate = new Integrate { Scale = 2 };

        _world.InlineQuery<Integrate, Position, Velocity>(in description, ref integrate);

        Assert.That(integrate.Visited, Is.EqualTo(3));
        Assert.That(_world.Get<Position>(_moving), Is.EqualTo(new Position(22, 2)));
        Assert.That(_world.Get<Position>(_everything), Is.EqualTo(new Position(65, 6)));
        Assert.That(_world.Get<Position>(_positionOnly), Is.EqualTo(new Position(1, 0)));
    }

    [Test]
    public void InlineEntityQueryPassesEntities()
    {
        var description = new QueryDescription().WithAll<Health>();
        var sum = new SumHealthById();

        _world.InlineEntityQuery<SumHealthById, Health>(in description, ref sum);

        Assert.That(sum.Total, Is.EqualTo(4 * _healthy.Id + 5 * _everything.Id));
    }

    [Test]
    public void QueryMissingAComponentOfTheDelegateThrows()
    {
        var description = new QueryDescription().WithAll<Position>();

        Assert.That(() => _world.Query(in description, (ref Position p, ref Velocity v) => { }), Throws.InvalidOperationException);
    }

    [Test]
    public void CachedQuerySeesArchetypesCreatedLater()
    {
        var description = new QueryDescription().WithAll<Health>();
        Assert.That(_world.CountEntities(in description), Is.EqualTo(2));

        var late = _world.Create(new Health(1), new Wide());
        _world.Add<Frozen>(_healthy);

        Assert.That(_world.Query(in description), Is.SameAs(_world.Query(in description)));
        Assert.That(_world.CountEntities(in description), Is.EqualTo(3));
        Assert.That(Visited(description), Does.Contain(late).And.Contain(_healthy));
    }

    [Test]
    public void ChunkIterationExposesMatchingEntitiesAndColumns()
    {
        var description = new QueryDescription().WithAll<Position, Velocity>().WithNone<Frozen>();
        var pairs = new List<(Entity, Velocity)>();

        foreach (ref var chunk in _world.Query(in description))
        {
            var velocities = chunk.GetSpan<Velocity>();
            for (var row = 0; row < chunk.Count; row++)
            {
                pairs.Add((chunk.Entities[row], velocities[row]));
            }
        }

        Assert.That(pairs, Is.EquivalentTo(new[] { (_moving, new Velocity(10, 1)), (_everything, new Velocity(30, 3)) }));
    }

    private List<Entity> Visited(QueryDescription description)
    {
        var visited = new List<Entity>();
        foreach (ref var chunk in _world.Query(in description))
        {
            visited.AddRange(chunk.Entities.ToArray());
        }

        return visited;
    }

    private struct Integrate : IForEach<Position, Velocity>
    {
        public float Scale;
        public int Visited;

        public void Update(ref Position position, ref Velocity velocity)
        {
            position.X += Scale * velocity.X;
            position.Y += Scale * velocity.Y;
            Visited++;
        }
    }

    private struct SumHealthById : IForEachWithEntity<Health>
    {
        public long Total;

        public void Update(Entity entity, ref Health health) => Total += (long)health.Value * entity.Id;
    }
}
