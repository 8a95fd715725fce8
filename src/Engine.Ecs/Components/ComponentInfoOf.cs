using System.Runtime.CompilerServices;

namespace Engine.Ecs;

/// <summary>The storage operations of component type <typeparamref name="T"/>.</summary>
internal sealed class ComponentInfo<T> : ComponentInfo
{
    public ComponentInfo()
        : base(Unsafe.SizeOf<T>())
    {
    }

    public override Array CreateColumn(int capacity) => new T[capacity];

    public override void Copy(Array source, int sourceRow, Array destination, int destinationRow) =>
        Unsafe.As<T[]>(destination)[destinationRow] = Unsafe.As<T[]>(source)[sourceRow];

    public override void Release(Array column, int row)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Reset(column, row);
        }
    }

    public override void Reset(Array column, int row) => Unsafe.As<T[]>(column)[row] = default!;
}
