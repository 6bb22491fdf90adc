using System.Collections.Concurrent;

namespace ResilientCaching.Resilience;

/// <summary>
/// Keys whose removal (or overwrite) did not reach Redis, kept to be deleted there once Redis answers again, so no
/// stale value outlives an outage. A later successful write of the same key supersedes its pending deletion (Redis then
/// holds the newest value). Bounded: beyond the capacity the oldest entry is dropped and counted.
/// Many producers, one consumer (the replay loop).
/// </summary>
internal sealed class InvalidationQueue(int capacity)
{
    private readonly ConcurrentQueue<(string Key, long Generation)> _entries = new();
    private readonly ConcurrentDictionary<string, long> _latest = new(StringComparer.Ordinal);
    private long _generation;
    private int _count;
    private long _dropped;

    /// <summary>Gets the number of keys waiting to be deleted in Redis (superseded and re-queued entries not counted).</summary>
    public int Count => _latest.Count;

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="key"/>; returns the key dropped to make room, if any.</summary>
    public string? Enqueue(string key)
    {
        var generation = Interlocked.Increment(ref _generation);
        _latest[key] = generation;
        _entries.Enqueue((key, generation));
        if (Interlocked.Increment(ref _count) <= capacity || !_entries.TryDequeue(out var oldest))
        {
            return null;
        }

        Interlocked.Decrement(ref _count);
        _latest.TryRemove(new KeyValuePair<string, long>(oldest.Key, oldest.Generation));
        Interlocked.Increment(ref _dropped);
        return oldest.Key;
    }

    /// <summary>A write of <paramref name="key"/> reached Redis: its pending deletion is no longer wanted.</summary>
    public void Supersede(string key)
    {
        if (!_latest.IsEmpty)
        {
            _latest.TryRemove(key, out _);
        }
    }

    /// <summary>Gets the next key to delete, skipping entries superseded by a later write or a later queueing of the same key.</summary>
    public bool TryPeek(out string key)
    {
        while (_entries.TryPeek(out var head))
        {
            if (_latest.TryGetValue(head.Key, out var generation) && generation == head.Generation)
            {
                key = head.Key;
                return true;
            }

            Complete();
        }

        key = null!;
        return false;
    }

    /// <summary>Removes the head after it was replayed (the single consumer peeked it).</summary>
    public void Complete()
    {
        if (_entries.TryDequeue(out var head))
        {
            Interlocked.Decrement(ref _count);
            _latest.TryRemove(new KeyValuePair<string, long>(head.Key, head.Generation));
        }
    }
}
