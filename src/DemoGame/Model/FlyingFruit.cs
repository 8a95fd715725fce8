using DemoGame.Model.Levels;

namespace DemoGame.Model;

/// <summary>A fruit in the air: thrown from below the board, it lands at (EndX, EndY) when <see cref="Age"/> reaches <see cref="Duration"/>.</summary>
internal struct FlyingFruit
{
    public float StartX;
    public float StartY;
    public float EndX;
    public float EndY;
    public float Apex;
    public float Age;
    public float Duration;
    public FruitKind Kind;

    /// <summary>How far along its flight the fruit is, 0 to 1.</summary>
    public readonly float Progress => Math.Clamp(Age / Duration, 0f, 1f);

    /// <summary>Where the fruit is now: straight across in x, a parabola in y (a throw).</summary>
    public readonly (float X, float Y) Position()
    {
        var t = Progress;
        var x = StartX + ((EndX - StartX) * t);
        var y = StartY + ((EndY - StartY) * t) + (4f * Apex * t * (1f - t));
        return (x, y);
    }
}
