namespace Engine.Neural.Simd;

/// <summary>
/// The few vector operations the kernels need, over one hardware width. The kernels are
/// written once, generic over this interface; the JIT compiles one copy per width
/// (<see cref="Vec512"/>, <see cref="Vec256"/>, <see cref="Vec128"/>) with every call inlined,
/// so the abstraction costs nothing at run time.
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
internal unsafe interface IFloatVector<TSelf>
    where TSelf : struct, IFloatVector<TSelf>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes zero.</summary>
    static abstract TSelf Zero { get; }

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Loads <see cref="Count"/> floats (no alignment needed).</summary>
    static abstract TSelf Load(float* source);

    /// <summary>
    /// A mask for <see cref="LoadMasked"/>: the first <paramref name="count"/> lanes (0 to
    /// <see cref="Count"/>) with every bit set, the others clear.
    /// </summary>
    static abstract TSelf FirstLanes(int count);

    /// <summary>
    /// Loads the lanes <paramref name="mask"/> sets (a <see cref="FirstLanes"/> mask) from
    /// <paramref name="source"/>, +0 in the others, reading no memory for them: a row's last
    /// partial vector, at the end of an array too.
    /// </summary>
    static abstract TSelf LoadMasked(float* source, TSelf mask);

    /// <summary>Stores <see cref="Count"/> floats (no alignment needed).</summary>
    static abstract void Store(TSelf value, float* destination);

    /// <summary>Lane-wise sum.</summary>
    static abstract TSelf Add(TSelf a, TSelf b);

    /// <summary>Lane-wise difference.</summary>
    static abstract TSelf Subtract(TSelf a, TSelf b);

    /// <summary>Lane-wise product.</summary>
    static abstract TSelf Multiply(TSelf a, TSelf b);

    /// <summary>Lane-wise quotient.</summary>
    static abstract TSelf Divide(TSelf a, TSelf b);

    /// <summary><c>a * b + c</c>, fused where the hardware can.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>
    /// Lane-wise maximum, the hardware's own (no IEEE NaN and signed-zero fix-ups, which cost
    /// a dozen instructions per call; samples and parameters are kept finite elsewhere).
    /// </summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>Lane-wise minimum, the hardware's own (see <see cref="Max"/>).</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>Lane-wise absolute value.</summary>
    static abstract TSelf Abs(TSelf a);

    /// <summary>Lane-wise square root.</summary>
    static abstract TSelf Sqrt(TSelf a);

    /// <summary>Lane-wise rounding to the nearest integer (ties to even).</summary>
    static abstract TSelf Round(TSelf a);

    /// <summary>
    /// Lane-wise <c>y * 2^n</c> for integral <paramref name="n"/> in [-126, 127], by building
    /// the power of two directly in the exponent bits.
    /// </summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf y, TSelf n);

    /// <summary>Per lane: <paramref name="a"/> &gt; <paramref name="b"/> ? <paramref name="ifTrue"/> : <paramref name="ifFalse"/>.</summary>
    static abstract TSelf SelectGreater(TSelf a, TSelf b, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Sum of all lanes.</summary>
    static abstract float Sum(TSelf a);

    /// <summary>
    /// Lane i of the result is the sum of the lanes of vector i, for the <see cref="Count"/>
    /// vectors stored one after another at <paramref name="vectors"/>: a transposing reduction
    /// that finishes <see cref="Count"/> dot products for little more than the cost of one.
    /// </summary>
    static abstract TSelf SumEach(float* vectors);
}
