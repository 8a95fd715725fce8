using Engine.Ecs.Tests.Support;

namespace Engine.Ecs.Tests;

public class CommandBufferTests
{
    private static readonly QueryDescription Healths = new QueryDescription().WithAll<Health>();

    [Test]
    public void NothingHappensUntilPlayback()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));
        var buffer = new CommandBuffer(world);

        buffer.Set(entity, new Health(2));
        buffer.Add(entity, new Position(1, 1));
        buffer.Create();

        Assert.That(buffer.Size, Is.EqualTo(3));
        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(1));
        Assert.That(world.Has<Position>(entity), Is.False);
        Assert.That(world.Size, Is.EqualTo(1));

        buffer.Playback();

        Assert.That(buffer.Size, Is.Zero);
        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(2));
        Assert.That(world.Get<Position>(entity), Is.EqualTo(new Position(1, 1)));
        Assert.That(world.Size, Is.EqualTo(2));
    }

    [Test]
    public void StructuralChangesRecordedDuringAQueryApplyAfterIt()
    {
        using var world = World.Create();
        var entities = Enumerable.Range(0, 1000).Select(i => world.Create(new Health(i))).ToArray();
        var buffer = new CommandBuffer(world);
        var visited = 0;

        world.Query(in Healths, (Entity e, ref Health h) =>
        {
            visited++;
            switch (h.Value % 4)
            {
                case 0:
                    buffer.Destroy(e);
                    break;
                case 1:
                    buffer.Add(e, new Velocity(h.Value, 0));
                    break;
                case 2:
                    buffer.Remove<Health>(e);
                    break;
                default:
                    var child = buffer.Create();
                    buffer.Add(child, new Label("child of " + h.Value));
                    break;
            }
        });
        buffer.Playback();

        Assert.That(visited, Is.EqualTo(1000), "recording must not disturb the iteration");
        Assert.That(world.Size, Is.EqualTo(750 + 250));
        for (var i = 0; i < entities.Length; i++)
        {
            var entity = entities[i];
            Assert.That(world.IsAlive(entity), Is.EqualTo(i % 4 != 0));
            if (i % 4 == 1)
            {
                Assert.That(world.Get<Velocity>(entity).X, Is.EqualTo(i));
                Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(i));
            }

            if (i % 4 == 2)
            {
                Assert.That(world.Has<Health>(entity), Is.False);
            }
        }

        var labels = new List<string>();
        world.Query(new QueryDescription().WithAll<Label>(), (ref Label l) => labels.Add(l.Text));
        Assert.That(labels, Is.EquivalentTo(Enumerable.Range(0, 250).Select(k => "child of " + (4 * k + 3))));
    }

    [Test]
    public void CommandsApplyInRecordingOrder()
    {
        using var world = World.Create();
        var entity = world.Create();
        var buffer = new CommandBuffer(world);

        buffer.Add(entity, new Health(1));
        buffer.Set(entity, new Health(2));
        buffer.Remove<Health>(entity);
        buffer.Add(entity, new Health(3));
        buffer.Playback();

        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(3));
    }

    [Test]
    public void PlaceholdersResolveToTheEntitiesTheyCreate()
    {
        using var world = World.Create();
        var buffer = new CommandBuffer(world);

        var first = buffer.Create();
        var second = buffer.Create();
        buffer.Add(second, new Health(2));
        buffer.Add(first, new Health(1));
        buffer.Add(first, new Position(1, 0));
        buffer.Destroy(second);
        buffer.Playback();

        Assert.That(world.IsAlive(first), Is.False, "a placeholder is not a live handle");
        Assert.That(world.Size, Is.EqualTo(1));
        Assert.That(world.CountEntities(new QueryDescription().WithAll<Health, Position>()), Is.EqualTo(1));
        world.Query(in Healths, (ref Health h) => Assert.That(h.Value, Is.EqualTo(1)));
    }

    [Test]
    public void CommandsOnEntitiesThatDiedAreSkipped()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));
        var other = world.Create(new Health(2));
        var buffer = new CommandBuffer(world);

        buffer.Destroy(entity);
        buffer.Destroy(entity);
        buffer.Set(entity, new Health(5));
        buffer.Set(other, new Health(6));
        buffer.Playback();

        Assert.That(world.IsAlive(entity), Is.False);
        Assert.That(world.Get<Health>(other).Value, Is.EqualTo(6));
    }

    [Test]
    public void AFailingCommandThrowsAndEmptiesTheBuffer()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(1));
        var buffer = new CommandBuffer(world);

        buffer.Add(entity, new Health(2));
        buffer.Set(entity, new Position());

        Assert.That(buffer.Playback, Throws.InvalidOperationException);
        Assert.That(buffer.Size, Is.Zero);
    }

    [Test]
    public void ABufferIsReusableAcrossFrames()
    {
        using var world = World.Create();
        var entity = world.Create(new Health(0));
        using var buffer = new CommandBuffer(world);

        for (var frame = 1; frame <= 100; frame++)
        {
            world.Query(in Healths, (Entity e, ref Health h) => buffer.Set(e, new Health(h.Value + 1)));
            buffer.Playback();
        }

        Assert.That(world.Get<Health>(entity).Value, Is.EqualTo(100));
    }

    [Test]
    public void DisposeDropsRecordedCommands()
    {
        using var world = World.Create();
        var buffer = new CommandBuffer(world);
        buffer.Create();

        buffer.Dispose();
        buffer.Playback();

        Assert.That(world.Size, Is.Zero);
    }

    [Test]
    public void ConstructorRejectsNull() =>
        Assert.That(() => new CommandBuffer(null!), Throws.ArgumentNullException);
}
