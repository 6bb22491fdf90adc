using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Resilience;

/// <summary>Redis killed under load: every call still answers; Redis restarted: used again without an app restart.</summary>
public sealed class RedisOutageTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Killing_Redis_mid_run_fails_no_call_and_a_restart_brings_Redis_back()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        var shortLived = ResilientCacheEntryOptions.Default.WithDuration(TimeSpan.FromMilliseconds(300));
        var failures = 0;
        var calls = 0;
        using var stop = new CancellationTokenSource();

        async Task Load(int worker)
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var key = $"load:{worker}:{n++ % 50}";
                try
                {
                    var value = await cache.Cache.GetOrSetAsync(key, key, static (k, _) => new ValueTask<string>("v-" + k), shortLived);
                    Assert.Equal("v-" + key, value);
                    if (n % 7 == 0)
                    {
                        await cache.Cache.SetAsync(key, "v-" + key, shortLived);
                    }

                    if (n % 11 == 0)
                    {
                        await cache.Cache.RemoveAsync(key);
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref calls);
                await Task.Yield();
            }
        }

        var workers = Enumerable.Range(0, 8).Select(Load).ToArray();
        await Task.Delay(500);
        await redis.Node.KillAsync();
        await Task.Delay(1500);
        await redis.Node.RestartAsync();
        await Task.Delay(500);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
        Assert.True(calls > 100, $"only {calls} calls ran");

        // Redis is used again: a new write reaches the restarted server.
        await Eventually.TrueAsync(
            async () => (await cache.Cache.SetAsync("after-restart", 1)).IsWrittenToRedis,
            TimeSpan.FromSeconds(10),
            "writes never reached the restarted Redis");
        Assert.Equal(1, (await redis.Node.ExecuteAsync("EXISTS", "test:after-restart")).AsInt64());
    }
}
