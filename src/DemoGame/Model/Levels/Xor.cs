using Engine.Neural;

namespace DemoGame.Model.Levels;

/// <summary>
/// The TensorFlow Playground's XOR: grapes in the top-right and bottom-left quarters, tomatoes
/// in the other two. No single cut separates them; two (the axes) do.
/// </summary>
internal sealed class Xor : Level
{
    /// <summary>No fruit lands closer than this to either axis, as in the Playground (its "padding").</summary>
    public const double Gap = 0.05;

    /// <inheritdoc/>
    public override string Name => "xor";

    /// <inheritdoc/>
    public override string Title => "XOR: opposite quarters";

    /// <summary>Two of four equal quarters: 50 % grapes.</summary>
    public override (double Low, double High) GrapeShare => (0.45, 0.55);

    /// <inheritdoc/>
    public override FruitKind Classify(double x, double y) => x * y > 0 ? FruitKind.Grape : FruitKind.Tomato;

    /// <summary>Uniform over the board but off the axes: a fruit exactly on a cut is neither kind.</summary>
    public override (double X, double Y) Place(ref DeterministicRandom random) =>
        (Away(random.NextDouble(-1, 1)), Away(random.NextDouble(-1, 1)));

    // Squeezes [-1, 1] into [-1, -Gap] and [Gap, 1], keeping the density uniform on each side.
    private static double Away(double u) => Math.CopySign(Gap + (Math.Abs(u) * (1 - Gap)), u);
}
