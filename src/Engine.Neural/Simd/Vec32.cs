using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Engine.Neural.Simd;

/// <summary>
/// One float: a one-lane vector, held in lane 0 of a 128-bit register and computed with the
/// 128-bit instructions, so every operation rounds exactly as a lane of <see cref="Vec128"/>
/// (and of the wider widths) does. Grouped training runs a lone learner at this width: its
/// bits are those it gets in a group of any width, for a fraction of the cost of a group whose
/// other lanes are empty.
/// </summary>
internal readonly unsafe struct Vec32 : IFloatVector<Vec32>
{
    private readonly Vector128<float> _v;

    private Vec32(Vector128<float> v) => _v = v;

    /// <inheritdoc/>
    public static int Count => 1;

    /// <inheritdoc/>
    public static Vec32 Zero => new(Vector128<float>.Zero);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Broadcast(float value) => new(Vector128.CreateScalar(value));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Load(float* source) => new(Vector128.CreateScalar(*source));

    /// <inheritdoc/>
    public static Vec32 FirstLanes(int count) => Load(LaneMasks.First(count));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 LoadMasked(float* source, Vec32 mask) =>
        BitConverter.SingleToInt32Bits(mask._v.ToScalar()) != 0 ? Load(source) : Zero;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vec32 value, float* destination) => *destination = value._v.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Add(Vec32 a, Vec32 b) => new(a._v + b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Subtract(Vec32 a, Vec32 b) => new(a._v - b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Multiply(Vec32 a, Vec32 b) => new(a._v * b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Divide(Vec32 a, Vec32 b) => new(a._v / b._v);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 MultiplyAdd(Vec32 a, Vec32 b, Vec32 c) => new(Vector128.FusedMultiplyAdd(a._v, b._v, c._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Max(Vec32 a, Vec32 b) => new(Vector128.MaxNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Min(Vec32 a, Vec32 b) => new(Vector128.MinNative(a._v, b._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Abs(Vec32 a) => new(Vector128.Abs(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Sqrt(Vec32 a) => new(Vector128.Sqrt(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 Round(Vec32 a) => new(Vector128.Round(a._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 ScaleByPowerOfTwo(Vec32 y, Vec32 n) =>
        new(y._v * Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n._v) + Vector128.Create(127), 23).AsSingle());

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 SelectGreater(Vec32 a, Vec32 b, Vec32 ifTrue, Vec32 ifFalse) =>
        new(Vector128.ConditionalSelect(Vector128.GreaterThan(a._v, b._v), ifTrue._v, ifFalse._v));

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vec32 a) => a._v.ToScalar();

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vec32 SumEach(float* vectors) => Load(vectors);
}
