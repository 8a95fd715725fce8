using Engine.Neural.Simd;

namespace Engine.Neural.Tests.Simd;

/// <summary>SumEach (lane i = the sum of vector i) at every width, hardware path or not.</summary>
[TestFixture]
public sealed unsafe class SumEachTests
{
    [Test]
    public void Width128() => Check<Vec128>();

    [Test]
    public void Width256() => Check<Vec256>();

    [Test]
    public void Width512() => Check<Vec512>();

    private static void Check<TV>()
        where TV : struct, IFloatVector<TV>
    {
        var n = TV.Count;
        var random = new DeterministicRandom(17);
        for (var trial = 0; trial < 50; trial++)
        {
            var values = new float[n * n];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (float)random.NextDouble(-4, 4);
            }

            var sums = new float[n];
            fixed (float* v = values)
            fixed (float* s = sums)
            {
                TV.Store(TV.SumEach(v), s);
            }

            for (var lane = 0; lane < n; lane++)
            {
                var expected = 0.0;
                for (var k = 0; k < n; k++)
                {
                    expected += values[(lane * n) + k];
                }

                Assert.That(sums[lane], Is.EqualTo(expected).Within(1e-5), $"lane {lane} of {n}, trial {trial}");
            }
        }
    }
}
