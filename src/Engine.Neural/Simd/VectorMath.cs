using System.Runtime.CompilerServices;

namespace Engine.Neural.Simd;

/// <summary>
/// Activations and their derivatives over float buffers, generic over the vector width.
/// Buffers whose length is not a multiple of the width finish through a padded copy, so
/// every element goes through the one vector formula (no separate scalar code to drift).
/// </summary>
internal static unsafe class VectorMath
{
    // Below this |x|, tanh and e^x - 1 use a series: the exp-based forms lose relative
    // precision there to cancellation (1 - 2/(e^2x + 1) for x near 0).
    private const float TanhSeriesLimit = 0.625f;
    private const float Expm1SeriesLimit = 0.5f;

    /// <summary><paramref name="a"/>[i] = activation(<paramref name="z"/>[i]) for i &lt; n (element-wise activations).</summary>
    public static void Activate<TV>(Activation activation, float alpha, float* z, float* a, int n)
        where TV : struct, IFloatVector<TV>
    {
        var i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV.Store(Activate(activation, alpha, TV.Load(z + i)), a + i);
        }

        if (i < n)
        {
            var tmp = stackalloc float[TV.Count];
            new Span<float>(tmp, TV.Count).Clear();
            new ReadOnlySpan<float>(z + i, n - i).CopyTo(new Span<float>(tmp, TV.Count));
            TV.Store(Activate(activation, alpha, TV.Load(tmp)), tmp);
            new ReadOnlySpan<float>(tmp, n - i).CopyTo(new Span<float>(a + i, n - i));
        }
    }

    /// <summary>
    /// <paramref name="delta"/>[i] *= activation'(z[i]) for i &lt; n, using whichever of the
    /// weighted input <paramref name="z"/> or the activation <paramref name="a"/> is cheaper.
    /// </summary>
    public static void MultiplyByDerivative<TV>(Activation activation, float alpha, float* z, float* a, float* delta, int n)
        where TV : struct, IFloatVector<TV>
    {
        if (activation == Activation.Identity)
        {
            return;
        }

        var i = 0;
        for (; i <= n - TV.Count; i += TV.Count)
        {
            TV.Store(TV.Multiply(TV.Load(delta + i), Derivative(activation, alpha, TV.Load(z + i), TV.Load(a + i))), delta + i);
        }

        if (i < n)
        {
            var tmp = stackalloc float[3 * TV.Count];
            new Span<float>(tmp, 3 * TV.Count).Clear();
            var rest = n - i;
            new ReadOnlySpan<float>(z + i, rest).CopyTo(new Span<float>(tmp, rest));
            new ReadOnlySpan<float>(a + i, rest).CopyTo(new Span<float>(tmp + TV.Count, rest));
            new ReadOnlySpan<float>(delta + i, rest).CopyTo(new Span<float>(tmp + (2 * TV.Count), rest));
            var d = TV.Multiply(TV.Load(tmp + (2 * TV.Count)), Derivative(activation, alpha, TV.Load(tmp), TV.Load(tmp + TV.Count)));
            TV.Store(d, tmp);
            new ReadOnlySpan<float>(tmp, rest).CopyTo(new Span<float>(delta + i, rest));
        }
    }

    /// <summary>One vector of an element-wise activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Activate<TV>(Activation activation, float alpha, TV z)
        where TV : struct, IFloatVector<TV> => activation switch
        {
            Activation.Identity => z,
            Activation.Sigmoid => Sigmoid(z),
            Activation.Tanh => Tanh(z),
            Activation.ReLU => TV.Max(z, TV.Zero),
            Activation.LeakyReLU => TV.SelectGreater(z, TV.Zero, z, TV.Multiply(TV.Broadcast(alpha), z)),
            Activation.ELU => TV.SelectGreater(z, TV.Zero, z, TV.Multiply(TV.Broadcast(alpha), ExpMinusOne(TV.Min(z, TV.Zero)))),
            Activation.Step => TV.SelectGreater(z, TV.Zero, TV.Broadcast(1f), TV.Zero),
            _ => throw new InvalidOperationException($"VectorMath: {activation} is not element-wise."),
        };

    /// <summary>One vector of an activation's derivative, from z and a = activation(z).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV>(Activation activation, float alpha, TV z, TV a)
        where TV : struct, IFloatVector<TV>
    {
        var one = TV.Broadcast(1f);
        return activation switch
        {
            Activation.Identity => one,
            Activation.Sigmoid => TV.Multiply(a, TV.Subtract(one, a)),
            Activation.Tanh => TV.Subtract(one, TV.Multiply(a, a)),
            Activation.ReLU => TV.SelectGreater(z, TV.Zero, one, TV.Zero),
            Activation.LeakyReLU => TV.SelectGreater(z, TV.Zero, one, TV.Broadcast(alpha)),

            // alpha e^z = alpha (e^z - 1) + alpha = a + alpha for z <= 0.
            Activation.ELU => TV.SelectGreater(z, TV.Zero, one, TV.Add(a, TV.Broadcast(alpha))),
            _ => throw new InvalidOperationException($"VectorMath: {activation} has no derivative here."),
        };
    }

    /// <summary><c>1 / (1 + e^-z)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var one = TV.Broadcast(1f);
        return TV.Divide(one, TV.Add(one, TV.Exp(TV.Subtract(TV.Zero, z))));
    }

    /// <summary>
    /// tanh: an odd series near zero (the coefficients of Cephes' tanhf), and
    /// <c>sign(z) (1 - 2 / (e^{2|z|} + 1))</c> elsewhere, which saturates cleanly to +-1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var x = TV.Abs(z);
        var one = TV.Broadcast(1f);
        var far = TV.Subtract(one, TV.Divide(TV.Broadcast(2f), TV.Add(TV.Exp(TV.Add(x, x)), one)));
        far = TV.SelectGreater(z, TV.Zero, far, TV.Subtract(TV.Zero, far));

        var s = TV.Multiply(z, z);
        var p = TV.MultiplyAdd(TV.Broadcast(-5.70498872745e-3f), s, TV.Broadcast(2.06390887954e-2f));
        p = TV.MultiplyAdd(p, s, TV.Broadcast(-5.37397155531e-2f));
        p = TV.MultiplyAdd(p, s, TV.Broadcast(1.33314422036e-1f));
        p = TV.MultiplyAdd(p, s, TV.Broadcast(-3.33332819422e-1f));
        var near = TV.MultiplyAdd(TV.Multiply(p, s), z, z);
        return TV.SelectGreater(x, TV.Broadcast(TanhSeriesLimit), far, near);
    }

    /// <summary><c>e^z - 1</c> for z &lt;= 0, accurate near zero (Taylor series to z^8 there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpMinusOne<TV>(TV z)
        where TV : struct, IFloatVector<TV>
    {
        var far = TV.Subtract(TV.Exp(z), TV.Broadcast(1f));

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
