using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>
/// A key this instance wrote just before the master died may be missing from the replica that gets promoted. From the
/// moment the master's connection breaks, such keys are not read from Redis (not from a replica, not from the
/// promoted one) until they are deleted on the new master.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public sealed class MasterLossInvalidationTests(SentinelFixture sentinel) : IClassFixture<SentinelFixture>
{
    [Fact]
    public async Task Keys_written_before_the_master_died_are_misses_until_deleted_on_the_new_master()
    {
        var group = sentinel.Group;
        await using var cache = await SentinelFailoverTests.CreateCacheAsync(group);
        await RedisReady.SetAsync(cache.Cache, "lost:recent", 1);

        // The replica has the write: with the master down the cache would serve it from there, marked stale.
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(group.Replicas.Select(r => r.ExecuteAsync("EXISTS", "test:lost:recent")))).All(e => e.AsInt64() == 1),
            TimeSpan.FromSeconds(5),
            "the write never replicated");

        var oldMaster = await group.GetMasterAsync();
        await oldMaster.KillAsync();

        // Pending as soon as the connection to the master fails: well before the Sentinels promote a replica.
        await Eventually.TrueAsync(() => cache.Cache.PendingInvalidations.IsPending("lost:recent"), TimeSpan.FromSeconds(2), "the key was not queued when the master's connection failed");
        Assert.Contains(cache.Logs.GetSnapshot(), r => r.Id.Name == "MasterLostRecentWritesQueued");
        cache.Cache.Memory.Remove("lost:recent");
        Assert.False((await cache.Cache.TryGetAsync<int>("lost:recent")).HasValue);

        // After the failover the deletion reaches the new master; the key is read and written normally again.
        var newMaster = await group.WaitForFailoverAsync(oldMaster, TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => !cache.Cache.PendingInvalidations.IsPending("lost:recent"), TimeSpan.FromSeconds(15), "the deletion was never replayed");
        Assert.Equal(0, (await newMaster.ExecuteAsync("EXISTS", "test:lost:recent")).AsInt64());
        await Eventually.TrueAsync(async () => (await cache.Cache.SetAsync("lost:recent", 2)).IsWrittenToRedis, TimeSpan.FromSeconds(10), "writes never resumed");
        cache.Cache.Memory.Remove("lost:recent");
        Assert.Equal(2, (await cache.Cache.TryGetAsync<int>("lost:recent")).Value);
    }
}
