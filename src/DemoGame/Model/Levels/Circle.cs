using Engine.Neural;

namespace DemoGame.Model.Levels;

/// <summary>
/// The TensorFlow Playground's circle: grapes in a disc in the middle, tomatoes around it.
/// Cuts can only approximate a round boundary; a ring without fruit between the two kinds
/// (the Playground leaves one too) lets a few cuts close it.
/// </summary>
internal sealed class Circle : Level
{
    /// <summary>The rule's radius: grapes inside, tomatoes outside.</summary>
    public const double Radius = 0.55;

    /// <summary>Half the width of the empty ring around the boundary.</summary>
    public const double Gap = 0.1;

    /// <inheritdoc/>
    public override string Name => "circle";

    /// <inheritdoc/>
    public override string Title => "the grape circle";

    /// <summary>
    /// Of the board with the ring taken out (4 - pi (0.65^2 - 0.45^2) = 3.309 square units), the
    /// disc of radius 0.45 is pi 0.45^2 = 0.636: about 19 % grapes.
    /// </summary>
    public override (double Low, double High) GrapeShare => (0.15, 0.22);

    /// <inheritdoc/>
    public override FruitKind Classify(double x, double y) => (x * x) + (y * y) < Radius * Radius ? FruitKind.Grape : FruitKind.Tomato;

    /// <summary>Uniform over the board outside the empty ring (rejection sampling).</summary>
    public override (double X, double Y) Place(ref DeterministicRandom random)
    {
        while (true)
        {
            var (x, y) = (random.NextDouble(-1, 1), random.NextDouble(-1, 1));
            if (Math.Abs(Math.Sqrt((x * x) + (y * y)) - Radius) >= Gap)
            {
                return (x, y);
            }
        }
    }
}
