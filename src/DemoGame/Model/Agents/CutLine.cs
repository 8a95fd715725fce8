namespace DemoGame.Model.Agents;

/// <summary>
/// One first-hidden-layer neuron seen as a blade: the line <c>W1 x + W2 y + B = 0</c> on the
/// board, its positive side where the neuron fires.
/// </summary>
internal readonly record struct CutLine(float W1, float W2, float B)
{
    /// <summary>Which side of the cut (x, y) lies on: positive where the neuron fires.</summary>
    public float Side(float x, float y) => (W1 * x) + (W2 * y) + B;

    /// <summary>
    /// Where the line crosses the board [-1, 1]²: false when it misses the board (or the
    /// neuron has no direction at all), else the two endpoints on the board's edge.
    /// </summary>
    public bool TryClipToBoard(out (float X, float Y) start, out (float X, float Y) end)
    {
        start = end = default;
        var length = MathF.Sqrt((W1 * W1) + (W2 * W2));
        if (length < 1e-6f)
        {
            return false;
        }

        // Parametrise the line as p = p0 + t d: p0 its point nearest the origin, d along it.
        var (nx, ny) = (W1 / length, W2 / length);
        var offset = -B / length;
        var (px, py) = (nx * offset, ny * offset);
        var (dx, dy) = (-ny, nx);
        var tMin = float.NegativeInfinity;
        var tMax = float.PositiveInfinity;
        if (!Slab(px, dx, ref tMin, ref tMax) || !Slab(py, dy, ref tMin, ref tMax) || tMax - tMin < 1e-6f)
        {
            return false;
        }

        start = (px + (tMin * dx), py + (tMin * dy));
        end = (px + (tMax * dx), py + (tMax * dy));
        return true;
    }

    // Narrows [tMin, tMax] to where p + t d stays within [-1, 1] on one axis.
    private static bool Slab(float p, float d, ref float tMin, ref float tMax)
    {
        if (MathF.Abs(d) < 1e-9f)
        {
            return p is >= -1f and <= 1f;
        }

        var t0 = (-1f - p) / d;
        var t1 = (1f - p) / d;
        tMin = MathF.Max(tMin, MathF.Min(t0, t1));
        tMax = MathF.Min(tMax, MathF.Max(t0, t1));
        return tMin <= tMax;
    }
}
