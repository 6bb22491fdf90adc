using System.Collections.Concurrent;

namespace ResilientCaching.Resilience;

/// <summary>
/// Keys whose removal (or overwrite) did not reach Redis, kept to be deleted there once Redis answers again, so no
/// stale value outlives an outage. Bounded: beyond the capacity the oldest key is dropped and counted.
/// Many producers, one consumer (the replay loop).
/// </summary>
internal sealed class InvalidationQueue(int capacity)
{
    private readonly ConcurrentQueue<string> _keys = new();
    private int _count;
    private long _dropped;

    public int Count => Volatile.Read(ref _count);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="key"/>; returns the key dropped to make room, if any.</summary>
    public string? Enqueue(string key)
    {
        _keys.Enqueue(key);
        if (Interlocked.Increment(ref _count) <= capacity || !_keys.TryDequeue(out var oldest))
        {
            return null;
        }

        Interlocked.Decrement(ref _count);
        Interlocked.Increment(ref _dropped);
        return oldest;
    }

    public bool TryPeek(out string key) => _keys.TryPeek(out key!);

    /// <summary>Removes the head after it was replayed (the single consumer peeked it).</summary>
    public void Complete()
    {
        if (_keys.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
