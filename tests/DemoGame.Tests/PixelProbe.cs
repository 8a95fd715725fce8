namespace DemoGame.Tests;

/// <summary>Reads colours out of a top-down RGBA frame.</summary>
internal static class PixelProbe
{
    public static (int R, int G, int B) At(byte[] rgba, int width, int x, int y)
    {
        var i = ((y * width) + x) * 4;
        return (rgba[i], rgba[i + 1], rgba[i + 2]);
    }

    // Ratios rather than differences: a fruit's shadow darkens the board but keeps its hue.
    public static bool IsGrapePurple((int R, int G, int B) c) => c.B > c.R * 1.05 && c.B > c.G * 1.2;

    public static bool IsTomatoRed((int R, int G, int B) c) => c.R > c.G * 1.4 && c.R > c.B * 1.4;

    /// <summary>Share of pixels in a (2r+1)² patch around (x, y) that pass <paramref name="test"/>.</summary>
    public static double Share(byte[] rgba, int width, float x, float y, int r, Func<(int R, int G, int B), bool> test)
    {
        var hits = 0;
        for (var dy = -r; dy <= r; dy++)
        {
            for (var dx = -r; dx <= r; dx++)
            {
                hits += test(At(rgba, width, (int)x + dx, (int)y + dy)) ? 1 : 0;
            }
        }

        return hits / (double)((2 * r) + 1) / ((2 * r) + 1);
    }
}
