namespace ResilientCaching.Resilience;

/// <summary>
/// Keys whose removal (or overwrite) did not reach Redis, kept to be deleted there once Redis answers again, so no
/// stale value outlives an outage. A key is pending once however often it fails; a later successful write of the key
/// supersedes its pending deletion (Redis then holds the newest value). Bounded by distinct pending keys: beyond the
/// capacity the oldest pending key is dropped and counted. Many producers, one consumer (the replay loop); operations
/// are rare (only on failures), so one lock keeps producers and the consumer from removing each other's entries.
/// </summary>
internal sealed class InvalidationQueue(int capacity)
{
    private readonly Queue<(string Key, long Generation)> _entries = new();
    private readonly Dictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;
    private int _pendingCount;
    private long _dropped;

    /// <summary>Gets the number of keys waiting to be deleted in Redis.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Gets a value indicating whether Redis may still hold an outdated value for <paramref name="key"/>.</summary>
    public bool IsPending(string key)
    {
        if (Volatile.Read(ref _pendingCount) == 0)
        {
            return false;
        }

        lock (_gate)
        {
            return _pending.ContainsKey(key);
        }
    }

    /// <summary>Queues <paramref name="key"/> unless it is already pending; returns the pending key dropped to make room, if any.</summary>
    public string? Enqueue(string key)
    {
        lock (_gate)
        {
            if (_pending.ContainsKey(key))
            {
                return null;
            }

            var generation = ++_generation;
            _pending[key] = generation;
            _entries.Enqueue((key, generation));
            string? dropped = null;
            while (_pending.Count > capacity && _entries.TryDequeue(out var oldest))
            {
                if (IsCurrent(oldest))
                {
                    _pending.Remove(oldest.Key);
                    dropped = oldest.Key;
                    Interlocked.Increment(ref _dropped);
                }
            }

            TrimSuperseded();
            Volatile.Write(ref _pendingCount, _pending.Count);
            return dropped;
        }
    }

    /// <summary>A write of <paramref name="key"/> reached Redis: its pending deletion is no longer wanted.</summary>
    public void Supersede(string key)
    {
        lock (_gate)
        {
            if (_pending.Remove(key))
            {
                TrimSuperseded();
                Volatile.Write(ref _pendingCount, _pending.Count);
            }
        }
    }

    /// <summary>Gets the next key to delete, with the generation to hand back to <see cref="Complete"/>.</summary>
    public bool TryPeek(out string key, out long generation)
    {
        lock (_gate)
        {
            TrimSuperseded();
            if (_entries.TryPeek(out var head))
            {
                (key, generation) = head;
                return true;
            }

            key = null!;
            generation = 0;
            return false;
        }
    }

    /// <summary>The replay deleted the peeked entry in Redis: forget it, unless the key was queued again meanwhile.</summary>
    public void Complete(string key, long generation)
    {
        lock (_gate)
        {
            if (_entries.TryPeek(out var head) && head.Key == key && head.Generation == generation)
            {
                _entries.Dequeue();
                if (IsCurrent(head))
                {
                    _pending.Remove(key);
                }
            }

            TrimSuperseded();
            Volatile.Write(ref _pendingCount, _pending.Count);
        }
    }

    private bool IsCurrent((string Key, long Generation) entry)
        => _pending.TryGetValue(entry.Key, out var generation) && generation == entry.Generation;

    private void TrimSuperseded()
    {
        while (_entries.TryPeek(out var head) && !IsCurrent(head))
        {
            _entries.Dequeue();
        }
    }
}
