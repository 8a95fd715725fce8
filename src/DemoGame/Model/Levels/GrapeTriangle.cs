namespace DemoGame.Model.Levels;

/// <summary>
/// Seed 004's fruit game: grapes gather in a triangle in the middle of the board, tomatoes
/// lie all around. Three straight cuts (three hidden neurons) separate them; one cannot.
/// </summary>
internal sealed class GrapeTriangle : Level
{
    // Vertices, counter-clockwise.
    private static readonly (double X, double Y)[] Vertices = [(-0.6, -0.5), (0.6, -0.5), (0.0, 0.6)];

    /// <inheritdoc/>
    public override string Name => "triangle";

    /// <inheritdoc/>
    public override string Title => "the grape triangle";

    /// <summary>The triangle covers 0.66 of the board's 4 square units: about 16.5 % grapes.</summary>
    public override (double Low, double High) GrapeShare => (0.12, 0.21);

    /// <summary>True when (x, y) lies inside the triangle (a grape's place).</summary>
    public static bool Contains(double x, double y)
    {
        for (var i = 0; i < 3; i++)
        {
            var (ax, ay) = Vertices[i];
            var (bx, by) = Vertices[(i + 1) % 3];
            // Counter-clockwise vertices: inside means left of every edge.
            if (((bx - ax) * (y - ay)) - ((by - ay) * (x - ax)) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override FruitKind Classify(double x, double y) => Contains(x, y) ? FruitKind.Grape : FruitKind.Tomato;
}
