using System.Runtime.CompilerServices;

namespace Engine.Ecs;

/// <summary>Recorded values of component type <typeparamref name="T"/>.</summary>
internal sealed class ComponentStore<T> : ComponentStore
{
    private T[] _values = new T[16];
    private int _count;

    /// <summary>Stores <paramref name="value"/> and returns its index.</summary>
    public int Push(in T value)
    {
        if (_count == _values.Length)
        {
            Array.Resize(ref _values, _count * 2);
        }

        _values[_count] = value;
        return _count++;
    }

    public override void Add(World world, Entity entity, int index) => world.Add(entity, in _values[index]);

    public override void Set(World world, Entity entity, int index) => world.Set(entity, in _values[index]);

    public override void Remove(World world, Entity entity) => world.Remove<T>(entity);

    public override void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_values, 0, _count);
        }

        _count = 0;
    }
}
