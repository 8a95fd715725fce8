namespace Engine.Neural;

/// <summary>A dense layer with its fan-in resolved: what a backend needs to run it.</summary>
/// <param name="Inputs">Fan-in: size of the previous layer (or of the input).</param>
/// <param name="Outputs">Number of neurons.</param>
/// <param name="Activation">The layer's activation.</param>
/// <param name="Alpha">The activation's parameter with defaults applied.</param>
public readonly record struct DenseLayerShape(int Inputs, int Outputs, Activation Activation, double Alpha)
{
    /// <summary>Number of weights, <c>Outputs x Inputs</c>.</summary>
    public int WeightCount => Outputs * Inputs;

    /// <summary>Weights plus biases.</summary>
    public int ParameterCount => (Outputs * Inputs) + Outputs;
}
