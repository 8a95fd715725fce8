namespace Engine.Ecs.Tests;

public class SignatureTests
{
    [Test]
    public void SetsWithTheSameIdsAreEqualWhateverTheirHistory()
    {
        var direct = Signature.Of(3, 70);
        var roundabout = Signature.Of(3, 70, 200).Without(200);

        Assert.That(roundabout, Is.EqualTo(direct));
        Assert.That(roundabout.GetHashCode(), Is.EqualTo(direct.GetHashCode()));
        Assert.That(Signature.Of(5).Without(5), Is.EqualTo(Signature.Empty));
    }

    [Test]
    public void MembershipAndCount()
    {
        var signature = Signature.Of(0, 63, 64, 64);

        Assert.That(signature.Count, Is.EqualTo(3));
        Assert.That(signature.Has(63), Is.True);
        Assert.That(signature.Has(65), Is.False);
        Assert.That(signature.Has(1000), Is.False);
        Assert.That(signature.ToIds(), Is.EqualTo(new[] { 0, 63, 64 }));
    }

    [Test]
    public void ContainsAllIntersectsAndUnion()
    {
        var big = Signature.Of(1, 2, 100);

        Assert.That(big.ContainsAll(Signature.Of(1, 100)), Is.True);
        Assert.That(big.ContainsAll(Signature.Of(1, 3)), Is.False);
        Assert.That(Signature.Of(1).ContainsAll(Signature.Of(1, 100)), Is.False);
        Assert.That(big.ContainsAll(Signature.Empty), Is.True);
        Assert.That(big.Intersects(Signature.Of(100, 300)), Is.True);
        Assert.That(big.Intersects(Signature.Of(3, 300)), Is.False);
        Assert.That(Signature.Of(1).Union(Signature.Of(130)), Is.EqualTo(Signature.Of(1, 130)));
    }
}
