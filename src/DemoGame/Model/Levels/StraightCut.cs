namespace DemoGame.Model.Levels;

/// <summary>
/// The linearly separable board: grapes above a slanted line, tomatoes below. One slash
/// (one hidden neuron, a logistic regression) does it.
/// </summary>
internal sealed class StraightCut : Level
{
    /// <summary>Slope of the line y = Slope x + Offset.</summary>
    public const double Slope = 0.4;

    /// <summary>Where the line crosses x = 0.</summary>
    public const double Offset = 0.1;

    /// <inheritdoc/>
    public override string Name => "line";

    /// <inheritdoc/>
    public override string Title => "one straight cut";

    /// <summary>Above the line lies 1.8 of the board's 4 square units: 45 % grapes.</summary>
    public override (double Low, double High) GrapeShare => (0.40, 0.50);

    /// <inheritdoc/>
    public override FruitKind Classify(double x, double y) => y > (Slope * x) + Offset ? FruitKind.Grape : FruitKind.Tomato;
}
