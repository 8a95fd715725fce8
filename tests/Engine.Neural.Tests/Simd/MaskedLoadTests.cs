using Engine.Neural.Simd;

namespace Engine.Neural.Tests.Simd;

/// <summary>
/// Every width's <c>LoadMasked</c> with a <c>FirstLanes</c> mask loads exactly the first lanes
/// and +0 in the rest (the kernels' partial last vectors rely on that +0: times an input of -0
/// it makes the product -0, which leaves a sum as it is), as its portable form does.
/// </summary>
[TestFixture]
public sealed unsafe class MaskedLoadTests
{
    [Test]
    public void Vec128LoadsTheFirstLanes() => AssertLoads<Vec128>();

    [Test]
    public void Vec256LoadsTheFirstLanes() => AssertLoads<Vec256>();

    [Test]
    public void Vec512LoadsTheFirstLanes() => AssertLoads<Vec512>();

    private static void AssertLoads<TV>()
        where TV : struct, IFloatVector<TV>
    {
        var lanes = TV.Count;
        var source = stackalloc float[lanes];
        var mask = stackalloc float[lanes];
        var actual = stackalloc float[lanes];
        var portable = stackalloc float[lanes];
        for (var i = 0; i < lanes; i++)
        {
            source[i] = -1.5f - i;
        }

        for (var count = 0; count <= lanes; count++)
        {
            var first = TV.FirstLanes(count);
            TV.Store(TV.LoadMasked(source, first), actual);
            TV.Store(first, mask);
            LaneMasks.CopyMasked(source, mask, portable, lanes);
            for (var i = 0; i < lanes; i++)
            {
                var expected = i < count ? BitConverter.SingleToInt32Bits(source[i]) : 0;
                Assert.That(BitConverter.SingleToInt32Bits(actual[i]), Is.EqualTo(expected), $"lane {i} of {lanes} with the first {count} loaded");
                Assert.That(BitConverter.SingleToInt32Bits(portable[i]), Is.EqualTo(expected), $"lane {i} of {lanes} with the first {count} copied (the portable form)");
            }
        }
    }
}
