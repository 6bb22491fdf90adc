using Microsoft.Extensions.Caching.Memory;

namespace ResilientCaching.Storage;

/// <summary>
/// L1: this process's memory. Entries stay physically until their fail-safe expiry so they can be served stale;
/// freshness is decided here, on the cache's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class MemoryLevel : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly Caching.TagInvalidations _tags;
    private readonly MemoryClock _clock;
    private int _epoch;

    public MemoryLevel(long sizeLimit, Caching.TagInvalidations tags, TimeProvider time)
    {
        _tags = tags;
        _clock = new MemoryClock(time);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit, CompactionPercentage = 0.1, Clock = _clock });
    }

    public long Count => _cache.Count;

    /// <summary>
    /// Gets a fresh value; allocation-free. Freshness is judged on the <see cref="MemoryClock"/> (never earlier than the
    /// true time), against an expiry computed on the exact clock when the entry was stored.
    /// </summary>
    public bool TryGetFresh<T>(string key, out T value)
    {
        if (_cache.TryGetValue(key, out var boxed) && boxed is L1Entry<T> entry && _clock.UnixMilliseconds < entry.L1Expiry && entry.Epoch == Volatile.Read(ref _epoch)
            && (entry.Tags is null || !_tags.IsInvalidated(entry.Tags, entry.Times.CreatedAt)))
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Gets the entry whatever its freshness, for fail-safe; never one a tag invalidation removed.</summary>
    public L1Entry<T>? TryGetEntry<T>(string key)
        => _cache.TryGetValue(key, out var boxed) && boxed is L1Entry<T> entry && !_tags.IsInvalidated(entry.Tags, entry.Times.CreatedAt) ? entry : null;

    public void Set<T>(string key, T value, EntryTimes times, long now, TimeSpan? l1Duration, string[]? tags = null)
    {
        var l1Expiry = l1Duration is { } d ? Math.Min(times.LogicalExpiry, now + (long)d.TotalMilliseconds) : times.LogicalExpiry;
        SetCore(key, new L1Entry<T>(value, times, l1Expiry, Volatile.Read(ref _epoch), tags), times.FailSafeExpiry - now);
    }

    /// <summary>Stores a stale value as fresh in memory for a short while (fail-safe throttling).</summary>
    public void SetThrottled<T>(string key, L1Entry<T> stale, long now, TimeSpan throttle)
    {
        var until = now + (long)throttle.TotalMilliseconds;
        var times = stale.Times with { FailSafeExpiry = Math.Max(stale.Times.FailSafeExpiry, until) };
        SetCore(key, new L1Entry<T>(stale.Value, times, until, Volatile.Read(ref _epoch), stale.Tags), times.FailSafeExpiry - now);
    }

    public void Remove(string key) => _cache.Remove(key);

    /// <summary>Makes every current entry stale (still servable by fail-safe) after invalidation messages may have been missed.</summary>
    public void ExpireAll() => Interlocked.Increment(ref _epoch);

    public void Dispose() => _cache.Dispose();

    private void SetCore(string key, object entry, long keepMilliseconds)
    {
        if (keepMilliseconds <= 0)
        {
            _cache.Remove(key);
            return;
        }

        using var cacheEntry = _cache.CreateEntry(key);
        cacheEntry.Value = entry;
        cacheEntry.Size = 1;
        cacheEntry.AbsoluteExpirationRelativeToNow = TimeSpan.FromMilliseconds(keepMilliseconds);
    }
}
