using System.Runtime.CompilerServices;

namespace Engine.Neural.Simd;

/// <summary>
/// Activations and their derivatives over float buffers, generic over the vector width.
/// Buffers whose length is not a multiple of the width finish through a padded copy, so
/// every element goes through the one vector formula (no separate scalar code to drift).
/// </summary>
internal static unsafe class VectorMath
{
    // Below this |x|, e^x - 1 uses a series: exp(x) - 1 loses relative precision there to
    // cancellation.
    private const float Expm1SeriesLimit = 0.5f;

    /// <summary><paramref name="a"/>[i] = activation(<paramref name="z"/>[i]) for i &lt; n (element-wise activations).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate<TV>(Activation activation, float alpha, float* z, float* a, int n)
        where TV : struct, IFloatVector<TV>
    {
        // One switch per call, then a loop specialised for the activation: a switch per
        // vector kept the JIT from inlining the formula and cost more than ReLU itself.
        switch (activation)
        {
            case Activation.Identity:
                if (z != a)
                {
                    new ReadOnlySpan<float>(z, n).CopyTo(new Span<float>(a, n));
                }

                break;
            case Activation.Sigmoid:
                Map<TV, SigmoidOp>(alpha, z, a, n);
                break;
            case Activation.Tanh:
                Map<TV, TanhOp>(alpha, z, a, n);
                break;
            case Activation.ReLU:
                Map<TV, ReluOp>(alpha, z, a, n);
                break;
            case Activation.LeakyReLU:
                Map<TV, LeakyReluOp>(alpha, z, a, n);
                break;
            case Activation.ELU:
                Map<TV, EluOp>(alpha, z, a, n);
                break;
            case Activation.Step:
                Map<TV, StepOp>(alpha, z, a, n);
                break;
            default:
                throw new InvalidOperationException($"VectorMath: {activation} is not element-wise.");
        }
    }

    /// <summary>
    /// <paramref name="delta"/>[i] *= activation'(z[i]) for i &lt; n, using whichever of the
    /// weighted input <paramref name="z"/> or the activation <paramref name="a"/> is cheaper.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByDerivative<TV>(Activation activation, float alpha, float* z, float* a, float* delta, int n)
        where TV : struct, IFloatVector<TV>
    {
        switch (activation)
        {
            case Activation.Identity:
                return;
            case Activation.Sigmoid:
                Scale<TV, SigmoidOp>(alpha, z, a, delta, n);
                break;
            case Activation.Tanh:
                Scale<TV, TanhOp>(alpha, z, a, delta, n);
                break;
            case Activation.ReLU:
                Scale<TV, ReluOp>(alpha, z, a, delta, n);
                break;
            case Activation.LeakyReLU:
                Scale<TV, LeakyReluOp>(alpha, z, a, delta, n);
                break;
            case Activation.ELU:
                Scale<TV, EluOp>(alpha, z, a, delta, n);
                break;
            default:
                throw new InvalidOperationException($"VectorMath: {activation} has no derivative here.");
        }
    }

    private static void Map<TV, TOp>(float alpha, float* z, float* a, int n)
        where TV : struct, IFloatVector<TV>
        where TOp : struct, IActivationOp
    {
        var alphaV = TV.Broadcast(alpha);
        var i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV.Store(TOp.Apply(TV.Load(z + i), alphaV), a + i);
        }

