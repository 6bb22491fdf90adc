using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>
/// The master freezes (SIGSTOP): removals are queued and hold on the master once it resumes; a replica serving reads
/// meanwhile is not asked for what this instance wrote moments before the freeze.
/// </summary>
public sealed class MasterPausedTests(ReplicationFixture redis) : IClassFixture<ReplicationFixture>
{
    [Fact]
    public async Task Remove_while_the_master_is_paused_is_applied_after_resume()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        await cache.Cache.SetAsync("post:frozen", new Post(1, "stale after remove", 0));
        await group.WaitForReplicationAsync();
        var reads = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromSeconds(5));

        await group.Master.PauseAsync();
        try
        {
            var removal = await cache.Cache.RemoveAsync("post:frozen");
            Assert.Equal(CacheWriteStatus.MemoryOnly, removal.Status);

            // Reads keep being served while the master is frozen.
            Assert.Equal(5, await cache.Cache.GetOrSetAsync("post:other", _ => new ValueTask<int>(5), reads));
        }
        finally
        {
            await group.Master.ResumeAsync();
        }

        await Eventually.TrueAsync(
            async () => (await group.Master.ExecuteAsync("EXISTS", "test:post:frozen")).AsInt64() == 0,
            TimeSpan.FromSeconds(10),
            "the removal never reached the master after it resumed");
        await group.WaitForReplicationAsync();
        foreach (var replica in group.Replicas)
        {
            Assert.Equal(0, (await replica.ExecuteAsync("EXISTS", "test:post:frozen")).AsInt64());
        }
    }

    [Fact]
    public async Task A_key_written_moments_before_the_master_froze_is_not_read_from_a_replica_that_lacks_the_write()
    {
        var group = redis.Group;

        // A short timeout: the frozen master is found down quickly.
        await using var cache = await group.CreateCacheAsync(o => o.OperationTimeout = TimeSpan.FromMilliseconds(100));
        await using (var other = await group.CreateCacheAsync())
        {
            // Written by another instance: for this one, an ordinary key.
            await RedisReady.SetAsync(other.Cache, "post:other-instance", 7);
        }

        await RedisReady.SetAsync(cache.Cache, "post:last-write", 1);
        await group.WaitForReplicationAsync();
        try
        {
            foreach (var replica in group.Replicas)
            {
                group.ProxyFor(replica).Hold();
            }

            // Acknowledged by the master only: the replicas keep 1.
            await RedisReady.SetAsync(cache.Cache, "post:last-write", 2);
            await group.Master.PauseAsync();
            try
            {
                // The monitor loses the master (or timeouts open its circuit); reads then fall back to the replicas,
                // marked stale.
                await Eventually.TrueAsync(
                    async () =>
                    {
                        cache.Cache.Memory.Remove("post:probe");
                        _ = await cache.Cache.TryGetAsync<int>("post:probe");
                        return cache.Cache.Topology.Current.Master is null || cache.Cache.Resilience.IsOpen;
                    },
                    TimeSpan.FromSeconds(10),
                    "the cache never treated the frozen master as down");

                cache.Cache.Memory.Remove("post:other-instance");
                var fromReplica = await cache.Cache.TryGetAsync<int>("post:other-instance");
                Assert.Equal(7, fromReplica.Value);
                Assert.True(fromReplica.IsStale);

                // The replica holds 1, older than the write this instance made: a miss, never that value.
                cache.Cache.Memory.Remove("post:last-write");
                Assert.False((await cache.Cache.TryGetAsync<int>("post:last-write")).HasValue);
            }
            finally
            {
                await group.Master.ResumeAsync();
            }
        }
        finally
        {
            foreach (var replica in group.Replicas)
            {
                group.ProxyFor(replica).Release();
            }
        }
    }
}
