namespace Engine.Ecs;

/// <summary>
/// Records structural changes (create, destroy, add, set, remove) while a query runs, and
/// applies them in recording order on <see cref="Playback"/>. Storage is kept between
/// playbacks, so a buffer reused every frame allocates nothing once warmed up.
/// </summary>
/// <example>
/// <code>
/// var buffer = new CommandBuffer(world);
/// world.Query(in dying, (Entity e, ref Health h) =&gt; { if (h.Value &lt;= 0) buffer.Destroy(e); });
/// buffer.Playback();
/// </code>
/// </example>
public sealed class CommandBuffer : IDisposable
{
    private readonly World _world;
    private Command[] _commands = new Command[64];
    private int _count;
    private ComponentStore?[] _stores = [];
    private Entity[] _created = new Entity[16];
    private int _createdCount;

    /// <summary>Creates an empty buffer whose commands apply to <paramref name="world"/>.</summary>
    public CommandBuffer(World world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _world = world;
    }

    /// <summary>The world the commands apply to.</summary>
    public World World => _world;

    /// <summary>Number of recorded commands not yet played back.</summary>
    public int Size => _count;

    /// <summary>
    /// Records the creation of an empty entity and returns a placeholder for it: pass the
    /// placeholder to <see cref="Add{T}"/>, <see cref="Set{T}"/>, <see cref="Remove{T}"/> or
    /// <see cref="Destroy"/> of this buffer before the next <see cref="Playback"/>. The
    /// placeholder is not alive in the world.
    /// </summary>
    public Entity Create()
    {
        if (_createdCount == _created.Length)
        {
            Array.Resize(ref _created, _createdCount * 2);
        }

        var index = _createdCount++;
        Record(new Command(CommandKind.Create, default, -1, index));

        // Negative ids can never name a live entity, so placeholders are told apart on playback.
        return new Entity(-(index + 1), 0);
    }

    /// <summary>Records the destruction of <paramref name="entity"/>.</summary>
    public void Destroy(in Entity entity) => Record(new Command(CommandKind.Destroy, entity, -1, -1));

    /// <summary>Records adding <paramref name="component"/> to <paramref name="entity"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    public void Add<T>(in Entity entity, in T component = default!) =>
        Record(new Command(CommandKind.Add, entity, ComponentType<T>.Id, StoreOf<T>().Push(in component)));

    /// <summary>Records overwriting <paramref name="entity"/>'s existing <typeparamref name="T"/> with <paramref name="component"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    public void Set<T>(in Entity entity, in T component) =>
        Record(new Command(CommandKind.Set, entity, ComponentType<T>.Id, StoreOf<T>().Push(in component)));

    /// <summary>Records removing <paramref name="entity"/>'s <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The component type.</typeparam>
    public void Remove<T>(in Entity entity)
    {
        StoreOf<T>();
        Record(new Command(CommandKind.Remove, entity, ComponentType<T>.Id, -1));
    }

    /// <summary>
    /// Applies the recorded commands in order through the world's own methods, then empties
    /// the buffer. Commands whose entity is no longer alive by then are skipped, because two
    /// systems destroying the same entity in one frame is normal; any other failure (adding a
    /// component twice, say) throws as the world would, and the rest of the buffer is dropped.
    /// </summary>
    public void Playback()
    {
        try
        {
            for (var i = 0; i < _count; i++)
            {
                Apply(in _commands[i]);
            }
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Drops the recorded commands without applying them.</summary>
    public void Dispose() => Clear();

    private void Apply(in Command command)
    {
        if (command.Kind == CommandKind.Create)
        {
            _created[command.Payload] = _world.Create();
            return;
        }

        var entity = command.Entity.Id < 0 ? _created[-command.Entity.Id - 1] : command.Entity;
        if (!_world.IsAlive(entity))
        {
            return;
        }

        switch (command.Kind)
        {
            case CommandKind.Destroy:
                _world.Destroy(entity);
                break;
            case CommandKind.Add:
                _stores[command.ComponentId]!.Add(_world, entity, command.Payload);
                break;
            case CommandKind.Set:
                _stores[command.ComponentId]!.Set(_world, entity, command.Payload);
                break;
            case CommandKind.Remove:
                _stores[command.ComponentId]!.Remove(_world, entity);
                break;
            default:
                throw new InvalidOperationException($"Unknown command {command.Kind}.");
        }
    }

    private void Record(in Command command)
    {
        if (_count == _commands.Length)
        {
            Array.Resize(ref _commands, _count * 2);
        }

        _commands[_count++] = command;
    }

    private ComponentStore<T> StoreOf<T>()
    {
        var id = ComponentType<T>.Id;
        if (id >= _stores.Length)
        {
            Array.Resize(ref _stores, Math.Max(id + 1, _stores.Length * 2));
        }

        return (ComponentStore<T>)(_stores[id] ??= new ComponentStore<T>());
    }

    private void Clear()
    {
        foreach (var store in _stores)
        {
            store?.Clear();
        }

        Array.Clear(_created, 0, _createdCount);
        _count = 0;
        _createdCount = 0;
    }
}
