namespace Engine.Neural.Reference;

/// <summary>What one forward pass computed: every layer's weighted input and activation.</summary>
/// <param name="WeightedInputs"><c>z^l</c> for l = 1..L (index 0 is the first dense layer).</param>
/// <param name="Activations"><c>a^l</c> for l = 0..L: index 0 is the input, the last is the output.</param>
public sealed record class ReferenceTrace(double[][] WeightedInputs, double[][] Activations)
{
    /// <summary>The network's output, <c>a^L</c>.</summary>
    public double[] Output => Activations[^1];
}
