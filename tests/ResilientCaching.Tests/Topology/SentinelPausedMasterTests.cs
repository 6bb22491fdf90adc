using System.Collections.Concurrent;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>
/// The master freezes (SIGSTOP) long enough for the Sentinels to fail over, then wakes up. No invalidation issued during
/// the episode is lost, and no write acknowledged to the caller is lost to the old master's demotion.
/// </summary>
public sealed class SentinelPausedMasterTests(SentinelFixture sentinel) : IClassFixture<SentinelFixture>
{
    [Fact]
    public async Task Every_invalidation_and_every_acknowledged_write_of_the_episode_holds_on_the_final_master()
    {
        var group = sentinel.Group;
        await using var cache = await SentinelFailoverTests.CreateCacheAsync(group);
        const int Keys = 60;
        for (var i = 0; i < Keys; i++)
        {
            // Set-up, before any fault: a write that times out (100 ms) on a loaded machine is simply made again.
            var key = i;
            await Eventually.TrueAsync(async () => (await cache.Cache.SetAsync($"removed:{key}", "old")).IsWrittenToRedis, TimeSpan.FromSeconds(5), "a set-up write never reached Redis");
            await Eventually.TrueAsync(async () => (await cache.Cache.SetAsync($"written:{key}", "old")).IsWrittenToRedis, TimeSpan.FromSeconds(5), "a set-up write never reached Redis");
        }

        await group.WaitForReplicationAsync();
        var acknowledged = new ConcurrentDictionary<string, string>();
        var failures = 0;
        var oldMaster = await group.GetMasterAsync();

        // One removal and one write per key, spread over the freeze, the failover and the wake-up.
        async Task Episode()
        {
            for (var i = 0; i < Keys; i++)
            {
                try
                {
                    await cache.Cache.RemoveAsync($"removed:{i}");
                    var value = "new-" + i;
                    if ((await cache.Cache.SetAsync($"written:{i}", value)).IsWrittenToRedis)
                    {
                        acknowledged[$"written:{i}"] = value;
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                await Task.Delay(150);
            }
        }

        await oldMaster.PauseAsync();
        var episode = Episode();
        var newMaster = await group.WaitForFailoverAsync(oldMaster, TimeSpan.FromSeconds(20));
        await Task.Delay(500);
        await oldMaster.ResumeAsync();
        await episode;

        Assert.Equal(0, failures);
        Assert.NotEqual(oldMaster.EndPoint, newMaster.EndPoint);
        Assert.Equal(newMaster.EndPoint, await group.GetMasterEndPointAsync());
        await Eventually.TrueAsync(() => cache.Cache.Topology.LastFailover?.NewMaster == newMaster.EndPoint, TimeSpan.FromSeconds(15), "the cache never switched to the new master");
        await Eventually.TrueAsync(() => cache.Cache.PendingInvalidations.Count == 0, TimeSpan.FromSeconds(15), "queued invalidations were never replayed");

        for (var i = 0; i < Keys; i++)
        {
            Assert.True((await newMaster.ExecuteAsync("EXISTS", $"test:removed:{i}")).AsInt64() == 0, $"removed:{i} survived on the final master");

            // A write the caller saw acknowledged is on the final master, or invalidated there (a miss): never the old value.
            var stored = await cache.Cache.TryGetAsync<string>($"written:{i}");
            cache.Cache.Memory.Remove($"written:{i}");
            var fromRedis = await cache.Cache.TryGetAsync<string>($"written:{i}");
            Assert.NotEqual("old", fromRedis.Value);
            if (acknowledged.TryGetValue($"written:{i}", out var value) && fromRedis.HasValue)
            {
                Assert.Equal(value, fromRedis.Value);
            }

            _ = stored;
        }

        Assert.NotEmpty(acknowledged);

        // The old master rejoins as a replica of the new one, and the cache's view follows.
        await Eventually.TrueAsync(
            () => cache.Cache.Topology.Current.Nodes.Any(n => n.EndPoint == oldMaster.EndPoint && n.Role == RedisNodeRole.Replica && n.IsReachable),
            TimeSpan.FromSeconds(20),
            "the old master never appeared as a replica in the cache's view");
        Assert.Equal(newMaster.EndPoint, cache.Cache.Topology.Current.Master?.EndPoint);
    }
}
