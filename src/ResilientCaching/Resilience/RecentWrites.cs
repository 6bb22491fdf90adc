using System.Collections.Concurrent;

namespace ResilientCaching.Resilience;

/// <summary>
/// The keys written or removed in the last few seconds. When the master's connection fails and after a failover they
/// are invalidated on the (new) master: Redis replication is asynchronous, so a write or removal the old master
/// acknowledged just before failing may never have reached the replica that is promoted — and a lost removal is a
/// stale value that outlives its source. For the same reason a replica serving reads while the master is down is not
/// asked for them (<see cref="Contains"/>).
/// </summary>
internal sealed class RecentWrites(TimeSpan window, int capacity, TimeProvider time)
{
    private readonly ConcurrentQueue<(string Key, long Timestamp)> _writes = new();
    private readonly ConcurrentDictionary<string, long> _latest = new(StringComparer.Ordinal);
    private int _count;

    public void Record(string key)
    {
        var now = time.GetTimestamp();
        _latest[key] = now;
        _writes.Enqueue((key, now));
        if (Interlocked.Increment(ref _count) > capacity && _writes.TryDequeue(out var dropped))
        {
            Interlocked.Decrement(ref _count);
            Forget(dropped);
        }

        Trim();
    }

    /// <summary>Gets a value indicating whether <paramref name="key"/> was written or removed within the window.</summary>
    public bool Contains(string key) => _latest.TryGetValue(key, out var at) && time.GetElapsedTime(at) <= window;

    /// <summary>The distinct keys written within the window (once trimmed, every key whose last write is in it).</summary>
    public IReadOnlyCollection<string> Snapshot()
    {
        Trim();
        return [.. _latest.Keys];
    }

    private void Trim()
    {
        while (_writes.TryPeek(out var oldest) && time.GetElapsedTime(oldest.Timestamp) > window && _writes.TryDequeue(out var expired))
        {
            Interlocked.Decrement(ref _count);
            Forget(expired);
        }
    }

    /// <summary>Drops the key's entry unless a later write of it has replaced it.</summary>
    private void Forget((string Key, long Timestamp) write) => _latest.TryRemove(new KeyValuePair<string, long>(write.Key, write.Timestamp));
}
