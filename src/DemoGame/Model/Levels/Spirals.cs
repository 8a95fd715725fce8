using Engine.Neural;

namespace DemoGame.Model.Levels;

/// <summary>
/// The TensorFlow Playground's two spirals: a tomato arm and a grape arm wind out from the
/// centre, half a turn apart. Straight cuts need many pieces (and depth helps) to follow them.
/// </summary>
internal sealed class Spirals : Level
{
    /// <summary>Turns each arm makes from the centre to <see cref="MaxRadius"/>.</summary>
    public const double Turns = 1.5;

    /// <summary>Radius of the arms' outer ends.</summary>
    public const double MaxRadius = 0.95;

    /// <summary>Spread of a fruit around its arm (standard deviation in each coordinate).</summary>
    public const double Spread = 0.04;

    // Radians an arm turns per unit of radius: the tomato arm is at angle Winding r, the
    // grape arm half a turn further, so the two sit Pi / Winding apart along any ray.
    private const double Winding = Turns * 2 * Math.PI / MaxRadius;

    /// <inheritdoc/>
    public override string Name => "spirals";

    /// <inheritdoc/>
    public override string Title => "two spirals";

    /// <summary>Both arms get the same number of fruit: about 50 % grapes.</summary>
    public override (double Low, double High) GrapeShare => (0.42, 0.58);

    /// <summary>Grape when (x, y) is nearer (in angle, at its radius) to the grape arm than to the tomato arm.</summary>
    public override FruitKind Classify(double x, double y)
    {
        var radius = Math.Sqrt((x * x) + (y * y));
        var behind = Math.Atan2(y, x) - (Winding * radius);
        var offset = behind - (2 * Math.PI * Math.Floor(behind / (2 * Math.PI)));
        return offset is >= Math.PI / 2 and < 3 * Math.PI / 2 ? FruitKind.Grape : FruitKind.Tomato;
    }

    /// <summary>On one of the arms (chosen evenly), at a uniform radius, spread by <see cref="Spread"/>.</summary>
    public override (double X, double Y) Place(ref DeterministicRandom random)
    {
        var arm = random.NextInt(2);
        var radius = random.NextDouble(0.05, MaxRadius);
        var angle = (Winding * radius) + (arm * Math.PI);
        var x = (radius * Math.Cos(angle)) + (Spread * random.NextGaussian());
        var y = (radius * Math.Sin(angle)) + (Spread * random.NextGaussian());
        return (Math.Clamp(x, -1, 1), Math.Clamp(y, -1, 1));
    }
}
