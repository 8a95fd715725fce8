namespace Engine.Neural;

/// <summary>
/// One dense layer: how many neurons it has and which activation they apply.
/// </summary>
/// <param name="Size">Number of neurons (outputs) of the layer; at least 1.</param>
/// <param name="Activation">The activation every neuron of the layer applies.</param>
/// <param name="Alpha">
/// The activation's parameter: LeakyReLU's negative slope or ELU's scale. <c>null</c> takes the
/// default (0.01 for LeakyReLU, 1 for ELU); ignored by the other activations.
/// </param>
public readonly record struct LayerSpec(int Size, Activation Activation, double? Alpha = null)
{
    /// <summary>Default negative slope of <see cref="Activation.LeakyReLU"/>.</summary>
    public const double DefaultLeakySlope = 0.01;

    /// <summary>Default scale of <see cref="Activation.ELU"/>.</summary>
    public const double DefaultEluAlpha = 1.0;

    /// <summary>The activation's parameter with defaults applied (0 where it has none).</summary>
    public double EffectiveAlpha => Activation switch
    {
        Activation.LeakyReLU => Alpha ?? DefaultLeakySlope,
        Activation.ELU => Alpha ?? DefaultEluAlpha,
        _ => 0.0,
    };
}
