using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>When the factory fails or is slow, the last known value is served within the fail-safe window.</summary>
public sealed class FailSafeTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    private static readonly ResilientCacheEntryOptions s_oneMinute = ResilientCacheEntryOptions.Default
        .WithDuration(TimeSpan.FromMinutes(1))
        .WithFailSafe(true, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Factory_failure_serves_the_stale_value_and_throttles_the_factory()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cache = TestCache.Create(redis.Node.ConnectionString, time: time);
        await cache.WaitForRedisAsync();
        Assert.Equal("v1", await cache.Cache.GetOrSetAsync("failsafe:a", _ => new ValueTask<string>("v1"), s_oneMinute));

        time.Advance(TimeSpan.FromMinutes(2));
        var calls = 0;
        ValueTask<string> Broken(CancellationToken ct)
        {
            calls++;
            throw new InvalidOperationException("source of truth down");
        }

        Assert.Equal("v1", await cache.Cache.GetOrSetAsync("failsafe:a", Broken, s_oneMinute));
        Assert.Equal("v1", await cache.Cache.GetOrSetAsync("failsafe:a", Broken, s_oneMinute));
        Assert.Equal(1, calls);
        Assert.Contains(cache.Logs.GetSnapshot(), r => r.Id.Name == "FactoryFailedServingStale");

        // After the throttle the factory is tried again, and a success replaces the stale value.
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal("v2", await cache.Cache.GetOrSetAsync("failsafe:a", _ => new ValueTask<string>("v2"), s_oneMinute));
    }

    [Fact]
    public async Task Stale_value_in_Redis_serves_a_fresh_instance_whose_factory_fails()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var writer = TestCache.Create(redis.Node.ConnectionString, time: time);
        await writer.WaitForRedisAsync();
        await writer.Cache.SetAsync("failsafe:redis", "from-redis", s_oneMinute);

        time.Advance(TimeSpan.FromMinutes(5));
        await using var reader = TestCache.Create(redis.Node.ConnectionString, time: time);
        await reader.WaitForRedisAsync();
        var value = await reader.Cache.GetOrSetAsync<string>("failsafe:redis", _ => throw new InvalidOperationException("down"), s_oneMinute);

        Assert.Equal("from-redis", value);
    }

    [Fact]
    public async Task Without_a_stale_value_the_factory_exception_reaches_the_caller()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => cache.Cache.GetOrSetAsync<string>("failsafe:none", _ => throw new InvalidOperationException("no data anywhere")).AsTask());
        Assert.Equal("no data anywhere", ex.Message);
    }

    [Fact]
    public async Task Past_the_fail_safe_window_the_factory_exception_reaches_the_caller()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var cache = TestCache.Create(redis.Node.ConnectionString, time: time);
        await cache.WaitForRedisAsync();
        await cache.Cache.GetOrSetAsync("failsafe:old", _ => new ValueTask<string>("old"), s_oneMinute);

        time.Advance(TimeSpan.FromMinutes(31));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => cache.Cache.GetOrSetAsync<string>("failsafe:old", _ => throw new InvalidOperationException("down"), s_oneMinute).AsTask());
    }

    [Fact]
    public async Task Disabled_fail_safe_never_serves_stale()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var noFailSafe = s_oneMinute.WithFailSafe(false);
        await using var cache = TestCache.Create(redis.Node.ConnectionString, time: time);
        await cache.WaitForRedisAsync();
        await cache.Cache.GetOrSetAsync("failsafe:off", _ => new ValueTask<string>("old"), noFailSafe);

        time.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => cache.Cache.GetOrSetAsync<string>("failsafe:off", _ => throw new InvalidOperationException("down"), noFailSafe).AsTask());
    }

    [Fact]
    public async Task Soft_timeout_serves_stale_at_once_and_the_slow_factory_refreshes_in_the_background()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var shortEntry = ResilientCacheEntryOptions.Default
            .WithDuration(TimeSpan.FromMilliseconds(100))
            .WithFactoryTimeouts(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5));
        await cache.Cache.GetOrSetAsync("failsafe:soft", _ => new ValueTask<string>("old"), shortEntry);
        await Task.Delay(150);

        var watch = Stopwatch.StartNew();
        var value = await cache.Cache.GetOrSetAsync("failsafe:soft", async ct =>
        {
            await Task.Delay(600, ct);
            return "new";
        }, shortEntry.WithDuration(TimeSpan.FromMinutes(1)));
        watch.Stop();

        Assert.Equal("old", value);
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(500), $"the soft timeout let the caller wait {watch.Elapsed.TotalMilliseconds:F0} ms");
        await Eventually.TrueAsync(
            async () => (await cache.Cache.TryGetAsync<string>("failsafe:soft")).Value == "new",
            TimeSpan.FromSeconds(5),
            "the background factory never stored its value");
    }

    [Fact]
    public async Task Hard_timeout_without_stale_throws_TimeoutException_and_cancels_the_factory()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var options = ResilientCacheEntryOptions.Default.WithFactoryTimeouts(null, TimeSpan.FromMilliseconds(100));
        var factoryCancelled = new TaskCompletionSource<bool>();

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => cache.Cache.GetOrSetAsync<string>("failsafe:hard", async ct =>
        {
            using var registration = ct.Register(() => factoryCancelled.TrySetResult(true));
            await Task.Delay(5000, ct);
            return "never";
        }, options).AsTask());

        Assert.Contains("FactoryHardTimeout", ex.Message, StringComparison.Ordinal);
        Assert.True(await factoryCancelled.Task.WaitAsync(TimeSpan.FromSeconds(2)));
    }
}
