using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Simd;

/// <summary>256-bit vectors (8 floats): used with AVX2 and FMA.</summary>
internal readonly unsafe struct Vec256 : IFloatVector<Vec256>
{
    private readonly Vector256<float> _v;

    private Vec256(Vector256<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;

    /// <inheritdoc/>
    public static Vec256 Zero => new(Vector256<float>.Zero);

    /// <summary>True when this width runs on hardware instructions here.</summary>
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Broadcast(float value) => new(Vector256.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Load(float* source) => new(Vector256.Load(source));

    /// <inheritdoc/>
    public static Vec256 FirstLanes(int count) => Load(LaneMasks.First(count));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 LoadMasked(float* source, Vec256 mask) =>
        Avx.IsSupported ? new(Avx.MaskLoad(source, mask._v)) : LoadMaskedPortable(source, mask);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec256 value, float* destination) => Vector256.Store(value._v, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Add(Vec256 a, Vec256 b) => new(a._v + b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Subtract(Vec256 a, Vec256 b) => new(a._v - b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Multiply(Vec256 a, Vec256 b) => new(a._v * b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Divide(Vec256 a, Vec256 b) => new(a._v / b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 MultiplyAdd(Vec256 a, Vec256 b, Vec256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Max(Vec256 a, Vec256 b) => new(Vector256.MaxNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Min(Vec256 a, Vec256 b) => new(Vector256.MinNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Abs(Vec256 a) => new(Vector256.Abs(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Sqrt(Vec256 a) => new(Vector256.Sqrt(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 Round(Vec256 a) => new(Vector256.Round(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 ScaleByPowerOfTwo(Vec256 y, Vec256 n) =>
        new(y._v * Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n._v) + Vector256.Create(127), 23).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SelectGreater(Vec256 a, Vec256 b, Vec256 ifTrue, Vec256 ifFalse) =>
        new(Vector256.ConditionalSelect(Vector256.GreaterThan(a._v, b._v), ifTrue._v, ifFalse._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec256 a) => Vector256.Sum(a._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec256 SumEach(float* vectors)
    {
        if (Avx.IsSupported)
        {
            // Pairwise horizontal adds fold eight vectors into per-vector sums split across the
            // two 128-bit halves; one cross-half add finishes them.
            var t0 = Avx.HorizontalAdd(Avx.LoadVector256(vectors), Avx.LoadVector256(vectors + 8));
            var t1 = Avx.HorizontalAdd(Avx.LoadVector256(vectors + 16), Avx.LoadVector256(vectors + 24));
            var t2 = Avx.HorizontalAdd(Avx.LoadVector256(vectors + 32), Avx.LoadVector256(vectors + 40));
            var t3 = Avx.HorizontalAdd(Avx.LoadVector256(vectors + 48), Avx.LoadVector256(vectors + 56));
            var u0 = Avx.HorizontalAdd(t0, t1);
            var u1 = Avx.HorizontalAdd(t2, t3);
            return new(Avx.Add(Avx.Permute2x128(u0, u1, 0x20), Avx.Permute2x128(u0, u1, 0x31)));
        }

        return SumEachPortable(vectors);
    }

    private static Vec256 SumEachPortable(float* vectors)
    {
        var sums = stackalloc float[Vector256<float>.Count];
        for (var i = 0; i < Vector256<float>.Count; i++)
        {
            sums[i] = Vector256.Sum(Vector256.Load(vectors + (i * Vector256<float>.Count)));
        }

        return new(Vector256.Load(sums));
    }

    private static Vec256 LoadMaskedPortable(float* source, Vec256 mask)
    {
        var lanes = stackalloc float[2 * Count];
        Store(mask, lanes + Count);
        LaneMasks.CopyMasked(source, lanes + Count, lanes, Count);
        return Load(lanes);
    }
}
