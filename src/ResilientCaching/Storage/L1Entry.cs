namespace ResilientCaching.Storage;

/// <summary>A value in the memory level with its timing. Immutable once stored.</summary>
internal sealed class L1Entry<T>(T value, EntryTimes times, long l1Expiry, int epoch, string[]? tags = null)
{
    public T Value { get; } = value;

    /// <summary>Gets the timing of the entry as written (shared with Redis).</summary>
    public EntryTimes Times { get; } = times;

    /// <summary>Gets when this memory copy stops being fresh (at most <see cref="EntryTimes.LogicalExpiry"/>).</summary>
    public long L1Expiry { get; } = l1Expiry;

    /// <summary>Gets the memory level's epoch when the entry was stored; an older epoch is never fresh.</summary>
    public int Epoch { get; } = epoch;

    /// <summary>Gets the entry's tags, or <see langword="null"/>.</summary>
    public string[]? Tags { get; } = tags;
}
