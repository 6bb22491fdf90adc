using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>Hit, miss and refill against a real redis-server, including data that vanished.</summary>
public sealed class CacheAsideTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Miss_calls_the_factory_once_then_memory_and_Redis_serve()
    {
        await using var first = TestCache.Create(redis.Node.ConnectionString);
        await first.WaitForRedisAsync();
        var factory = new CountingFactory<Post>(n => new Post(1, "hello", n));

        var a = await first.Cache.GetOrSetAsync("post:1", factory.InvokeAsync);
        var b = await first.Cache.GetOrSetAsync("post:1", factory.InvokeAsync);
        Assert.Equal(new Post(1, "hello", 1), a);
        Assert.Equal(a, b);
        Assert.Equal(1, factory.Calls);

        // A second instance has nothing in memory: Redis answers (the write-back runs in the background).
        await using var second = TestCache.Create(redis.Node.ConnectionString);
        await second.WaitForRedisAsync();
        await Eventually.TrueAsync(async () => (await second.Cache.TryGetAsync<Post>("post:1")).Level == CacheLevel.Redis, TimeSpan.FromSeconds(5), "the value never reached Redis");
        var c = await second.Cache.GetOrSetAsync("post:1", factory.InvokeAsync);
        Assert.Equal(a, c);
        Assert.Equal(1, factory.Calls);
    }

    [Fact]
    public async Task Flushall_makes_the_next_read_refill_from_the_factory_once()
    {
        await using var writer = TestCache.Create(redis.Node.ConnectionString);
        await writer.WaitForRedisAsync();
        await RedisReady.SetAsync(writer.Cache, "post:flush", new Post(2, "before", 0));

        await redis.Node.FlushAllAsync();

        await using var reader = TestCache.Create(redis.Node.ConnectionString);
        await reader.WaitForRedisAsync();
        var factory = new CountingFactory<Post>(_ => new Post(2, "refilled", 0));
        var value = await reader.Cache.GetOrSetAsync("post:flush", factory.InvokeAsync);
        var again = await reader.Cache.GetOrSetAsync("post:flush", factory.InvokeAsync);

        Assert.Equal("refilled", value.Title);
        Assert.Equal(value, again);
        Assert.Equal(1, factory.Calls);
        await Eventually.TrueAsync(async () => (await redis.Node.ExecuteAsync("EXISTS", "test:post:flush")).AsInt64() == 1, TimeSpan.FromSeconds(5), "the refilled value was never written back to Redis");
    }

    [Fact]
    public async Task Expired_entry_is_refilled_and_the_new_value_written_to_Redis()
    {
        var options = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMilliseconds(200));
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var factory = new CountingFactory<int>(n => n);

        Assert.Equal(1, await cache.Cache.GetOrSetAsync("counter:expiry", factory.InvokeAsync, options));
        await Task.Delay(300);
        Assert.Equal(2, await cache.Cache.GetOrSetAsync("counter:expiry", factory.InvokeAsync, options));
        Assert.Equal(2, factory.Calls);
    }

    [Fact]
    public async Task Set_then_TryGet_and_Remove_round_trip_through_Redis()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();

        var write = await cache.Cache.SetAsync("post:set", new Post(3, "set", 7));
        Assert.Equal(CacheWriteStatus.Written, write.Status);
        var hit = await cache.Cache.TryGetAsync<Post>("post:set");
        Assert.Equal(CacheLevel.Memory, hit.Level);
        Assert.Equal(7, hit.Value!.Likes);

        Assert.Equal(1, (await redis.Node.ExecuteAsync("EXISTS", "test:post:set")).AsInt64());
        var removed = await cache.Cache.RemoveAsync("post:set");
        Assert.True(removed.IsWrittenToRedis);
        Assert.Equal(0, (await redis.Node.ExecuteAsync("EXISTS", "test:post:set")).AsInt64());
        Assert.False((await cache.Cache.TryGetAsync<Post>("post:set")).HasValue);
    }

    [Fact]
    public async Task Redis_ttl_covers_the_fail_safe_window()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var options = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMinutes(1)).WithFailSafe(true, TimeSpan.FromMinutes(10));

        await cache.Cache.SetAsync("post:ttl", new Post(4, "ttl", 0), options);

        var ttl = (await redis.Node.ExecuteAsync("PTTL", "test:post:ttl")).AsInt64();
        Assert.InRange(ttl, TimeSpan.FromMinutes(9).TotalMilliseconds, TimeSpan.FromMinutes(10).TotalMilliseconds);
    }
}
