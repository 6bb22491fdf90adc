using ResilientCaching.Caching;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Resilience;

#pragma warning disable xUnit1031 // Reading the result of a ValueTask that completed synchronously; nothing blocks.

/// <summary>With the circuit open, a read that would need Redis skips it without allocating (a deterministic count, not a timing).</summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class CircuitOpenAllocationTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task A_memory_miss_with_the_circuit_open_completes_at_once_and_allocates_zero_bytes()
    {
        // No logger: what is measured is the cache, not a log provider (the skipped reads log at Debug).
        var options = new ResilientCacheOptions
        {
            Configuration = redis.Node.ConnectionString,
            KeyPrefix = "app:",
            OperationTimeout = TimeSpan.FromMilliseconds(100),
            CircuitBreaker = new ResilientCacheCircuitBreakerOptions { BreakDuration = TimeSpan.FromSeconds(30) },
        };
        await using var cache = new ResilientCache(options);
        await Eventually.TrueAsync(() => cache.IsRedisAvailable, TimeSpan.FromSeconds(10), "the cache never connected");

        await redis.Node.PauseAsync();
        try
        {
            // Timeouts open the circuit.
            await Eventually.TrueAsync(
                async () => !(await cache.TryGetAsync<string>("absent")).HasValue && cache.Resilience.IsOpen,
                TimeSpan.FromSeconds(10),
                "the circuit never opened while Redis was paused");

            for (var i = 0; i < 1000; i++)
            {
                _ = cache.TryGetAsync<string>("absent").Result;
            }

            // A per-call allocation shows in every round; a one-off runtime allocation does not repeat.
            var rounds = new long[3];
            for (var round = 0; round < rounds.Length; round++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 10_000; i++)
                {
                    var lookup = cache.TryGetAsync<string>("absent");
                    Assert.True(lookup.IsCompletedSuccessfully);
                    Assert.False(lookup.Result.HasValue);
                }

                rounds[round] = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            Assert.True(cache.Resilience.IsOpen);
            Assert.Equal(0, rounds.Min());
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }
    }
}
