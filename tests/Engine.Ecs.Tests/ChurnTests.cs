using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

/// <summary>Random structural churn checked frame by frame against a dictionary model.</summary>
public class ChurnTests
{
    private const int Frames = 1000;

    private static readonly ComponentKind[] Kinds =
    [
        new ComponentKind<Position>(v => new Position(v, -v), p => (int)p.X),
        new ComponentKind<Velocity>(v => new Velocity(v, 2 * v), p => (int)p.X),
        new ComponentKind<Health>(v => new Health(v), h => h.Value),
        new ComponentKind<Label>(v => new Label(v.ToString(System.Globalization.CultureInfo.InvariantCulture)), l => int.Parse(l.Text, System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private readonly Dictionary<Entity, int?[]> _model = [];
    private readonly List<Entity> _dead = [];
    private Random _random = null!;
    private World _world = null!;
    private int _nextValue;

    [SetUp]
    public void CreateWorld()
    {
        _random = new Random(20240501);
        _world = World.Create();
        _model.Clear();
        _dead.Clear();
    }

    [TearDown]
    public void DisposeWorld() => _world.Dispose();

    [Test]
    public void WorldMatchesTheModelAfterEveryFrameOfRandomChurn()
    {
        using var buffer = new CommandBuffer(_world);
        var peak = 0;
        for (var frame = 0; frame < Frames; frame++)
        {
            // Drift the population up and down so archetypes both fill and empty.
            var growth = frame % 200 < 100 ? 9 : 5;
            for (var op = 0; op < 20; op++)
            {
                DirectOperation(growth);
            }

            if (frame % 3 == 0)
            {
                BufferedOperationsDuringAQuery(buffer);
            }

            peak = Math.Max(peak, _model.Count);
            AssertWorldMatchesModel(frame);
        }

        Assert.That(peak, Is.GreaterThan(300), "the churn should reach a population spanning several chunks");
        Assert.That(_dead.Count, Is.GreaterThan(2000));
    }

    private void DirectOperation(int growth)
    {
        var roll = _random.Next(20);
        if (roll < growth || _model.Count == 0)
        {
            Create();
            return;
        }

        var entity = RandomLiveEntity();
        var kind = _random.Next(Kinds.Length);
        var components = _model[entity];
        if (roll < 13)
        {
            _world.Destroy(entity);
            Forget(entity);
        }
        else if (components[kind] is null)
        {
            components[kind] = NextValue();
            Kinds[kind].Add(_world, entity, components[kind]!.Value);
        }
        else if (roll < 17)
        {
            components[kind] = NextValue();
            Kinds[kind].Set(_world, entity, components[kind]!.Value);
        }
        else
        {
            components[kind] = null;
            Kinds[kind].Remove(_world, entity);
        }
    }

    private void Create()
    {
        var components = new int?[Kinds.Length];
        Entity entity;
        if (_random.Next(2) == 0)
        {
            // The generic path writes all components at once.
            components[0] = NextValue();
            components[2] = NextValue();
            entity = _world.Create(new Position(components[0]!.Value, -components[0]!.Value), new Health(components[2]!.Value));
        }
        else
        {
            entity = _world.Create();
            for (var kind = 0; kind < Kinds.Length; kind++)
            {
                if (_random.Next(2) == 0)
                {
                    components[kind] = NextValue();
                    Kinds[kind].Add(_world, entity, components[kind]!.Value);
                }
            }
        }

        _model.Add(entity, components);
    }

    private void BufferedOperationsDuringAQuery(CommandBuffer buffer)
    {
        var created = new List<int?[]>();
        var before = _model.Keys.ToHashSet();
        _world.Query(new QueryDescription().WithAll<Health>(), (Entity e, ref Health h) =>
        {
            var components = _model[e];
            switch (_random.Next(8))
            {
                case 0:
                    buffer.Destroy(e);
                    Forget(e);
                    break;
                case 1:
                    buffer.Remove<Health>(e);
                    components[2] = null;
                    break;
                case 2:
                    var value = NextValue();
                    buffer.Set(e, new Health(value));
                    components[2] = value;
                    break;
                case 3:
                    var child = buffer.Create();
                    var childValue = NextValue();
                    Kinds[1].Add(buffer, child, childValue);
                    created.Add([null, childValue, null, null]);
                    break;
                case 4 when components[3] is null:
                    var label = NextValue();
                    Kinds[3].Add(buffer, e, label);
                    components[3] = label;
                    break;
                case 5 when components[0] is not null:
                    Kinds[0].Remove(buffer, e);
                    components[0] = null;
                    break;
                default:
                    break;
            }
        });
        buffer.Playback();

        // Playback creates entities in recording order; new entities carry only Velocity, so match them by value.
        var fresh = AllEntities().Where(e => !before.Contains(e)).ToList();
        Assert.That(fresh, Has.Count.EqualTo(created.Count));
        foreach (var entity in fresh)
        {
            var value = _world.Get<Velocity>(entity).X;
            var components = created.Single(c => c[1] == (int)value);
            _model.Add(entity, components);
        }
    }

    private void AssertWorldMatchesModel(int frame)
    {
        Assert.That(_world.Size, Is.EqualTo(_model.Count), $"frame {frame}: size");
        Assert.That(FirstMismatch(), Is.Null, $"frame {frame}");
        for (var kind = 0; kind < Kinds.Length; kind++)
        {
            Assert.That(Kinds[kind].Count(_world), Is.EqualTo(_model.Values.Count(c => c[kind] is not null)), $"frame {frame}: count of kind {kind}");
        }

        if (frame % 50 == 0)
        {
            Assert.That(AllEntities(), Is.EquivalentTo(_model.Keys), $"frame {frame}: chunks hold exactly the live entities");
            Assert.That(_dead.Any(_world.IsAlive), Is.False, $"frame {frame}: a destroyed handle came back to life");
        }
    }

    /// <summary>Describes the first entity whose components differ from the model; null when all agree.</summary>
    private string? FirstMismatch()
    {
        foreach (var (entity, components) in _model)
        {
            if (!_world.IsAlive(entity))
            {
                return $"{entity} is dead";
            }

            for (var kind = 0; kind < Kinds.Length; kind++)
            {
                var has = Kinds[kind].Has(_world, entity);
                if (has != components[kind] is not null || (has && Kinds[kind].Get(_world, entity) != components[kind]))
                {
                    return $"{entity} kind {kind}: model {components[kind]}, world {(has ? Kinds[kind].Get(_world, entity) : null)}";
                }
            }
        }

        return null;
    }

    private List<Entity> AllEntities()
    {
        var all = new List<Entity>();
        foreach (ref var chunk in _world.Query(default))
        {
            all.AddRange(chunk.Entities.ToArray());
        }

        return all;
    }

    private Entity RandomLiveEntity() => _model.Keys.ElementAt(_random.Next(_model.Count));

    private void Forget(Entity entity)
    {
        _model.Remove(entity);
        _dead.Add(entity);
    }

    private int NextValue() => ++_nextValue;
}
