namespace DemoGame.Model.Harvest;

/// <summary>The body of a Harvest agent: where it is, where it heads, what it has eaten.</summary>
internal struct Forager
{
    /// <summary>Position on the board, [-1, 1]² (the board wraps at its edges).</summary>
    public float X;

    /// <summary>Position, y.</summary>
    public float Y;

    /// <summary>Heading in radians, counter-clockwise from +x.</summary>
    public float Heading;

    /// <summary>Turn rate of the last frame, radians a frame (what the brain chose).</summary>
    public float Turn;

    /// <summary>Grapes eaten.</summary>
    public int Grapes;

    /// <summary>Tomatoes eaten.</summary>
    public int Tomatoes;

    /// <summary>False for the untrained agents kept beside the learners for comparison.</summary>
    public bool Learns;
}
