namespace ResilientCaching.Storage;

/// <summary>A decoded Redis entry, or nothing (missing, unavailable or corrupt).</summary>
internal readonly struct L2Read<T>(T value, EntryTimes times)
{
    public bool Found { get; } = true;

    public T Value { get; } = value;

    public EntryTimes Times { get; } = times;
}
