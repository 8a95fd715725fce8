using Engine.Neural.Simd;

namespace Engine.Neural.Tests.Simd;

/// <summary>
/// Every width's <c>FoldGroups</c> (its hardware shuffles where the CPU has them) gives exactly
/// what <see cref="LaneGroups.Fold"/> defines, for every group size: the portable form is what a
/// CPU without those shuffles runs, and the kernels' output order is worked out from it.
/// </summary>
[TestFixture]
public sealed unsafe class FoldGroupsTests
{
    [TestCase(2)]
    [TestCase(4)]
    public void Vec128FoldsAsDefined(int groupSize) => AssertFolds<Vec128>(groupSize);

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    public void Vec256FoldsAsDefined(int groupSize) => AssertFolds<Vec256>(groupSize);

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(8)]
    [TestCase(16)]
    public void Vec512FoldsAsDefined(int groupSize) => AssertFolds<Vec512>(groupSize);

    [Test]
    public void AFoldKeepsEveryGroupSum()
    {
        // Independently of the lane order: folding twice-halved groups of 16 lanes in 16-lane
        // vectors must leave each group's total somewhere in the result's groups of 8.
        var a = Enumerable.Range(0, 16).Select(i => (float)(i + 1)).ToArray();
        var b = Enumerable.Range(0, 16).Select(i => (float)(100 * (i + 1))).ToArray();
        var result = new float[16];
        fixed (float* pa = a, pb = b, pr = result)
        {
            LaneGroups.Fold(pa, pb, pr, 16, 16);
        }

        Assert.That(result.Take(8).Sum() + result.Skip(8).Sum(), Is.EqualTo(a.Sum() + b.Sum()));
        Assert.That(result.Take(8).Sum(), Is.EqualTo(a.Sum()), "a's group first");
    }

    private static void AssertFolds<TV>(int groupSize)
        where TV : struct, IFloatVector<TV>
    {
        var lanes = TV.Count;
        var a = stackalloc float[lanes];
        var b = stackalloc float[lanes];
        var expected = stackalloc float[lanes];
        var actual = stackalloc float[lanes];
        for (var i = 0; i < lanes; i++)
        {
            // Distinct powers-of-two-free values: any misplaced lane changes some sum.
            a[i] = 1 + (i * 3.25f);
            b[i] = -7 + (i * 17.5f);
        }

        LaneGroups.Fold(a, b, expected, lanes, groupSize);
        TV.Store(TV.FoldGroups(TV.Load(a), TV.Load(b), groupSize), actual);
        for (var i = 0; i < lanes; i++)
        {
            Assert.That(actual[i], Is.EqualTo(expected[i]), $"lane {i} of a {lanes}-lane fold of {groupSize}-lane groups");
        }
    }
}
