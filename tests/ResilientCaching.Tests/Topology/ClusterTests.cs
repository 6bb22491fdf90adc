using System.Collections.Concurrent;
using ResilientCaching.Tests.Infrastructure;

namespace ResilientCaching.Tests.Topology;

/// <summary>A real 3-master Redis Cluster: every slot works, replica reads stay in the key's shard, and a master's death fails no call.</summary>
[TestCaseOrderer("ResilientCaching.Tests.Infrastructure.DeclarationOrderer", "ResilientCaching.Tests")]
public sealed class ClusterTests(ClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_Reads_and_writes_reach_every_shard_and_replica_reads_stay_in_the_keys_shard()
    {
        var group = cluster.Group;
        await using var cache = await CreateCacheAsync(group);
        var keys = Enumerable.Range(0, 300).Select(i => $"cluster:{i}").ToList();
        foreach (var key in keys)
        {
            await RedisReady.SetAsync(cache.Cache, key, key);
        }

        // Every master owns some of the keys.
        foreach (var master in group.Masters)
        {
            Assert.True((await master.ExecuteAsync("DBSIZE")).AsInt64() > 20, $"{master.EndPoint} got too few keys");
        }

        // Replica reads within the lag bound: served by the replicas, each read by a replica of the key's own shard.
        // A replica is eligible only while its status is recent and its lag within the bound; on a loaded machine a
        // monitor poll can come late and send a pass's reads to the master (the correct fallback), so a pass is
        // repeated, each after every replica is eligible again, and the best pass must be served by the replicas.
        var reads = ResilientCacheEntryOptions.Default.WithReadPreference(ReadPreference.PreferReplica, TimeSpan.FromSeconds(1));
        var best = 0;
        for (var pass = 0; pass < 3 && best < keys.Count * 9 / 10; pass++)
        {
            await Eventually.TrueAsync(
                () => cache.Cache.Topology.Current.Replicas.Count(r => r.IsReachable && r.MasterEndPoint is not null && r.IsMasterLinkUp == true && r.Lag <= TimeSpan.FromSeconds(1)) == 3,
                TimeSpan.FromSeconds(10),
                "the monitor never matched every replica, link up and within the lag bound, to its master");
            var before = await Task.WhenAll(group.Nodes.Select(n => n.GetCallsAsync()));
            foreach (var key in keys)
            {
                cache.Cache.Memory.Remove(key);
                var lookup = await cache.Cache.TryGetAsync<string>(key, reads);
                Assert.Equal(key, lookup.Value);
            }

            var after = await Task.WhenAll(group.Nodes.Select(n => n.GetCallsAsync()));
            var byReplicas = group.Nodes.Select((n, i) => (Node: n, Calls: after[i] - before[i])).Where(s => group.Replicas.Contains(s.Node)).Sum(s => s.Calls);
            output.WriteLine($"pass {pass}: replicas served {byReplicas} of {keys.Count} reads");
            best = (int)Math.Max(best, byReplicas);
        }

        Assert.True(best >= keys.Count * 9 / 10, $"replicas served at best {best} of {keys.Count} reads");
    }

    [Fact]
    public async Task A_Tag_invalidation_reaches_entries_on_every_shard_with_one_round_trip_reads()
    {
        var group = cluster.Group;
        await using var a = await CreateCacheAsync(group);
        await using var b = await CreateCacheAsync(group);
        var tagged = ResilientCacheEntryOptions.Default.WithTags("cluster-tag");
        var keys = Enumerable.Range(0, 30).Select(i => $"tagged:{i}").ToList();
        foreach (var key in keys)
        {
            await Eventually.TrueAsync(async () => (await a.Cache.SetAsync(key, key, tagged)).IsWrittenToRedis, TimeSpan.FromSeconds(5), "a write never reached the cluster");
        }

        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(keys.Select(k => b.Cache.TryGetAsync<string>(k).AsTask()))).All(l => l.HasValue),
            TimeSpan.FromSeconds(5),
            "the other instance did not read every entry");
        Assert.True((await a.Cache.RemoveByTagAsync("cluster-tag")).IsWrittenToRedis);

        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(keys.Select(k => b.Cache.TryGetAsync<string>(k).AsTask()))).All(l => !l.HasValue),
            TimeSpan.FromSeconds(2),
            "entries on some shard survived the tag invalidation");
    }

    [Fact]
    public async Task B_Killing_a_master_under_load_fails_no_call_and_writes_resume_after_promotion()
    {
        var group = cluster.Group;
        await using var cache = await CreateCacheAsync(group);
        var victim = group.Masters[0];
        var promotedCandidate = Assert.Single(group.ReplicasOf(victim));
        var victimKey = await FindKeyOnAsync(group, victim);
        var failures = new ConcurrentQueue<Exception>();
        using var stop = new CancellationTokenSource();

        async Task Load(int worker)
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var key = $"load:{worker}:{n++ % 100}";
                try
                {
                    Assert.Equal(key, await cache.Cache.GetOrSetAsync(key, key, static (k, _) => new ValueTask<string>(k)));
                    await cache.Cache.SetAsync(key, key);
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }

                await Task.Delay(2);
            }
        }

        var workers = Enumerable.Range(0, 4).Select(Load).ToArray();
        await Task.Delay(300);
        await victim.KillAsync();
        var killed = System.Diagnostics.Stopwatch.StartNew();

        // The cluster promotes the replica; writes to the dead master's slots resume without an app restart.
        await Eventually.TrueAsync(
            async () => (await cache.Cache.SetAsync(victimKey, "after")).IsWrittenToRedis,
            TimeSpan.FromSeconds(30),
            "writes to the failed shard never resumed");
        var resumedAfter = killed.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        output.WriteLine($"writes to the failed shard resumed {resumedAfter.TotalMilliseconds:F0} ms after the kill; failed calls: {failures.Count}");
        Assert.Empty(failures);
        Assert.Equal("master", await promotedCandidate.GetRoleAsync());

        // The key's failed writes queued a deletion that is replayed once Redis answers. A replayed DEL sent before
        // the promotion can be redirected (MOVED) and land after the first write that succeeded: a miss, never a stale
        // value. Once the queue has drained, a write is the last word on the promoted master.
        await Eventually.TrueAsync(() => cache.Cache.PendingInvalidations.Count == 0, TimeSpan.FromSeconds(10), "queued invalidations were never replayed");
        await RedisReady.SetAsync(cache.Cache, victimKey, "after");
        Assert.Contains("after", (await promotedCandidate.ExecuteAsync("GET", "test:" + victimKey)).AsString(), StringComparison.Ordinal);
    }

    private static async Task<TestCache> CreateCacheAsync(ResilientCaching.Testing.RedisClusterGroup group)
    {
        var cache = TestCache.Create(group.ConnectionString, o => o.TopologyMonitorInterval = TimeSpan.FromMilliseconds(100));
        await cache.WaitForRedisAsync(TimeSpan.FromSeconds(15));
        return cache;
    }

    private static async Task<string> FindKeyOnAsync(ResilientCaching.Testing.RedisClusterGroup group, ResilientCaching.Testing.RedisServerNode master)
    {
        for (var i = 0; ; i++)
        {
            var key = $"victim:{i}";
            if ((await group.GetMasterForKeyAsync("test:" + key)).EndPoint == master.EndPoint)
            {
                return key;
            }
        }
    }
}
