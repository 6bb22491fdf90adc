namespace ResilientCaching.Storage;

/// <summary>A decoded Redis entry, or nothing (missing, unavailable or corrupt).</summary>
internal readonly struct L2Read<T>(T value, EntryTimes times, bool isStale = false, string[]? tags = null)
{
    public bool Found { get; } = true;

    public T Value { get; } = value;

    public EntryTimes Times { get; } = times;

    /// <summary>Gets a value indicating whether a replica served it past the lag bound because the master was unreachable.</summary>
    public bool IsStale { get; } = isStale;

    public string[]? Tags { get; } = tags;
}