        if (i < n)
        {
            // The tail goes through the same formula on a zero-padded copy.
            var tmp = stackalloc float[TV.Count];
            new Span<float>(tmp, TV.Count).Clear();
            new ReadOnlySpan<float>(z + i, n - i).CopyTo(new Span<float>(tmp, TV.Count));
            TV.Store(TOp.Apply(TV.Load(tmp), alphaV), tmp);
            new ReadOnlySpan<float>(tmp, n - i).CopyTo(new Span<float>(a + i, n - i));
        }
    }

    private static void Scale<TV, TOp>(float alpha, float* z, float* a, float* delta, int n)
        where TV : struct, IFloatVector<TV>
        where TOp : struct, IActivationOp
    {
        var alphaV = TV.Broadcast(alpha);
        var i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV.Store(TV.Multiply(TV.Load(delta + i), TOp.Derivative(TV.Load(z + i), TV.Load(a + i), alphaV)), delta + i);
        }

        if (i < n)
        {
            var tmp = stackalloc float[3 * TV.Count];
            new Span<float>(tmp, 3 * TV.Count).Clear();
            var rest = n - i;
            new ReadOnlySpan<float>(z + i, rest).CopyTo(new Span<float>(tmp, rest));
            new ReadOnlySpan<float>(a + i, rest).CopyTo(new Span<float>(tmp + TV.Count, rest));
            new ReadOnlySpan<float>(delta + i, rest).CopyTo(new Span<float>(tmp + (2 * TV.Count), rest));
            var d = TV.Multiply(TV.Load(tmp + (2 * TV.Count)), TOp.Derivative(TV.Load(tmp), TV.Load(tmp + TV.Count), alphaV));
            TV.Store(d, tmp);
            new ReadOnlySpan<float>(tmp, rest).CopyTo(new Span<float>(delta + i, rest));
        }
    }

    /// <summary>
    /// <c>e^x</c> in float: Cody-Waite reduction <c>x = n ln 2 + r</c>, |r| &lt;= ln 2 / 2, then
    /// Cephes' degree-7 polynomial for <c>e^r</c> (about 1 ulp), scaled by <c>2^n</c> in the
    /// exponent bits. Inputs are clamped to [-87, 80]: e^-87 is still a normal float, and
    /// e^80 is large enough that 1 + e^80 and its reciprocal behave as infinity and zero for
    /// every activation here, while 1 / (1 + e^80) stays normal too (denormals are slow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Exp<TV>(TV x)
        where TV : struct, IFloatVector<TV>
    {
        x = TV.Min(TV.Max(x, TV.Broadcast(-87f)), TV.Broadcast(80f));
        var n = TV.Round(TV.Multiply(x, TV.Broadcast(1.44269504088896341f)));
        var r = TV.MultiplyAdd(n, TV.Broadcast(-0.693359375f), x);
        r = TV.MultiplyAdd(n, TV.Broadcast(2.12194440e-4f), r);
        var p = TV.MultiplyAdd(TV.Broadcast(1.9875691500e-4f), r, TV.Broadcast(1.3981999507e-3f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(8.3334519073e-3f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(4.1665795894e-2f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(1.6666665459e-1f));
        p = TV.MultiplyAdd(p, r, TV.Broadcast(5.0000001201e-1f));
        var y = TV.Add(TV.MultiplyAdd(p, TV.Multiply(r, r), r), TV.Broadcast(1f));
        return TV.ScaleByPowerOfTwo(y, n);
    }

    /// <summary>
    /// <see cref="Exp{TV}"/> of one float, computed as one lane (<see cref="Vec32"/>): the bits
    /// of any lane at any width. The scalar softmaxes use it rather than <c>MathF.Exp</c>, which
    /// is the C runtime's and may round differently on another operating system.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float ExpOfOne(float x)
    {
        float e;
        Vec32.Store(Exp(Vec32.Broadcast(x)), &e);
        return e;
    }

    /// <summary><c>1 / (1 + e^-z)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Sigmoid<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var one = TV.Broadcast(1f);
        return TV.Divide(one, TV.Add(one, Exp(TV.Subtract(TV.Zero, z))));
    }

    /// <summary>
    /// tanh as one rational function <c>x P(x^2) / Q(x^2)</c> (degrees 13 and 6) on
    /// [-7.9, 7.9], where float's tanh has already rounded to +-1: the minimax form the Eigen
    /// library uses. About 18 vector operations and no exp; relative error within 4e-7 over
    /// the whole line (VectorMathAccuracyTests), exactly +-1 beyond 9, and no cancellation
    /// near zero, where it tends to x.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Tanh<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var x = TV.Min(TV.Max(z, TV.Broadcast(-7.90531110763549805f)), TV.Broadcast(7.90531110763549805f));
        var x2 = TV.Multiply(x, x);
        var p = TV.MultiplyAdd(x2, TV.Broadcast(-2.76076847742355e-16f), TV.Broadcast(2.00018790482477e-13f));
        p = TV.MultiplyAdd(x2, p, TV.Broadcast(-8.60467152213735e-11f));
        p = TV.MultiplyAdd(x2, p, TV.Broadcast(5.12229709037114e-08f));
        p = TV.MultiplyAdd(x2, p, TV.Broadcast(1.48572235717979e-05f));
        p = TV.MultiplyAdd(x2, p, TV.Broadcast(6.37261928875436e-04f));
        p = TV.MultiplyAdd(x2, p, TV.Broadcast(4.89352455891786e-03f));
        p = TV.Multiply(x, p);
        var q = TV.MultiplyAdd(x2, TV.Broadcast(1.19825839466702e-06f), TV.Broadcast(1.18534705686654e-04f));
        q = TV.MultiplyAdd(x2, q, TV.Broadcast(2.26843463243900e-03f));
        q = TV.MultiplyAdd(x2, q, TV.Broadcast(4.89352518554385e-03f));
        var one = TV.Broadcast(1f);

        // Beyond 9, 1 - tanh is below half an ulp of 1: float's tanh is exactly +-1 there.
        return TV.SelectGreater(TV.Abs(z), TV.Broadcast(9f), TV.SelectGreater(z, TV.Zero, one, TV.Subtract(TV.Zero, one)), TV.Divide(p, q));
    }

    /// <summary><c>e^z - 1</c> for z &lt;= 0, accurate near zero (Taylor series to z^8 there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV ExpMinusOne<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var far = TV.Subtract(Exp(z), TV.Broadcast(1f));

        // Horner form of z + z^2/2! + ... + z^8/8!.
        var p = TV.Broadcast(1f / 40320f);
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f / 5040f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f / 720f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f / 120f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f / 24f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f / 6f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(0.5f));
        p = TV.MultiplyAdd(p, z, TV.Broadcast(1f));
        var near = TV.Multiply(p, z);
        return TV.SelectGreater(TV.Abs(z), TV.Broadcast(Expm1SeriesLimit), far, near);
    }
}
