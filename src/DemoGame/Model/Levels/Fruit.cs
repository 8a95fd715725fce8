namespace DemoGame.Model.Levels;

/// <summary>The two kinds of fruit on the board.</summary>
internal enum FruitKind
{
    /// <summary>A cherry tomato: label 0.</summary>
    Tomato = 0,

    /// <summary>A grape: label 1.</summary>
    Grape = 1,
}

/// <summary>A fruit that has landed on the board, at (X, Y) in [-1, 1]^2.</summary>
internal readonly record struct Fruit(double X, double Y, FruitKind Kind)
{
    /// <summary>The training target: 1 for a grape, 0 for a tomato.</summary>
    public double Label => Kind == FruitKind.Grape ? 1.0 : 0.0;
}
