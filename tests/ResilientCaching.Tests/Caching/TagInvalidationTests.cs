using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>RemoveByTagAsync invalidates every tagged entry in every level and every app instance, against real Redis.</summary>
public sealed class TagInvalidationTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    private static readonly ResilientCacheEntryOptions s_popular = ResilientCacheEntryOptions.Default.WithTags("popular", "posts");

    [Fact]
    public async Task Remove_by_tag_invalidates_tagged_entries_on_every_instance_and_level()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await using var b = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        await a.Cache.SetAsync("tag:1", "one", s_popular);
        await a.Cache.SetAsync("tag:2", "two", ResilientCacheEntryOptions.Default.WithTags("posts"));
        await a.Cache.SetAsync("tag:untagged", "three");
        Assert.Equal("one", (await b.Cache.TryGetAsync<string>("tag:1")).Value);
        await Eventually.TrueAsync(
            async () => (await b.Cache.TryGetAsync<string>("tag:1")).Level == CacheLevel.Memory,
            TimeSpan.FromSeconds(1),
            "the other instance never kept a memory copy");

        var result = await a.Cache.RemoveByTagAsync("popular");

        Assert.True(result.IsWrittenToRedis);
        Assert.False((await a.Cache.TryGetAsync<string>("tag:1")).HasValue);
        await Eventually.TrueAsync(async () => !(await b.Cache.TryGetAsync<string>("tag:1")).HasValue, TimeSpan.FromSeconds(1), "the other instance kept the tagged entry");
        Assert.Equal("two", (await b.Cache.TryGetAsync<string>("tag:2")).Value);
        Assert.Equal("three", (await b.Cache.TryGetAsync<string>("tag:untagged")).Value);

        // An instance started afterwards learns the invalidation from Redis, and a read is still one GET.
        await using var late = TestCache.Create(redis.Node.ConnectionString);
        await late.WaitForRedisAsync();
        await Eventually.TrueAsync(async () => !(await late.Cache.TryGetAsync<string>("tag:1")).HasValue, TimeSpan.FromSeconds(2), "a new instance served an invalidated entry");

        // The factory refills; entries written after the invalidation are valid (millisecond resolution: an entry
        // created in the same millisecond as the invalidation counts as invalidated, the safe side).
        await Task.Delay(5);
        var calls = 0;
        Assert.Equal("refilled", await a.Cache.GetOrSetAsync("tag:1", _ => { calls++; return new ValueTask<string>("refilled"); }, s_popular));
        Assert.Equal("refilled", await a.Cache.GetOrSetAsync("tag:1", _ => { calls++; return new ValueTask<string>("again"); }, s_popular));
        Assert.Equal(1, calls);
        await Eventually.TrueAsync(async () => (await b.Cache.TryGetAsync<string>("tag:1")).Value == "refilled", TimeSpan.FromSeconds(2), "the other instance never read the refilled entry");
    }

    [Fact]
    public async Task A_tag_invalidation_made_while_Redis_is_paused_reaches_other_instances_after_resume()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await using var b = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        var options = ResilientCacheEntryOptions.Default.WithTags("outage");
        await a.Cache.SetAsync("tag:outage", "old", options);
        Assert.Equal("old", (await b.Cache.TryGetAsync<string>("tag:outage")).Value);

        await redis.Node.PauseAsync();
        CacheWriteResult result;
        try
        {
            result = await a.Cache.RemoveByTagAsync("outage");
            Assert.False((await a.Cache.TryGetAsync<string>("tag:outage")).HasValue);
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }

        Assert.Equal(CacheWriteStatus.MemoryOnly, result.Status);
        await Eventually.TrueAsync(async () => !(await b.Cache.TryGetAsync<string>("tag:outage")).HasValue, TimeSpan.FromSeconds(10), "the replayed tag invalidation never reached the other instance");
    }

    [Fact]
    public async Task Byte_arrays_are_stored_raw_and_round_trip_exactly()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();

        await cache.Cache.SetAsync("bytes:raw", bytes);
        var stored = (await redis.Node.ExecuteAsync("GET", "test:bytes:raw")).Bytes;
        await using var other = TestCache.Create(redis.Node.ConnectionString);
        await other.WaitForRedisAsync();
        var read = await other.Cache.TryGetAsync<byte[]>("bytes:raw");

        Assert.Equal(32 + bytes.Length, stored.Length);
        Assert.Equal(bytes, stored.Span[32..].ToArray());
        Assert.Equal(bytes, read.Value);
    }
}
