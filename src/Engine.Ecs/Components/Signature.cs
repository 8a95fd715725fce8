using System.Numerics;

namespace Engine.Ecs;

/// <summary>
/// A set of component ids as a bitset: what an archetype stores, or what a query asks for.
/// Immutable; two signatures with the same ids are equal, so signatures key dictionaries.
/// </summary>
public readonly struct Signature : IEquatable<Signature>
{
    // Trailing zero words are trimmed, so equal sets always have equal arrays.
    private readonly ulong[]? _words;
    private readonly int _hash;

    private Signature(ulong[]? words)
    {
        var length = words?.Length ?? 0;
        while (length > 0 && words![length - 1] == 0)
        {
            length--;
        }

        _words = length == 0 ? null : length == words!.Length ? words : words[..length];
        var hash = new HashCode();
        for (var i = 0; i < length; i++)
        {
            hash.Add(_words![i]);
        }

        // Zero for the empty set, to match default(Signature).
        _hash = length == 0 ? 0 : hash.ToHashCode();
    }

    /// <summary>The empty set.</summary>
    public static Signature Empty => default;

    /// <summary>Whether the set has no ids.</summary>
    public bool IsEmpty => _words is null;

    /// <summary>Number of ids in the set.</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in Words)
            {
                count += BitOperations.PopCount(word);
            }

            return count;
        }
    }

    private ReadOnlySpan<ulong> Words => _words;

    /// <summary>Whether two signatures hold the same ids.</summary>
    public static bool operator ==(Signature left, Signature right) => left.Equals(right);

    /// <summary>Whether two signatures hold different ids.</summary>
    public static bool operator !=(Signature left, Signature right) => !left.Equals(right);

    /// <summary>The set of the given component ids (duplicates count once).</summary>
    public static Signature Of(params ReadOnlySpan<int> ids)
    {
        var result = Empty;
        foreach (var id in ids)
        {
            result = result.With(id);
        }

        return result;
    }

    /// <summary>Whether <paramref name="id"/> is in the set.</summary>
    public bool Has(int id)
    {
        var word = id >> 6;
        return word < Words.Length && (Words[word] & (1UL << (id & 63))) != 0;
    }

    /// <summary>This set plus <paramref name="id"/>.</summary>
    public Signature With(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        var words = new ulong[Math.Max(Words.Length, (id >> 6) + 1)];
        Words.CopyTo(words);
        words[id >> 6] |= 1UL << (id & 63);
        return new Signature(words);
    }

    /// <summary>This set without <paramref name="id"/>.</summary>
    public Signature Without(int id)
    {
        if (!Has(id))
        {
            return this;
        }

        var words = Words.ToArray();
        words[id >> 6] &= ~(1UL << (id & 63));
        return new Signature(words);
    }

    /// <summary>The ids in either set.</summary>
    public Signature Union(Signature other)
    {
        var (longer, shorter) = Words.Length >= other.Words.Length ? (this, other) : (other, this);
        if (shorter.IsEmpty)
        {
            return longer;
        }

        var words = longer.Words.ToArray();
        for (var i = 0; i < shorter.Words.Length; i++)
        {
            words[i] |= shorter.Words[i];
        }

        return new Signature(words);
    }

    /// <summary>Whether every id of <paramref name="other"/> is in this set.</summary>
    public bool ContainsAll(Signature other)
    {
        var mine = Words;
        var theirs = other.Words;
        if (theirs.Length > mine.Length)
        {
            return false;
        }

        for (var i = 0; i < theirs.Length; i++)
        {
            if ((mine[i] & theirs[i]) != theirs[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the two sets share at least one id.</summary>
    public bool Intersects(Signature other)
    {
        var mine = Words;
        var theirs = other.Words;
        var length = Math.Min(mine.Length, theirs.Length);
        for (var i = 0; i < length; i++)
        {
            if ((mine[i] & theirs[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The ids in the set, ascending.</summary>
    public int[] ToIds()
    {
        var ids = new int[Count];
        var next = 0;
        for (var w = 0; w < Words.Length; w++)
        {
            var word = Words[w];
            while (word != 0)
            {
                ids[next++] = (w << 6) + BitOperations.TrailingZeroCount(word);
                word &= word - 1;
            }
        }

        return ids;
    }

    /// <summary>Whether both signatures hold the same ids.</summary>
    public bool Equals(Signature other) => _hash == other._hash && Words.SequenceEqual(other.Words);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Signature other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _hash;

    /// <inheritdoc />
    public override string ToString() => $"Signature[{string.Join(", ", ToIds())}]";
}
