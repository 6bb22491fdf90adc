using System.Diagnostics;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Resilience;

/// <summary>The app starts with no Redis listening, works on memory and the factory, and uses Redis once it appears.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class StartupWithoutRedisTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Cache_works_without_Redis_and_starts_using_it_when_it_comes_up()
    {
        await redis.Node.KillAsync();

        var created = Stopwatch.StartNew();
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        var factory = new CountingFactory<Post>(n => new Post(n, "no redis", 0));
        var first = await cache.Cache.GetOrSetAsync("post:startup", factory.InvokeAsync);
        var second = await cache.Cache.GetOrSetAsync("post:startup", factory.InvokeAsync);
        created.Stop();

        Assert.Equal(first, second);
        Assert.Equal(1, factory.Calls);
        Assert.True(created.Elapsed < TimeSpan.FromSeconds(1), $"start-up and first calls took {created.Elapsed.TotalMilliseconds:F0} ms without Redis");
        Assert.Equal(CacheWriteStatus.MemoryOnly, (await cache.Cache.SetAsync("post:memory-only", new Post(9, "m", 0))).Status);

        await redis.Node.RestartAsync();

        await Eventually.TrueAsync(
            async () => (await cache.Cache.SetAsync("post:later", new Post(10, "later", 0))).IsWrittenToRedis,
            TimeSpan.FromSeconds(15),
            "the cache never started using Redis after it came up");

        // Writes that failed while Redis was down were queued as invalidations; once they are replayed, Redis keeps what is written.
        await Eventually.TrueAsync(() => cache.Cache.PendingInvalidations.Count == 0, TimeSpan.FromSeconds(5), "queued invalidations were never replayed");
        Assert.True((await cache.Cache.SetAsync("post:later", new Post(10, "later", 1))).IsWrittenToRedis);
        Assert.Equal(1, (await redis.Node.ExecuteAsync("EXISTS", "test:post:later")).AsInt64());
    }
}
