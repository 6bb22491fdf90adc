namespace ResilientCaching.Caching;

/// <summary>
/// One miss in progress for a key. A write, removal or invalidation of the key while it runs supersedes it: its value
/// still answers the callers waiting on it, but is not stored, so a value read before the change never overwrites it.
/// </summary>
internal abstract class Flight(string[]? tags)
{
    private volatile bool _superseded;

    public bool IsSuperseded => _superseded;

    public abstract Task Task { get; }

    public void Supersede() => _superseded = true;

    public bool HasTag(string tag) => tags is not null && Array.IndexOf(tags, tag) >= 0;
}
