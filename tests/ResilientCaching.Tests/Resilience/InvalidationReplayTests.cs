using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Resilience;

/// <summary>Removals and writes that could not reach Redis are replayed when it answers again: no stale value outlives the outage.</summary>
public sealed class InvalidationReplayTests(StandaloneRedisFixture redis) : IClassFixture<StandaloneRedisFixture>
{
    [Fact]
    public async Task Remove_while_Redis_is_paused_holds_in_Redis_and_on_other_instances_after_resume()
    {
        await using var a = TestCache.Create(redis.Node.ConnectionString);
        await using var b = TestCache.Create(redis.Node.ConnectionString);
        await a.WaitForRedisAsync();
        await b.WaitForRedisAsync();
        await RedisReady.SetAsync(a.Cache, "post:paused-remove", new Post(1, "old", 0));
        Assert.Equal(CacheLevel.Redis, (await b.Cache.TryGetAsync<Post>("post:paused-remove")).Level);

        await redis.Node.PauseAsync();
        CacheWriteResult removal;
        try
        {
            removal = await a.Cache.RemoveAsync("post:paused-remove");
            Assert.Equal(1, a.Cache.PendingInvalidations.Count);
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }

        Assert.Equal(CacheWriteStatus.MemoryOnly, removal.Status);
        await Eventually.TrueAsync(
            async () => (await redis.Node.ExecuteAsync("EXISTS", "test:post:paused-remove")).AsInt64() == 0,
            TimeSpan.FromSeconds(10),
            "the queued removal never reached Redis");
        await Eventually.TrueAsync(
            async () => !(await b.Cache.TryGetAsync<Post>("post:paused-remove")).HasValue,
            TimeSpan.FromSeconds(2),
            "the other instance kept the removed value");
        // The DEL that timed out may itself land when Redis wakes; the replay still runs and empties the queue.
        await Eventually.TrueAsync(() => a.Cache.PendingInvalidations.Count == 0, TimeSpan.FromSeconds(5), "the queue never emptied");
        await Eventually.TrueAsync(() => a.Logs.GetSnapshot().Any(r => r.Id.Name == "InvalidationsReplayed"), TimeSpan.FromSeconds(2), "the replay was never logged");
    }

    [Fact]
    public async Task A_write_that_missed_a_killed_Redis_deletes_the_outdated_value_after_restart()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        await cache.Cache.SetAsync("post:outdated", new Post(2, "v1", 0));

        await redis.Node.PauseAsync();
        try
        {
            Assert.Equal(CacheWriteStatus.MemoryOnly, (await cache.Cache.SetAsync("post:outdated", new Post(2, "v2", 0))).Status);
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }

        // v1 must not survive in Redis: another instance would serve it.
        await Eventually.TrueAsync(
            async () => (await redis.Node.ExecuteAsync("EXISTS", "test:post:outdated")).AsInt64() == 0,
            TimeSpan.FromSeconds(10),
            "the outdated value stayed in Redis");
        await using var other = TestCache.Create(redis.Node.ConnectionString);
        await other.WaitForRedisAsync();
        Assert.Equal("source", (await other.Cache.GetOrSetAsync("post:outdated", _ => new ValueTask<Post>(new Post(2, "source", 0)))).Title);
    }

    [Fact]
    public async Task Redis_is_not_trusted_for_a_key_whose_write_is_still_queued()
    {
        await using var cache = TestCache.Create(redis.Node.ConnectionString);
        await cache.WaitForRedisAsync();
        await cache.Cache.SetAsync("post:pending", "v1");

        // Redis freezes; failing calls open the circuit, so the next write never leaves this process: Redis keeps v1.
        await redis.Node.PauseAsync();
        try
        {
            for (var i = 0; i < 8 && !cache.Cache.Resilience.IsOpen; i++)
            {
                await cache.Cache.TryGetAsync<string>("trip:" + i);
            }

            Assert.True(cache.Cache.Resilience.IsOpen);
            Assert.Equal(CacheWriteStatus.MemoryOnly, (await cache.Cache.SetAsync("post:pending", "v2")).Status);
        }
        finally
        {
            await redis.Node.ResumeAsync();
        }

        // Redis answers again and the circuit closes (as after a reconnect or a failover); the memory copy is gone
        // (a failover expires memory). Until the queued invalidation is replayed, Redis's v1 is outdated and unused.
        await cache.Cache.Resilience.CloseAsync();
        cache.Cache.Memory.Remove("post:pending");
        Assert.NotEqual("v1", (await cache.Cache.TryGetAsync<string>("post:pending")).Value);
        Assert.Equal("from source", await cache.Cache.GetOrSetAsync("post:pending", _ => new ValueTask<string>("from source")));
    }
}
