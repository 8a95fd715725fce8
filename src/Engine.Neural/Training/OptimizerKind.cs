namespace Engine.Neural;

/// <summary>The rule that turns a gradient into a parameter update.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent, <c>p = p - eta g</c>.</summary>
    Sgd,

    /// <summary>Heavy-ball momentum: <c>v = mu v + g; p = p - eta v</c>.</summary>
    Momentum,

    /// <summary>
    /// Adam: <c>m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
    /// p = p - eta m^ / (sqrt(v^) + eps)</c> with bias-corrected <c>m^, v^</c>.
    /// </summary>
    Adam,
}
