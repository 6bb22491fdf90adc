namespace ResilientCaching.Caching;

/// <summary>The cache instances behind <see cref="IResilientCache"/>: one, or one per shard. For health checks and the topology view.</summary>
internal sealed class CacheShards(IReadOnlyList<ResilientCache> all, IResilientCache cache) : IAsyncDisposable, IDisposable
{
    public IReadOnlyList<ResilientCache> All { get; } = all;

    public IResilientCache Cache { get; } = cache;

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Cache is ShardedResilientCache sharded)
        {
            await sharded.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            foreach (var shard in All)
            {
                await shard.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
