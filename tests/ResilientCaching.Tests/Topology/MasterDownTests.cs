using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>The master dies (no Sentinel): reads keep being served by replicas and memory, writes degrade, nothing throws.</summary>
public sealed class MasterDownTests(ReplicationFixture redis) : IClassFixture<ReplicationFixture>
{
    [Fact]
    public async Task Killing_the_master_under_concurrent_reads_and_writes_fails_no_call()
    {
        var group = redis.Group;
        await using var cache = await group.CreateCacheAsync();
        for (var i = 0; i < 20; i++)
        {
            await cache.Cache.SetAsync($"post:{i}", new Post(i, "before", 0));
        }

        await group.WaitForReplicationAsync();
        var reads = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromSeconds(1));
        var failures = 0;
        var writesAfterKill = new List<CacheWriteStatus>();
        var killed = false;
        using var stop = new CancellationTokenSource();

        async Task Load(int worker)
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var id = n++ % 20;
                try
                {
                    var post = await cache.Cache.GetOrSetAsync($"post:{id}", id, static (i, _) => new ValueTask<Post>(new Post(i, "factory", 0)), reads);
                    Assert.Equal(id, post.Id);
                    if (n % 5 == 0)
                    {
                        var status = (await cache.Cache.SetAsync($"post:{id}", new Post(id, "written", worker))).Status;
                        if (Volatile.Read(ref killed))
                        {
                            lock (writesAfterKill)
                            {
                                writesAfterKill.Add(status);
                            }
                        }
                    }
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }

                await Task.Yield();
            }
        }

        var workers = Enumerable.Range(0, 6).Select(Load).ToArray();
        await Task.Delay(300);
        await group.Master.KillAsync();
        Volatile.Write(ref killed, true);
        await Task.Delay(1500);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.Equal(0, failures);
        Assert.NotEmpty(writesAfterKill);
        Assert.Contains(CacheWriteStatus.MemoryOnly, writesAfterKill);

        // A fresh instance (nothing in memory) still reads the data from a replica, marked stale.
        await using var fresh = await CreateWithoutMasterAsync(group);
        var lookup = await fresh.Cache.TryGetAsync<Post>("post:3");
        Assert.True(lookup.HasValue);
        Assert.True(lookup.IsStale);
        Assert.Equal(3, lookup.Value!.Id);
        Assert.Contains(fresh.Logs.GetSnapshot(), r => r.Id.Name == "StaleReplicaRead");
    }

    private static async Task<TestCache> CreateWithoutMasterAsync(ResilientCaching.Testing.RedisReplicationGroup group)
    {
        var cache = TestCache.Create(group.ConnectionString, o => o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(
            () => cache.Cache.Topology.Current.Replicas.Count(r => r.IsReachable) == group.Replicas.Count,
            TimeSpan.FromSeconds(15),
            "the monitor never saw the replicas");
        return cache;
    }
}
