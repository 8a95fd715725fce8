using Engine.Neural;

namespace DemoGame.Model.Levels;

/// <summary>
/// One board of the fruit game: a rule that says which fruit is a grape, and where fruit lands.
/// The game, its test set and the console training all draw fruit through <see cref="Sample"/>,
/// so a level is defined in one place and every consumer sees the same data.
/// </summary>
internal abstract class Level
{
    /// <summary>Largest label noise a level accepts: at 0.5 a label is a coin flip.</summary>
    public const double MaxNoise = 0.5;

    // Label noise draws from its own stream, so the same seed puts fruit in the same places
    // whatever the noise (the tests compare the two) and noise 0 leaves old games unchanged.
    private const ulong NoiseStream = 0x4E015E;

    /// <summary>The short name the command line takes (<c>--level</c>).</summary>
    public abstract string Name { get; }

    /// <summary>What the player reads on screen.</summary>
    public abstract string Title { get; }

    /// <summary>The range the share of grapes in a large noise-free sample falls in.</summary>
    public abstract (double Low, double High) GrapeShare { get; }

    /// <summary>The level's rule: the true kind of a fruit at (x, y) on the board.</summary>
    public abstract FruitKind Classify(double x, double y);

    /// <summary>Where the next fruit lands; by default uniformly over the board.</summary>
    public virtual (double X, double Y) Place(ref DeterministicRandom random) =>
        (random.NextDouble(-1, 1), random.NextDouble(-1, 1));

    /// <summary>Draws one fruit: its place from <paramref name="places"/>, its label by the rule, flipped with probability <paramref name="noise"/> (drawn from <paramref name="flips"/>).</summary>
    public Fruit Sample(ref DeterministicRandom places, ref DeterministicRandom flips, double noise)
    {
        var (x, y) = Place(ref places);
        var kind = Classify(x, y);
        if (noise > 0 && flips.NextDouble() < noise)
        {
            kind = kind == FruitKind.Grape ? FruitKind.Tomato : FruitKind.Grape;
        }

        return new Fruit(x, y, kind);
    }

    /// <summary>Scatters <paramref name="count"/> fruit from a seed, labels flipped with probability <paramref name="noise"/> (0 to <see cref="MaxNoise"/>).</summary>
    public Fruit[] Scatter(int count, ulong seed, double noise = 0)
    {
        var places = new DeterministicRandom(seed);
        var flips = NoiseRandom(seed);
        var fruit = new Fruit[count];
        for (var i = 0; i < count; i++)
        {
            fruit[i] = Sample(ref places, ref flips, noise);
        }

        return fruit;
    }

    /// <summary>The stream label noise is drawn from for a game or scatter seeded with <paramref name="seed"/>.</summary>
    public static DeterministicRandom NoiseRandom(ulong seed) => DeterministicRandom.ForStream(seed, NoiseStream);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
