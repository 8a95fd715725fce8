using DemoGame.Levels;

namespace DemoGame.Play;

/// <summary>A fruit lying on the board: a training sample of every agent.</summary>
internal readonly record struct LandedFruit(float X, float Y, FruitKind Kind, int Frame);
