namespace Engine.Ecs;

/// <summary>Every component type seen so far, indexed by id.</summary>
internal static class ComponentRegistry
{
    private static readonly Lock Gate = new();
    private static ComponentInfo[] _infos = [];

    /// <summary>The storage operations of the component with id <paramref name="id"/>.</summary>
    public static ComponentInfo Get(int id) => Volatile.Read(ref _infos)[id];

    /// <summary>Assigns the next id to <typeparamref name="T"/>; called once per type by <see cref="ComponentType{T}"/>.</summary>
    public static int Register<T>()
    {
        lock (Gate)
        {
            var id = _infos.Length;
            var grown = new ComponentInfo[id + 1];
            _infos.CopyTo(grown, 0);
            grown[id] = new ComponentInfo<T>();
            Volatile.Write(ref _infos, grown);
            return id;
        }
    }
}
