using Engine.Neural;

namespace AgentsLearnCuts;

/// <summary>
/// An entity's own task: a straight line through the unit square. A point is on the positive
/// side when <c>NormalX * x + NormalY * y &gt; Offset</c>.
/// </summary>
/// <param name="NormalX">Line normal, x part (unit length with <paramref name="NormalY"/>).</param>
/// <param name="NormalY">Line normal, y part.</param>
/// <param name="Offset">Signed distance of the line from the origin along the normal.</param>
public readonly record struct Cut(float NormalX, float NormalY, float Offset)
{
    /// <summary>
    /// A random cut through a point of the square's middle part, so that both sides keep a
    /// fair share of the square and the task is never trivial.
    /// </summary>
    public static Cut Random(ref DeterministicRandom random)
    {
        var angle = random.NextDouble(0, 2 * Math.PI);
        var px = random.NextDouble(0.25, 0.75);
        var py = random.NextDouble(0.25, 0.75);
        var nx = Math.Cos(angle);
        var ny = Math.Sin(angle);
        return new Cut((float)nx, (float)ny, (float)((nx * px) + (ny * py)));
    }

    /// <summary>1 on the positive side of the line, else 0: the label the brain learns.</summary>
    public float Side(float x, float y) => (NormalX * x) + (NormalY * y) > Offset ? 1f : 0f;
}
