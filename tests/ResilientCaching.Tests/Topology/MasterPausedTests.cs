using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>The master freezes (SIGSTOP): removals are queued and hold on the master once it resumes.</summary>
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
}
