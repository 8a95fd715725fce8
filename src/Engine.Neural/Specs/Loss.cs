namespace Engine.Neural;

/// <summary>
/// The cost of one sample; a batch's cost is the mean over its samples.
/// </summary>
public enum Loss
{
    /// <summary>Quadratic cost <c>C = 1/2 ||y - a||^2</c>. Works with any output activation.</summary>
    Quadratic,

    /// <summary>
    /// Binary cross-entropy <c>C = -sum_j [y_j ln a_j + (1 - y_j) ln(1 - a_j)]</c>;
    /// requires <see cref="Activation.Sigmoid"/> outputs, for which the output error is
    /// simply <c>a - y</c>.
    /// </summary>
    BinaryCrossEntropy,

    /// <summary>
    /// Softmax cross-entropy <c>C = -sum_j y_j ln a_j</c>; requires a
    /// <see cref="Activation.Softmax"/> output layer, for which the output error is <c>a - y</c>.
    /// </summary>
    SoftmaxCrossEntropy,
}
