using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Caching;

/// <summary>Concurrent misses for one key run the factory once.</summary>
public sealed class StampedeTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Thousand_concurrent_callers_on_a_cold_key_call_the_factory_exactly_once()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var calls = 0;
        using var gate = new ManualResetEventSlim(false);

        async ValueTask<Post> SlowFactory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(200, ct);
            return new Post(42, "popular", 1000);
        }

        var callers = Enumerable.Range(0, 1000)
            .Select(_ => Task.Run(async () =>
            {
                gate.Wait();
                return await cache.Cache.GetOrSetAsync("post:stampede", SlowFactory);
            }))
            .ToArray();
        gate.Set();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Equal(42, r.Id));
    }

    [Fact]
    public async Task A_caller_that_cancels_does_not_cancel_the_shared_factory_for_the_others()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var release = new TaskCompletionSource();
        var calls = 0;

        async ValueTask<int> Factory(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return 7;
        }

        using var cts = new CancellationTokenSource();
        var cancelled = cache.Cache.GetOrSetAsync("counter:cancel", Factory, cancellationToken: cts.Token).AsTask();
        var patient = cache.Cache.GetOrSetAsync("counter:cancel", Factory).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        release.SetResult();
        Assert.Equal(7, await patient);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_failing_factory_fails_every_waiter_and_the_next_call_tries_again()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var calls = 0;

        async ValueTask<int> Failing(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(100, ct);
            throw new InvalidOperationException("database down");
        }

        var waiters = Enumerable.Range(0, 20).Select(_ => cache.Cache.GetOrSetAsync("counter:failing", Failing).AsTask()).ToArray();
        foreach (var waiter in waiters)
        {
            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => waiter);
            Assert.Equal("database down", ex.Message);
        }

        Assert.Equal(1, calls);
        Assert.Equal(5, await cache.Cache.GetOrSetAsync("counter:failing", _ => new ValueTask<int>(5)));
    }

    [Fact]
    public async Task A_remove_or_set_during_a_miss_is_not_overwritten_by_the_value_the_miss_loaded()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await using var other = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        await other.WaitForRedisAsync();

        foreach (var change in new[] { "remove", "set" })
        {
            var key = "fenced:" + change;
            var loaded = new TaskCompletionSource();
            var release = new TaskCompletionSource();
            var miss = cache.Cache.GetOrSetAsync(key, async _ =>
            {
                loaded.SetResult();
                await release.Task;
                return "read-before-the-change";
            }).AsTask();
            await loaded.Task;

            if (change == "remove")
            {
                await cache.Cache.RemoveAsync(key);
            }
            else
            {
                await cache.Cache.SetAsync(key, "written-during-the-miss");
            }

            // A read that starts after the change does not join the miss that started before it.
            var afterChange = cache.Cache.GetOrSetAsync(key, _ => new ValueTask<string>("read-after-the-change")).AsTask();
            Assert.NotEqual("read-before-the-change", await afterChange.WaitAsync(TimeSpan.FromSeconds(5)));

            release.SetResult();
            Assert.Equal("read-before-the-change", await miss);
            await Task.Delay(200);

            var expected = change == "remove" ? "read-after-the-change" : "written-during-the-miss";
            Assert.Equal(expected, (await cache.Cache.TryGetAsync<string>(key)).Value);
            await Task.Delay(200);
            Assert.Equal(expected, (await other.Cache.TryGetAsync<string>(key)).Value);
        }
    }
}
