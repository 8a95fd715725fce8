using DemoGame.Model.Levels;

namespace DemoGame.Model;

/// <summary>A fruit lying on the board: a training sample of every agent.</summary>
internal readonly record struct LandedFruit(float X, float Y, FruitKind Kind, int Frame);
