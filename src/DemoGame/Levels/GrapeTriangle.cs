using Engine.Neural;

namespace DemoGame.Levels;

/// <summary>
/// Seed 004's fruit game: grapes gather in a triangle in the middle of the board, tomatoes
/// lie all around. Three straight cuts (three hidden neurons) separate them; one cannot.
/// </summary>
internal static class GrapeTriangle
{
    // Vertices, counter-clockwise.
    private static readonly (double X, double Y)[] Vertices = [(-0.6, -0.5), (0.6, -0.5), (0.0, 0.6)];

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

    /// <summary>Scatters <paramref name="count"/> fruit uniformly over the board from a seed.</summary>
    public static Fruit[] Scatter(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var fruit = new Fruit[count];
        for (var i = 0; i < count; i++)
        {
            var x = random.NextDouble(-1, 1);
            var y = random.NextDouble(-1, 1);
            fruit[i] = new Fruit(x, y, Contains(x, y) ? FruitKind.Grape : FruitKind.Tomato);
        }

        return fruit;
    }
}
