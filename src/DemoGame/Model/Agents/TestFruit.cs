using DemoGame.Model.Levels;

namespace DemoGame.Model.Agents;

/// <summary>The held-out fruit every agent is measured on: positions as (x, y) pairs and kinds (1: grape), in the layout batch evaluators take.</summary>
internal sealed class TestFruit
{
    /// <summary>Lays out <paramref name="fruit"/>.</summary>
    public TestFruit(IReadOnlyList<Fruit> fruit)
    {
        ArgumentNullException.ThrowIfNull(fruit);
        Points = new float[fruit.Count * 2];
        Labels = new byte[fruit.Count];
        for (var i = 0; i < fruit.Count; i++)
        {
            Points[2 * i] = (float)fruit[i].X;
            Points[(2 * i) + 1] = (float)fruit[i].Y;
            Labels[i] = (byte)fruit[i].Label;
        }
    }

    /// <summary>(x, y) of each fruit.</summary>
    public float[] Points { get; }

    /// <summary>Each fruit's class: 0 tomato, 1 grape.</summary>
    public byte[] Labels { get; }
}
