namespace ResilientCaching.Storage;

/// <summary>When an entry was created, stops being fresh, and stops being servable even as stale; Unix milliseconds.</summary>
internal readonly record struct EntryTimes(long CreatedAt, long LogicalExpiry, long FailSafeExpiry)
{
    public bool IsFresh(long now) => now < LogicalExpiry;

    public bool IsServableStale(long now) => now < FailSafeExpiry;

    public static EntryTimes For(long now, ResilientCacheEntryOptions options)
    {
        var logical = now + (long)options.Duration.TotalMilliseconds;
        var failSafe = options.IsFailSafeEnabled ? now + (long)options.FailSafeMaxDuration.TotalMilliseconds : logical;
        return new EntryTimes(now, logical, Math.Max(failSafe, logical));
    }
}
