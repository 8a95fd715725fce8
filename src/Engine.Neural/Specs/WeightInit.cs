namespace Engine.Neural;

/// <summary>How a brain's parameters are drawn when it is created (always from a seed).</summary>
public enum WeightInit
{
    /// <summary>Every weight and bias from a standard Gaussian N(0, 1).</summary>
    Gaussian,

    /// <summary>
    /// Xavier/Glorot uniform: weights from U(-r, r) with <c>r = sqrt(6 / (fanIn + fanOut))</c>,
    /// biases zero. A good default for sigmoid and tanh.
    /// </summary>
    Xavier,

    /// <summary>He normal: weights from N(0, 2 / fanIn), biases zero. A good default for ReLU.</summary>
    He,
}
