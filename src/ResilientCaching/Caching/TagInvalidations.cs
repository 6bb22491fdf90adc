using System.Collections.Concurrent;

namespace ResilientCaching.Caching;

/// <summary>
/// When each tag was last invalidated (Unix ms). An entry carrying a tag is invalid when it was created at or before
/// that moment — checked on every read, in memory, so a read stays one Redis round trip. Shared through Redis (a hash,
/// loaded on connect and reconnect) and pub/sub (for instances already running). Assumes app clocks are in sync
/// (NTP), as HybridCache's tag invalidation does.
/// </summary>
internal sealed class TagInvalidations
{
    private readonly ConcurrentDictionary<string, long> _invalidatedAt = new(StringComparer.Ordinal);

    public bool IsEmpty => _invalidatedAt.IsEmpty;

    public void Invalidate(string tag, long at) => _invalidatedAt.AddOrUpdate(tag, at, (_, current) => Math.Max(current, at));

    public bool IsInvalidated(string[]? tags, long createdAt)
    {
        if (tags is null || _invalidatedAt.IsEmpty)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (_invalidatedAt.TryGetValue(tag, out var at) && at >= createdAt)
            {
                return true;
            }
        }

        return false;
    }
}
