using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Engine.Neural.Simd;

/// <summary>128-bit vectors (4 floats): the portable fallback (SSE, NEON, or software).</summary>
internal readonly unsafe struct Vec128 : IFloatVector<Vec128>
{
    private readonly Vector128<float> _v;

    private Vec128(Vector128<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;

    /// <inheritdoc/>
    public static Vec128 Zero => new(Vector128<float>.Zero);

    /// <summary>True when this width runs on hardware instructions here.</summary>
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Broadcast(float value) => new(Vector128.Create(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Load(float* source) => new(Vector128.Load(source));

    /// <inheritdoc/>
    public static Vec128 FirstLanes(int count) => Load(LaneMasks.First(count));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 LoadMasked(float* source, Vec128 mask) =>
        Avx.IsSupported ? new(Avx.MaskLoad(source, mask._v)) : LoadMaskedPortable(source, mask);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec128 value, float* destination) => Vector128.Store(value._v, destination);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Add(Vec128 a, Vec128 b) => new(a._v + b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Subtract(Vec128 a, Vec128 b) => new(a._v - b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Multiply(Vec128 a, Vec128 b) => new(a._v * b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Divide(Vec128 a, Vec128 b) => new(a._v / b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 MultiplyAdd(Vec128 a, Vec128 b, Vec128 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Max(Vec128 a, Vec128 b) => new(Vector128.MaxNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Min(Vec128 a, Vec128 b) => new(Vector128.MinNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Abs(Vec128 a) => new(Vector128.Abs(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Sqrt(Vec128 a) => new(Vector128.Sqrt(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 Round(Vec128 a) => new(Vector128.Round(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 ScaleByPowerOfTwo(Vec128 y, Vec128 n) =>
        new(y._v * Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n._v) + Vector128.Create(127), 23).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 SelectGreater(Vec128 a, Vec128 b, Vec128 ifTrue, Vec128 ifFalse) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(a._v, b._v), ifTrue._v, ifFalse._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec128 a) => Vector128.Sum(a._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec128 SumEach(float* vectors)
    {
        if (Sse3.IsSupported)
        {
            var t0 = Sse3.HorizontalAdd(Sse.LoadVector128(vectors), Sse.LoadVector128(vectors + 4));
            var t1 = Sse3.HorizontalAdd(Sse.LoadVector128(vectors + 8), Sse.LoadVector128(vectors + 12));
            return new(Sse3.HorizontalAdd(t0, t1));
        }

        return SumEachPortable(vectors);
    }

    private static Vec128 SumEachPortable(float* vectors)
    {
        var sums = stackalloc float[Vector128<float>.Count];
        for (var i = 0; i < Vector128<float>.Count; i++)
        {
            sums[i] = Vector128.Sum(Vector128.Load(vectors + (i * Vector128<float>.Count)));
        }

        return new(Vector128.Load(sums));
    }

    private static Vec128 LoadMaskedPortable(float* source, Vec128 mask)
    {
        var lanes = stackalloc float[2 * Count];
        Store(mask, lanes + Count);
        LaneMasks.CopyMasked(source, lanes + Count, lanes, Count);
        return Load(lanes);
    }
}
