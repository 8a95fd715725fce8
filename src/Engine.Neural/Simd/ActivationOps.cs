using System.Runtime.CompilerServices;

namespace Engine.Neural.Simd;

/// <summary>
/// One element-wise activation as a struct the JIT specialises loops over: its formula and its
/// derivative (from z, or from a = f(z) where that is cheaper), generic over the vector width.
/// </summary>
internal interface IActivationOp
{
    /// <summary><c>f(z)</c>.</summary>
    static abstract TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV>;

    /// <summary><c>f'(z)</c>, given z and a = f(z).</summary>
    static abstract TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV>;
}

/// <summary>Identity: <c>a = z</c>, <c>a' = 1</c>.</summary>
internal readonly struct IdentityOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.Broadcast(1f);
}

/// <summary>Sigmoid: <c>a' = a (1 - a)</c>.</summary>
internal readonly struct SigmoidOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => VectorMath.Sigmoid(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.Multiply(a, TV.Subtract(TV.Broadcast(1f), a));
}

/// <summary>Tanh: <c>a' = 1 - a^2</c>.</summary>
internal readonly struct TanhOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => VectorMath.Tanh(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.Subtract(TV.Broadcast(1f), TV.Multiply(a, a));
}

/// <summary>ReLU: derivative 1 for z &gt; 0, else 0.</summary>
internal readonly struct ReluOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.Max(z, TV.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.SelectGreater(z, TV.Zero, TV.Broadcast(1f), TV.Zero);
}

/// <summary>LeakyReLU: slope alpha below zero.</summary>
internal readonly struct LeakyReluOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.SelectGreater(z, TV.Zero, z, TV.Multiply(alpha, z));

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.SelectGreater(z, TV.Zero, TV.Broadcast(1f), alpha);
}

/// <summary>ELU: <c>alpha (e^z - 1)</c> below zero; there <c>a' = alpha e^z = a + alpha</c>.</summary>
internal readonly struct EluOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> =>
        TV.SelectGreater(z, TV.Zero, z, TV.Multiply(alpha, VectorMath.ExpMinusOne(TV.Min(z, TV.Zero))));

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.SelectGreater(z, TV.Zero, TV.Broadcast(1f), TV.Add(a, alpha));
}

/// <summary>The perceptron's step: forward only.</summary>
internal readonly struct StepOp : IActivationOp
{
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static TV Apply<TV>(TV z, TV alpha)
        where TV : struct, IFloatVector<TV> => TV.SelectGreater(z, TV.Zero, TV.Broadcast(1f), TV.Zero);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TV Derivative<TV>(TV z, TV a, TV alpha)
        where TV : struct, IFloatVector<TV> =>
        throw new InvalidOperationException("VectorMath: the Step activation has no derivative; it cannot be trained.");
}
