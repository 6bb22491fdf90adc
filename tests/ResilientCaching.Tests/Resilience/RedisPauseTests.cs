using System.Diagnostics;
using Polly.CircuitBreaker;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Resilience;

/// <summary>A frozen Redis (SIGSTOP) costs one operation timeout per call until the circuit opens, then nothing.</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class RedisPauseTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    private static readonly TimeSpan s_operationTimeout = TimeSpan.FromMilliseconds(100);

    // Generous for a loaded two-core CI machine, yet far below the 1 s StackExchange.Redis waits (or 5-10 s backlog).
    private static readonly TimeSpan s_margin = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Paused_Redis_calls_return_within_the_timeout_then_the_circuit_opens_and_calls_stop_waiting()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString, o => o.OperationTimeout = s_operationTimeout);
        await cache.WaitForRedisAsync();

        await redis.Node.PauseAsync();
        try
        {
            var slowest = TimeSpan.Zero;
            for (var i = 0; i < 6; i++)
            {
                var watch = Stopwatch.StartNew();
                var value = await cache.Cache.GetOrSetAsync($"paused:{i}", _ => new ValueTask<int>(i));
                watch.Stop();
                Assert.Equal(i, value);
                slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            }

            Assert.True(slowest < s_operationTimeout + s_margin, $"a call took {slowest.TotalMilliseconds:F0} ms with a {s_operationTimeout.TotalMilliseconds} ms timeout");
            Assert.Equal(CircuitState.Open, cache.Cache.Resilience.State);

            // Open circuit: Redis is skipped without waiting at all.
            var open = Stopwatch.StartNew();
            for (var i = 0; i < 100; i++)
            {
                await cache.Cache.GetOrSetAsync($"open:{i}", _ => new ValueTask<int>(i));
                await cache.Cache.SetAsync($"open-set:{i}", i);
            }

            open.Stop();
            Assert.True(open.Elapsed < s_operationTimeout, $"200 calls with the circuit open took {open.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }

        await Eventually.TrueAsync(
            async () => (await cache.Cache.SetAsync("resumed", 1)).IsWrittenToRedis,
            TimeSpan.FromSeconds(10),
            "the circuit never closed after Redis resumed");
    }
}
