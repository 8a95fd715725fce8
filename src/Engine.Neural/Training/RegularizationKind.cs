namespace Engine.Neural;

/// <summary>
/// A penalty on the weights (never the biases) added to the batch's mean loss.
/// </summary>
public enum RegularizationKind
{
    /// <summary>No penalty.</summary>
    None,

    /// <summary><c>lambda sum |w|</c>; adds <c>lambda sign(w)</c> to each weight's gradient.</summary>
    L1,

    /// <summary><c>lambda/2 sum w^2</c>; adds <c>lambda w</c> to each weight's gradient (weight decay).</summary>
    L2,
}
