namespace DemoGame.Model.Levels;

/// <summary>Every level, in the order N cycles through them (the grape triangle and the TensorFlow Playground's boards).</summary>
internal static class LevelCatalog
{
    /// <summary>The levels in play order: one cut, three, two, a round one, and the hard one.</summary>
    public static IReadOnlyList<Level> All { get; } =
        [new StraightCut(), new GrapeTriangle(), new Xor(), new Circle(), new Spirals()];

    /// <summary>The level a game starts on: the grape triangle.</summary>
    public static Level Default => All[1];

    /// <summary>The level called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static Level? Find(string? name) =>
        All.FirstOrDefault(level => string.Equals(level.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The level after <paramref name="level"/>, wrapping around after the last.</summary>
    public static Level Next(Level level)
    {
        var index = -1;
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], level))
            {
                index = i;
            }
        }

        return All[(index + 1) % All.Count];
    }

    /// <summary>The names, for usage text and errors.</summary>
    public static string Names => string.Join(", ", All.Select(level => level.Name));
}
