using Microsoft.Extensions.DependencyInjection;
using ResilientCaching.Caching;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>Client-side sharding over three independent real Redis nodes: one dies, only its keys fall back.</summary>
public sealed class ShardedTopologyTests(ShardsFixture redis) : IClassFixture<ShardsFixture>
{
    [Fact]
    public async Task A_dead_shard_falls_back_alone_and_is_used_again_when_it_returns()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddResilientRedisCache(o =>
        {
            foreach (var node in redis.Nodes)
            {
                o.Shards.Add(node.ConnectionString);
            }

            o.KeyPrefix = "shard:";
            o.CircuitBreaker.BreakDuration = TimeSpan.FromMilliseconds(500);
        });
        await using var provider = services.BuildServiceProvider();
        var cache = Assert.IsType<ShardedResilientCache>(provider.GetRequiredService<IResilientCache>());
        var keys = Enumerable.Range(0, 90).Select(i => $"post:{i}").ToList();
        foreach (var shard in cache.Shards)
        {
            await Eventually.TrueAsync(async () => (await shard.SetAsync("probe", 1)).IsWrittenToRedis, TimeSpan.FromSeconds(10), "a shard never connected");
        }

        foreach (var key in keys)
        {
            await RedisReady.SetAsync(cache, key, key);
        }

        // Every key lives on exactly one node, and every node has some.
        var perNode = await Task.WhenAll(redis.Nodes.Select(async n => (await n.ExecuteAsync("KEYS", "shard:post:*")).Elements.Count));
        Assert.Equal(keys.Count, perNode.Sum());
        Assert.All(perNode, count => Assert.InRange(count, 10, 60));

        var dead = redis.Nodes[1];
        var deadShard = cache.Shards.Single(s => s.RedisEndPoints == dead.EndPoint);
        await dead.KillAsync();
        try
        {
            await using var fresh = CreateFresh(provider);
            foreach (var live in fresh.Shards.Where(s => s.RedisEndPoints != dead.EndPoint))
            {
                await Eventually.TrueAsync(() => live.IsRedisAvailable, TimeSpan.FromSeconds(10), "a live shard never connected");
            }

            foreach (var key in keys)
            {
                var onDeadShard = ReferenceEquals(cache.ShardFor(key), deadShard);
                var lookup = await fresh.TryGetAsync<string>(key);
                if (onDeadShard)
                {
                    // Nothing in this fresh instance's memory, its shard is down: a miss, answered by the factory, never another shard.
                    Assert.False(lookup.HasValue);
                    Assert.Equal("factory", await fresh.GetOrSetAsync(key, _ => new ValueTask<string>("factory")));
                }
                else
                {
                    Assert.Equal(CacheLevel.Redis, lookup.Level);
                    Assert.Equal(key, lookup.Value);
                }

                // The instance that wrote them still serves every key from memory.
                Assert.Equal(key, (await cache.TryGetAsync<string>(key)).Value);
            }

            // No key was moved onto a surviving shard.
            var survivors = await Task.WhenAll(redis.Nodes.Where(n => n != dead).Select(async n => (await n.ExecuteAsync("KEYS", "shard:post:*")).Elements.Count));
            Assert.Equal(keys.Count - perNode[1], survivors.Sum());
        }
        finally
        {
            await dead.RestartAsync();
        }

        var back = keys.First(k => ReferenceEquals(cache.ShardFor(k), deadShard));
        await Eventually.TrueAsync(async () => (await cache.SetAsync(back, "again")).IsWrittenToRedis, TimeSpan.FromSeconds(15), "the restarted shard was never used again");

        // Writes that failed while the shard was down were queued as invalidations; once replayed, the shard keeps new writes.
        await Eventually.TrueAsync(() => deadShard.PendingInvalidations.Count == 0, TimeSpan.FromSeconds(10), "queued invalidations were never replayed");
        Assert.True((await cache.SetAsync(back, "again")).IsWrittenToRedis);
        Assert.True((await dead.ExecuteAsync("GET", "shard:" + back)).Bytes.Length > 0, "the write never reached the restarted shard");
    }

    [Fact]
    public void Shards_and_Configuration_together_are_rejected_by_name()
    {
        var services = new ServiceCollection();
        services.AddResilientRedisCache(o =>
        {
            o.Configuration = "127.0.0.1:1";
            o.Shards.Add("127.0.0.1:2");
            o.Shards.Add(" ");
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<IResilientCache>());
        Assert.Contains("ResilientCacheOptions.Shards and ResilientCacheOptions.Configuration are both set", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ResilientCacheOptions.Shards[1] is empty", ex.Message, StringComparison.Ordinal);
    }

    private ShardedResilientCache CreateFresh(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ResilientCacheOptions>>().Value;
        var shards = redis.Nodes.Select(n => new ResilientCache(options.ForShard(n.ConnectionString))).ToList();
        return new ShardedResilientCache(shards, [.. shards.Select(s => s.RedisEndPoints)]);
    }
}
