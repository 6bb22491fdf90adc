using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>Bad input gets a clear exception at the call; oversized values stay out of Redis.</summary>
public sealed class BadInputTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Null_empty_and_too_long_keys_and_a_null_factory_are_rejected()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString, o => o.MaxKeyLength = 16);
        var c = cache.Cache;

        await Assert.ThrowsAsync<ArgumentNullException>(() => c.GetOrSetAsync(null!, _ => new ValueTask<int>(1)).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => c.GetOrSetAsync(string.Empty, _ => new ValueTask<int>(1)).AsTask());
        var tooLong = await Assert.ThrowsAsync<ArgumentException>(() => c.GetOrSetAsync(new string('k', 17), _ => new ValueTask<int>(1)).AsTask());
        Assert.Contains("MaxKeyLength", tooLong.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentNullException>(() => c.GetOrSetAsync("k", (Func<CancellationToken, ValueTask<int>>)null!).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => c.SetAsync(string.Empty, 1).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => c.RemoveAsync(string.Empty).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => c.TryGetAsync<int>(new string('k', 17)).AsTask());
    }

    [Fact]
    public async Task Invalid_entry_options_name_the_setting()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        var bad = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => cache.Cache.GetOrSetAsync("k", _ => new ValueTask<int>(1), bad).AsTask());
        Assert.Contains("Duration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Value_over_MaxValueBytes_is_returned_but_not_written_to_Redis()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString, o => o.MaxValueBytes = 1024);
        await cache.WaitForRedisAsync();
        var big = new string('x', 4096);

        var value = await cache.Cache.GetOrSetAsync("big:value", _ => new ValueTask<string>(big));
        var write = await cache.Cache.SetAsync("big:set", big);

        Assert.Equal(big, value);
        Assert.Equal(CacheWriteStatus.MemoryOnly, write.Status);
        Assert.Equal(big, (await cache.Cache.TryGetAsync<string>("big:set")).Value);
        await Task.Delay(200);
        Assert.Equal(0, (await redis.Node.ExecuteAsync("EXISTS", "test:big:value")).AsInt64());
        Assert.Equal(0, (await redis.Node.ExecuteAsync("EXISTS", "test:big:set")).AsInt64());
        Assert.Contains(cache.Logs.GetSnapshot(), r => r.Id.Name == "ValueTooLarge");
    }

    [Fact]
    public async Task A_cancelled_token_is_honoured()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.Cache.GetOrSetAsync("k", _ => new ValueTask<int>(1), cancellationToken: cts.Token).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.Cache.SetAsync("k", 1, cancellationToken: cts.Token).AsTask());
    }
}
