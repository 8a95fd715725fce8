using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Ecs;

/// <content>
/// Per-entity queries, one overload per number of components: delegates for convenience, structs
/// for speed. The struct queries are never inlined into their caller: compiled on their own,
/// each keeps the inlining budget for the struct's Update, which then runs inside the loop
/// (inlined into a caller, Update stayed a call and the query ran at 0.46 of a plain loop).
/// </content>
public sealed partial class World
{
    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches.</summary>
    public void Query<T0>(in QueryDescription description, ForEach<T0> forEach)
    {
        var adapter = new ForEachAdapter<T0>(forEach);
        InlineQuery<ForEachAdapter<T0>, T0>(in description, ref adapter);
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches, passing the entity too.</summary>
    public void Query<T0>(in QueryDescription description, ForEachWithEntity<T0> forEach)
    {
        var adapter = new ForEachWithEntityAdapter<T0>(forEach);
        InlineEntityQuery<ForEachWithEntityAdapter<T0>, T0>(in description, ref adapter);
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> on every entity <paramref name="description"/> matches; the struct is specialised and inlined, so nothing is allocated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineQuery<T, T0>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEach<T0>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(ref first0);
                first0 = ref Unsafe.Add(ref first0, 1);
            }
        }
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> with the entity on every entity <paramref name="description"/> matches, allocating nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineEntityQuery<T, T0>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEachWithEntity<T0>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref var entity = ref MemoryMarshal.GetReference(chunk.Entities);
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(entity, ref first0);
                entity = ref Unsafe.Add(ref entity, 1);
                first0 = ref Unsafe.Add(ref first0, 1);
            }
        }
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches.</summary>
    public void Query<T0, T1>(in QueryDescription description, ForEach<T0, T1> forEach)
    {
        var adapter = new ForEachAdapter<T0, T1>(forEach);
        InlineQuery<ForEachAdapter<T0, T1>, T0, T1>(in description, ref adapter);
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches, passing the entity too.</summary>
    public void Query<T0, T1>(in QueryDescription description, ForEachWithEntity<T0, T1> forEach)
    {
        var adapter = new ForEachWithEntityAdapter<T0, T1>(forEach);
        InlineEntityQuery<ForEachWithEntityAdapter<T0, T1>, T0, T1>(in description, ref adapter);
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> on every entity <paramref name="description"/> matches; the struct is specialised and inlined, so nothing is allocated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineQuery<T, T0, T1>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEach<T0, T1>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(ref first0, ref first1);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
            }
        }
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> with the entity on every entity <paramref name="description"/> matches, allocating nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineEntityQuery<T, T0, T1>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEachWithEntity<T0, T1>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref var entity = ref MemoryMarshal.GetReference(chunk.Entities);
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(entity, ref first0, ref first1);
                entity = ref Unsafe.Add(ref entity, 1);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
            }
        }
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches.</summary>
    public void Query<T0, T1, T2>(in QueryDescription description, ForEach<T0, T1, T2> forEach)
    {
        var adapter = new ForEachAdapter<T0, T1, T2>(forEach);
        InlineQuery<ForEachAdapter<T0, T1, T2>, T0, T1, T2>(in description, ref adapter);
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches, passing the entity too.</summary>
    public void Query<T0, T1, T2>(in QueryDescription description, ForEachWithEntity<T0, T1, T2> forEach)
    {
        var adapter = new ForEachWithEntityAdapter<T0, T1, T2>(forEach);
        InlineEntityQuery<ForEachWithEntityAdapter<T0, T1, T2>, T0, T1, T2>(in description, ref adapter);
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> on every entity <paramref name="description"/> matches; the struct is specialised and inlined, so nothing is allocated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineQuery<T, T0, T1, T2>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEach<T0, T1, T2>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref T2 first2 = ref chunk.GetFirst<T2>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(ref first0, ref first1, ref first2);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
                first2 = ref Unsafe.Add(ref first2, 1);
            }
        }
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> with the entity on every entity <paramref name="description"/> matches, allocating nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineEntityQuery<T, T0, T1, T2>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEachWithEntity<T0, T1, T2>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref var entity = ref MemoryMarshal.GetReference(chunk.Entities);
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref T2 first2 = ref chunk.GetFirst<T2>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(entity, ref first0, ref first1, ref first2);
                entity = ref Unsafe.Add(ref entity, 1);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
                first2 = ref Unsafe.Add(ref first2, 1);
            }
        }
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches.</summary>
    public void Query<T0, T1, T2, T3>(in QueryDescription description, ForEach<T0, T1, T2, T3> forEach)
    {
        var adapter = new ForEachAdapter<T0, T1, T2, T3>(forEach);
        InlineQuery<ForEachAdapter<T0, T1, T2, T3>, T0, T1, T2, T3>(in description, ref adapter);
    }

    /// <summary>Runs <paramref name="forEach"/> on every entity <paramref name="description"/> matches, passing the entity too.</summary>
    public void Query<T0, T1, T2, T3>(in QueryDescription description, ForEachWithEntity<T0, T1, T2, T3> forEach)
    {
        var adapter = new ForEachWithEntityAdapter<T0, T1, T2, T3>(forEach);
        InlineEntityQuery<ForEachWithEntityAdapter<T0, T1, T2, T3>, T0, T1, T2, T3>(in description, ref adapter);
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> on every entity <paramref name="description"/> matches; the struct is specialised and inlined, so nothing is allocated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineQuery<T, T0, T1, T2, T3>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEach<T0, T1, T2, T3>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref T2 first2 = ref chunk.GetFirst<T2>();
            ref T3 first3 = ref chunk.GetFirst<T3>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(ref first0, ref first1, ref first2, ref first3);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
                first2 = ref Unsafe.Add(ref first2, 1);
                first3 = ref Unsafe.Add(ref first3, 1);
            }
        }
    }

    /// <summary>Calls <paramref name="iForEach"/>'s <c>Update</c> with the entity on every entity <paramref name="description"/> matches, allocating nothing.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void InlineEntityQuery<T, T0, T1, T2, T3>(in QueryDescription description, ref T iForEach)
        where T : struct, IForEachWithEntity<T0, T1, T2, T3>
    {
        foreach (ref var chunk in Query(in description))
        {
            ref var entity = ref MemoryMarshal.GetReference(chunk.Entities);
            ref T0 first0 = ref chunk.GetFirst<T0>();
            ref T1 first1 = ref chunk.GetFirst<T1>();
            ref T2 first2 = ref chunk.GetFirst<T2>();
            ref T3 first3 = ref chunk.GetFirst<T3>();
            ref var end = ref Unsafe.Add(ref first0, chunk.Count);
            while (Unsafe.IsAddressLessThan(ref first0, ref end))
            {
                iForEach.Update(entity, ref first0, ref first1, ref first2, ref first3);
                entity = ref Unsafe.Add(ref entity, 1);
                first0 = ref Unsafe.Add(ref first0, 1);
                first1 = ref Unsafe.Add(ref first1, 1);
                first2 = ref Unsafe.Add(ref first2, 1);
                first3 = ref Unsafe.Add(ref first3, 1);
            }
        }
    }
}
