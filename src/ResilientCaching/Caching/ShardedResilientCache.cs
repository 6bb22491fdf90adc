using ResilientCaching.Topology;

namespace ResilientCaching.Caching;

/// <summary>
/// Client-side sharding over independent Redis deployments (each standalone, replicated or Sentinel-managed): every
/// key belongs to one shard by rendezvous hashing, and each shard is a full <see cref="ResilientCache"/> with its own
/// connection, circuit, monitor and invalidation queue. A dead shard's keys fall back (memory, stale values, the
/// factory) on that shard alone; they are never rehashed onto the others, which carry on untouched.
/// </summary>
internal sealed class ShardedResilientCache : IResilientCache, IAsyncDisposable, IDisposable
{
    private readonly IReadOnlyList<ResilientCache> _shards;
    private readonly RendezvousHash _hash;

    public ShardedResilientCache(IReadOnlyList<ResilientCache> shards, IReadOnlyList<string> shardIds)
    {
        _shards = shards;
        _hash = new RendezvousHash(shardIds);
    }

    public IReadOnlyList<ResilientCache> Shards => _shards;

    public ResilientCache ShardFor(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _shards[_hash.Pick(key)];
    }

    public ValueTask<T> GetOrSetAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => ShardFor(key).GetOrSetAsync(key, factory, options, cancellationToken);

    public ValueTask<T> GetOrSetAsync<TState, T>(string key, TState state, Func<TState, CancellationToken, ValueTask<T>> factory, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => ShardFor(key).GetOrSetAsync(key, state, factory, options, cancellationToken);

    public ValueTask<CacheLookup<T>> TryGetAsync<T>(string key, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => ShardFor(key).TryGetAsync<T>(key, options, cancellationToken);

    public ValueTask<CacheWriteResult> SetAsync<T>(string key, T value, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => ShardFor(key).SetAsync(key, value, options, cancellationToken);

    public ValueTask<CacheWriteResult> RemoveAsync(string key, ResilientCacheEntryOptions? options = null, CancellationToken cancellationToken = default)
        => ShardFor(key).RemoveAsync(key, options, cancellationToken);

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Invalidates the tag on every shard (its entries may live on any of them).</summary>
    public async ValueTask<CacheWriteResult> RemoveByTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        var results = await Task.WhenAll(_shards.Select(s => s.RemoveByTagAsync(tag, cancellationToken).AsTask())).ConfigureAwait(false);
        return results.All(r => r.IsWrittenToRedis) ? results[0] : new CacheWriteResult(CacheWriteStatus.MemoryOnly);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync().ConfigureAwait(false);
        }
    }
}
