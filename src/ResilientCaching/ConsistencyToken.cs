using System.Globalization;

namespace ResilientCaching;

/// <summary>
/// A read-your-writes token: the master's replication offset right after a write. A read given it is served only by
/// a node whose replication offset has reached it (a replica that has the write, or the master).
/// </summary>
/// <remarks>Offsets are comparable within one replication history; after a failover a token may send reads to the master until replicas pass it.</remarks>
public readonly struct ConsistencyToken : IEquatable<ConsistencyToken>, IComparable<ConsistencyToken>
{
    private const string Prefix = "o";

    /// <summary>Initializes a new instance of the <see cref="ConsistencyToken"/> struct.</summary>
    /// <param name="offset">The master replication offset; not negative.</param>
    public ConsistencyToken(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Offset = offset;
    }

    /// <summary>Gets the master replication offset the write reached.</summary>
    public long Offset { get; }

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(ConsistencyToken left, ConsistencyToken right) => left.Equals(right);

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when different.</returns>
    public static bool operator !=(ConsistencyToken left, ConsistencyToken right) => !left.Equals(right);

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is older.</returns>
    public static bool operator <(ConsistencyToken left, ConsistencyToken right) => left.Offset < right.Offset;

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is newer.</returns>
    public static bool operator >(ConsistencyToken left, ConsistencyToken right) => left.Offset > right.Offset;

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is not newer.</returns>
    public static bool operator <=(ConsistencyToken left, ConsistencyToken right) => left.Offset <= right.Offset;

    /// <summary>Compares two tokens.</summary>
    /// <param name="left">The first token.</param>
    /// <param name="right">The second token.</param>
    /// <returns><see langword="true"/> when <paramref name="left"/> is not older.</returns>
    public static bool operator >=(ConsistencyToken left, ConsistencyToken right) => left.Offset >= right.Offset;

    /// <summary>Returns the newer of two optional tokens.</summary>
    /// <param name="left">A token or <see langword="null"/>.</param>
    /// <param name="right">A token or <see langword="null"/>.</param>
    /// <returns>The newer token, or <see langword="null"/> when both are.</returns>
    public static ConsistencyToken? Max(ConsistencyToken? left, ConsistencyToken? right)
        => left is null ? right : right is null ? left : left.Value >= right.Value ? left : right;

    /// <summary>Parses the text form (<c>o123</c>) produced by <see cref="ToString"/>, e.g. from a header or cookie.</summary>
    /// <param name="text">The text.</param>
    /// <param name="token">The token.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a valid token.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out ConsistencyToken token)
    {
        token = default;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)
            || !long.TryParse(text[Prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return false;
        }

        token = new ConsistencyToken(offset);
        return true;
    }

    /// <inheritdoc/>
    public int CompareTo(ConsistencyToken other) => Offset.CompareTo(other.Offset);

    /// <inheritdoc/>
    public bool Equals(ConsistencyToken other) => Offset == other.Offset;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is ConsistencyToken other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => Offset.GetHashCode();

    /// <summary>Returns the text form, <c>o</c> followed by the offset.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Prefix + Offset.ToString(CultureInfo.InvariantCulture);
}
