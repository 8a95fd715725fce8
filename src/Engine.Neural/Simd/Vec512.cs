using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Simd;

/// <summary>512-bit vectors (16 floats): used where the CPU has AVX-512.</summary>
internal readonly unsafe struct Vec512 : IFloatVector<Vec512>
{
    private readonly Vector512<float> _v;

    private Vec512(Vector512<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => Vector512<float>.Count;

    /// <inheritdoc/>
    public static Vec512 Zero => new(Vector512<float>.Zero);

    /// <summary>True when this width runs on hardware instructions here.</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Broadcast(float value) => new(Vector512.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Load(float* source) => new(Vector512.Load(source));

    /// <inheritdoc/>
    public static Vec512 FirstLanes(int count) => Load(LaneMasks.First(count));

    /// <inheritdoc/>
    /// <remarks>On .NET 8, which has no 512-bit masked load, two 256-bit ones.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 LoadMasked(float* source, Vec512 mask)
    {
#if NET9_0_OR_GREATER
        if (Avx512F.IsSupported)
        {
            return new(Avx512F.MaskLoad(source, mask._v, Vector512<float>.Zero));
        }
#endif
        if (Avx.IsSupported)
        {
            return new(Vector512.Create(Avx.MaskLoad(source, mask._v.GetLower()), Avx.MaskLoad(source + 8, mask._v.GetUpper())));
        }

        return LoadMaskedPortable(source, mask);
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec512 value, float* destination) => Vector512.Store(value._v, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Add(Vec512 a, Vec512 b) => new(a._v + b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Subtract(Vec512 a, Vec512 b) => new(a._v - b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Multiply(Vec512 a, Vec512 b) => new(a._v * b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Divide(Vec512 a, Vec512 b) => new(a._v / b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 MultiplyAdd(Vec512 a, Vec512 b, Vec512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Max(Vec512 a, Vec512 b) => new(Vector512.MaxNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Min(Vec512 a, Vec512 b) => new(Vector512.MinNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Abs(Vec512 a) => new(Vector512.Abs(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Sqrt(Vec512 a) => new(Vector512.Sqrt(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 Round(Vec512 a) => new(Vector512.Round(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 ScaleByPowerOfTwo(Vec512 y, Vec512 n) =>
        new(y._v * Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n._v) + Vector512.Create(127), 23).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SelectGreater(Vec512 a, Vec512 b, Vec512 ifTrue, Vec512 ifFalse) =>
        new(Vector512.ConditionalSelect(Vector512.GreaterThan(a._v, b._v), ifTrue._v, ifFalse._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec512 a) => Vector512.Sum(a._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec512 SumEach(float* vectors)
    {
        if (Avx.IsSupported)
        {
            // Fold each vector's halves into one 256-bit vector, then eight at a time as the
            // 256-bit width does (pairwise horizontal adds, one cross-half add): about three
            // instructions a sum instead of a full reduction each.
            return new(Vector512.Create(SumEachOfEight(vectors), SumEachOfEight(vectors + (8 * 16))));
        }

        return SumEachPortable(vectors);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Halves(float* vector)
    {
        var v = Vector512.Load(vector);
        return v.GetLower() + v.GetUpper();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> SumEachOfEight(float* vectors)
    {
        var t0 = Avx.HorizontalAdd(Halves(vectors), Halves(vectors + 16));
        var t1 = Avx.HorizontalAdd(Halves(vectors + 32), Halves(vectors + 48));
        var t2 = Avx.HorizontalAdd(Halves(vectors + 64), Halves(vectors + 80));
        var t3 = Avx.HorizontalAdd(Halves(vectors + 96), Halves(vectors + 112));
        var u0 = Avx.HorizontalAdd(t0, t1);
        var u1 = Avx.HorizontalAdd(t2, t3);
        return Avx.Add(Avx.Permute2x128(u0, u1, 0x20), Avx.Permute2x128(u0, u1, 0x31));
    }

    private static Vec512 SumEachPortable(float* vectors)
    {
        var sums = stackalloc float[Vector512<float>.Count];
        for (var i = 0; i < Vector512<float>.Count; i++)
        {
            sums[i] = Vector512.Sum(Vector512.Load(vectors + (i * Vector512<float>.Count)));
        }

        return new(Vector512.Load(sums));
    }

    private static Vec512 LoadMaskedPortable(float* source, Vec512 mask)
    {
        var lanes = stackalloc float[2 * Count];
        Store(mask, lanes + Count);
        LaneMasks.CopyMasked(source, lanes + Count, lanes, Count);
        return Load(lanes);
    }
}
