using System.Collections.Concurrent;

namespace ResilientCaching.Resilience;

/// <summary>
/// The keys written or removed in the last few seconds. After a failover they are invalidated on the new master:
/// Redis replication is asynchronous, so a write or removal the old master acknowledged just before failing may
/// never have reached the replica that was promoted — and a lost removal is a stale value that outlives its source.
/// </summary>
internal sealed class RecentWrites(TimeSpan window, int capacity, TimeProvider time)
{
    private readonly ConcurrentQueue<(string Key, long Timestamp)> _writes = new();
    private int _count;

    public void Record(string key)
    {
        _writes.Enqueue((key, time.GetTimestamp()));
        if (Interlocked.Increment(ref _count) > capacity && _writes.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }

        Trim();
    }

    /// <summary>The distinct keys written within the window.</summary>
    public IReadOnlyCollection<string> Snapshot()
    {
        Trim();
        return _writes.Select(w => w.Key).Distinct(StringComparer.Ordinal).ToList();
    }

    private void Trim()
    {
        while (_writes.TryPeek(out var oldest) && time.GetElapsedTime(oldest.Timestamp) > window && _writes.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
